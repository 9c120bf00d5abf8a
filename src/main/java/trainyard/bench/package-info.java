/**
 * `make bench`: the speed figures and their targets, measured side by side in one run.
 * {@link trainyard.bench.Bench} runs {@link trainyard.bench.WidthBench} once per vector width
 * the host can run (each in its own JVM, since the width is fixed when the JVM starts),
 * interleaved with the numpy baseline, and prints the targets table. Not part of the
 * product's command line.
 */
package trainyard.bench;
