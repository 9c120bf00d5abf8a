package trainyard.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    @Test
    void runsEveryChunkExactlyOnceAcrossManyJobs() {
        try (WorkerPool pool = new WorkerPool(3)) {
            for (int job = 0; job < 20_000; job++) {
                int chunks = 1 + job % 7;
                AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
                pool.run(chunks, runs::incrementAndGet);
                for (int chunk = 0; chunk < chunks; chunk++) {
                    assertThat(runs.get(chunk)).as("job %d chunk %d", job, chunk).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aFailingChunkFailsTheJobAndThePoolGoesOn() {
        try (WorkerPool pool = new WorkerPool(2)) {
            assertThatThrownBy(() -> pool.run(4, chunk -> {
                if (chunk == 2) {
                    throw new IllegalStateException("chunk 2 failed");
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("chunk 2 failed");
            AtomicIntegerArray runs = new AtomicIntegerArray(4);
            pool.run(4, runs::incrementAndGet);
            assertThat(runs.toString()).isEqualTo("[1, 1, 1, 1]");
        }
    }

    @Test
    void eachChunkRunsOnTheSameThreadEveryTime() {
        try (WorkerPool pool = new WorkerPool(3, Long.MAX_VALUE)) {
            Thread caller = Thread.currentThread();
            Thread[][] ranOn = new Thread[50][5];
            for (int job = 0; job < ranOn.length; job++) {
                Thread[] threads = ranOn[job];
                pool.run(5, chunk -> threads[chunk] = Thread.currentThread());
            }
            for (Thread[] threads : ranOn) {
                assertThat(threads[0]).isSameAs(caller);
                assertThat(threads[3]).isSameAs(caller);
                assertThat(threads[1]).isNotSameAs(caller).isSameAs(ranOn[0][1]).isSameAs(threads[4]);
                assertThat(threads[2]).isNotSameAs(caller).isNotSameAs(threads[1]).isSameAs(ranOn[0][2]);
            }
        }
    }

    @Test
    void aDescheduledHelperDoesNotStallTheJob() {
        // More threads than this machine has cores: helpers are often off the CPU, and the
        // caller must take over their chunks instead of waiting for a time slice.
        try (WorkerPool pool = new WorkerPool(Runtime.getRuntime().availableProcessors() + 3)) {
            for (int job = 0; job < 3_000; job++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(pool.threads());
                pool.run(pool.threads(), runs::incrementAndGet);
                for (int chunk = 0; chunk < pool.threads(); chunk++) {
                    assertThat(runs.get(chunk)).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void helpersThatParkedWakeForTheNextJob() throws InterruptedException {
        try (WorkerPool pool = new WorkerPool(2)) {
            for (int job = 0; job < 20; job++) {
                Thread.sleep(3); // longer than the spin: the helper parks
                AtomicIntegerArray runs = new AtomicIntegerArray(2);
                pool.run(2, runs::incrementAndGet);
                assertThat(runs.toString()).isEqualTo("[1, 1]");
            }
        }
    }
}
