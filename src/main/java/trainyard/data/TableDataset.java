package trainyard.data;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import trainyard.config.CsvDatasetSpec;
import trainyard.files.UserText;

/**
 * A CSV table as a classification dataset: the target's values are the classes, the
 * feature columns are encoded as {@link TableEncoding} says, learnt from the training rows
 * only. The test rows are a second file, or a stratified share of the first that depends
 * only on its seed. Nothing is guessed: an empty cell, a ragged row or text in a numeric
 * column is one message naming its line and column; a constant column or a category unseen
 * in training is one warning.
 *
 * <p>A column is numeric when most of its training cells are numbers (then every one must
 * be), categorical otherwise or when the file lists it under {@code categorical}.
 */
public final class TableDataset {
    /** Class labels are stored as bytes, as an image dataset's are. */
    static final int MAX_CLASSES = 256;

    private TableDataset() {
    }

    /** A classification: the target's values are the classes. */
    public static Dataset load(CsvDatasetSpec spec, Consumer<String> warnings) throws DataException {
        return load(spec, false, warnings);
    }

    /**
     * @param regression the target is a number to predict (the experiment's loss is
     *                   mean_squared_error), not a class
     */
    public static Dataset load(CsvDatasetSpec spec, boolean regression, Consumer<String> warnings) throws DataException {
        CsvFile train = CsvFile.read(spec.train(), spec.delimiter());
        CsvFile test = spec.test() == null ? null : CsvFile.read(spec.test(), spec.delimiter());
        int targetColumn = column(train, spec.target(), "target");
        List<String> featureNames = spec.features() != null ? spec.features()
                : train.header().stream().filter(name -> !name.equals(spec.target())).toList();
        if (featureNames.isEmpty()) {
            throw new DataException(spec.train() + ":1: the table has no column besides the target '" + UserText.printable(spec.target()) + "'");
        }
        int[] featureColumns = columns(train, featureNames);
        if (train.rows().isEmpty()) {
            throw new DataException(spec.train() + ": has a header but no rows");
        }
        requireNoEmptyCells(train, targetColumn, featureColumns);
        if (regression) {
            requireNumbers(train, targetColumn, train.rows(), train.rowLines());
        }
        Rows[] parts = test == null ? split(spec, train, targetColumn, regression) : new Rows[] {Rows.all(train), Rows.all(test)};
        Rows trainRows = parts[0];
        Rows testRows = parts[1];
        if (testRows.rows().isEmpty()) {
            throw new DataException(spec.test() + ": has a header but no rows");
        }
        int[] testFeatureColumns = columns(testRows.source(), featureNames);
        int testTargetColumn = column(testRows.source(), spec.target(), "target");
        if (test != null) {
            requireNoEmptyCells(test, testTargetColumn, testFeatureColumns);
            if (regression) {
                requireNumbers(test, testTargetColumn, test.rows(), test.rowLines());
            }
        }
        // The encoding, learnt from the training rows only.
        List<TableEncoding.Column> columns = new ArrayList<>();
        for (int f = 0; f < featureColumns.length; f++) {
            String name = featureNames.get(f);
            // Listed categories are the file's word; without a list, a column of mostly numbers is numeric.
            boolean numeric = spec.categorical() != null ? !spec.categorical().contains(name) : mostlyNumbers(trainRows.rows(), featureColumns[f]);
            columns.add(numeric ? numericColumn(train, name, featureColumns[f], trainRows.rows(), trainRows.lines(), warnings)
                    : categoricalColumn(train, name, featureColumns[f], trainRows.rows(), warnings));
        }
        TableEncoding encoding = regression ? regressionEncoding(spec, train, trainRows, targetColumn, columns)
                : new TableEncoding(spec.target(), columns, classes(spec, trainRows.rows(), targetColumn), null, null);
        Examples trainExamples = encode(train, trainRows.rows(), trainRows.lines(), featureColumns, targetColumn, encoding, warnings);
        Examples testExamples = encode(testRows.source(), testRows.rows(), testRows.lines(), testFeatureColumns, testTargetColumn, encoding, warnings);
        List<String> classNames = regression ? List.of(spec.target()) : encoding.classes();
        return new Dataset("csv", trainExamples, testExamples, classNames.size(), encoding.features(), new int[] {encoding.features()},
                checksum(train, test), classNames, null, encoding, java.util.Map.of());
    }

    /** Some of a file's rows, with their line numbers (for messages). */
    private record Rows(CsvFile source, List<String[]> rows, int[] lines) {
        static Rows all(CsvFile file) {
            return new Rows(file, file.rows(), file.rowLines());
        }
    }

    /** Which rows train and which test when there is one file: a stratified split (a random one for a regression), by seed. */
    private static Rows[] split(CsvDatasetSpec spec, CsvFile train, int targetColumn, boolean regression) throws DataException {
        boolean[] held = regression ? randomSplit(train.rows().size(), spec.testSplit(), spec.splitSeed())
                : stratifiedSplit(train, targetColumn, spec.testSplit(), spec.splitSeed());
        List<String[]> trainRows = new ArrayList<>();
        List<String[]> testRows = new ArrayList<>();
        List<Integer> trainLines = new ArrayList<>();
        List<Integer> testLines = new ArrayList<>();
        for (int row = 0; row < train.rows().size(); row++) {
            (held[row] ? testRows : trainRows).add(train.rows().get(row));
            (held[row] ? testLines : trainLines).add(train.rowLines()[row]);
        }
        if (testRows.isEmpty() || trainRows.isEmpty()) {
            throw new DataException(spec.train() + ": a test split of " + spec.testSplit() + " of " + train.rows().size()
                    + " rows leaves " + (testRows.isEmpty() ? "no test rows" : "no training rows"));
        }
        return new Rows[] {new Rows(train, trainRows, trainLines.stream().mapToInt(Integer::intValue).toArray()),
            new Rows(train, testRows, testLines.stream().mapToInt(Integer::intValue).toArray())};
    }

    private static int[] columns(CsvFile table, List<String> names) throws DataException {
        int[] columns = new int[names.size()];
        for (int f = 0; f < columns.length; f++) {
            columns[f] = column(table, names.get(f), "feature");
        }
        return columns;
    }

    private static void requireNoEmptyCells(CsvFile table, int targetColumn, int[] featureColumns) throws DataException {
        requireNoEmptyCell(table, targetColumn);
        for (int column : featureColumns) {
            requireNoEmptyCell(table, column);
        }
    }

    /** A regression's encoding: the features', and the target standardised by the training rows (unless target_scaling: none). */
    private static TableEncoding regressionEncoding(CsvDatasetSpec spec, CsvFile train, Rows trainRows, int targetColumn,
                                                    List<TableEncoding.Column> columns) throws DataException {
        TableEncoding.Column target = numericColumn(train, spec.target(), targetColumn, trainRows.rows(), trainRows.lines(), line -> { });
        if (target.deviation() == 1 && constant(trainRows.rows(), targetColumn)) {
            throw new DataException(spec.train() + ": the target '" + UserText.printable(spec.target())
                    + "' has the same value in every training row; there is nothing to predict");
        }
        return spec.scaleTarget() ? new TableEncoding(spec.target(), columns, List.of(), target.mean(), target.deviation())
                : new TableEncoding(spec.target(), columns, List.of(), 0.0, 1.0);
    }

    /** A classification's classes, sorted: the target's values in the training rows, checked to be classes. */
    private static List<String> classes(CsvDatasetSpec spec, List<String[]> trainRows, int targetColumn) throws DataException {
        TreeSet<String> classSet = new TreeSet<>();
        for (String[] row : trainRows) {
            classSet.add(row[targetColumn]);
        }
        List<String> classes = List.copyOf(classSet);
        boolean listedAsCategory = spec.categorical() != null && spec.categorical().contains(spec.target());
        if (!listedAsCategory && classes.size() > 20 && classes.stream().allMatch(TableEncoding::isNumber)) {
            throw new DataException(spec.train() + ": the target '" + UserText.printable(spec.target()) + "' holds " + classes.size()
                    + " different numbers; to predict a number use loss: mean_squared_error and a last layer {dense: 1, activation: linear};"
                    + " to treat them as classes list the target under categorical");
        }
        if (classes.size() < 2) {
            throw new DataException(spec.train() + ": the target '" + UserText.printable(spec.target()) + "' has one value only ('"
                    + UserText.printable(classes.get(0)) + "') in the training rows; a classifier needs at least two classes");
        }
        if (classes.size() > MAX_CLASSES) {
            throw new DataException(spec.train() + ": the target '" + UserText.printable(spec.target()) + "' has " + classes.size()
                    + " distinct values; at most " + MAX_CLASSES + " classes are supported (to predict a number use loss: mean_squared_error)");
        }
        return classes;
    }

    private static int column(CsvFile table, String name, String role) throws DataException {
        int index = table.columnIndex(name);
        if (index < 0) {
            throw new DataException(table.file() + ":1: no column '" + UserText.printable(name) + "' (the " + role + "); the columns are "
                    + String.join(", ", table.header().stream().map(UserText::printable).toList())
                    + trainyard.config.Suggestions.didYouMean(name, table.header()));
        }
        return index;
    }

    private static void requireNoEmptyCell(CsvFile table, int column) throws DataException {
        for (int row = 0; row < table.rows().size(); row++) {
            if (table.rows().get(row)[column].isBlank()) {
                throw new DataException(table.file() + ":" + table.rowLines()[row] + ": column '" + UserText.printable(table.header().get(column))
                        + "' is empty on this row; Trainyard does not guess missing values (fill the cell or remove the row)");
            }
        }
    }

    /**
     * Holds out {@code fraction} of each class's rows (rounded, at least one where a class has
     * two or more), chosen by a generator seeded with {@code seed} alone.
     */
    static boolean[] stratifiedSplit(CsvFile table, int targetColumn, double fraction, long seed) {
        Map<String, List<Integer>> byClass = new TreeMap<>();
        for (int row = 0; row < table.rows().size(); row++) {
            byClass.computeIfAbsent(table.rows().get(row)[targetColumn], value -> new ArrayList<>()).add(row);
        }
        boolean[] held = new boolean[table.rows().size()];
        SplittableRandom random = new SplittableRandom(seed);
        for (List<Integer> rows : byClass.values()) {
            for (int i = rows.size() - 1; i > 0; i--) { // Fisher-Yates
                int j = random.nextInt(i + 1);
                Integer swap = rows.get(i);
                rows.set(i, rows.get(j));
                rows.set(j, swap);
            }
            int count = (int) Math.round(fraction * rows.size());
            if (rows.size() >= 2) {
                count = Math.max(1, Math.min(rows.size() - 1, count));
            }
            for (int i = 0; i < count; i++) {
                held[rows.get(i)] = true;
            }
        }
        return held;
    }

    /** Holds out {@code fraction} of all rows (at least one, never all), chosen by a generator seeded with {@code seed} alone. */
    static boolean[] randomSplit(int rows, double fraction, long seed) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int count = rows < 2 ? 0 : Math.max(1, Math.min(rows - 1, (int) Math.round(fraction * rows)));
        boolean[] held = new boolean[rows];
        for (int i = 0; i < count; i++) {
            held[order[i]] = true;
        }
        return held;
    }

    /** A regression's target must be a number on every row. */
    private static void requireNumbers(CsvFile table, int column, List<String[]> rows, int[] lines) throws DataException {
        for (int row = 0; row < rows.size(); row++) {
            String cell = rows.get(row)[column];
            if (!TableEncoding.isNumber(cell)) {
                throw new DataException(table.file() + ":" + lines[row] + ":" + (column + 1) + ": the target '"
                        + UserText.printable(table.header().get(column)) + "' holds '" + UserText.printable(cell)
                        + "', not a number; a regression (loss: mean_squared_error) predicts numbers, for classes use loss: categorical_crossentropy");
            }
        }
    }

    private static boolean constant(List<String[]> rows, int column) {
        return rows.stream().map(row -> Double.parseDouble(row[column].strip())).distinct().count() == 1;
    }

    private static boolean mostlyNumbers(List<String[]> rows, int column) {
        int numbers = 0;
        for (String[] row : rows) {
            if (TableEncoding.isNumber(row[column])) {
                numbers++;
            }
        }
        return 2L * numbers > rows.size();
    }

    private static TableEncoding.Column numericColumn(CsvFile table, String name, int column, List<String[]> rows, int[] lines,
                                                      Consumer<String> warnings) throws DataException {
        double sum = 0;
        for (int row = 0; row < rows.size(); row++) {
            String cell = rows.get(row)[column];
            if (!TableEncoding.isNumber(cell)) {
                throw notANumber(table, lines[row], column, name, cell);
            }
            sum += Double.parseDouble(cell.strip());
        }
        double mean = sum / rows.size();
        double squares = 0;
        for (String[] row : rows) {
            double difference = Double.parseDouble(row[column].strip()) - mean;
            squares += difference * difference;
        }
        double deviation = Math.sqrt(squares / rows.size());
        if (!(deviation > 0)) {
            warnings.accept("trainyard: warning: " + table.file() + ": column '" + UserText.printable(name)
                    + "' has the same value in every training row; it carries nothing (encoded as 0)");
            deviation = 1;
        }
        return new TableEncoding.Column(name, mean, deviation, null);
    }

    private static DataException notANumber(CsvFile table, int line, int column, String name, String cell) {
        return new DataException(table.file() + ":" + line + ":" + (column + 1) + ": column '" + UserText.printable(name)
                + "' holds '" + UserText.printable(cell) + "', not a number (list the column under categorical if it is a category)");
    }

    private static TableEncoding.Column categoricalColumn(CsvFile table, String name, int column, List<String[]> rows, Consumer<String> warnings) {
        TreeSet<String> categories = new TreeSet<>();
        for (String[] row : rows) {
            categories.add(row[column]);
        }
        if (categories.size() == rows.size() && rows.size() > 20) {
            warnings.accept("trainyard: warning: " + table.file() + ": column '" + UserText.printable(name) + "' has a different value in every"
                    + " training row (" + rows.size() + "); it looks like an identifier or a date, which no network can learn from"
                    + " (leave it out with features: [...])");
        }
        if (categories.size() == 1) {
            warnings.accept("trainyard: warning: " + table.file() + ": column '" + UserText.printable(name)
                    + "' has the same value in every training row; it carries nothing");
        }
        return new TableEncoding.Column(name, null, null, List.copyOf(categories));
    }

    /** Encodes rows into floats and labels; a test row with a class never seen in training is refused. */
    private static Examples encode(CsvFile table, List<String[]> rows, int[] lines, int[] featureColumns, int targetColumn,
                                   TableEncoding encoding, Consumer<String> warnings) throws DataException {
        int width = encoding.features();
        float[] values = new float[Math.multiplyExact(rows.size(), width)];
        byte[] labels = encoding.isRegression() ? null : new byte[rows.size()];
        float[] targets = encoding.isRegression() ? new float[rows.size()] : null;
        String[] cells = new String[featureColumns.length];
        Map<String, Integer> unseen = new TreeMap<>();
        for (int row = 0; row < rows.size(); row++) {
            String[] record = rows.get(row);
            for (int f = 0; f < featureColumns.length; f++) {
                cells[f] = record[featureColumns[f]];
                TableEncoding.Column column = encoding.columns().get(f);
                if (column.isNumeric() && !TableEncoding.isNumber(cells[f])) {
                    throw notANumber(table, lines[row], featureColumns[f], column.name(), cells[f]);
                }
            }
            encoding.encode(cells, values, row * width, (column, value) -> unseen.merge(column, 1, Integer::sum));
            if (targets != null) {
                targets[row] = (float) ((Double.parseDouble(record[targetColumn].strip()) - encoding.targetMean()) / encoding.targetDeviation());
                continue;
            }
            int label = encoding.classes().indexOf(record[targetColumn]);
            if (label < 0) {
                throw new DataException(table.file() + ":" + lines[row] + ":" + (targetColumn + 1) + ": the target '"
                        + UserText.printable(encoding.target()) + "' is '" + UserText.printable(record[targetColumn])
                        + "', a class no training row has (the classes are " + String.join(", ", encoding.classes().stream().map(UserText::printable).toList()) + ")");
            }
            labels[row] = (byte) label;
        }
        if (!unseen.isEmpty()) {
            warnings.accept("trainyard: warning: " + table.file() + ": " + unseen.values().stream().mapToInt(Integer::intValue).sum()
                    + " cells hold a category no training row has (" + String.join(", ", unseen.entrySet().stream()
                    .map(e -> UserText.printable(e.getKey()) + ": " + e.getValue()).toList()) + "); encoded as all zeros");
        }
        return targets != null ? Examples.ofFloats(values, targets, width, rows.size()) : Examples.ofFloats(values, labels, width, rows.size());
    }

    /** The files' SHA-256 sums: part of every run_id (the split is, through the dataset line). */
    private static String checksum(CsvFile train, CsvFile test) {
        MessageDigest digest = IdxFile.sha256Digest();
        digest.update(train.sha256().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        if (test != null) {
            digest.update(test.sha256().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
