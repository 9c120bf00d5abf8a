package trainyard.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One key of a search space as a sampler sees it: a range of numbers (on the log scale for
 * log_uniform, whole numbers for int_uniform) or a list of choices, addressed by index.
 * A point of the space holds, per dimension, the number itself or the choice's index.
 *
 * @param choices the choices' plain values (empty for a range)
 */
public record SearchDimension(String path, Kind kind, double low, double high, List<Object> choices) {
    public enum Kind { UNIFORM, LOG_UNIFORM, INT_UNIFORM, CHOICE }

    public SearchDimension {
        choices = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(choices)); // a choice may be null
    }

    /** A distribution in its plain form, {kind: [arguments]} as sweep.json writes it (checked when it was read). */
    public static SearchDimension of(String path, Object written) {
        Map.Entry<?, ?> distribution = ((Map<?, ?>) written).entrySet().iterator().next();
        List<?> arguments = (List<?>) distribution.getValue();
        Kind kind = Kind.valueOf(distribution.getKey().toString().toUpperCase(java.util.Locale.ROOT));
        return kind == Kind.CHOICE ? new SearchDimension(path, kind, 0, 0, new java.util.ArrayList<>(arguments))
                : new SearchDimension(path, kind, ((Number) arguments.get(0)).doubleValue(), ((Number) arguments.get(1)).doubleValue(), List.of());
    }

    public boolean isChoice() {
        return kind == Kind.CHOICE;
    }

    /**
     * A trial's value for this key as a coordinate of a point: the number, or the index of
     * the equal choice; NaN when the value is none of them.
     */
    public double coordinate(Object value) {
        if (isChoice()) {
            for (int i = 0; i < choices.size(); i++) {
                if (Objects.equals(choices.get(i), value) || (choices.get(i) instanceof Number a && value instanceof Number b
                        && a.doubleValue() == b.doubleValue())) {
                    return i;
                }
            }
            return Double.NaN;
        }
        return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }
}
