/**
 * Experiment files: immutable records for what a run is, one file per section, each
 * reading its YAML with file/line/column errors, checking its rules and writing its
 * canonical form (which names a run); the registries of optimizers and schedules; the
 * safe YAML loader and the sweep planner. Depends on nothing else in Trainyard.
 */
package trainyard.config;
