package trainyard.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How a table's row becomes the network's input, learnt from the training rows only and
 * recorded with the run (result.json, the model file) so that evaluate and predict apply
 * exactly the same transformation: each numeric column standardised with the training
 * part's mean and (population) standard deviation, as scikit-learn's StandardScaler does;
 * each categorical column one-hot over the training part's categories, in sorted order, a
 * category never seen in training encoded as all zeros (scikit-learn's
 * OneHotEncoder(handle_unknown="ignore")). The classes are the target's values, sorted; a
 * regression's target is standardised like a numeric column unless the file says not to, and
 * every figure a person reads is turned back into the target's own units.
 *
 * @param target  the column the network predicts
 * @param columns the features, in input order
 * @param classes the target's values, one per output, in label order; empty for a regression
 * @param targetMean      a regression's target as the network sees it is (value - targetMean) /
 *                        targetDeviation (0 and 1 with target_scaling: none); null for classes
 */
public record TableEncoding(String target, List<Column> columns, List<String> classes,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Double targetMean,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Double targetDeviation) {
    /**
     * One feature column: numeric (mean and deviation) or categorical (its categories).
     *
     * @param deviation 1 for a column constant in the training rows (it then encodes as 0)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Column(String name, Double mean, Double deviation, List<String> categories) {
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isNumeric() {
            return categories == null;
        }

        /** The inputs this column takes: 1, or one per category. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public int width() {
            return isNumeric() ? 1 : categories.size();
        }
    }

    public TableEncoding {
        columns = List.copyOf(columns);
        classes = List.copyOf(classes);
    }

    /**
     * Whether a cell is a number: a finite decimal, as a CSV writer prints one. "NaN",
     * "Infinity" and Java's "1d" or "0x1p3" parse in Java but are no numbers in a table.
     */
    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    public static boolean isNumber(String cell) {
        String text = cell.strip();
        if (!DECIMAL.matcher(text).matches()) {
            return false;
        }
        return Double.isFinite(Double.parseDouble(text));
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isRegression() {
        return targetMean != null;
    }

    /** A network's output in the target's own units. */
    public double targetValue(double output) {
        return output * targetDeviation + targetMean;
    }

    /** The network's input width. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public int features() {
        int width = 0;
        for (Column column : columns) {
            width += column.width();
        }
        return width;
    }

    /** What an unseen category did while encoding: counted, for one warning per file. */
    public interface UnseenCategories {
        void seen(String column, String value);
    }

    /**
     * Encodes one row's cells, given in {@link #columns()} order, into {@code into} at
     * {@code offset}. A numeric cell must already be checked as a finite number.
     */
    public void encode(String[] cells, float[] into, int offset, UnseenCategories unseen) {
        int at = offset;
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            if (column.isNumeric()) {
                into[at++] = (float) ((Double.parseDouble(cells[c].strip()) - column.mean()) / column.deviation());
            } else {
                int index = java.util.Collections.binarySearch(column.categories(), cells[c]);
                for (int k = 0; k < column.categories().size(); k++) {
                    into[at + k] = k == index ? 1f : 0f;
                }
                if (index < 0) {
                    unseen.seen(column.name(), cells[c]);
                }
                at += column.categories().size();
            }
        }
    }
}
