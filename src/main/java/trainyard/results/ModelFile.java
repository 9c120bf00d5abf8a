package trainyard.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import trainyard.config.Activation;
import trainyard.config.LayerSpec;
import trainyard.config.LossKind;
import trainyard.config.ModelSpec;
import trainyard.kernels.Kernels;
import trainyard.model.DenseLayer;
import trainyard.model.Network;
import trainyard.model.Parameter;

/**
 * A trained network as a safetensors file (huggingface/safetensors, "format"): 8 bytes
 * little-endian header length, a JSON header naming each tensor's dtype, shape and byte
 * offsets plus a `__metadata__` map of strings, then the raw little-endian float32 data.
 * numpy, PyTorch and the safetensors library open it without Trainyard.
 *
 * <p>Tensors are named as Keras names its weights (`dense_1/kernel` is (inputs, outputs),
 * `dense_1/bias`); the metadata holds what is needed to rebuild the network: the layers
 * with their activations, the input shape and the loss.
 */
public final class ModelFile {
    public static final String FILE_NAME = "model.safetensors";
    /** A header larger than this is not one we wrote; the safetensors library caps it at 100 MB too. */
    private static final long MAX_HEADER_BYTES = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A layer as stored: its width and activation name. */
    public record Layer(int units, String activation) {
    }

    /** One named float32 tensor. */
    public record Tensor(String name, int[] shape, float[] values) {
    }

    /** What a model file holds. */
    public record Model(List<Layer> layers, int[] inputShape, String loss, List<Tensor> tensors) {
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
        metadata.put("layers", JSON.writeValueAsString(model.layers()));
        metadata.put("input_shape", JSON.writeValueAsString(model.inputShape()));
        metadata.put("loss", model.loss());
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

    public static Model read(Path file) throws ModelFileException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file, "no such file (a run saves " + FILE_NAME + " beside result.json when it completes)");
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot be read: " + e.getMessage());
        }
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
        List<Layer> layers;
        int[] inputShape;
        try {
            layers = List.of(JSON.readValue(metadata.path("layers").asText(), Layer[].class));
            inputShape = JSON.readValue(metadata.path("input_shape").asText(), int[].class);
        } catch (JsonProcessingException e) {
            throw new ModelFileException(file, "has no Trainyard metadata (__metadata__.layers and input_shape); it was not written by Trainyard");
        }
        List<Tensor> tensors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = header.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("__metadata__")) {
                continue;
            }
            tensors.add(tensor(file, field.getKey(), field.getValue(), bytes, dataStart));
        }
        return new Model(layers, inputShape, metadata.path("loss").asText("categorical_crossentropy"), tensors);
    }

    private static Tensor tensor(Path file, String name, JsonNode entry, byte[] bytes, int dataStart) throws ModelFileException {
        if (!"F32".equals(entry.path("dtype").asText())) {
            throw new ModelFileException(file, "tensor " + name + " has dtype " + entry.path("dtype") + "; only F32 is supported");
        }
        int[] shape = new int[entry.path("shape").size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = entry.path("shape").get(i).asInt(-1);
            if (shape[i] < 0) {
                throw new ModelFileException(file, "tensor " + name + " has a negative or missing dimension");
            }
            elements *= shape[i];
        }
        long start = entry.path("data_offsets").path(0).asLong(-1);
        long end = entry.path("data_offsets").path(1).asLong(-1);
        if (start < 0 || end != start + elements * Float.BYTES || dataStart + end > bytes.length) {
            throw new ModelFileException(file, "tensor " + name + " has data offsets [" + start + ", " + end + "] that do not fit its shape or the file"
                    + " (is the file truncated?)");
        }
        float[] values = new float[(int) elements];
        ByteBuffer.wrap(bytes, dataStart + (int) start, (int) (end - start)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return new Tensor(name, shape, values);
    }

    /** A trained network as a model file's contents. */
    public static Model of(Network network, int[] inputShape, LossKind loss) {
        List<Layer> layers = new ArrayList<>();
        List<Tensor> tensors = new ArrayList<>();
        for (DenseLayer layer : network.layers()) {
            layers.add(new Layer(layer.outputs(), layer.activation().yamlName()));
            for (Parameter parameter : layer.parameters()) {
                tensors.add(new Tensor(parameter.name(), parameter.shape().clone(), parameter.values().clone()));
            }
        }
        return new Model(layers, inputShape.clone(), loss.yamlName(), tensors);
    }

    /** Rebuilds the network a model file describes, with its weights. */
    public static Network toNetwork(Path file, Model model, Kernels kernels, int maxBatch) throws ModelFileException {
        List<LayerSpec> layers = new ArrayList<>();
        for (Layer layer : model.layers()) {
            Activation activation = java.util.Arrays.stream(Activation.values())
                    .filter(a -> a.yamlName().equals(layer.activation())).findFirst()
                    .orElseThrow(() -> new ModelFileException(file, "unknown activation '" + layer.activation() + "' in the metadata"));
            if (layer.units() < 1) {
                throw new ModelFileException(file, "a layer of " + layer.units() + " units in the metadata");
            }
            layers.add(new LayerSpec(layer.units(), activation));
        }
        if (layers.isEmpty() || model.inputs() < 1) {
            throw new ModelFileException(file, "the metadata describes no layers or no inputs");
        }
        LossKind loss = java.util.Arrays.stream(LossKind.values()).filter(l -> l.yamlName().equals(model.loss())).findFirst()
                .orElse(LossKind.CATEGORICAL_CROSSENTROPY);
        Network network = Network.build(new ModelSpec(layers), loss, model.inputs(), maxBatch, 0, kernels);
        Map<String, Tensor> tensors = byName(model);
        for (Parameter parameter : network.parameters()) {
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
