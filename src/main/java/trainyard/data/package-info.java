/**
 * Images and labels: the IDX reader, the MNIST download with checksums, the read-only
 * dataset shared by every run of a process, and per-batch conversion to floats.
 * Depends on nothing else in Trainyard.
 */
package trainyard.data;
