package trainyard.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp and tanh for the kernels, in a vector form and a scalar twin that performs the
 * same IEEE operations in the same order, so a tail element computed by the scalar form
 * has the bits a vector lane would have given it.
 *
 * <p>Deliberately not the Vector API's EXP and TANH: those may round differently in the
 * interpreter's Java fallback than in C2's SVML intrinsic, which made the same run give
 * different last digits depending on how warm the JIT was. Add, multiply, FMA, divide
 * and conversions are exact in both.
 */
final class VectorMath {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    // Cephes expf (Moshier, Cephes Math Library, expf.c): e^x = 2^k · e^r, |r| <= ln2/2.
    private static final float LOG2E = 1.44269504088896341f;
    private static final float ROUNDING = 12582912f; // 1.5·2^23: adding and subtracting it rounds to an integer
    private static final float LN2_HIGH = -0.693359375f;
    private static final float LN2_LOW = 2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;
    /** Inputs are clamped to [-87.3, 88] so that 2^k stays a finite, normal float (e^88 = 1.65e38). */
    private static final float LOWEST = -87.33654f;
    private static final float HIGHEST = 88f;
    /** Below this |x|, tanh uses its Taylor series: 1 - 2/(e^{2x}+1) loses digits to cancellation there. */
    private static final float TANH_SERIES_BELOW = 0.125f;

    private VectorMath() {
    }

    /** e^x, about 1 ulp. */
    static FloatVector exp(FloatVector x) {
        x = x.max(LOWEST).min(HIGHEST);
        FloatVector k = x.fma(FloatVector.broadcast(SPECIES, LOG2E), FloatVector.broadcast(SPECIES, ROUNDING)).sub(ROUNDING);
        FloatVector r = k.fma(FloatVector.broadcast(SPECIES, LN2_HIGH), x);
        r = k.fma(FloatVector.broadcast(SPECIES, LN2_LOW), r);
        FloatVector p = FloatVector.broadcast(SPECIES, P0)
                .fma(r, FloatVector.broadcast(SPECIES, P1))
                .fma(r, FloatVector.broadcast(SPECIES, P2))
                .fma(r, FloatVector.broadcast(SPECIES, P3))
                .fma(r, FloatVector.broadcast(SPECIES, P4))
                .fma(r, FloatVector.broadcast(SPECIES, P5));
        FloatVector expR = p.mul(r.mul(r)).add(r).add(1f);
        IntVector exponent = ((IntVector) k.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        return expR.mul(exponent.reinterpretAsFloats());
    }

    /** The scalar twin of {@link #exp(FloatVector)}: the same operations, the same bits. */
    static float exp(float x) {
        x = Math.min(Math.max(x, LOWEST), HIGHEST);
        float k = Math.fma(x, LOG2E, ROUNDING) - ROUNDING;
        float r = Math.fma(k, LN2_HIGH, x);
        r = Math.fma(k, LN2_LOW, r);
        float p = Math.fma(P0, r, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        float expR = p * (r * r) + r + 1f;
        return expR * Float.intBitsToFloat(((int) k + 127) << 23);
    }

    /**
     * tanh x = sign(x)·(1 - 2/(e^{2|x|} + 1)); below |x| = 1/8 the series
     * x - x³/3 + 2x⁵/15 - 17x⁷/315 (next term under 2e-10).
     */
    static FloatVector tanh(FloatVector x) {
        FloatVector magnitude = x.abs();
        FloatVector large = FloatVector.broadcast(SPECIES, 1f).sub(FloatVector.broadcast(SPECIES, 2f).div(exp(magnitude.mul(2f)).add(1f)));
        FloatVector square = x.mul(x);
        FloatVector series = square.fma(FloatVector.broadcast(SPECIES, -17f / 315f), FloatVector.broadcast(SPECIES, 2f / 15f))
                .fma(square, FloatVector.broadcast(SPECIES, -1f / 3f)).mul(square).fma(x, x);
        FloatVector signed = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        return signed.blend(series, magnitude.compare(VectorOperators.LT, TANH_SERIES_BELOW));
    }

    /** The scalar twin of {@link #tanh(FloatVector)}. */
    static float tanh(float x) {
        float magnitude = Math.abs(x);
        if (magnitude < TANH_SERIES_BELOW) {
            float square = x * x;
            float series = Math.fma(square, -17f / 315f, 2f / 15f);
            series = Math.fma(series, square, -1f / 3f);
            return Math.fma(series * square, x, x);
        }
        float large = 1f - 2f / (exp(magnitude * 2f) + 1f);
        return x < 0f ? -large : large;
    }

    /** 1 / (1 + e^-x). */
    static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(SPECIES, 1f).div(exp(x.neg()).add(1f));
    }

    /** The scalar twin of {@link #sigmoid(FloatVector)}. */
    static float sigmoid(float x) {
        return 1f / (exp(-x) + 1f);
    }
}
