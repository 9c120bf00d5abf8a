package trainyard.data;

import java.awt.image.BufferedImage;

/**
 * How one new picture (a photo, a drawing) becomes an input like the dataset's own images:
 * the way the dataset's images were made, so a model sees at prediction what it saw in
 * training. Recorded in the model file by its {@link #jsonName()}.
 */
public enum ImagePreparation {
    /**
     * MNIST's: the digit cropped, fitted into a 20x20 box and centred by its mass in 28x28
     * (LeCun et al., "The MNIST database").
     */
    DIGIT("digit") {
        @Override
        public byte[] prepare(BufferedImage image) {
            return DigitImage.mnistStyle(image);
        }
    },
    /**
     * Fashion-MNIST's: the object cropped, its longer side scaled to 28 and the whole centred
     * (Xiao et al., "Fashion-MNIST", arXiv:1708.07747, section 2: trimmed, resized, centred,
     * negated), light objects on black.
     */
    OBJECT("object") {
        @Override
        public byte[] prepare(BufferedImage image) {
            return DigitImage.objectStyle(image);
        }
    };

    private final String jsonName;

    ImagePreparation(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** 28x28 bytes, row by row, 0 = background. */
    public abstract byte[] prepare(BufferedImage image);

    /** The preparation of this name; null for a name no version wrote. */
    public static ImagePreparation named(String name) {
        for (ImagePreparation preparation : values()) {
            if (preparation.jsonName.equals(name)) {
                return preparation;
            }
        }
        return null;
    }
}
