package trainyard.kernels;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;

import com.sun.management.HotSpotDiagnosticMXBean;

import jdk.incubator.vector.FloatVector;

/**
 * What this JVM on this CPU offers the kernels, read once at start-up: the widest float
 * vector the JIT compiles to (the Vector API's preferred species), how many vector
 * registers hold such vectors, and whether fused multiply-add is an instruction. The
 * product's register tile ({@link ProductTile}) and the choice between
 * {@link VectorKernels} and {@link PlainKernels} ({@link Kernels#forThisMachine}) follow
 * from these three facts and nothing else.
 *
 * <p>Deliberately not a CPU database: the register count is what the JIT may use, which
 * on x86 depends on the instruction set HotSpot was allowed (UseAVX=3 is AVX-512 with 32
 * registers; AVX2 and SSE give 16), and on aarch64 is always 32 (NEON and SVE).
 *
 * @param vectorBits      the preferred float vector's width (512 on AVX-512, 256 on AVX2,
 *                        128 on NEON and SSE; 64 when MaxVectorSize=8 leaves nothing useful)
 * @param vectorRegisters vector registers the JIT allocates from
 * @param fusedMultiplyAdd whether FMA is a hardware instruction (HotSpot's UseFMA); without it
 *                        the Vector API computes each lane's fma in software
 */
public record VectorHardware(int vectorBits, int vectorRegisters, boolean fusedMultiplyAdd) {

    /** Narrower vectors than this are not worth the Vector API: the plain kernels are as fast. */
    static final int NARROWEST_USEFUL_BITS = 128;

    private static final VectorHardware THIS_MACHINE = detect();

    /** This JVM's, read once. */
    public static VectorHardware thisMachine() {
        return THIS_MACHINE;
    }

    /** Empty when the vector kernels can run here; otherwise why the plain kernels run instead. */
    public Optional<String> unusableBecause() {
        if (vectorBits < NARROWEST_USEFUL_BITS) {
            return Optional.of("the JVM offers " + vectorBits + "-bit vectors, fewer than " + NARROWEST_USEFUL_BITS);
        }
        if (!fusedMultiplyAdd) {
            return Optional.of("this CPU (or the JVM's flags) has no fused multiply-add instruction");
        }
        return Optional.empty();
    }

    /** One phrase for the console and reports, e.g. "256-bit vectors, 16 registers". */
    public String describe() {
        return unusableBecause().map(reason -> "plain Java kernels (" + reason + ")")
                .orElse(vectorBits + "-bit vectors, " + vectorRegisters + " registers");
    }

    private static VectorHardware detect() {
        int bits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86");
        int registers;
        if (x86) {
            // AVX-512 (UseAVX=3) adds registers 16-31, also for 256-bit vectors (AVX512VL).
            registers = vmOption("UseAVX").map(Integer::parseInt).orElse(bits >= 512 ? 3 : 2) >= 3 ? 32 : 16;
        } else if (arch.equals("aarch64") || arch.startsWith("riscv") || arch.startsWith("ppc")) {
            registers = 32;
        } else {
            registers = 16; // the safe assumption: a tile for 16 registers only runs a little slower on 32
        }
        boolean fma = vmOption("UseFMA").map(Boolean::parseBoolean).orElse(true);
        return new VectorHardware(bits, registers, fma);
    }

    /** A HotSpot flag's value; empty on a JVM without HotSpot's diagnostic bean or flag. */
    private static Optional<String> vmOption(String name) {
        try {
            return Optional.of(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue());
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }
}
