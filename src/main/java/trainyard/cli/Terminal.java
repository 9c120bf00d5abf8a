package trainyard.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether standard output is a terminal, to choose between a live progress bar and plain lines. */
final class Terminal {
    private Terminal() {
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
