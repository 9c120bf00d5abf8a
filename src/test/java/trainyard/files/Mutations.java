package trainyard.files;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Mutations of a valid file for the readers' tests: cut short, one bit flipped, or a run of bytes overwritten. */
public final class Mutations {
    private Mutations() {
    }

    public static byte[] mutate(byte[] valid, SplittableRandom random) {
        byte[] bytes = valid.clone();
        int at = random.nextInt(bytes.length);
        switch (random.nextInt(3)) {
            case 0 -> bytes = Arrays.copyOf(bytes, at);
            case 1 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
            default -> {
                for (int i = at; i < Math.min(bytes.length, at + 1 + random.nextInt(16)); i++) {
                    bytes[i] = (byte) random.nextInt(256);
                }
            }
        }
        return bytes;
    }
}
