/**
 * Experiment files: immutable records for what a run is, the safe YAML loader that
 * builds them with file/line/column errors, and the canonical form that names a run.
 * Depends on nothing else in Trainyard.
 */
package trainyard.config;
