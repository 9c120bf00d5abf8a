package trainyard.results;

import java.math.BigDecimal;

/**
 * How a number a person reads is written, everywhere: the sweep's board and table, the
 * run line, the report (report-base.js's readable() is the twin of this, and a browser test
 * holds them equal). The shortest digits that give the number back (Java's
 * Double.toString and JavaScript's toExponential() both find them), in plain notation
 * from 1e-4 up to 1e16 and otherwise as 2.045e-05, as Python prints floats: `0.0002045`,
 * never Java's `2.045E-4`. Whole numbers print without a fraction (`100`, not `100.0`).
 * Deliberately not for figures with a fixed number of decimals (accuracy 0.9762, loss):
 * those keep their column's format.
 */
public final class Numbers {
    private Numbers() {
    }

    /** A swept or configured value: numbers as {@link #readable(double)}, anything else as its text. */
    public static String readable(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return readable(((Number) value).doubleValue());
        }
        return String.valueOf(value);
    }

    public static String readable(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return "0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String digits = shortest.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                    + Math.abs(exponent);
        }
        return shortest.toPlainString();
    }
}
