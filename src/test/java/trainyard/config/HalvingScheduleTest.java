package trainyard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rungs, brackets and promotions against the papers' own numbers and hand-made cases. */
class HalvingScheduleTest {
    @Test
    void twentySevenTrialsFromOneToTwentySevenEpochsTrainEightyOneEpochs() {
        HalvingSchedule.Bracket bracket = HalvingSchedule.successiveHalving(0, 27, 1, 27, 3);
        assertThat(bracket.rungs()).containsExactly(new HalvingSchedule.Rung(1, 27), new HalvingSchedule.Rung(3, 9),
                new HalvingSchedule.Rung(9, 3), new HalvingSchedule.Rung(27, 1));
        assertThat(bracket.epochsTrained()).isEqualTo(81); // instead of 27 x 27 = 729
        // A budget that is not a power of eta ends on max_epochs; a rung never keeps fewer than one.
        assertThat(HalvingSchedule.successiveHalving(0, 5, 2, 20, 3).rungs()).containsExactly(new HalvingSchedule.Rung(2, 5),
                new HalvingSchedule.Rung(6, 1), new HalvingSchedule.Rung(18, 1), new HalvingSchedule.Rung(20, 1));
    }

    /** Li et al. 2018, Table 1: R = 81, η = 3 gives brackets of 81, 34, 15, 8 and 5 trials at 1, 3, 9, 27 and 81 epochs. */
    @Test
    void hyperbandBracketsMatchThePapersTable() {
        assertThat(HalvingSchedule.maxBracketIndex(1, 81, 3)).isEqualTo(4);
        List<HalvingSchedule.Bracket> brackets = HalvingSchedule.brackets(143, 1, 81, 3, 5);
        assertThat(brackets).extracting(HalvingSchedule.Bracket::trialCount).containsExactly(81, 34, 15, 8, 5);
        assertThat(brackets).extracting(b -> b.rungs().get(0).epochs()).containsExactly(1, 3, 9, 27, 81);
        assertThat(brackets.get(1).rungs()).containsExactly(new HalvingSchedule.Rung(3, 34), new HalvingSchedule.Rung(9, 11),
                new HalvingSchedule.Rung(27, 3), new HalvingSchedule.Rung(81, 1));
        assertThat(brackets).extracting(HalvingSchedule.Bracket::firstTrial).containsExactly(0, 81, 115, 130, 138);
        assertThat(HalvingSchedule.trialsNeeded(1, 81, 3, 2)).isEqualTo(115);
        assertThatThrownBy(() -> HalvingSchedule.brackets(100, 1, 81, 3, 2)).hasMessage("2 brackets need 115 trials, found 100");
        assertThatThrownBy(() -> HalvingSchedule.brackets(143, 1, 81, 3, 6)).hasMessage("brackets must be from 1 to 5, found 6");
    }

    @Test
    void promotionRanksByFigureThenRunIdAndNeverPromotesNaN() {
        List<HalvingSchedule.Score> scores = List.of(new HalvingSchedule.Score("c", 0.9), new HalvingSchedule.Score("a", 0.9),
                new HalvingSchedule.Score("b", Double.NaN), new HalvingSchedule.Score("d", 0.95), new HalvingSchedule.Score("e", 0.1));
        assertThat(HalvingSchedule.promoted(scores, 3, false)).containsExactly("d", "a", "c");
        assertThat(HalvingSchedule.promoted(scores, 2, true)).containsExactly("e", "a");
        assertThat(HalvingSchedule.promoted(List.of(new HalvingSchedule.Score("x", Double.NaN)), 1, false)).isEmpty();
        // The order the scores arrive in changes nothing.
        assertThat(HalvingSchedule.promoted(scores.reversed(), 3, false)).containsExactly("d", "a", "c");
    }
}
