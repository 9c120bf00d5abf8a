package trainyard.config;

import java.util.List;
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
