package trainyard.results;

import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a run was measured on, so that times in a report can be compared fairly. */
public record Environment(String java, String os, String cpu, int cores, int threads, int vectorBits) {

    public static Environment current(int threads, int vectorBits) {
        return new Environment(System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                cpuName(), Runtime.getRuntime().availableProcessors(), threads, vectorBits);
    }

    /** The "model name" line of /proc/cpuinfo on Linux, else the architecture. */
    static String cpuName() {
        String name = cpuInfo("model name");
        return name != null ? name : System.getProperty("os.arch");
    }

    /** The value of the first /proc/cpuinfo line with this key, or null (not Linux, or no such key). */
    public static String cpuInfo(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
                    return line.substring(colon + 1).strip();
                }
            }
        } catch (java.io.IOException | SecurityException e) {
            // not Linux, or not readable
        }
        return null;
    }
}
