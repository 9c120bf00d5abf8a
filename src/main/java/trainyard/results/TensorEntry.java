package trainyard.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One tensor as a safetensors header declares it (dtype, shape, byte range), checked
 * against the data's size before anything is allocated: whole positive dimensions in checked
 * arithmetic, a range that fits its shape and the file, and no two tensors sharing bytes.
 * What the tensors mean (which layer needs which shape) is {@link ModelFile}'s.
 */
record TensorEntry(String name, int[] shape, long elements, long start, long end) {

    static TensorEntry read(Path file, String name, JsonNode entry, long dataBytes) throws ModelFile.ModelFileException {
        if (!"F32".equals(entry.path("dtype").asText())) {
            throw new ModelFile.ModelFileException(file, "tensor " + name + " has dtype " + entry.path("dtype") + "; only F32 is supported");
        }
        int[] shape = wholeNumbers(file, "tensor " + name + "'s shape", entry.path("shape"));
        long elements = 1;
        for (int dimension : shape) {
            elements *= dimension; // each at most 2^31 - 1, and the running product stays within the data's size below
            if (elements * Float.BYTES > dataBytes) {
                throw new ModelFile.ModelFileException(file, "tensor " + name + " of shape " + java.util.Arrays.toString(shape)
                        + " needs more bytes than the file's " + dataBytes + " bytes of data");
            }
        }
        JsonNode offsets = entry.path("data_offsets");
        if (offsets.size() != 2 || !offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber()) {
            throw new ModelFile.ModelFileException(file, "tensor " + name + " has no data_offsets [start, end] of whole numbers");
        }
        long start = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (start < 0 || end != start + elements * Float.BYTES || end > dataBytes) {
            throw new ModelFile.ModelFileException(file, "tensor " + name + " has data offsets [" + start + ", " + end + "] that do not fit its shape or the file"
                    + " (is the file truncated?)");
        }
        return new TensorEntry(name, shape, elements, start, end);
    }

    /** Positive whole numbers that fit an int: "784", 784.9 and -1 are refused. */
    static int[] wholeNumbers(Path file, String what, JsonNode array) throws ModelFile.ModelFileException {
        if (!array.isArray()) {
            throw new ModelFile.ModelFileException(file, what + " is not a list of whole numbers");
        }
        int[] numbers = new int[array.size()];
        for (int i = 0; i < numbers.length; i++) {
            JsonNode number = array.get(i);
            if (!number.isIntegralNumber() || !number.canConvertToInt() || number.asInt() < 1) {
                throw new ModelFile.ModelFileException(file, what + " has " + number + "; expected whole numbers from 1 to " + Integer.MAX_VALUE);
            }
            numbers[i] = number.asInt();
        }
        return numbers;
    }

    /** No two tensors may share bytes (the safetensors format forbids it; a crafted file could alias weights). */
    static void requireDisjoint(Path file, Map<String, TensorEntry> entries) throws ModelFile.ModelFileException {
        List<TensorEntry> byStart = new ArrayList<>(entries.values());
        byStart.sort(java.util.Comparator.comparingLong(TensorEntry::start));
        for (int i = 1; i < byStart.size(); i++) {
            TensorEntry before = byStart.get(i - 1);
            TensorEntry after = byStart.get(i);
            if (after.start() < before.end()) {
                throw new ModelFile.ModelFileException(file, "tensors " + before.name() + " and " + after.name() + " overlap in the file's data");
            }
        }
    }
}
