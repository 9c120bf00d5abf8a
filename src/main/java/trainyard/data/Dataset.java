package trainyard.data;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A dataset as loaded once per process and shared read-only by every run in it: bytes,
 * not floats (MNIST is 55 MB as bytes, 220 MB as floats), converted per batch.
 *
 * @param imageShape one image's dimensions, {28, 28} for MNIST
 * @param checksum SHA-256 over the four files' SHA-256 sums: part of every run_id, so a
 *                 changed dataset never passes for a finished run
 */
public record Dataset(String name, Examples train, Examples test, int classes, int features, int[] imageShape, String checksum) {

    /** Builds a dataset from four IDX files and checks that they agree with each other. */
    public static Dataset of(String name, IdxFile trainImages, IdxFile trainLabels, IdxFile testImages, IdxFile testLabels)
            throws DataException {
        requireLabels(trainLabels);
        requireLabels(testLabels);
        requireSameCount(trainImages, trainLabels);
        requireSameCount(testImages, testLabels);
        if (!java.util.Arrays.equals(trainImages.dimensions(), 1, trainImages.dimensions().length,
                testImages.dimensions(), 1, testImages.dimensions().length)) {
            int[] test = testImages.dimensions();
            int[] train = trainImages.dimensions();
            throw new DataException(testImages.path(), "each image is " + IdxFile.shape(java.util.Arrays.copyOfRange(test, 1, test.length))
                    + " but each training image (" + trainImages.path() + ") is " + IdxFile.shape(java.util.Arrays.copyOfRange(train, 1, train.length))
                    + "; both must have the same shape");
        }
        int maximum = 0;
        for (byte label : trainLabels.data()) {
            maximum = Math.max(maximum, label & 0xff);
        }
        for (byte label : testLabels.data()) {
            maximum = Math.max(maximum, label & 0xff);
        }
        int classes = maximum + 1;
        if (classes < 2) {
            throw new DataException(trainLabels.path(), "every label is 0; a classifier needs at least two classes");
        }
        int features = trainImages.itemSize();
        MessageDigest digest = IdxFile.sha256Digest();
        for (IdxFile file : new IdxFile[] {trainImages, trainLabels, testImages, testLabels}) {
            digest.update(file.sha256().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return new Dataset(name,
                new Examples(trainImages.data(), trainLabels.data(), features, 0, trainImages.count()),
                new Examples(testImages.data(), testLabels.data(), features, 0, testImages.count()),
                classes, features, java.util.Arrays.copyOfRange(trainImages.dimensions(), 1, trainImages.dimensions().length),
                HexFormat.of().formatHex(digest.digest()));
    }

    private static void requireLabels(IdxFile labels) throws DataException {
        if (labels.dimensions().length != 1) {
            throw new DataException(labels.path(), "expected a labels file (1 dimension), found " + IdxFile.shape(labels.dimensions()));
        }
    }

    private static void requireSameCount(IdxFile images, IdxFile labels) throws DataException {
        if (images.dimensions().length < 2) {
            throw new DataException(images.path(), "expected an images file (2 or more dimensions), found " + IdxFile.shape(images.dimensions()));
        }
        if (images.count() != labels.count()) {
            throw new DataException(labels.path(), "has " + labels.count() + " labels but " + images.path() + " has " + images.count() + " images");
        }
    }
}
