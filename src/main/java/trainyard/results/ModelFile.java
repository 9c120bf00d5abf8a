package trainyard.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import trainyard.config.Activation;
import trainyard.data.Dataset;
import trainyard.files.BoundedFiles;
import trainyard.config.DenseSpec;
import trainyard.config.LayerSpec;
import trainyard.config.LossKind;
import trainyard.config.ModelSpec;
import trainyard.kernels.Kernels;
import trainyard.config.InvalidValueException;
import trainyard.model.Architecture;
import trainyard.model.Network;
import trainyard.model.Shape;
import trainyard.model.Parameter;
import trainyard.model.ShapeMismatch;
import trainyard.model.TensorShape;

/**
 * A trained network as a safetensors file (huggingface/safetensors, "format"): 8 bytes
 * little-endian header length, a JSON header naming each tensor's dtype, shape and byte
 * offsets plus a `__metadata__` map of strings, then the raw little-endian float32 data.
 * numpy, PyTorch and the safetensors library open it without Trainyard.
 *
 * <p>Tensors are named as Keras names its weights (`dense_1/kernel` is (inputs, outputs),
 * `conv2d_1/kernel` (height, width, in, filters), `batch_normalization_1/moving_mean`); the
 * metadata holds what is needed to rebuild the network: the model section in the canonical
 * form an experiment file writes, the input shape and the loss. Which tensors a model
 * must hold, and their shapes, come from its layers' plans.
 */
public final class ModelFile {
    public static final String FILE_NAME = "model.safetensors";
    /** A header larger than this is not one we wrote; the safetensors library caps it at 100 MB too. */
    private static final long MAX_HEADER_BYTES = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** One named float32 tensor. */
    public record Tensor(String name, int[] shape, float[] values) {
    }

    /**
     * What a model file holds: the model section as an experiment writes it, the input shape,
     * the loss and the tensors; the dataset's facts come with it ({@link TrainedOn}), so
     * predict treats an input as training did.
     */
    public record Model(ModelSpec spec, int[] inputShape, String loss, List<Tensor> tensors, TrainedOn trainedOn) {
        public int inputs() {
            int product = 1;
            for (int dimension : inputShape) {
                product *= dimension;
            }
            return product;
        }
    }

    /** A file that is not a model we can use; the message names the file. */
    public static final class ModelFileException extends Exception {
        public ModelFileException(Path file, String message) {
            super(file + ": " + message);
        }
    }

    private ModelFile() {
    }

    public static void write(Path file, Model model) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        ObjectNode metadata = header.putObject("__metadata__");
        metadata.put("format", "pt"); // what the safetensors library expects of a PyTorch-style file
        metadata.put("producer", "trainyard");
        metadata.put("model", JSON.writeValueAsString(model.spec().canonical()));
        metadata.put("input_shape", JSON.writeValueAsString(model.inputShape()));
        metadata.put("loss", model.loss());
        model.trainedOn().writeTo(metadata);
        long offset = 0;
        for (Tensor tensor : model.tensors()) {
            ObjectNode entry = header.putObject(tensor.name());
            entry.put("dtype", "F32");
            var shape = entry.putArray("shape");
            for (int dimension : tensor.shape()) {
                shape.add(dimension);
            }
            long end = offset + (long) tensor.values().length * Float.BYTES;
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] headerBytes = JSON.writeValueAsBytes(header);
        int padding = (8 - headerBytes.length % 8) % 8; // the data then starts 8-byte aligned
        int headerLength = headerBytes.length + padding;
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(8 + headerLength + offset)).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(headerLength);
        buffer.put(headerBytes);
        for (int i = 0; i < padding; i++) {
            buffer.put((byte) ' ');
        }
        for (Tensor tensor : model.tensors()) {
            buffer.asFloatBuffer().put(tensor.values());
            buffer.position(buffer.position() + tensor.values().length * Float.BYTES);
        }
        AtomicFiles.write(file, buffer.array());
    }

    /**
     * Reads and checks a model file before trusting any of it: the file's size against the
     * heap, the header as JSON without duplicate keys, every declared shape as whole
     * positive numbers in checked arithmetic, every tensor's byte range inside the file and
     * overlapping no other, the metadata's layers against the tensors' shapes, and every
     * weight finite. Nothing is allocated from a size the file merely claims.
     */
    public static Model read(Path file) throws ModelFileException {
        byte[] bytes = bytes(file);
        if (bytes.length < 8) {
            throw new ModelFileException(file, "not a safetensors file: " + bytes.length + " bytes, shorter than the 8-byte header length");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > bytes.length - 8) {
            throw new ModelFileException(file, "not a safetensors file: header length " + headerLength + " does not fit a " + bytes.length + "-byte file");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ModelFileException(file, "not a safetensors file: the header is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (header == null || !header.isObject()) {
            throw new ModelFileException(file, "not a safetensors file: the header is not a JSON object");
        }
        int dataStart = 8 + (int) headerLength;
        JsonNode metadata = header.path("__metadata__");
        ModelSpec spec = spec(file, metadata);
        int[] inputShape = TensorEntry.wholeNumbers(file, "__metadata__.input_shape", parseMetadata(file, metadata, "input_shape"));
        int inputs = product(file, "__metadata__.input_shape", inputShape);
        String loss = metadata.path("loss").asText("");
        if (java.util.Arrays.stream(LossKind.values()).noneMatch(kind -> kind.yamlName().equals(loss))) {
            throw new ModelFileException(file, "__metadata__.loss is '" + loss + "'; expected one of "
                    + String.join(", ", java.util.Arrays.stream(LossKind.values()).map(LossKind::yamlName).toList()));
        }
        Map<String, TensorEntry> entries = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = header.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("__metadata__")) {
                entries.put(field.getKey(), TensorEntry.read(file, field.getKey(), field.getValue(), bytes.length - dataStart));
            }
        }
        TensorEntry.requireDisjoint(file, entries);
        requireTensorsOfTheLayers(file, spec, inputShape, entries);
        List<Tensor> tensors = new ArrayList<>();
        for (TensorEntry entry : entries.values()) {
            tensors.add(tensor(file, bytes, dataStart, entry));
        }
        int outputs = spec.outputLayer().units();
        return new Model(spec, inputShape, loss, tensors, TrainedOn.read(file, metadata, inputs, outputs));
    }

    /** The file's bytes, at most a third of the heap. */
    private static byte[] bytes(Path file) throws ModelFileException {
        try {
            return BoundedFiles.read(file, maxModelBytes());
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file, "no such file (a run saves " + FILE_NAME + " beside result.json when it completes)");
        } catch (BoundedFiles.TooLargeException e) {
            throw new ModelFileException(file, "is larger than this JVM can load (" + e.limit() / (1 << 20)
                    + " MiB, a third of its heap); give it a larger -Xmx");
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot be read: " + BoundedFiles.reason(e));
        }
    }

    /** One tensor's floats, each checked finite. */
    private static Tensor tensor(Path file, byte[] bytes, int dataStart, TensorEntry entry) throws ModelFileException {
        float[] values = new float[Math.toIntExact(entry.elements())];
        ByteBuffer.wrap(bytes, dataStart + (int) entry.start(), values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer().get(values);
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new ModelFileException(file, "tensor " + entry.name() + " holds " + values[i] + " at element " + i
                        + "; a model with non-finite weights is corrupt");
            }
        }
        return new Tensor(entry.name(), entry.shape(), values);
    }

    /** A third of the heap: the file's bytes and its floats must both fit, beside the network. */
    private static int maxModelBytes() {
        return (int) Math.min(Integer.MAX_VALUE - 8, Runtime.getRuntime().maxMemory() / 3);
    }

    private static int product(Path file, String what, int[] dimensions) throws ModelFileException {
        int product = 1;
        for (int dimension : dimensions) {
            try {
                product = Math.multiplyExact(product, dimension);
            } catch (ArithmeticException e) {
                throw new ModelFileException(file, what + " " + java.util.Arrays.toString(dimensions) + " has more elements than one array can hold");
            }
        }
        return product;
    }

    /** A metadata value (safetensors metadata are strings) parsed as JSON. */
    static JsonNode parseMetadata(Path file, JsonNode metadata, String key) throws ModelFileException {
        try {
            return JSON.readTree(metadata.path(key).asText(""));
        } catch (JsonProcessingException e) {
            throw new ModelFileException(file, "has no Trainyard metadata (__metadata__.layers and input_shape); it was not written by Trainyard");
        }
    }

    /**
     * The model section: the canonical form under "model", or, in files written before
     * other layer types existed, dense layers under "layers" (units, activation and options)
     * with "input_dropout".
     */
    private static ModelSpec spec(Path file, JsonNode metadata) throws ModelFileException {
        if (metadata.has("model")) {
            try {
                return ModelSpec.fromCanonical(metadata.path("model").asText(""));
            } catch (InvalidValueException e) {
                throw new ModelFileException(file, "__metadata__.model: " + e.rule());
            }
        }
        JsonNode layers = parseMetadata(file, metadata, "layers");
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            throw new ModelFileException(file, "has no Trainyard metadata (__metadata__.model and input_shape); it was not written by Trainyard");
        }
        List<LayerSpec> specs = new ArrayList<>();
        for (JsonNode layer : layers) {
            JsonNode units = layer.path("units");
            if (!units.isIntegralNumber() || !units.canConvertToInt() || units.asInt() < 1 || units.asInt() > DenseSpec.MAX_UNITS) {
                throw new ModelFileException(file, "__metadata__.layers has units " + units + "; expected a whole number from 1 to " + DenseSpec.MAX_UNITS);
            }
            String name = layer.path("activation").asText("");
            Activation activation = java.util.Arrays.stream(Activation.values()).filter(a -> a.yamlName().equals(name)).findFirst()
                    .orElseThrow(() -> new ModelFileException(file, "unknown activation '" + name + "' in the metadata"));
            Double dropout = option(layer, "dropout");
            Double l2 = option(layer, "l2");
            try {
                specs.add(new DenseSpec(units.asInt(), activation, dropout == null ? 0 : dropout, l2 == null ? 0 : l2, option(layer, "max_norm")));
            } catch (InvalidValueException e) {
                throw new ModelFileException(file, "a layer in the metadata has " + e.key() + " that " + e.rule());
            }
        }
        try {
            return new ModelSpec(inputDropout(file, metadata), specs);
        } catch (InvalidValueException e) {
            throw new ModelFileException(file, "the metadata's model has " + e.key() + " that " + e.rule());
        }
    }

    /** The rate of dropout on the inputs in a file of dense layers; 0 when absent. */
    private static double inputDropout(Path file, JsonNode metadata) throws ModelFileException {
        String text = metadata.path("input_dropout").asText("0");
        try {
            double rate = Double.parseDouble(text);
            if (rate >= 0 && rate < 1) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ModelFileException(file, "__metadata__.input_dropout is '" + text + "'; expected a rate in [0, 1)");
    }

    private static Double option(JsonNode layer, String key) {
        JsonNode value = layer.get(key);
        return value == null || !value.isNumber() ? null : value.asDouble();
    }

    /** Every tensor the model's layers save, with exactly the shape its plan gives, and no other. */
    private static void requireTensorsOfTheLayers(Path file, ModelSpec spec, int[] inputShape, Map<String, TensorEntry> entries)
            throws ModelFileException {
        List<TensorShape> expected;
        try {
            expected = Architecture.of(spec, new Shape(inputShape)).tensors();
        } catch (ShapeMismatch e) {
            throw new ModelFileException(file, "the metadata's model does not fit its input " + java.util.Arrays.toString(inputShape)
                    + ": model." + e.key() + ": " + e.getMessage());
        }
        for (TensorShape tensor : expected) {
            requireShape(file, entries, tensor.name(), tensor.dimensions());
        }
    }

    private static void requireShape(Path file, Map<String, TensorEntry> entries, String name, int[] shape) throws ModelFileException {
        TensorEntry entry = entries.get(name);
        if (entry == null || !java.util.Arrays.equals(entry.shape(), shape)) {
            throw new ModelFileException(file, "tensor " + name + " is " + (entry == null ? "missing"
                    : "of shape " + java.util.Arrays.toString(entry.shape())) + "; the metadata's layers need " + java.util.Arrays.toString(shape));
        }
    }

    /** A network trained on a dataset as a model file's contents, with the dataset's facts. */
    public static Model of(Network network, ModelSpec spec, Dataset dataset, LossKind loss) {
        Model model = of(network, spec, dataset.imageShape(), loss);
        return new Model(model.spec(), model.inputShape(), model.loss(), model.tensors(), TrainedOn.of(dataset));
    }

    /** A trained network as a model file's contents: its spec and every saved array; inputs 8-bit grey levels, classes by number. */
    public static Model of(Network network, ModelSpec spec, int[] inputShape, LossKind loss) {
        List<Tensor> tensors = new ArrayList<>();
        for (Parameter parameter : network.savedArrays()) {
            tensors.add(new Tensor(parameter.name(), parameter.shape().clone(), parameter.values().clone()));
        }
        return new Model(spec, inputShape.clone(), loss.yamlName(), tensors, TrainedOn.greyDigits(network.outputs()));
    }

    /** Rebuilds the network a model file describes, with its weights and statistics; its dropout is off in inference. */
    public static Network toNetwork(Path file, Model model, Kernels kernels, int maxBatch) throws ModelFileException {
        if (model.inputs() < 1) {
            throw new ModelFileException(file, "the metadata describes no inputs");
        }
        LossKind loss = java.util.Arrays.stream(LossKind.values()).filter(l -> l.yamlName().equals(model.loss())).findFirst()
                .orElseThrow(() -> new ModelFileException(file, "unknown loss '" + model.loss() + "' in the metadata"));
        Network network;
        try {
            network = Network.build(Architecture.of(model.spec(), new Shape(model.inputShape())), loss, maxBatch, 0, 0, kernels);
        } catch (ShapeMismatch e) {
            throw new ModelFileException(file, "the metadata's model does not fit its input: model." + e.key() + ": " + e.getMessage());
        }
        Map<String, Tensor> tensors = byName(model);
        for (Parameter parameter : network.savedArrays()) {
            Tensor tensor = tensors.get(parameter.name());
            if (tensor == null || !java.util.Arrays.equals(tensor.shape(), parameter.shape())) {
                throw new ModelFileException(file, "tensor " + parameter.name() + " is " + (tensor == null ? "missing"
                        : "of shape " + java.util.Arrays.toString(tensor.shape())) + "; the layers need " + java.util.Arrays.toString(parameter.shape()));
            }
            System.arraycopy(tensor.values(), 0, parameter.values(), 0, parameter.size());
        }
        return network;
    }

    /** The tensors by name. */
    public static Map<String, Tensor> byName(Model model) {
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (Tensor tensor : model.tensors()) {
            map.put(tensor.name(), tensor);
        }
        return map;
    }
}
