package trainyard.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import trainyard.data.Dataset;
import trainyard.data.ImagePreparation;
import trainyard.data.TableEncoding;

/**
 * What a model was trained on, as its model file records it, so that predict and evaluate
 * treat an input as training did: the scale a stored value is multiplied by, one name per
 * output, and how a new picture is prepared ({@link ImagePreparation#jsonName()}) or, for a
 * table, how a row is encoded. A file written before these existed means 8-bit grey
 * images scaled by 1/255, classes named by their numbers, prepared as MNIST's digits.
 *
 * @param imagePreparation null for a table
 * @param table            null for images
 */
public record TrainedOn(float inputScale, List<String> classNames, String imagePreparation, TableEncoding table) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public TrainedOn {
        classNames = List.copyOf(classNames);
    }

    public static TrainedOn of(Dataset dataset) {
        return new TrainedOn(dataset.train().scale(), dataset.classNames(),
                dataset.preparation() == null ? null : dataset.preparation().jsonName(), dataset.table());
    }

    /** MNIST's kind: what every model file written before datasets had facts was trained on. */
    public static TrainedOn greyDigits(int outputs) {
        return new TrainedOn(Dataset.GREY_LEVEL_SCALE, Dataset.numbered(outputs), ImagePreparation.DIGIT.jsonName(), null);
    }

    void writeTo(ObjectNode metadata) throws JsonProcessingException {
        metadata.put("input_scale", Float.toString(inputScale));
        metadata.put("class_names", JSON.writeValueAsString(classNames));
        if (imagePreparation != null) {
            metadata.put("image_preparation", imagePreparation);
        }
        if (table != null) {
            metadata.put("table", JSON.writeValueAsString(table));
        }
    }

    /** The facts in a model file's metadata, each checked against the model's inputs and outputs. */
    static TrainedOn read(Path file, JsonNode metadata, int inputs, int outputs) throws ModelFile.ModelFileException {
        TableEncoding table = table(file, metadata, inputs);
        return new TrainedOn(inputScale(file, metadata), classNames(file, metadata, outputs),
                table == null ? imagePreparation(file, metadata) : null, table);
    }

    /** A table's encoding, checked against the model's inputs; null for an image model. */
    private static TableEncoding table(Path file, JsonNode metadata, int inputs) throws ModelFile.ModelFileException {
        if (!metadata.has("table")) {
            return null;
        }
        TableEncoding table;
        try {
            table = JSON.readValue(metadata.path("table").asText(""), TableEncoding.class);
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            table = null;
        }
        if (table == null || table.target() == null || table.columns() == null || table.columns().isEmpty()
                || table.columns().stream().anyMatch(c -> c == null || c.name() == null || (c.isNumeric()
                        ? c.mean() == null || c.deviation() == null || !Double.isFinite(c.mean()) || !(c.deviation() > 0)
                        : c.categories().stream().anyMatch(java.util.Objects::isNull)))
                || table.features() != inputs) {
            throw new ModelFile.ModelFileException(file, "__metadata__.table is not a table encoding of the model's " + inputs + " inputs");
        }
        return table;
    }

    /** Files written before datasets had a scale all held 8-bit grey images. */
    private static float inputScale(Path file, JsonNode metadata) throws ModelFile.ModelFileException {
        if (!metadata.has("input_scale")) {
            return Dataset.GREY_LEVEL_SCALE;
        }
        String text = metadata.path("input_scale").asText("");
        try {
            float scale = Float.parseFloat(text);
            if (Float.isFinite(scale) && scale > 0) {
                return scale;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ModelFile.ModelFileException(file, "__metadata__.input_scale is '" + text + "'; expected a finite number > 0");
    }

    /** One name per output; files written before class names existed named classes by their numbers. */
    private static List<String> classNames(Path file, JsonNode metadata, int outputs) throws ModelFile.ModelFileException {
        if (!metadata.has("class_names")) {
            return Dataset.numbered(outputs);
        }
        JsonNode names = ModelFile.parseMetadata(file, metadata, "class_names");
        List<String> list = new ArrayList<>();
        if (names.isArray()) {
            for (JsonNode name : names) {
                if (!name.isTextual()) {
                    list = null;
                    break;
                }
                list.add(name.asText());
            }
        }
        if (!names.isArray() || list == null || list.size() != outputs) {
            throw new ModelFile.ModelFileException(file, "__metadata__.class_names is not a list of " + outputs + " names, one per output");
        }
        return list;
    }

    private static String imagePreparation(Path file, JsonNode metadata) throws ModelFile.ModelFileException {
        String name = metadata.path("image_preparation").asText(ImagePreparation.DIGIT.jsonName());
        if (ImagePreparation.named(name) == null) {
            throw new ModelFile.ModelFileException(file, "__metadata__.image_preparation is '" + name + "'; expected one of "
                    + String.join(", ", java.util.Arrays.stream(ImagePreparation.values()).map(ImagePreparation::jsonName).toList()));
        }
        return name;
    }
}
