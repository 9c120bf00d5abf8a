/**
 * The optimizer of a run: Keras 3's decoupled weight decay, the learning rate of each step
 * (a constant or schedule, or a callback's), and the state of its update rule, built from
 * the one registry of kinds (config's OptimizerKind). Each rule's arithmetic, vector loop
 * beside its plain twin, is a file of the kernels package.
 */
package trainyard.optim;
