package trainyard.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live board's ticker against the end of a sweep. */
class SweepWorkersTest {
    private static final SweepWorkers.Sweep IDLE = new SweepWorkers.Sweep() {
        @Override
        public boolean runTrial(TrialState state, int threads, boolean wait, TrialRunner.RungBudget budget) {
            return true;
        }

        @Override
        public int prunedNow() {
            return 0;
        }

        @Override
        public void interruptRequested() {
        }

        @Override
        public void interruptFinished() {
        }
    };

    /**
     * A tick that has started when the workers close draws nothing after the final table:
     * the ticker's shutdown does not wait for it, and a board drawn below the table stays
     * on the screen (seen in a terminal test under load). The tick is held at the lock while
     * close() runs and the table is printed.
     */
    @Test
    void aTickUnderWayWhenTheWorkersCloseDrawsNoBoardBelowTheTable() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SweepConsole console = new SweepConsole(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, () -> 80);
        Object lock = new Object();
        SweepWorkers workers = new SweepWorkers(IDLE, lock, List.of(), console, 1, 1, 0, 2);
        Thread closing = new Thread(() -> {
            workers.close();
            console.line("TABLE");
        });
        synchronized (lock) {
            Thread ticker = awaitBlockedBoardTick(lock);
            assertThat(ticker).as("a board tick waiting for the lock").isNotNull();
            closing.start();
            Thread.sleep(200); // close() and the table, where nothing holds them up, are done by now
        }
        closing.join(5_000);
        Thread.sleep(600); // two more ticks' time
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        int table = lines.indexOf(lines.stream().filter(line -> line.endsWith("TABLE")).findFirst().orElseThrow());
        assertThat(lines.subList(table + 1, lines.size())).as("printed after the table").noneMatch(line -> line.contains("done 0/2"));
    }

    /** Waits (up to 5 s) for the board's thread to block on the lock this thread holds. */
    private static Thread awaitBlockedBoardTick(Object lock) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < end) {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals("trainyard-board") && thread.getState() == Thread.State.BLOCKED) {
                    return thread;
                }
            }
            Thread.sleep(10);
        }
        return null;
    }
}
