package trainyard.model;

/** A saved tensor's name and dimensions, as a plan knows them before the layer exists: dense_1/kernel (784, 200). */
public record TensorShape(String name, int... dimensions) {
    public TensorShape {
        dimensions = dimensions.clone();
    }

    @Override
    public int[] dimensions() {
        return dimensions.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorShape that && name.equals(that.name) && java.util.Arrays.equals(dimensions, that.dimensions);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + java.util.Arrays.hashCode(dimensions);
    }
}
