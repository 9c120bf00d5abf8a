package trainyard.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderTest {
    @TempDir
    Path folder;

    @Test
    void theVariableWinsThenTheCheckoutThenTheWorkingDirectory() {
        assertThat(DataFolder.standard("/cache", "/checkout")).isEqualTo(Path.of("/cache"));
        assertThat(DataFolder.standard("", "/checkout")).isEqualTo(Path.of("/checkout/data"));
        assertThat(DataFolder.standard(null, null)).isEqualTo(Path.of("data"));
    }

    @Test
    void aRecordedFileIsReadWhileItIsThereAndTheWrittenPathOtherwise() throws Exception {
        Path recorded = Files.writeString(folder.resolve("train.csv"), "a,b\n");
        Path written = Path.of("elsewhere/train.csv");
        assertThat(DataFolder.locate(written, folder, Map.of(written.toString(), recorded.toString()))).isEqualTo(recorded);
        assertThat(DataFolder.locate(written, folder, Map.of(written.toString(), folder.resolve("gone.csv").toString()))).isEqualTo(written);
        assertThat(DataFolder.locate(written, folder, Map.of())).isEqualTo(written);
    }

    @Test
    void aMissingKnownTableIsFoundInTheDataFolder() {
        Path written = Path.of("no-such-folder/seattle-weather.csv");
        assertThat(DataFolder.locate(written, folder, Map.of())).isEqualTo(folder.resolve("seattle-weather.csv"));
    }
}
