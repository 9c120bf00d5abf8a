/**
 * SGD and Adam with exactly Keras's update rules. Each optimizer owns its moments,
 * made fresh per run; the arithmetic itself is in the kernels package.
 */
package trainyard.optim;
