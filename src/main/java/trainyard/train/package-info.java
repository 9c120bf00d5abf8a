/**
 * The training loop: shuffled batches, per-epoch figures, validation and the final test,
 * divergence detection, and listeners such as the Keras-style console progress.
 */
package trainyard.train;
