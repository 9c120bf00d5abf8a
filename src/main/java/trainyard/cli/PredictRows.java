package trainyard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import trainyard.data.CsvFile;
import trainyard.data.DataException;
import trainyard.data.TableEncoding;
import trainyard.files.UserText;
import trainyard.model.Network;
import trainyard.results.ModelFile;

/**
 * `trainyard predict MODEL --rows rows.csv`: the class of each row of a table, encoded as
 * the model's training rows were (the encoding its model file records), with its
 * probability and the top 3; for a regression, the value in the target's own units. The file needs the model's feature columns by name, in any
 * order; other columns (the target, say) are ignored. A row that cannot be encoded is
 * named with its line and the others are still predicted (exit 2 at the end).
 */
final class PredictRows {
    private PredictRows() {
    }

    static int predict(ModelFile.Model model, Network network, List<Path> tables, boolean json, PrintStream out, PrintStream err)
            throws Exception {
        TableEncoding encoding = model.trainedOn().table();
        List<String> classNames = model.trainedOn().classNames();
        int failures = 0;
        List<Map<String, Object>> results = new ArrayList<>();
        float[] input = new float[network.inputs()];
        for (Path table : tables) {
            CsvFile file;
            int[] columns;
            try {
                file = CsvFile.read(table, ',');
                columns = columns(table, file, encoding);
            } catch (DataException e) {
                err.println("trainyard: " + e.getMessage());
                failures++;
                continue;
            }
            Map<String, Integer> unseen = new TreeMap<>();
            String[] cells = new String[columns.length];
            for (int row = 0; row < file.rows().size(); row++) {
                String where = table + ":" + file.rowLines()[row];
                String fault = cells(file.rows().get(row), columns, encoding, cells);
                if (fault != null) {
                    err.println("trainyard: " + where + ": " + fault + "; this row is not predicted");
                    failures++;
                    continue;
                }
                encoding.encode(cells, input, 0, (column, value) -> unseen.merge(column, 1, Integer::sum));
                Map<String, Object> result = predicted(network, input, encoding, classNames, where);
                if (result == null) {
                    err.println("trainyard: " + where + ": the model's output is not a finite number for this row");
                    failures++;
                    continue;
                }
                results.add(result);
                if (!json) {
                    out.println(encoding.isRegression()
                            ? String.format(java.util.Locale.ROOT, "%s: %s %.4f", where, UserText.printable(encoding.target()), result.get("value"))
                            : PredictCommand.describe(where, (float[]) result.get("probabilities"), classNames));
                }
            }
            if (!unseen.isEmpty()) {
                err.println("trainyard: warning: " + table + ": " + unseen.values().stream().mapToInt(Integer::intValue).sum()
                        + " cells hold a category the training rows never had (" + String.join(", ", unseen.entrySet().stream()
                        .map(e -> UserText.printable(e.getKey()) + ": " + e.getValue()).toList()) + "); encoded as all zeros");
            }
        }
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(results));
        }
        return failures == 0 ? ExitCode.OK : ExitCode.BAD_INPUT;
    }

    /** Where each column the model takes is in this file; a missing one is a fault naming what the model takes. */
    private static int[] columns(Path table, CsvFile file, TableEncoding encoding) throws DataException {
        int[] columns = new int[encoding.columns().size()];
        for (int c = 0; c < columns.length; c++) {
            String name = encoding.columns().get(c).name();
            columns[c] = file.columnIndex(name);
            if (columns[c] < 0) {
                throw new DataException(table + ":1: no column '" + UserText.printable(name) + "', which the model takes; it takes "
                        + String.join(", ", encoding.columns().stream().map(column -> UserText.printable(column.name())).toList()));
            }
        }
        return columns;
    }

    /** Copies the row's cells the model takes into {@code cells}; the row's fault, or null. */
    private static String cells(String[] row, int[] columns, TableEncoding encoding, String[] cells) {
        for (int c = 0; c < columns.length; c++) {
            cells[c] = row[columns[c]];
            TableEncoding.Column column = encoding.columns().get(c);
            if (cells[c].isBlank()) {
                return "column '" + UserText.printable(column.name()) + "' is empty";
            }
            if (column.isNumeric() && !TableEncoding.isNumber(cells[c])) {
                return "column '" + UserText.printable(column.name()) + "' holds '" + UserText.printable(cells[c]) + "', not a number";
            }
        }
        return null;
    }

    /** The row's prediction as predict --json writes it: a value in the target's units, or a class with the probabilities; null when not finite. */
    private static Map<String, Object> predicted(Network network, float[] input, TableEncoding encoding, List<String> classNames, String where) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("row", where);
        if (encoding.isRegression()) {
            double value = encoding.targetValue(network.predict(input, 1)[0]);
            if (!Double.isFinite(value)) {
                return null;
            }
            result.put("target", encoding.target());
            result.put("value", value);
            return result;
        }
        float[] probabilities = java.util.Arrays.copyOf(network.predict(input, 1), network.outputs());
        int predicted = trainyard.train.Trainer.argmax(probabilities, 0, probabilities.length);
        result.put("class", predicted);
        result.put("class_name", classNames.get(predicted));
        result.put("probabilities", probabilities);
        return result;
    }
}
