/**
 * Every numeric loop of training: matrix products, activations, optimizer updates. The
 * only package that imports jdk.incubator.vector. {@link trainyard.kernels.PlainKernels}
 * is the reference twin the tests hold {@link trainyard.kernels.VectorKernels} to.
 */
package trainyard.kernels;
