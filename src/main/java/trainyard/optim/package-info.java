/**
 * SGD, Adam, AdamW and RMSprop with Keras 3's update rules, one file each behind one
 * registry; the step context (step, epoch, learning rate) and the learning rate of each
 * step. Each optimizer owns its moments, made fresh per run; the arithmetic itself is in
 * the kernels package.
 */
package trainyard.optim;
