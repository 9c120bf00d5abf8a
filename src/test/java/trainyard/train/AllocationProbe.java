package trainyard.train;

import java.nio.file.Path;
import trainyard.config.ExperimentLoader;
import trainyard.config.ExperimentSpec;
import trainyard.data.Dataset;
import trainyard.data.IdxFile;
import trainyard.data.MnistDownload;
import trainyard.kernels.Kernels;

/**
 * Prints the bytes per training step of its least-allocating epoch, for an experiment file on
 * MNIST: run by {@link AllocationTest} in a JVM started with `make run`'s own flags
 * (src/scripts/jvm.options), since whether the JIT removes an allocation depends on them.
 */
public final class AllocationProbe {
    private AllocationProbe() {
    }

    public static void main(String[] args) throws Exception {
        ExperimentSpec spec = ExperimentLoader.load(Path.of(args[0])).spec();
        Path[] files = new MnistDownload(Path.of("data/mnist"), java.util.List.of(), line -> { }).ensure();
        Dataset dataset = Dataset.of("mnist", IdxFile.read(files[0]), IdxFile.read(files[1]), IdxFile.read(files[2]), IdxFile.read(files[3]));
        AllocationPerStep probe = new AllocationPerStep();
        try (Kernels kernels = Kernels.forThisMachine(Integer.parseInt(args[1]))) {
            new Trainer(kernels, probe).fit(spec, dataset);
        }
        // The fewest over the epochs after the first: an allocating step allocates in every
        // epoch, while the JIT recompiling a method (interpreted meanwhile) touches only some.
        System.out.println("bytes per step: " + probe.fewestBytesPerStep());
    }
}
