package trainyard.data;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * A dataset as loaded once per process and shared read-only by every run in it: bytes,
 * not floats (MNIST is 55 MB as bytes, 220 MB as floats), converted per batch. It owns
 * every fact the rest of the program asks of its data: the input shape, how a stored value
 * becomes an input (the examples' scale), the class names, and how a new picture is
 * prepared; nothing outside data/ knows "784" or "/255".
 *
 * @param imageShape  one image's dimensions, {28, 28} for MNIST
 * @param checksum    SHA-256 over the four files' SHA-256 sums: part of every run_id, so a
 *                    changed dataset never passes for a finished run
 * @param classNames  one name per class, in label order ("0".."9" for MNIST's digits)
 * @param preparation how a new picture becomes an input like the dataset's images; null for a table
 * @param table       how a table's row becomes an input; null for images
 * @param files       where each file the experiment names was read, by the path as written;
 *                    empty for a dataset known by name (see {@link DataFolder})
 */
public record Dataset(String name, Examples train, Examples test, int classes, int features, int[] imageShape, String checksum,
                      List<String> classNames, ImagePreparation preparation, TableEncoding table, java.util.Map<String, String> files) {
    /** 8-bit grey levels as the tutorials scale them: pixel / 255, so inputs lie in [0, 1]. */
    public static final float GREY_LEVEL_SCALE = 1f / 255f;

    public Dataset {
        classNames = List.copyOf(classNames);
        files = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(files));
        if ((preparation == null) == (table == null)) {
            throw new IllegalArgumentException("a dataset is images (with their preparation) or a table (with its encoding)");
        }
        if (classNames.size() != classes) {
            throw new IllegalArgumentException(classNames.size() + " class names for " + classes + " classes");
        }
    }

    /** Builds a dataset from four IDX files whose classes are named by their numbers, prepared as digits. */
    public static Dataset of(String name, IdxFile trainImages, IdxFile trainLabels, IdxFile testImages, IdxFile testLabels)
            throws DataException {
        return of(name, trainImages, trainLabels, testImages, testLabels, null, ImagePreparation.DIGIT);
    }

    /**
     * Builds a dataset from four IDX files and checks that they agree with each other and
     * with the class names (null: the labels' numbers).
     */
    public static Dataset of(String name, IdxFile trainImages, IdxFile trainLabels, IdxFile testImages, IdxFile testLabels,
                             List<String> classNames, ImagePreparation preparation) throws DataException {
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
        IdxFile highest = trainLabels;
        for (IdxFile labels : new IdxFile[] {trainLabels, testLabels}) {
            for (byte label : labels.data()) {
                if ((label & 0xff) > maximum) {
                    maximum = label & 0xff;
                    highest = labels;
                }
            }
        }
        int classes = classNames == null ? maximum + 1 : classNames.size();
        if (maximum + 1 < 2) {
            throw new DataException(trainLabels.path(), "every label is 0; a classifier needs at least two classes");
        }
        if (maximum >= classes) {
            throw new DataException(highest.path(), "has label " + maximum + " but the dataset names " + classes + " classes (labels 0 to "
                    + (classes - 1) + ")");
        }
        int features = trainImages.itemSize();
        MessageDigest digest = IdxFile.sha256Digest();
        for (IdxFile file : new IdxFile[] {trainImages, trainLabels, testImages, testLabels}) {
            digest.update(file.sha256().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return new Dataset(name,
                Examples.ofBytes(trainImages.data(), trainLabels.data(), features, GREY_LEVEL_SCALE, trainImages.count()),
                Examples.ofBytes(testImages.data(), testLabels.data(), features, GREY_LEVEL_SCALE, testImages.count()),
                classes, features, java.util.Arrays.copyOfRange(trainImages.dimensions(), 1, trainImages.dimensions().length),
                HexFormat.of().formatHex(digest.digest()), classNames == null ? numbered(classes) : classNames, preparation, null, java.util.Map.of());
    }

    /** This dataset, recording where its files were read. */
    public Dataset withFiles(java.util.Map<String, String> where) {
        return new Dataset(name, train, test, classes, features, imageShape, checksum, classNames, preparation, table, where);
    }

    /** "0", "1", ... for classes known only by their labels. */
    public static List<String> numbered(int classes) {
        return java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList();
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
