package trainyard.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fashion-MNIST as Debian ships it (four gzipped IDX files), read in place; .ci/run installs the package. */
class FashionMnistTest {
    @TempDir
    Path folder;

    static boolean installed() {
        return FashionMnist.locate(List.of(FashionMnist.SYSTEM_FOLDER)) != null;
    }

    @Test
    void theRealFilesAreReadGzippedVerifiedAndNamed() throws Exception {
        assumeTrue(installed(), "Debian's dataset-fashion-mnist is not installed (.ci/run and 'make data DATASET=fashion_mnist' install it)");
        Dataset fashion = FashionMnist.load(folder.resolve("no-data-folder"));
        assertThat(fashion.train().count()).isEqualTo(60_000);
        assertThat(fashion.test().count()).isEqualTo(10_000);
        assertThat(fashion.imageShape()).containsExactly(28, 28);
        assertThat(fashion.classNames()).containsExactly("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                "Sneaker", "Bag", "Ankle boot");
        assertThat(fashion.preparation()).isEqualTo(ImagePreparation.OBJECT);
        int[] counts = new int[10];
        for (int i = 0; i < fashion.train().count(); i++) {
            counts[fashion.train().label(i)]++;
        }
        assertThat(counts).containsOnly(6_000); // the paper's balanced classes
        assertThat(fashion.train().scale()).isEqualTo(1f / 255f);
    }

    @Test
    void filesThatAreNotFashionMnistAreNamedWithTheirSums() throws Exception {
        Path[] synthetic = SyntheticIdx.write(folder, 20, 10, 10, 28, 1);
        Path local = Files.createDirectories(folder.resolve("data").resolve(FashionMnist.NAME));
        String[] names = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
        for (int i = 0; i < 4; i++) {
            Files.copy(synthetic[i], local.resolve(names[i]));
        }
        assertThatThrownBy(() -> FashionMnist.load(folder.resolve("data")))
                .hasMessageStartingWith(local.resolve(names[0]) + ": has SHA-256 ")
                .hasMessageContaining("expected c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888 (Fashion-MNIST's train-images-idx3-ubyte)");
    }

    @Test
    void missingFilesSayWhereTheyWereLookedForAndHowToGetThem() {
        List<Path> nowhere = List.of(folder.resolve("a"), folder.resolve("b"));
        assertThatThrownBy(() -> FashionMnist.load(nowhere))
                .hasMessage("Fashion-MNIST is not in " + folder.resolve("a") + " or " + folder.resolve("b")
                        + "; 'make data DATASET=fashion_mnist' installs Debian's package dataset-fashion-mnist where it can, or put the four"
                        + " files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, gzipped"
                        + " or not) in " + folder.resolve("a"));
    }

    @Test
    void classNamesMustCoverEveryLabel() throws Exception {
        Path[] files = SyntheticIdx.write(folder, 30, 10, 3, 4, 2);
        assertThatThrownBy(() -> Dataset.of("idx", IdxFile.read(files[0]), IdxFile.read(files[1]), IdxFile.read(files[2]),
                IdxFile.read(files[3]), List.of("cat", "dog"), ImagePreparation.DIGIT))
                .hasMessageEndingWith("has label 2 but the dataset names 2 classes (labels 0 to 1)");
        Dataset named = Dataset.of("idx", IdxFile.read(files[0]), IdxFile.read(files[1]), IdxFile.read(files[2]),
                IdxFile.read(files[3]), List.of("cat", "dog", "bird", "fish"), ImagePreparation.DIGIT);
        assertThat(named.classes()).isEqualTo(4); // a class no example has is still a class the model may predict
        assertThat(named.classNames()).containsExactly("cat", "dog", "bird", "fish");
    }
}
