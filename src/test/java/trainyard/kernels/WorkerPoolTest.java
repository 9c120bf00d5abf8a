package trainyard.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    @Test
    void runsEveryChunkExactlyOnceAcrossManyJobs() {
        try (WorkerPool pool = new WorkerPool(3)) {
            for (int job = 0; job < 100_000; job++) {
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
}
