package trainyard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static trainyard.config.ExperimentPlannerTest.BASE;
import static trainyard.config.ExperimentPlannerTest.FILE;
import static trainyard.config.ExperimentPlannerTest.failure;
import static trainyard.config.ExperimentPlannerTest.plan;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** sweep.tpe as read and checked: its defaults, its canonical form and every fault at its line and column. */
class TpeSectionTest {
    static final String TPE = BASE + """
            sweep:
              tpe:
                trials: 12
                seed: 7
                space:
                  optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}
                  model.layers[0].activation: {choice: [relu, tanh, sigmoid]}
            """;

    static List<String> faults(String text, String... arguments) {
        return failure(text, arguments).problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void defaultsAreOptunasStartAndABatchThatDoesNotDependOnTheMachine() throws ConfigException {
        ExperimentPlan plan = plan(TPE);
        SweepSpec.Tpe tpe = plan.sweep().tpe();
        assertThat(tpe.startupTrials()).isEqualTo(10);
        assertThat(tpe.batch()).isEqualTo(2); // parallel is auto: not the core count
        assertThat(tpe.metric()).isEqualTo("accuracy"); // no validation in BASE
        assertThat(plan.trials()).hasSize(10); // the random starts; the rest are proposed while the sweep runs
        assertThat(plan.proposer()).isNotNull();
        assertThat(plan(TPE, "sweep.parallel=3").sweep().tpe().batch()).isEqualTo(3);
        assertThat(plan(TPE, "sweep.parallel=3", "sweep.tpe.batch=1").sweep().tpe().batch()).isEqualTo(1);
        assertThat(plan(TPE, "training.validation={split: 0.1}").sweep().tpe().metric()).isEqualTo("val_accuracy");
        assertThat(tpe.space()).containsEntry("model.layers[0].activation", Map.of("choice", List.of("relu", "tanh", "sigmoid")));
        assertThat(tpe.dimensions()).extracting(SearchDimension::kind)
                .containsExactly(SearchDimension.Kind.LOG_UNIFORM, SearchDimension.Kind.CHOICE);
    }

    @Test
    void theProposerMakesACheckedTrialOfAPoint() throws ConfigException {
        Trial trial = plan(TPE).proposer().trialAt(new double[] {0.0123456, 2});
        assertThat(trial.values()).containsEntry("optimizer.learning_rate", 0.01235).containsEntry("model.layers[0].activation", "sigmoid");
        assertThat(trial.spec().optimizer().learningRate()).hasToString("Constant[value=0.01235]");
    }

    @Test
    void startupTrialsMustLeaveTrialsToTheModel() {
        assertThat(faults(TPE.replace("trials: 12", "trials: 8"))).containsExactly(FILE + ":13:13: sweep.tpe.startup_trials: 10 (the default)"
                + " random trials leave none of the 8 trials to the model; expected startup_trials below trials");
        assertThat(faults(TPE.replace("seed: 7", "startup_trials: 12"))).containsExactly(FILE + ":14:21: sweep.tpe.startup_trials: 12"
                + " random trials leave none of the 12 trials to the model; expected startup_trials below trials");
    }

    @Test
    void anEmptyChoiceIsReportedWhereItIsWritten() {
        assertThat(faults(TPE.replace("{choice: [relu, tanh, sigmoid]}", "{choice: []}")))
                .containsExactly(FILE + ":17:44: sweep.tpe.space.model.layers[0].activation.choice: expected a list of at least one value, found an empty list");
    }

    @Test
    void aValidationMetricNeedsValidation() {
        assertThat(faults(TPE.replace("seed: 7", "metric: val_loss")))
                .containsExactly(FILE + ":14:13: sweep.tpe.metric: val_loss needs validation in every trial; set training.validation"
                        + " (e.g. {split: 0.1}) or learn from accuracy or loss");
        assertThat(faults(TPE.replace("seed: 7", "metric: val_acuracy"))).singleElement().asString()
                .startsWith(FILE + ":14:13: sweep.tpe.metric: expected one of val_accuracy, val_loss").contains("did you mean");
    }

    @Test
    void tpeStandsAloneBesideAGridARandomSearchOrACommandLineSweep() {
        assertThat(faults(TPE + "  grid:\n    training.batch_size: [32, 64]\n")).contains(FILE + ":13:5: sweep.tpe cannot be combined with"
                + " sweep.grid: TPE learns over one space of its own (and starts with random draws); put the grid's keys in sweep.tpe.space,"
                + " e.g. {choice: [a, b]}");
        assertThat(faults(TPE, "-m", "training.batch_size=32,64")).containsExactly("command line, argument 4: a command-line sweep (-m)"
                + " cannot be combined with sweep.tpe, which learns over its own space; put the key in sweep.tpe.space, or add sweep.tpe=null"
                + " to sweep the command line alone");
    }

    @Test
    void aSpaceSmallerThanItsTrialsAndAValueNoTrialCanHaveAreRefused() {
        String small = TPE.replace("optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}", "training.batch_size: {int_uniform: [30, 32]}");
        assertThat(faults(small)).containsExactly(FILE + ":13:5: sweep.tpe: its space holds 9 different configurations, fewer than its 12"
                + " trials; a grid trains each of them once");
        String badEnd = TPE.replace("{choice: [relu, tanh, sigmoid]}", "{choice: [relu, tanh, sigmod]}");
        assertThat(faults(badEnd)).singleElement().asString().isEqualTo(FILE + ":17:57: model.layers[0].activation: unknown value 'sigmod' (did you mean 'sigmoid'?); allowed: relu, sigmoid, tanh, softmax, linear");
    }

    @Test
    void aKeyOutsideTheRunIdIsNotSearched() {
        assertThat(faults(TPE.replace("optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}", "training.threads: {int_uniform: [1, 4]}")))
                .singleElement().asString().startsWith(FILE + ":16:25: searching training.threads makes no different runs");
    }
}
