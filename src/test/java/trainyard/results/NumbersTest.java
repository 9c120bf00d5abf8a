package trainyard.results;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The numbers people read, against how Python prints the same floats (repr), which users know. */
public class NumbersTest {
    /** value, and Python's repr of it (with whole numbers shown without ".0"). */
    public static final Object[][] PYTHON = {
            {2.045e-4, "0.0002045"}, {1e-5, "1e-05"}, {0.001, "0.001"}, {0.1, "0.1"}, {100.0, "100"}, {3.0, "3"},
            {-0.5, "-0.5"}, {1.5e16, "1.5e+16"}, {123456.789, "123456.789"}, {1e-4, "0.0001"}, {9.999e-5, "9.999e-05"},
            {0.30000000000000004, "0.30000000000000004"}, {6.02e23, "6.02e+23"}, {-3.5e-7, "-3.5e-07"}, {0.0, "0"}};

    @Test
    void floatsReadAsPythonPrintsThem() {
        for (Object[] row : PYTHON) {
            assertThat(Numbers.readable((double) row[0])).as("%s", row[0]).isEqualTo(row[1]);
        }
        assertThat(Numbers.readable(Double.NaN)).isEqualTo("nan");
        assertThat(Numbers.readable(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    }

    @Test
    void otherValuesAreTheirText() {
        assertThat(Numbers.readable((Object) 32)).isEqualTo("32");
        assertThat(Numbers.readable((Object) "relu")).isEqualTo("relu");
        assertThat(Numbers.readable((Object) 2.045e-4)).isEqualTo("0.0002045");
    }
}
