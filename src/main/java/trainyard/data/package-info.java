/**
 * Every dataset and its facts (input shape, how a stored value becomes an input, class
 * names, how a new picture is prepared): the IDX reader (gzipped too), MNIST's download,
 * Fashion-MNIST, the dataset line's loader, and the read-only dataset shared by every run
 * of a process. Depends only on config's dataset line and on files/.
 */
package trainyard.data;
