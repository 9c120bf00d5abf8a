package trainyard.kernels;

/**
 * How a window slides over a batch of images stored channels last, (batch, height, width,
 * channels) row-major, as a convolution's kernel or a pooling window does: its size, its
 * strides, the zeros padded before the first row and column, and the output's size.
 * Positions outside the image (padding) read as zero for a convolution and are skipped by
 * pooling.
 */
public record WindowGeometry(int height, int width, int channels, int windowHeight, int windowWidth, int strideHeight, int strideWidth,
                             int padTop, int padLeft, int outputHeight, int outputWidth) {
    public WindowGeometry {
        if (height < 1 || width < 1 || channels < 1 || windowHeight < 1 || windowWidth < 1 || strideHeight < 1 || strideWidth < 1
                || padTop < 0 || padLeft < 0 || outputHeight < 1 || outputWidth < 1) {
            throw new IllegalArgumentException("window geometry with a size below 1: " + this);
        }
        if ((outputHeight - 1) * strideHeight - padTop >= height || (outputWidth - 1) * strideWidth - padLeft >= width) {
            throw new IllegalArgumentException("the last window starts past the image: " + this);
        }
    }

    /** Values in one image. */
    public int imageSize() {
        return height * width * channels;
    }

    /** Output positions per image. */
    public int positions() {
        return outputHeight * outputWidth;
    }

    /** Values in one patch, one window over every channel: (windowHeight, windowWidth, channels). */
    public int patchSize() {
        return windowHeight * windowWidth * channels;
    }

    /** Values in one image's pooled output: (outputHeight, outputWidth, channels). */
    public int pooledSize() {
        return positions() * channels;
    }

    /** The first image row inside output row oy's window. */
    public int firstRow(int oy) {
        return Math.max(0, oy * strideHeight - padTop);
    }

    /** One past the last image row inside output row oy's window. */
    public int endRow(int oy) {
        return Math.min(height, oy * strideHeight - padTop + windowHeight);
    }

    /** The first image column inside output column ox's window. */
    public int firstColumn(int ox) {
        return Math.max(0, ox * strideWidth - padLeft);
    }

    /** One past the last image column inside output column ox's window. */
    public int endColumn(int ox) {
        return Math.min(width, ox * strideWidth - padLeft + windowWidth);
    }
}
