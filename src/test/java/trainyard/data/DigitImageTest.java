package trainyard.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitImageTest {
    @TempDir
    Path folder;

    /** A thick "7"-like stroke drawn in a corner of a large canvas. */
    static BufferedImage drawing(int size, Color paper, Color ink, int type) {
        BufferedImage image = new BufferedImage(size, size, type);
        Graphics2D g = image.createGraphics();
        g.setColor(paper);
        g.fillRect(0, 0, size, size);
        g.setColor(ink);
        g.fillRect(10, 20, 60, 12);  // the bar
        g.fillRect(55, 20, 12, 100); // the stem
        g.dispose();
        return image;
    }

    static double[] centreOfMass(byte[] pixels) {
        double mass = 0, x = 0, y = 0;
        for (int i = 0; i < pixels.length; i++) {
            int value = pixels[i] & 0xff;
            mass += value;
            x += value * (i % 28 + 0.5);
            y += value * (i / 28 + 0.5);
        }
        return new double[] {x / mass, y / mass};
    }

    @Test
    void blackOnWhiteBecomesCentredWhiteOnBlackInATwentyPixelBox() {
        byte[] pixels = DigitImage.mnistStyle(drawing(200, Color.WHITE, Color.BLACK, BufferedImage.TYPE_INT_RGB));
        assertThat(pixels).hasSize(784);
        int max = 0, top = 28, bottom = -1, left = 28, right = -1;
        for (int i = 0; i < pixels.length; i++) {
            int value = pixels[i] & 0xff;
            max = Math.max(max, value);
            if (value > 0) {
                top = Math.min(top, i / 28);
                bottom = Math.max(bottom, i / 28);
                left = Math.min(left, i % 28);
                right = Math.max(right, i % 28);
            }
        }
        assertThat(max).isEqualTo(255);
        assertThat(Math.max(bottom - top + 1, right - left + 1)).isEqualTo(20);
        assertThat(pixels[0]).isZero(); // the paper became background
        double[] centre = centreOfMass(pixels);
        assertThat(centre[0]).isCloseTo(14, org.assertj.core.data.Offset.offset(0.6));
        assertThat(centre[1]).isCloseTo(14, org.assertj.core.data.Offset.offset(0.6));
    }

    @Test
    void inkColourAndPaperColourDoNotMatterOnlyTheirContrast() {
        byte[] blackOnWhite = DigitImage.mnistStyle(drawing(200, Color.WHITE, Color.BLACK, BufferedImage.TYPE_INT_RGB));
        byte[] whiteOnBlack = DigitImage.mnistStyle(drawing(200, Color.BLACK, Color.WHITE, BufferedImage.TYPE_BYTE_GRAY));
        byte[] blueOnCream = DigitImage.mnistStyle(drawing(200, new Color(250, 245, 230), new Color(20, 30, 160), BufferedImage.TYPE_INT_RGB));
        assertThat(whiteOnBlack).containsExactly(blackOnWhite);
        int differing = 0;
        for (int i = 0; i < 784; i++) {
            differing += Math.abs((blueOnCream[i] & 0xff) - (blackOnWhite[i] & 0xff)) > 8 ? 1 : 0;
        }
        assertThat(differing).isZero();
    }

    @Test
    void transparentBackgroundCountsAsPaperAndABlankImageStaysBlank() throws Exception {
        BufferedImage transparent = new BufferedImage(100, 100, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = transparent.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(40, 10, 10, 70);
        g.dispose();
        Path file = folder.resolve("one.png");
        ImageIO.write(transparent, "png", file.toFile());
        byte[] pixels = DigitImage.read(file);
        assertThat(pixels[14 * 28 + 14] & 0xff).isGreaterThan(200);
        assertThat(DigitImage.mnistStyle(new BufferedImage(30, 30, BufferedImage.TYPE_BYTE_GRAY))).containsOnly((byte) 0);
    }

    @Test
    void unreadableFilesAreNamed() throws Exception {
        Path text = Files.writeString(folder.resolve("notes.png"), "not really a png");
        assertThatThrownBy(() -> DigitImage.read(text)).hasMessage(text + ": is not an image this JDK can read (PNG, JPEG, BMP, GIF)");
        assertThatThrownBy(() -> DigitImage.read(folder.resolve("gone.png"))).hasMessageEndingWith("no such file");
    }
}
