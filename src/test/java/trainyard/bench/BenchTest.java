package trainyard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import trainyard.kernels.VectorHardware;

/** Which widths `make bench` measures on which host, and which JVM flags make each. */
class BenchTest {

    @Test
    void anAvx512HostAlsoRuns256BitsWithBothRegisterFilesAnd128Bits() {
        List<Bench.Width> widths = Bench.widthsOf(new VectorHardware(512, 32, true), true);
        assertThat(widths).extracting(Bench.Width::name)
                .containsExactly("512-bit, 32 registers", "256-bit, 32 registers", "256-bit, 16 registers", "128-bit");
        assertThat(widths.get(0).flags()).isEmpty();
        assertThat(widths.get(2).flags()).containsExactly("-XX:MaxVectorSize=32", "-XX:UseAVX=2");
        assertThat(widths.get(3).flags()).containsExactly("-XX:MaxVectorSize=16");
    }

    @Test
    void anAvx2HostRuns256And128BitsAndANeonHostItsOwnWidthOnly() {
        assertThat(Bench.widthsOf(new VectorHardware(256, 16, true), true)).extracting(Bench.Width::name)
                .containsExactly("256-bit, 16 registers", "128-bit");
        assertThat(Bench.widthsOf(new VectorHardware(128, 32, true), false)).extracting(Bench.Width::name)
                .containsExactly("128-bit, 32 registers");
    }

    @Test
    void onlyWidthFlagsAreTakenFromAJvmsArguments() {
        assertThat(Bench.widthFlags(List.of("--add-modules=jdk.incubator.vector", "-XX:MaxVectorSize=16", "-Xmx512m", "-XX:UseAVX=2",
                "-XX:-TieredCompilation"))).containsExactly("-XX:MaxVectorSize=16", "-XX:UseAVX=2");
    }

    @Test
    void theChildJvmKeepsThisJvmsFlagsButNotItsWidth() {
        List<String> command = Bench.javaCommand(List.of("-XX:MaxVectorSize=16"));
        assertThat(command).contains("-XX:MaxVectorSize=16", "-cp");
        assertThat(command.stream().filter(argument -> argument.startsWith("-XX:MaxVectorSize"))).hasSize(1);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Bench.median(List.of(3.0, 1.0, 2.0, 10.0))).isEqualTo(2.5);
        assertThat(Bench.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Bench.median(List.of())).isNaN();
    }
}
