package trainyard.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes small, learnable IDX datasets for tests: class k lights up band k of a tiny
 * image, plus noise. Real files in the real format, so the real reader reads them.
 */
public final class SyntheticIdx {
    private SyntheticIdx() {
    }

    public static byte[] idx(int[] dimensions, byte[] data) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dimensions.length + data.length);
        buffer.putInt(0x00000800 | dimensions.length);
        for (int dimension : dimensions) {
            buffer.putInt(dimension);
        }
        buffer.put(data);
        return buffer.array();
    }

    /** Writes train/test images and labels into folder; returns {trainImages, trainLabels, testImages, testLabels}. */
    public static Path[] write(Path folder, int trainCount, int testCount, int classes, int side, long seed) throws IOException {
        return write(folder, trainCount, testCount, classes, side, seed, 0);
    }

    /** As above, with a fraction of labels replaced by random ones, so that no network is perfect. */
    public static Path[] write(Path folder, int trainCount, int testCount, int classes, int side, long seed, double labelNoise)
            throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Path[] paths = {folder.resolve("train-images"), folder.resolve("train-labels"), folder.resolve("test-images"), folder.resolve("test-labels")};
        for (int set = 0; set < 2; set++) {
            int count = set == 0 ? trainCount : testCount;
            byte[] images = new byte[count * side * side];
            byte[] labels = new byte[count];
            for (int n = 0; n < count; n++) {
                int label = random.nextInt(classes);
                labels[n] = (byte) (random.nextDouble() < labelNoise ? random.nextInt(classes) : label);
                for (int row = 0; row < side; row++) {
                    boolean lit = row * classes / side == label;
                    for (int col = 0; col < side; col++) {
                        int value = (lit ? 180 : 0) + random.nextInt(60);
                        images[n * side * side + row * side + col] = (byte) value;
                    }
                }
            }
            Files.write(paths[2 * set], idx(new int[] {count, side, side}, images));
            Files.write(paths[2 * set + 1], idx(new int[] {count}, labels));
        }
        return paths;
    }

    /** The experiment file's dataset line for files written by {@link #write}. */
    public static String datasetSection(Path[] files) {
        return "dataset: {idx: {train_images: " + files[0] + ", train_labels: " + files[1] + ", test_images: " + files[2]
                + ", test_labels: " + files[3] + "}}";
    }
}
