package trainyard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    @Test
    void suggestsCloseWordsOnly() {
        assertThat(Suggestions.didYouMean("rleu", List.of("relu", "sigmoid"))).isEqualTo(" (did you mean 'relu'?)");
        assertThat(Suggestions.didYouMean("Sigmod", List.of("relu", "sigmoid"))).isEqualTo(" (did you mean 'sigmoid'?)");
        assertThat(Suggestions.didYouMean("banana", List.of("relu", "sigmoid"))).isEmpty();
    }

    @Test
    void editDistanceCountsATranspositionAsOneEdit() {
        assertThat(Suggestions.editDistance("abcd", "abdc")).isEqualTo(1);
        assertThat(Suggestions.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.editDistance("", "abc")).isEqualTo(3);
    }
}
