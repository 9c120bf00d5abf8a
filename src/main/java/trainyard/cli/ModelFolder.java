package trainyard.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import trainyard.kernels.Kernels;
import trainyard.model.Network;
import trainyard.results.ModelFile;

/** A run's folder as a model: MODEL=results/NAME/RUN_ID (or the model.safetensors in it). */
final class ModelFolder {
    private ModelFolder() {
    }

    static Path modelFile(String argument) {
        Path path = Path.of(argument);
        return Files.isDirectory(path) ? path.resolve(ModelFile.FILE_NAME) : path;
    }

    /** The network with its trained weights. */
    static Network load(Path modelFile, Kernels kernels, int maxBatch) throws ModelFile.ModelFileException {
        ModelFile.Model model = ModelFile.read(modelFile);
        return ModelFile.toNetwork(modelFile, model, kernels, maxBatch);
    }
}
