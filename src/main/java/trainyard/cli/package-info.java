/**
 * The command line: one class per command, named exit codes, and the one place that
 * turns faults into a short message instead of a stack trace.
 */
package trainyard.cli;
