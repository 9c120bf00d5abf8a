package trainyard.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntSupplier;

/** Whether standard output is a terminal, to choose between a live progress bar and plain lines, and how wide it is. */
final class Terminal {
    /** The width is measured again this often, so that a resized window is followed without a process per redraw. */
    private static final long WIDTH_KEPT_NANOS = 2_000_000_000L;

    private Terminal() {
    }

    /**
     * The terminal's width in columns, as `stty size` reads it from the controlling terminal
     * (Java has no call for it), else $COLUMNS, else 80. Measured once when first asked, then
     * every 2 s by a daemon thread, so that a resized window is followed without a process
     * per redraw and without the training thread waiting on one.
     */
    static IntSupplier columns() {
        return new IntSupplier() {
            private final java.util.concurrent.atomic.AtomicInteger columns = new java.util.concurrent.atomic.AtomicInteger();

            @Override
            public int getAsInt() {
                if (columns.get() == 0 && columns.compareAndSet(0, measureColumns())) {
                    Thread watcher = new Thread(this::follow, "trainyard-terminal-width");
                    watcher.setDaemon(true);
                    watcher.start();
                }
                return columns.get();
            }

            private void follow() {
                try {
                    while (true) {
                        Thread.sleep(WIDTH_KEPT_NANOS / 1_000_000);
                        columns.set(measureColumns());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private static int measureColumns() {
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String size = new String(stty.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
            if (stty.waitFor(2, java.util.concurrent.TimeUnit.SECONDS) && stty.exitValue() == 0 && size.matches("\\d+ \\d+")) {
                int columns = Integer.parseInt(size.substring(size.indexOf(' ') + 1));
                if (columns > 0) {
                    return columns;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no controlling terminal, or no stty: $COLUMNS or the classic width
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String variable = System.getenv("COLUMNS");
        if (variable != null && variable.matches("\\d{1,4}") && Integer.parseInt(variable) > 0) {
            return Integer.parseInt(variable);
        }
        return 80;
    }

    /**
     * On Linux, /proc/self/fd/1 links to /dev/pts/N or /dev/ttyN for a terminal. Java 22+
     * returns a Console even when output is redirected, so System.console() alone cannot tell.
     */
    static boolean isStandardOutput() {
        String forced = System.getenv("TRAINYARD_PROGRESS");
        if (forced != null) {
            return forced.equals("bar"); // TRAINYARD_PROGRESS=bar or =lines, documented in the README
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
