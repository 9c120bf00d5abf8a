/**
 * The network as layers behind one interface (Dense, Dropout), each with paired forward
 * and backward passes and a plan (shapes, sizes, names) known before it is built; the
 * activations, the two losses (softmax and cross-entropy fused into one gradient), and
 * building a fresh network from a spec. An MLP needs no general autodiff, so there is none.
 */
package trainyard.model;
