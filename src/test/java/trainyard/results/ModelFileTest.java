package trainyard.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.config.Activation;
import trainyard.config.DenseSpec;
import trainyard.config.LayerSpec;
import trainyard.config.LossKind;
import trainyard.config.ModelSpec;
import trainyard.kernels.PlainKernels;
import trainyard.model.Network;
import trainyard.model.Parameter;

class ModelFileTest {
    static final ModelSpec SPEC = new ModelSpec(List.of(new DenseSpec(5, Activation.TANH), new DenseSpec(3, Activation.SOFTMAX)));

    @TempDir
    Path folder;

    Network network() {
        return Network.build(SPEC, LossKind.CATEGORICAL_CROSSENTROPY, 6, 4, 11, new PlainKernels());
    }

    @Test
    void roundTripIsBitExact() throws Exception {
        Network original = network();
        original.parameters().get(1).values()[2] = Float.MIN_VALUE; // a denormal survives too
        Path file = folder.resolve(ModelFile.FILE_NAME);
        ModelFile.write(file, ModelFile.of(original, SPEC, new int[] {2, 3}, LossKind.CATEGORICAL_CROSSENTROPY));
        Network loaded = ModelFile.toNetwork(file, ModelFile.read(file), new PlainKernels(), 4);
        for (int i = 0; i < original.parameters().size(); i++) {
            Parameter expected = original.parameters().get(i);
            Parameter actual = loaded.parameters().get(i);
            assertThat(actual.name()).isEqualTo(expected.name());
            assertThat(actual.shape()).containsExactly(expected.shape());
            for (int k = 0; k < expected.size(); k++) {
                assertThat(Float.floatToRawIntBits(actual.values()[k])).isEqualTo(Float.floatToRawIntBits(expected.values()[k]));
            }
        }
        assertThat(((trainyard.model.Dense) loaded.layers().get(0)).activation()).isEqualTo(Activation.TANH);
        assertThat(loaded.inputs()).isEqualTo(6);
    }

    /** Decodes the file with nothing of ours: Jackson for the header, a ByteBuffer for the data. */
    @Test
    void anIndependentReaderFindsTheSafetensorsLayout() throws Exception {
        Network original = network();
        Path file = folder.resolve(ModelFile.FILE_NAME);
        ModelFile.write(file, ModelFile.of(original, SPEC, new int[] {2, 3}, LossKind.CATEGORICAL_CROSSENTROPY));
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat((8 + headerLength) % 8).isZero();
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        JsonNode kernel = header.get("dense_1/kernel");
        assertThat(kernel.get("dtype").asText()).isEqualTo("F32");
        assertThat(kernel.get("shape").toString()).isEqualTo("[6,5]");
        long start = kernel.get("data_offsets").get(0).asLong();
        long end = kernel.get("data_offsets").get(1).asLong();
        assertThat(end - start).isEqualTo(6 * 5 * 4);
        float[] values = new float[30];
        ByteBuffer.wrap(bytes, (int) (8 + headerLength + start), 120).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        assertThat(values).containsExactly(original.parameters().get(0).values());
        JsonNode metadata = header.get("__metadata__");
        assertThat(metadata.get("input_shape").asText()).isEqualTo("[2,3]");
        assertThat(metadata.get("model").asText()).isEqualTo("{\"layers\":[{\"dense\":5,\"activation\":\"tanh\"},{\"dense\":3,\"activation\":\"softmax\"}]}");
        // The last tensor ends exactly at the end of the file.
        long last = 0;
        for (var field : (Iterable<java.util.Map.Entry<String, JsonNode>>) header::fields) {
            if (!field.getKey().equals("__metadata__")) {
                last = Math.max(last, field.getValue().get("data_offsets").get(1).asLong());
            }
        }
        assertThat(8 + headerLength + last).isEqualTo(bytes.length);
    }

    @Test
    void damagedFilesAreNamedWithTheirFault() throws Exception {
        Path file = folder.resolve(ModelFile.FILE_NAME);
        ModelFile.write(file, ModelFile.of(network(), SPEC, new int[] {6}, LossKind.MEAN_SQUARED_ERROR));
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = Files.write(folder.resolve("truncated.safetensors"), Arrays.copyOf(bytes, bytes.length - 10));
        assertThatThrownBy(() -> ModelFile.read(truncated)).hasMessageStartingWith(truncated + ": tensor").hasMessageContaining("truncated");
        Path garbage = Files.writeString(folder.resolve("garbage.safetensors"), "hello, this is not a model at all");
        assertThatThrownBy(() -> ModelFile.read(garbage)).hasMessageContaining("not a safetensors file");
        Path missing = folder.resolve("nothing.safetensors");
        assertThatThrownBy(() -> ModelFile.read(missing)).hasMessageContaining("no such file");
    }

    /** A dropout model's file records its options, and the rebuilt network predicts what the trained one did (dropout off). */
    @Test
    void layerOptionsSurviveTheFileAndPredictionsMatch() throws Exception {
        ModelSpec regularised = new ModelSpec(0.2, List.of(new DenseSpec(5, Activation.RELU, 0.5, 1e-4, 3.0), new DenseSpec(3, Activation.SOFTMAX)));
        Network original = Network.build(regularised, LossKind.CATEGORICAL_CROSSENTROPY, 6, 4, 11, new PlainKernels());
        Path file = folder.resolve(ModelFile.FILE_NAME);
        ModelFile.write(file, ModelFile.of(original, regularised, new int[] {6}, LossKind.CATEGORICAL_CROSSENTROPY));
        ModelFile.Model model = ModelFile.read(file);
        assertThat(model.spec()).isEqualTo(regularised);
        Network loaded = ModelFile.toNetwork(file, model, new PlainKernels(), 4);
        assertThat(loaded.architecture()).isEqualTo(original.architecture());
        float[] input = {0.1f, 0.9f, 0.3f, 0.5f, 0.7f, 0.2f, 1f, 0f, 0.4f, 0.6f, 0.8f, 0.05f};
        assertThat(loaded.predict(input, 2)).containsExactly(original.predict(input, 2).clone());
    }

    /**
     * A file written before layer types other than dense existed holds "layers" as
     * units and activations, and "input_dropout": it still loads, as the same model.
     */
    @Test
    void aFileOfDenseLayersWrittenBeforeLayerTypesStillLoads() throws Exception {
        ModelSpec regularised = new ModelSpec(0.2, List.of(new DenseSpec(5, Activation.RELU, 0.5, 1e-4, 3.0), new DenseSpec(3, Activation.SOFTMAX)));
        Network original = Network.build(regularised, LossKind.CATEGORICAL_CROSSENTROPY, 6, 4, 11, new PlainKernels());
        Path file = folder.resolve(ModelFile.FILE_NAME);
        ModelFile.write(file, ModelFile.of(original, regularised, new int[] {6}, LossKind.CATEGORICAL_CROSSENTROPY));
        byte[] bytes = Files.readAllBytes(file);
        int headerLength = (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        com.fasterxml.jackson.databind.node.ObjectNode header = (com.fasterxml.jackson.databind.node.ObjectNode)
                new ObjectMapper().readTree(new String(bytes, 8, headerLength, StandardCharsets.UTF_8));
        com.fasterxml.jackson.databind.node.ObjectNode metadata = (com.fasterxml.jackson.databind.node.ObjectNode) header.get("__metadata__");
        metadata.remove("model");
        metadata.put("layers", "[{\"units\":5,\"activation\":\"relu\",\"dropout\":0.5,\"l2\":1.0E-4,\"max_norm\":3.0},"
                + "{\"units\":3,\"activation\":\"softmax\"}]");
        metadata.put("input_dropout", "0.2");
        byte[] newHeader = new ObjectMapper().writeValueAsBytes(header);
        ByteBuffer old = ByteBuffer.allocate(8 + newHeader.length + bytes.length - 8 - headerLength).order(ByteOrder.LITTLE_ENDIAN);
        old.putLong(newHeader.length).put(newHeader).put(bytes, 8 + headerLength, bytes.length - 8 - headerLength);
        Files.write(file, old.array());
        ModelFile.Model model = ModelFile.read(file);
        assertThat(model.spec()).isEqualTo(regularised);
        float[] input = {0.1f, 0.9f, 0.3f, 0.5f, 0.7f, 0.2f};
        assertThat(Arrays.copyOf(ModelFile.toNetwork(file, model, new PlainKernels(), 1).predict(input, 1), 3))
                .containsExactly(Arrays.copyOf(original.predict(input, 1), 3));
    }

    /** The dataset's facts travel with the model: its scale, its class names, how a new picture is prepared. */
    @Test
    void theDatasetsFactsRoundTripAndOldFilesGetTheirMeaning() throws Exception {
        Network original = network();
        Path file = folder.resolve("facts.safetensors");
        ModelFile.Model plain = ModelFile.of(original, SPEC, new int[] {2, 3}, LossKind.CATEGORICAL_CROSSENTROPY);
        List<String> names = List.of("a", "b", "c");
        ModelFile.write(file, new ModelFile.Model(plain.spec(), plain.inputShape(), plain.loss(), plain.tensors(),
                new TrainedOn(0.5f, names, "object", null)));
        ModelFile.Model read = ModelFile.read(file);
        assertThat(read.trainedOn().inputScale()).isEqualTo(0.5f);
        assertThat(read.trainedOn().classNames()).isEqualTo(names);
        assertThat(read.trainedOn().imagePreparation()).isEqualTo("object");
        // A file written before these facts existed: 8-bit grey inputs, classes by number, digits.
        assertThat(plain.trainedOn().inputScale()).isEqualTo(1f / 255f);
        assertThat(plain.trainedOn().classNames()).containsExactly("0", "1", "2");
        ModelFile.write(file, new ModelFile.Model(plain.spec(), plain.inputShape(), plain.loss(), plain.tensors(),
                new TrainedOn(1f / 255f, List.of("only one"), "digit", null)));
        assertThatThrownBy(() -> ModelFile.read(file)).hasMessage(file + ": __metadata__.class_names is not a list of 3 names, one per output");
        ModelFile.write(file, new ModelFile.Model(plain.spec(), plain.inputShape(), plain.loss(), plain.tensors(),
                new TrainedOn(1f / 255f, plain.trainedOn().classNames(), "sketch", null)));
        assertThatThrownBy(() -> ModelFile.read(file)).hasMessage(file + ": __metadata__.image_preparation is 'sketch'; expected one of digit, object");
    }
}
