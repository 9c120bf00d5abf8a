package trainyard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import trainyard.data.DataException;
import trainyard.data.DigitImage;
import trainyard.data.IdxFile;
import trainyard.data.ImagePreparation;
import trainyard.kernels.Kernels;
import trainyard.model.Network;
import trainyard.results.ModelFile;

/**
 * `trainyard predict MODEL IMAGE...`: the class of each image, its probability and the
 * top 3. PNG, JPEG, BMP and GIF images of any size go through MNIST's preprocessing
 * ({@link DigitImage}); IDX files give every image in them, as they are. An image that
 * cannot be read is reported and the others are still predicted (exit code 2 at the end).
 */
final class PredictCommand {
    private PredictCommand() {
    }

    /** One image ready for the network: its name and its pixels as 0..255 bytes. */
    record Input(String name, byte[] pixels) {
    }

    /** What predict was asked: a model, and images or tables of rows. */
    private record Request(String model, List<String> images, List<Path> tables, boolean json) {
    }

    static int execute(List<String> arguments, PrintStream out, PrintStream err) throws Exception {
        Request request = request(arguments);
        Path modelFile = ModelFolder.modelFile(request.model());
        try (Kernels kernels = Kernels.forThisMachine(1)) {
            ModelFile.Model saved = ModelFile.read(modelFile);
            Network network = ModelFile.toNetwork(modelFile, saved, kernels, 1);
            if (saved.trainedOn().table() != null || !request.tables().isEmpty()) {
                if (saved.trainedOn().table() == null) {
                    throw new UsageException(modelFile + " was trained on images; give it images, not --rows");
                }
                if (!request.images().isEmpty()) {
                    throw new UsageException(modelFile + " was trained on a table; give it rows with --rows FILE.csv, not images");
                }
                return PredictRows.predict(saved, network, request.tables(), request.json(), out, err);
            }
            return images(request, modelFile, saved, network, kernels, out, err);
        }
    }

    private static Request request(List<String> arguments) throws UsageException {
        boolean json = false;
        String model = null;
        List<String> images = new ArrayList<>();
        List<Path> tables = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            switch (argument) {
                case "--json" -> json = true;
                case "--debug" -> { }
                case "--rows" -> tables.add(Path.of(RunCommand.value(arguments, ++i, "--rows")));
                default -> {
                    if (argument.startsWith("-")) {
                        throw new UsageException("unknown option '" + argument + "' for predict");
                    }
                    if (model == null) {
                        model = argument;
                    } else {
                        images.add(argument);
                    }
                }
            }
        }
        if (model == null || (images.isEmpty() && tables.isEmpty())) {
            throw new UsageException("predict needs a model folder and images or table rows, e.g. MODEL=results/relu_adam/RUN_ID"
                    + " IMAGES=\"a.png b.png\", or MODEL=results/weather/RUN_ID ROWS=rows.csv");
        }
        return new Request(model, images, tables, json);
    }

    /** Each image's class (an IDX file's each image's), one line each or one JSON list; an image that cannot be read is one line. */
    private static int images(Request request, Path modelFile, ModelFile.Model saved, Network network, Kernels kernels, PrintStream out,
                              PrintStream err) throws Exception {
        ImagePreparation preparation = ImagePreparation.named(saved.trainedOn().imagePreparation());
        List<String> classNames = saved.trainedOn().classNames();
        if (network.inputs() != DigitImage.SIDE * DigitImage.SIDE) {
            err.println("trainyard: " + modelFile + ": the model takes " + network.inputs() + " inputs; pictures are prepared as "
                    + DigitImage.SIDE + "x" + DigitImage.SIDE + " grey images, so only IDX files with images of " + network.inputs()
                    + " values can be predicted");
        }
        int failures = 0;
        List<Map<String, Object>> results = new ArrayList<>();
        float[] input = new float[network.inputs()];
        for (String image : request.images()) {
            List<Input> inputs;
            try {
                inputs = read(Path.of(image), network.inputs(), preparation);
            } catch (DataException e) {
                err.println("trainyard: " + e.getMessage());
                failures++;
                continue;
            }
            for (Input item : inputs) {
                kernels.unsignedBytesToFloats(item.pixels(), 0, input, 0, input.length, saved.trainedOn().inputScale());
                float[] probabilities = java.util.Arrays.copyOf(network.predict(input, 1), network.outputs());
                if (!allFinite(probabilities)) { // finite weights can still overflow; JSON never carries NaN
                    err.println("trainyard: " + item.name() + ": the model's outputs are not finite numbers for this image");
                    failures++;
                    continue;
                }
                int predicted = trainyard.train.Trainer.argmax(probabilities, 0, probabilities.length);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("image", item.name());
                row.put("class", predicted);
                row.put("class_name", classNames.get(predicted));
                row.put("probabilities", probabilities);
                results.add(row);
                if (!request.json()) {
                    out.println(describe(item.name(), probabilities, classNames));
                }
            }
        }
        if (request.json()) {
            out.println(new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results));
        }
        return failures == 0 ? ExitCode.OK : ExitCode.BAD_INPUT;
    }

    private static boolean allFinite(float[] values) {
        for (float value : values) {
            if (!Float.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    /** An IDX file gives all its images as they are; any other file is one picture to prepare. */
    static List<Input> read(Path path, int inputs, ImagePreparation preparation) throws DataException {
        if (looksLikeIdx(path)) {
            IdxFile file = IdxFile.read(path);
            if (file.dimensions().length < 2 || file.itemSize() != inputs) {
                throw new DataException(path, "holds " + (file.dimensions().length < 2 ? "labels, not images"
                        : "images of " + file.itemSize() + " pixels") + "; the model takes " + inputs);
            }
            List<Input> inputsList = new ArrayList<>();
            for (int i = 0; i < file.count(); i++) {
                inputsList.add(new Input(path + "[" + i + "]", java.util.Arrays.copyOfRange(file.data(), i * inputs, (i + 1) * inputs)));
            }
            return inputsList;
        }
        if (inputs != DigitImage.SIDE * DigitImage.SIDE) {
            throw new DataException(path, "the model takes " + inputs + " inputs, not a 28x28 image");
        }
        return List.of(new Input(path.toString(), DigitImage.read(path, preparation)));
    }

    /** IDX files start with two zero bytes and the type 0x08, gzipped ones with 1f 8b; no image format does either. */
    private static boolean looksLikeIdx(Path path) {
        if (!Files.isRegularFile(path)) {
            return false; // DigitImage.read names what it is
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] start = in.readNBytes(3);
            return start.length == 3 && ((start[0] == 0 && start[1] == 0 && start[2] == 0x08)
                    || ((start[0] & 0xff) == 0x1f && (start[1] & 0xff) == 0x8b));
        } catch (IOException e) {
            return false; // DigitImage.read will name the fault
        }
    }

    /** "a.png: 7 (0.998)  top 3: 7 0.998, 2 0.001, 3 0.000", each class by its name. */
    static String describe(String name, float[] probabilities, List<String> classNames) {
        Integer[] order = new Integer[probabilities.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Float.compare(probabilities[y], probabilities[x]));
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %s (%.3f)  top 3:", name, classNames.get(order[0]), probabilities[order[0]]));
        for (int i = 0; i < Math.min(3, order.length); i++) {
            line.append(String.format(Locale.ROOT, " %s %.3f%s", classNames.get(order[i]), probabilities[order[i]], i < 2 && i + 1 < order.length ? "," : ""));
        }
        return line.toString();
    }
}
