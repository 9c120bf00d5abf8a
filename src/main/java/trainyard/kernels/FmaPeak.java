package trainyard.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The arithmetic peak this machine actually reaches, measured rather than computed
 * from a nominal clock: 16 independent chains of vector FMAs on registers only (no
 * memory traffic), run on 1..n threads at once. A product kernel can at best approach
 * this figure, so `make bench` prints each product beside it.
 */
public final class FmaPeak {
    private static final int CHAINS = 16;
    private static volatile float sink;

    private FmaPeak() {
    }

    /** Best of three runs of about {@code millis} each, in GFLOP/s, on {@code threads} threads. */
    public static double gflops(int threads, int millis) throws InterruptedException {
        long iterations = 1_000_000;
        chains(20_000); // compile before timing
        long start = System.nanoTime();
        chains(iterations);
        double perIteration = Math.max(1e-10, (System.nanoTime() - start) / 1e9 / iterations);
        iterations = Math.max(1, (long) (millis / 1000.0 / perIteration));
        double best = 0;
        for (int repeat = 0; repeat < 3; repeat++) {
            Thread[] workers = new Thread[threads];
            long count = iterations;
            long begin = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                workers[t] = new Thread(() -> chains(count), "trainyard-fma-peak-" + t);
                workers[t].start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            best = Math.max(best, threads * count * CHAINS * 2.0 * VectorMath.SPECIES.length() / seconds / 1e9);
        }
        return best;
    }

    private static void chains(long iterations) {
        FloatVector a = FloatVector.broadcast(VectorMath.SPECIES, 0.999999f);
        FloatVector b = FloatVector.broadcast(VectorMath.SPECIES, 1e-7f);
        FloatVector c0 = b, c1 = b, c2 = b, c3 = b, c4 = b, c5 = b, c6 = b, c7 = b;
        FloatVector c8 = b, c9 = b, c10 = b, c11 = b, c12 = b, c13 = b, c14 = b, c15 = b;
        for (long i = 0; i < iterations; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
            c10 = c10.fma(a, b);
            c11 = c11.fma(a, b);
            c12 = c12.fma(a, b);
            c13 = c13.fma(a, b);
            c14 = c14.fma(a, b);
            c15 = c15.fma(a, b);
        }
        FloatVector sum = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7)
                .add(c8).add(c9).add(c10).add(c11).add(c12).add(c13).add(c14).add(c15);
        sink = sum.reduceLanes(VectorOperators.ADD); // keeps the loop from being removed
    }
}
