/**
 * The network: dense layers with paired forward and backward passes, activations, the
 * two losses (softmax and cross-entropy fused into one gradient), and building a fresh
 * network from a spec. An MLP needs no general autodiff, so there is none.
 */
package trainyard.model;
