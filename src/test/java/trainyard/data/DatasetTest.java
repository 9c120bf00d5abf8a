package trainyard.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
    @TempDir
    Path folder;

    static IdxFile file(String name, int[] dimensions, byte[] data) throws DataException {
        return IdxFile.parse(Path.of(name), SyntheticIdx.idx(dimensions, data), "0".repeat(64));
    }

    @Test
    void classesAreTheLargestLabelPlusOneAndFeaturesTheImageSize() throws Exception {
        Path[] files = SyntheticIdx.write(folder, 50, 20, 3, 6, 1);
        Dataset dataset = Dataset.of("toy", IdxFile.read(files[0]), IdxFile.read(files[1]), IdxFile.read(files[2]), IdxFile.read(files[3]));
        assertThat(dataset.classes()).isEqualTo(3);
        assertThat(dataset.features()).isEqualTo(36);
        assertThat(dataset.train().count()).isEqualTo(50);
        assertThat(dataset.checksum()).hasSize(64);
    }

    @Test
    void refusesImagesAndLabelsThatDisagree() throws Exception {
        IdxFile images = file("images", new int[] {2, 2, 2}, new byte[8]);
        IdxFile threeLabels = file("labels", new int[] {3}, new byte[] {0, 1, 1});
        IdxFile twoLabels = file("labels", new int[] {2}, new byte[] {0, 1});
        assertThatThrownBy(() -> Dataset.of("x", images, threeLabels, images, twoLabels))
                .hasMessage("labels: has 3 labels but images has 2 images");
        IdxFile wider = file("wide", new int[] {2, 3, 3}, new byte[18]);
        assertThatThrownBy(() -> Dataset.of("x", images, twoLabels, wider, twoLabels)).hasMessageContaining("must have the same shape");
        // The same number of pixels, another shape: 2x4 against 2x2x2's 2x2 is refused too (28x28 against 14x56 was accepted).
        IdxFile sameSizeOtherShape = file("flat", new int[] {2, 1, 4}, new byte[8]);
        assertThatThrownBy(() -> Dataset.of("x", images, twoLabels, sameSizeOtherShape, twoLabels))
                .hasMessage("flat: each image is 1x4 but each training image (images) is 2x2; both must have the same shape");
        assertThatThrownBy(() -> Dataset.of("x", images, images, images, twoLabels)).hasMessageContaining("expected a labels file");
    }

    @Test
    void targetsAreOneHotAndRowsAreAddressedInPlace() throws Exception {
        IdxFile images = file("images", new int[] {2, 1, 2}, new byte[] {0, (byte) 255, 51, 102});
        IdxFile labels = file("labels", new int[] {2}, new byte[] {1, 0});
        Dataset dataset = Dataset.of("x", images, labels, images, labels);
        float[] targets = new float[4];
        dataset.train().fillTargets(new int[] {1, 0}, 0, 2, 2, targets);
        assertThat(targets).containsExactly(1f, 0f, 0f, 1f);
        assertThat(dataset.train().pixelOffset(1)).isEqualTo(2);
        Examples last = dataset.train().slice(1, 2);
        assertThat(last.count()).isEqualTo(1);
        assertThat(last.label(0)).isEqualTo(0);
    }
}
