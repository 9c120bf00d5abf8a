package trainyard.config;

import java.util.List;
import java.util.Map;

/**
 * The `sweep` section as plain values, kept in sweep.json beside the trials it made.
 *
 * @param parallel trials at once; 0 means automatic (as many as cores, one thread each)
 * @param grid     dotted key path → the values to try; the trials are the cartesian product
 * @param random   random search, or null; with a grid, every grid point gets the same draws
 */
public record SweepSpec(int parallel, Map<String, List<Object>> grid, RandomSearch random) {

    /**
     * @param space dotted key path → {log_uniform: [low, high]}, {uniform: [low, high]},
     *              {int_uniform: [low, high]} (both ends included) or {choice: [values]}
     */
    public record RandomSearch(int trials, long seed, Map<String, Object> space) {
    }
}
