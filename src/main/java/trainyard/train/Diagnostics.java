package trainyard.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * What the report shows of a trained network beyond its accuracy: the confusion matrix
 * on the test set (rows: true class, columns: predicted) and the test images it got
 * wrong with the most confidence.
 *
 * @param confusionMatrix   [true][predicted] counts
 * @param confidentMistakes most confident first
 */
public record Diagnostics(int[][] confusionMatrix, List<Mistake> confidentMistakes) {
    /** How many mistakes a run keeps for the report's gallery. */
    public static final int MISTAKES_KEPT = 8;

    /** A test image classified wrong: its index in the test set, its label, the prediction and its probability. */
    public record Mistake(int index, int label, int predicted, double probability) {
    }

    /** Collects predictions batch by batch. */
    static final class Collector {
        private final int[][] matrix;
        private final PriorityQueue<Mistake> mistakes = new PriorityQueue<>(Comparator.comparingDouble(Mistake::probability));

        Collector(int classes) {
            matrix = new int[classes][classes];
        }

        /** output and targets are (size, classes); the batch starts at test index {@code first}. */
        void add(float[] output, float[] targets, int size, int classes, int first) {
            for (int i = 0; i < size; i++) {
                int row = i * classes;
                int predicted = Trainer.argmax(output, row, classes);
                int actual = Trainer.argmax(targets, row, classes);
                matrix[actual][predicted]++;
                if (predicted != actual) {
                    mistakes.add(new Mistake(first + i, actual, predicted, output[row + predicted]));
                    if (mistakes.size() > MISTAKES_KEPT) {
                        mistakes.poll(); // drop the least confident
                    }
                }
            }
        }

        Diagnostics result() {
            List<Mistake> sorted = new ArrayList<>(mistakes);
            sorted.sort(Comparator.comparingDouble(Mistake::probability).reversed().thenComparingInt(Mistake::index));
            return new Diagnostics(matrix, sorted);
        }
    }
}
