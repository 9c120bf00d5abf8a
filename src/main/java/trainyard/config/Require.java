package trainyard.config;

/**
 * The value rules shared by the records' compact constructors and the YAML loader, so
 * that a rule is written once and a file gets the same message a program would.
 */
final class Require {
    private Require() {
    }

    static int atLeast(String key, int value, int minimum) {
        if (value < minimum) {
            throw new InvalidValueException(key, "must be a whole number >= " + minimum + ", found " + value);
        }
        return value;
    }

    static long atLeast(String key, long value, long minimum) {
        if (value < minimum) {
            throw new InvalidValueException(key, "must be a whole number >= " + minimum + ", found " + value);
        }
        return value;
    }

    static int between(String key, int value, int minimum, int maximum) {
        if (value < minimum || value > maximum) {
            throw new InvalidValueException(key, "must be a whole number from " + minimum + " to " + maximum + ", found " + value);
        }
        return value;
    }

    static double positiveFinite(String key, double value) {
        if (!Double.isFinite(value) || value <= 0) {
            throw new InvalidValueException(key, "must be a finite number > 0, found " + value);
        }
        return value;
    }

    static double nonNegativeFinite(String key, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new InvalidValueException(key, "must be a finite number >= 0, found " + value);
        }
        return value;
    }

    static double inRange(String key, double value, double low, boolean lowInclusive, double high, boolean highInclusive) {
        boolean aboveLow = lowInclusive ? value >= low : value > low;
        boolean belowHigh = highInclusive ? value <= high : value < high;
        if (!Double.isFinite(value) || !aboveLow || !belowHigh) {
            throw new InvalidValueException(key, "must be in " + (lowInclusive ? "[" : "(") + low + ", " + high
                    + (highInclusive ? "]" : ")") + ", found " + value);
        }
        return value;
    }

    /** A dropout rate: the fraction of units dropped, in [0, 1) as Keras's Dropout requires. */
    static double dropoutRate(String key, double value) {
        return inRange(key, value, 0, true, 1, false);
    }

    /** Names under results/ that Trainyard writes itself: an experiment's folder must not take them. */
    static final java.util.List<String> RESERVED_NAMES = java.util.List.of("report.html", "bench.json");
    /** Most file systems' limit on one file name (ext4, XFS, APFS: 255 bytes). */
    static final int MAX_NAME_BYTES = 255;

    /** Plain file names only: an experiment's name becomes a folder under results/. */
    static String plainName(String key, String value) {
        present(key, value);
        if (!value.matches("[A-Za-z0-9_.-]+") || value.equals(".") || value.equals("..")) {
            throw new InvalidValueException(key, "must be a plain file name of letters, digits, '_', '.' and '-', found '"
                    + trainyard.files.UserText.printable(value) + "'");
        }
        if (value.length() > MAX_NAME_BYTES) {
            throw new InvalidValueException(key, "is " + value.length() + " characters long; a folder name holds at most " + MAX_NAME_BYTES);
        }
        if (RESERVED_NAMES.contains(value)) {
            throw new InvalidValueException(key, "'" + value + "' is a file Trainyard writes under results/ itself; choose another name");
        }
        return value;
    }

    static String oneOf(String key, String value, java.util.List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new InvalidValueException(key, "must be one of " + String.join(", ", allowed) + ", found '" + value + "'");
        }
        return value;
    }

    static <T> T present(String key, T value) {
        if (value == null) {
            throw new InvalidValueException(key, "is required");
        }
        return value;
    }
}
