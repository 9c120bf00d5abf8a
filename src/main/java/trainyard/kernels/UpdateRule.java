package trainyard.kernels;

import java.util.List;
import jdk.incubator.vector.VectorSpecies;

/**
 * An optimizer's update of one parameter, element by element, in one file: its plain loop
 * (the reference) beside its vector loop, whose tail past the last whole vector is the
 * plain loop itself. Every element's update depends on that element alone, so the kernels
 * may cut a parameter into ranges on vector boundaries, on any number of threads, with the
 * same bits. A rule holds its scalars for the current step ({@link #prepare}) and is reused
 * step after step, so that a training step allocates nothing.
 */
public abstract class UpdateRule {
    static final VectorSpecies<Float> SPECIES = VectorMath.SPECIES;
    static final int LANES = SPECIES.length();

    /** The arrays of state kept per weight, named as checkpoints save them, in the order the loops take them. */
    public abstract List<String> slots();

    /** The value a slot's arrays start from (Adagrad's accumulators start above 0). */
    public float initialValue(int slot) {
        return 0f;
    }

    /** This step's scalars, from its learning rate and its count (Keras's iterations: 0 at the first update). */
    public abstract void prepare(double learningRate, long iteration);

    /** The reference over elements [from, to) of one parameter; {@code state} holds its {@link #slots} arrays. */
    public abstract void plain(float[] weights, float[] gradient, float[][] state, int from, int to);

    /** The same over [from, to) with the Vector API; the elements past the last whole vector go to {@link #plain}. */
    abstract void vector(float[] weights, float[] gradient, float[][] state, int from, int to);

    /** The start of the tail: the last element a whole vector from {@code from} cannot reach. */
    static int vectorEnd(int from, int to) {
        return from + (to - from) / LANES * LANES;
    }
}
