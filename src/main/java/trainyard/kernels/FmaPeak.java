package trainyard.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The arithmetic peak this machine actually reaches, measured rather than computed
 * from a nominal clock: independent chains of vector FMAs on registers only (no memory
 * traffic), run on 1..n threads at once. A product kernel can at best approach this
 * figure, so `make bench` prints each product beside it.
 *
 * <p>The chains must hide the FMA latency (4 cycles x 2 FMA units: 8 in flight on Zen 3
 * and Zen 4) and yet, with their two operands, fit the register file: 16 chains need 18
 * registers and spilled on AVX2's 16, which reported half the peak (55 GFLOP/s on a Zen 3
 * whose OpenBLAS sgemm reaches 88-92 on one thread). So the best of 8 and 12 chains is
 * taken, and of 16 too where there are 32 registers. The loop counts an int down: a long
 * counter left C2's loop slower (70-80 against 101 GFLOP/s on that Zen 3).
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> SPECIES = VectorMath.SPECIES;
    private static volatile float sink;

    private FmaPeak() {
    }

    /** Best of three runs of about {@code millis} each per chain count, in GFLOP/s, on {@code threads} threads. */
    public static double gflops(int threads, int millis) throws InterruptedException {
        double best = gflops(threads, millis, 8, FmaPeak::eightChains);
        best = Math.max(best, gflops(threads, millis, 12, FmaPeak::twelveChains));
        if (VectorHardware.thisMachine().vectorRegisters() >= 32) {
            best = Math.max(best, gflops(threads, millis, 16, FmaPeak::sixteenChains));
        }
        return best;
    }

    private interface Chains {
        void run(int iterations);
    }

    private static double gflops(int threads, int millis, int chainCount, Chains chains) throws InterruptedException {
        int iterations = 1_000_000;
        for (int warm = 0; warm < 20; warm++) {
            chains.run(20_000); // compile before timing
        }
        long start = System.nanoTime();
        chains.run(iterations);
        double perIteration = Math.max(1e-10, (System.nanoTime() - start) / 1e9 / iterations);
        iterations = (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis / 1000.0 / perIteration));
        double best = 0;
        for (int repeat = 0; repeat < 3; repeat++) {
            Thread[] workers = new Thread[threads];
            int count = iterations;
            long begin = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                workers[t] = new Thread(() -> chains.run(count), "trainyard-fma-peak-" + t);
                workers[t].start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            best = Math.max(best, threads * (double) count * chainCount * 2.0 * SPECIES.length() / seconds / 1e9);
        }
        return best;
    }

    private static void eightChains(int iterations) {
        FloatVector a = FloatVector.broadcast(SPECIES, 0.999999f);
        FloatVector b = FloatVector.broadcast(SPECIES, 1e-7f);
        FloatVector c0 = b, c1 = b, c2 = b, c3 = b, c4 = b, c5 = b, c6 = b, c7 = b;
        for (int i = iterations; i > 0; i--) {
            c0 = a.fma(b, c0);
            c1 = a.fma(b, c1);
            c2 = a.fma(b, c2);
            c3 = a.fma(b, c3);
            c4 = a.fma(b, c4);
            c5 = a.fma(b, c5);
            c6 = a.fma(b, c6);
            c7 = a.fma(b, c7);
        }
        sink = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).reduceLanes(VectorOperators.ADD); // keeps the loop
    }

    private static void twelveChains(int iterations) {
        FloatVector a = FloatVector.broadcast(SPECIES, 0.999999f);
        FloatVector b = FloatVector.broadcast(SPECIES, 1e-7f);
        FloatVector c0 = b, c1 = b, c2 = b, c3 = b, c4 = b, c5 = b, c6 = b, c7 = b, c8 = b, c9 = b, c10 = b, c11 = b;
        for (int i = iterations; i > 0; i--) {
            c0 = a.fma(b, c0);
            c1 = a.fma(b, c1);
            c2 = a.fma(b, c2);
            c3 = a.fma(b, c3);
            c4 = a.fma(b, c4);
            c5 = a.fma(b, c5);
            c6 = a.fma(b, c6);
            c7 = a.fma(b, c7);
            c8 = a.fma(b, c8);
            c9 = a.fma(b, c9);
            c10 = a.fma(b, c10);
            c11 = a.fma(b, c11);
        }
        sink = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    private static void sixteenChains(int iterations) {
        FloatVector a = FloatVector.broadcast(SPECIES, 0.999999f);
        FloatVector b = FloatVector.broadcast(SPECIES, 1e-7f);
        FloatVector c0 = b, c1 = b, c2 = b, c3 = b, c4 = b, c5 = b, c6 = b, c7 = b;
        FloatVector c8 = b, c9 = b, c10 = b, c11 = b, c12 = b, c13 = b, c14 = b, c15 = b;
        for (int i = iterations; i > 0; i--) {
            c0 = a.fma(b, c0);
            c1 = a.fma(b, c1);
            c2 = a.fma(b, c2);
            c3 = a.fma(b, c3);
            c4 = a.fma(b, c4);
            c5 = a.fma(b, c5);
            c6 = a.fma(b, c6);
            c7 = a.fma(b, c7);
            c8 = a.fma(b, c8);
            c9 = a.fma(b, c9);
            c10 = a.fma(b, c10);
            c11 = a.fma(b, c11);
            c12 = a.fma(b, c12);
            c13 = a.fma(b, c13);
            c14 = a.fma(b, c14);
            c15 = a.fma(b, c15);
        }
        sink = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7)
                .add(c8).add(c9).add(c10).add(c11).add(c12).add(c13).add(c14).add(c15).reduceLanes(VectorOperators.ADD);
    }
}
