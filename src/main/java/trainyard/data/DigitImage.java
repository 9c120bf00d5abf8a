package trainyard.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns a picture of one digit (a scan, a photo, a drawing in a paint program) into a
 * 28x28 MNIST-style image, the way MNIST itself was made (LeCun et al., "The MNIST
 * database", yann.lecun.com/exdb/mnist): the digit is cropped, scaled to fit a 20x20
 * box with its aspect ratio kept (anti-aliased), and placed in 28x28 so that its centre
 * of mass is at the centre. Before that: grey levels from the colours (transparent
 * counts as paper), inverted when the background is light (black ink on white paper
 * becomes MNIST's white on black), background subtracted and contrast stretched.
 *
 * <p>Also an object's picture as Fashion-MNIST's were made ({@link #objectStyle}). Deliberately
 * not a general image library: one digit or object per image, no rotation or deskew.
 */
public final class DigitImage {
    public static final int SIDE = 28;
    static final int BOX = 20;

    private DigitImage() {
    }

    /**
     * Images larger than this are decoded at every n-th row and column (ImageIO's source
     * subsampling, which never holds the whole image): 4 million pixels are 16 MB as ARGB,
     * and a digit needs far fewer. A 12000x12000 PNG of 140 KB would otherwise take 576 MB.
     */
    static final long MAX_DECODED_PIXELS = 4_000_000;
    /** Larger images are refused from their header: even subsampled, decoding them takes too long. */
    static final long MAX_SOURCE_PIXELS = 100_000_000;
    /**
     * Longer sides are refused from the header too: a 99,999,999 x 1 strip passes the pixel
     * budget, yet subsampling by area leaves a row of 20 million pixels to decode and scale.
     * 30,000 is past any camera's side (a 100-megapixel sensor is 11,648 wide).
     */
    static final long MAX_SIDE = 30_000;

    /** Reads an image file the JDK's ImageIO can decode (PNG, JPEG, BMP, GIF) and prepares it as MNIST's digits were. */
    public static byte[] read(Path path) throws DataException {
        return read(path, ImagePreparation.DIGIT);
    }

    /** Reads an image file the JDK's ImageIO can decode (PNG, JPEG, BMP, GIF), within the pixel budget above. */
    public static byte[] read(Path path, ImagePreparation preparation) throws DataException {
        if (Files.isDirectory(path)) {
            throw new DataException(path, "is a folder, not an image");
        }
        if (!Files.exists(path)) {
            throw new DataException(path, "no such file");
        }
        if (!Files.isRegularFile(path)) {
            throw new DataException(path, "is not a regular file (a pipe, socket or device)");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(path.toFile())) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DataException(path, "is not an image this JDK can read (PNG, JPEG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width > MAX_SIDE || height > MAX_SIDE) {
                    throw new DataException(path, "is " + width + "x" + height + " pixels; each side is read up to " + MAX_SIDE
                            + " pixels (scale it down first)");
                }
                if (width * height > MAX_SOURCE_PIXELS) {
                    throw new DataException(path, "is " + width + "x" + height + " pixels; at most " + MAX_SOURCE_PIXELS / 1_000_000
                            + " million are read (scale it down first)");
                }
                ImageReadParam parameters = reader.getDefaultReadParam();
                if (width * height > MAX_DECODED_PIXELS) {
                    int step = (int) Math.ceil(Math.sqrt((double) (width * height) / MAX_DECODED_PIXELS));
                    parameters.setSourceSubsampling(step, step, 0, 0);
                }
                return preparation.prepare(reader.read(0, parameters));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // ImageIO wraps decoder faults ("Caught exception during read: "), whose own message says what was wrong.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String reason = cause.getMessage() == null || cause.getMessage().isBlank() ? cause.getClass().getSimpleName() : cause.getMessage();
            throw new DataException(path, "cannot be read as an image: " + reason);
        }
    }

    /** 28x28 bytes, row by row, 0 = background, 255 = full ink. */
    public static byte[] mnistStyle(BufferedImage image) {
        int width = image.getWidth();
        float[] ink = inkLevels(image);
        // The ink's box, ignoring faint noise below 10% of the darkest stroke.
        Crop crop = Crop.of(ink, width, image.getHeight(), 0.1f);
        if (crop == null) {
            return new byte[SIDE * SIDE]; // a blank page stays blank
        }
        int cropWidth = crop.width();
        int cropHeight = crop.height();
        double scale = (double) BOX / Math.max(cropWidth, cropHeight);
        int boxWidth = Math.max(1, (int) Math.round(cropWidth * scale));
        int boxHeight = Math.max(1, (int) Math.round(cropHeight * scale));
        float[] box = resample(ink, width, crop.left(), crop.top(), cropWidth, cropHeight, boxWidth, boxHeight);

        // Centre of mass of the scaled digit, then the shift that puts it at the centre.
        double mass = 0, sumX = 0, sumY = 0;
        for (int y = 0; y < boxHeight; y++) {
            for (int x = 0; x < boxWidth; x++) {
                double value = box[y * boxWidth + x];
                mass += value;
                sumX += value * (x + 0.5);
                sumY += value * (y + 0.5);
            }
        }
        int offsetX = (int) Math.round(SIDE / 2.0 - sumX / mass);
        int offsetY = (int) Math.round(SIDE / 2.0 - sumY / mass);
        float boxMaximum = 0;
        for (float value : box) {
            boxMaximum = Math.max(boxMaximum, value);
        }
        byte[] result = new byte[SIDE * SIDE];
        for (int y = 0; y < boxHeight; y++) {
            for (int x = 0; x < boxWidth; x++) {
                int targetX = x + offsetX;
                int targetY = y + offsetY;
                if (targetX >= 0 && targetX < SIDE && targetY >= 0 && targetY < SIDE) {
                    result[targetY * SIDE + targetX] = (byte) Math.round(255f * box[y * boxWidth + x] / boxMaximum);
                }
            }
        }
        return result;
    }

    /**
     * 28x28 bytes of an object's picture as Fashion-MNIST's were made: cropped to what is not
     * background, its longer side scaled to 28 with the aspect ratio kept, centred by its box
     * (not its mass: a bag's handle would pull it off centre), contrast stretched.
     */
    public static byte[] objectStyle(BufferedImage image) {
        int width = image.getWidth();
        float[] ink = inkLevels(image);
        // The object's box: a garment's faint edges count from 5% of its darkest part.
        Crop crop = Crop.of(ink, width, image.getHeight(), 0.05f);
        if (crop == null) {
            return new byte[SIDE * SIDE];
        }
        int cropWidth = crop.width();
        int cropHeight = crop.height();
        double scale = (double) SIDE / Math.max(cropWidth, cropHeight);
        int boxWidth = Math.max(1, Math.min(SIDE, (int) Math.round(cropWidth * scale)));
        int boxHeight = Math.max(1, Math.min(SIDE, (int) Math.round(cropHeight * scale)));
        float[] box = resample(ink, width, crop.left(), crop.top(), cropWidth, cropHeight, boxWidth, boxHeight);
        float boxMaximum = 0;
        for (float value : box) {
            boxMaximum = Math.max(boxMaximum, value);
        }
        byte[] result = new byte[SIDE * SIDE];
        int offsetX = (SIDE - boxWidth) / 2;
        int offsetY = (SIDE - boxHeight) / 2;
        for (int y = 0; y < boxHeight; y++) {
            for (int x = 0; x < boxWidth; x++) {
                result[(y + offsetY) * SIDE + x + offsetX] = (byte) Math.round(255f * box[y * boxWidth + x] / boxMaximum);
            }
        }
        return result;
    }

    /** The box around the ink above {@code share} of the strongest ink; null for a blank page. */
    record Crop(int left, int top, int right, int bottom) {
        int width() {
            return right - left + 1;
        }

        int height() {
            return bottom - top + 1;
        }

        static Crop of(float[] ink, int width, int height, float share) {
            float maximum = 0;
            for (float value : ink) {
                maximum = Math.max(maximum, value);
            }
            if (maximum <= 0) {
                return null;
            }
            int left = width, right = -1, top = height, bottom = -1;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    if (ink[y * width + x] > share * maximum) {
                        left = Math.min(left, x);
                        right = Math.max(right, x);
                        top = Math.min(top, y);
                        bottom = Math.max(bottom, y);
                    }
                }
            }
            return new Crop(left, top, right, bottom);
        }
    }

    /**
     * Ink per pixel in [0, 1]: luminance (ITU-R BT.601 weights), alpha composited over
     * white paper, inverted when the border (the background) is light, background level
     * subtracted.
     */
    static float[] inkLevels(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        float[] gray = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int argb = image.getRGB(x, y);
                float alpha = (argb >>> 24) / 255f;
                float luminance = (0.299f * ((argb >> 16) & 0xff) + 0.587f * ((argb >> 8) & 0xff) + 0.114f * (argb & 0xff)) / 255f;
                gray[y * width + x] = alpha * luminance + (1 - alpha);
            }
        }
        float background = borderMedian(gray, width, height);
        boolean lightBackground = background > 0.5f;
        float paper = lightBackground ? 1 - background : background;
        for (int i = 0; i < gray.length; i++) {
            float ink = lightBackground ? 1 - gray[i] : gray[i];
            gray[i] = Math.max(0f, ink - paper);
        }
        return gray;
    }

    private static float borderMedian(float[] gray, int width, int height) {
        java.util.List<Float> border = new java.util.ArrayList<>();
        for (int x = 0; x < width; x++) {
            border.add(gray[x]);
            border.add(gray[(height - 1) * width + x]);
        }
        for (int y = 0; y < height; y++) {
            border.add(gray[y * width]);
            border.add(gray[y * width + width - 1]);
        }
        java.util.Collections.sort(border);
        return border.get(border.size() / 2);
    }

    /**
     * Area-averaging resample of the crop (left, top, cropWidth x cropHeight) of source to
     * targetWidth x targetHeight: each target pixel is the mean of the source area it covers,
     * with fractional pixels weighted by how much of them it covers: anti-aliased when
     * shrinking (the usual case), close to nearest-neighbour when enlarging a tiny drawing.
     */
    static float[] resample(float[] source, int sourceWidth, int left, int top, int cropWidth, int cropHeight,
                            int targetWidth, int targetHeight) {
        float[] target = new float[targetWidth * targetHeight];
        double stepX = (double) cropWidth / targetWidth;
        double stepY = (double) cropHeight / targetHeight;
        for (int ty = 0; ty < targetHeight; ty++) {
            double y0 = ty * stepY;
            double y1 = y0 + stepY;
            for (int tx = 0; tx < targetWidth; tx++) {
                double x0 = tx * stepX;
                double x1 = x0 + stepX;
                double sum = 0;
                double area = 0;
                for (int sy = (int) Math.floor(y0); sy < Math.min(cropHeight, (int) Math.ceil(y1)); sy++) {
                    double coverY = Math.min(y1, sy + 1) - Math.max(y0, sy);
                    for (int sx = (int) Math.floor(x0); sx < Math.min(cropWidth, (int) Math.ceil(x1)); sx++) {
                        double coverX = Math.min(x1, sx + 1) - Math.max(x0, sx);
                        double weight = coverX * coverY;
                        sum += weight * source[(top + sy) * sourceWidth + left + sx];
                        area += weight;
                    }
                }
                target[ty * targetWidth + tx] = area == 0 ? 0f : (float) (sum / area);
            }
        }
        return target;
    }
}
