package trainyard.train;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a run needs to go on after a finished epoch exactly as if it had never
 * stopped: the weights, the optimizer's state, the callbacks' state and the history. The
 * rest is derived again on resume: the shuffles are replayed from the seed, dropout masks
 * and Adam's bias corrections are functions of the step count. So a run resumed from a
 * checkpoint ends with the same bits as one that was never interrupted.
 *
 * @param epoch        the last finished epoch
 * @param iteration    optimizer steps done (the next step's number)
 * @param trainSeconds training time spent so far, carried into the result
 * @param history      one row per finished epoch
 * @param tensors      named arrays: "weights/NAME", "optimizer/..." and the callbacks' own
 * @param numbers      the callbacks' scalar state, and the learning rate a callback set
 */
public record Checkpoint(int epoch, long iteration, double trainSeconds, List<EpochResult> history,
                         Map<String, float[]> tensors, Map<String, Double> numbers) {
    public Checkpoint {
        history = List.copyOf(history);
        tensors = Map.copyOf(tensors);
        numbers = Map.copyOf(numbers);
    }

    /** Where a run keeps its one checkpoint. */
    public interface Store {
        /** The last checkpoint saved, if any usable one exists. */
        Optional<Checkpoint> latest();

        /** Replaces the checkpoint, atomically. */
        void save(Checkpoint checkpoint);

        /** A store that keeps nothing: runs start from scratch and save nothing. */
        Store NONE = new Store() {
            @Override
            public Optional<Checkpoint> latest() {
                return Optional.empty();
            }

            @Override
            public void save(Checkpoint checkpoint) {
            }
        };
    }
}
