package trainyard.config;

/**
 * One numeric or true/false setting of a registered concept (an optimizer's beta_1,
 * momentum or centered), with its default and its rule, so that the reader, the record's
 * validation and the canonical form all take them from one declaration.
 *
 * @param inIdentityAtDefault true only for settings that existed when run_ids were first
 *                            made (they were always written and hashed, so they must stay);
 *                            a setting added later is written only when it differs from its
 *                            default, so adding one renames no existing run
 */
public record Setting(String key, Kind kind, Object defaultValue, boolean inIdentityAtDefault) {
    /** What values a setting takes. */
    public enum Kind {
        /** A number in [0, 1): decay rates, momentum. */
        FRACTION,
        /** A finite number > 0: epsilon. */
        POSITIVE,
        /** A finite number >= 0: a starting value. */
        NON_NEGATIVE,
        /** true or false. */
        FLAG;

        String expected() {
            return switch (this) {
                case FRACTION -> "a number in [0, 1)";
                case POSITIVE -> "a number > 0";
                case NON_NEGATIVE -> "a number >= 0";
                case FLAG -> "true or false";
            };
        }
    }

    public Setting {
        Require.present("key", key);
        validate(kind, key, defaultValue);
    }

    static Setting fraction(String key, double defaultValue, boolean inIdentityAtDefault) {
        return new Setting(key, Kind.FRACTION, defaultValue, inIdentityAtDefault);
    }

    static Setting positive(String key, double defaultValue, boolean inIdentityAtDefault) {
        return new Setting(key, Kind.POSITIVE, defaultValue, inIdentityAtDefault);
    }

    static Setting nonNegative(String key, double defaultValue, boolean inIdentityAtDefault) {
        return new Setting(key, Kind.NON_NEGATIVE, defaultValue, inIdentityAtDefault);
    }

    static Setting flag(String key, boolean defaultValue, boolean inIdentityAtDefault) {
        return new Setting(key, Kind.FLAG, defaultValue, inIdentityAtDefault);
    }

    /** Checks a value against the rule; throws {@link InvalidValueException} naming the key. */
    void validate(Object value) {
        validate(kind, key, value);
    }

    private static void validate(Kind kind, String key, Object value) {
        switch (kind) {
            case FLAG -> {
                if (!(value instanceof Boolean)) {
                    throw new InvalidValueException(key, "must be true or false, found " + value);
                }
            }
            case FRACTION, POSITIVE, NON_NEGATIVE -> {
                if (!(value instanceof Double number)) {
                    throw new InvalidValueException(key, "must be " + kind.expected() + ", found " + value);
                }
                switch (kind) {
                    case FRACTION -> Require.inRange(key, number, 0, true, 1, false);
                    case POSITIVE -> Require.positiveFinite(key, number);
                    default -> Require.nonNegativeFinite(key, number);
                }
            }
        }
    }

    /** Whether the canonical form writes this value: always in full, and in the identity as the parameter says. */
    boolean written(Object value) {
        return inIdentityAtDefault || !value.equals(defaultValue);
    }

}
