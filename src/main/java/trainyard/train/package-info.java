/**
 * The training loop: shuffled batches, per-epoch figures, validation and the final test,
 * divergence detection; callbacks that may stop the loop or change the learning rate
 * (early stopping, reduce-on-plateau); and listeners such as the Keras-style console.
 */
package trainyard.train;
