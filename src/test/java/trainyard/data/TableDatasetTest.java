package trainyard.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.config.CsvDatasetSpec;

/** A CSV table as a dataset: the encoding against figures computed by hand, the split, and every fault in one line. */
class TableDatasetTest {
    @TempDir
    Path folder;

    final List<String> warnings = new ArrayList<>();

    Path table(String name, String text) throws Exception {
        return Files.writeString(folder.resolve(name), text);
    }

    CsvDatasetSpec spec(Path train, Path test, String target, List<String> features, List<String> categorical) {
        return new CsvDatasetSpec(train, test, 0.2, 1, target, features, categorical, ',', true);
    }

    @Test
    void numbersAreStandardisedAndCategoriesOneHotFromTheTrainingRowsOnly() throws Exception {
        Path train = table("train.csv", "x,colour,label\n1,red,yes\n2,blue,no\n3,red,yes\n6,green,no\n");
        Path test = table("test.csv", "label,colour,x\nno,purple,4\nyes,blue,0\n");
        Dataset dataset = TableDataset.load(spec(train, test, "label", null, null), warnings::add);
        // x: mean 3, population deviation sqrt((4+1+0+9)/4) = sqrt(3.5); colour: blue, green, red (sorted)
        double deviation = Math.sqrt(3.5);
        assertThat(dataset.table().columns()).hasSize(2);
        assertThat(dataset.table().columns().get(0).mean()).isEqualTo(3.0);
        assertThat(dataset.table().columns().get(0).deviation()).isCloseTo(deviation, within(1e-12));
        assertThat(dataset.table().columns().get(1).categories()).containsExactly("blue", "green", "red");
        assertThat(dataset.classNames()).containsExactly("no", "yes");
        assertThat(dataset.features()).isEqualTo(4);
        float[] train0 = java.util.Arrays.copyOfRange(dataset.train().values(), 0, 4);
        assertThat(train0).containsExactly((float) ((1 - 3) / deviation), 0f, 0f, 1f);
        assertThat(dataset.train().label(0)).isEqualTo(1);
        // The test file's columns are found by name; purple was never seen: all zeros, one warning.
        float[] test0 = java.util.Arrays.copyOfRange(dataset.test().values(), 0, 4);
        assertThat(test0).containsExactly((float) ((4 - 3) / deviation), 0f, 0f, 0f);
        assertThat(dataset.test().label(1)).isEqualTo(1);
        assertThat(warnings).singleElement().asString().isEqualTo("trainyard: warning: " + test
                + ": 1 cells hold a category no training row has (colour: 1); encoded as all zeros");
    }

    @Test
    void theSplitIsStratifiedAndDependsOnlyOnItsSeed() throws Exception {
        StringBuilder text = new StringBuilder("x,kind\n");
        for (int i = 0; i < 100; i++) {
            text.append(i).append(',').append(i < 80 ? "common" : "rare").append('\n');
        }
        Path train = table("split.csv", text.toString());
        CsvDatasetSpec spec = new CsvDatasetSpec(train, null, 0.25, 7, "kind", null, null, ',', true);
        Dataset first = TableDataset.load(spec, warnings::add);
        Dataset again = TableDataset.load(spec, warnings::add);
        assertThat(first.test().count()).isEqualTo(25);
        int rare = 0;
        for (int i = 0; i < first.test().count(); i++) {
            rare += first.test().label(i) == 1 ? 1 : 0;
        }
        assertThat(rare).isEqualTo(5); // a quarter of the 20 rare rows, as of the 80 common ones (20)
        assertThat(again.test().values()).containsExactly(first.test().values());
        Dataset otherSeed = TableDataset.load(new CsvDatasetSpec(train, null, 0.25, 8, "kind", null, null, ',', true), warnings::add);
        assertThat(otherSeed.test().values()).isNotEqualTo(first.test().values());
        assertThat(first.checksum()).isEqualTo(otherSeed.checksum()); // the seed reaches run_ids through the dataset line
    }

    @Test
    void badTablesAreOneLineNamingTheirPlace() throws Exception {
        Path good = table("good.csv", "temp,wind,weather\n1,2,sun\n3,4,rain\n5,6,sun\n7,8,rain\n9,1,sun\n");
        assertThatThrownBy(() -> TableDataset.load(spec(good, null, "wether", null, null), warnings::add))
                .hasMessage(good + ":1: no column 'wether' (the target); the columns are temp, wind, weather (did you mean 'weather'?)");
        assertThatThrownBy(() -> TableDataset.load(spec(good, null, "weather", List.of("tmp"), null), warnings::add))
                .hasMessageStartingWith(good + ":1: no column 'tmp' (the feature)").hasMessageEndingWith("(did you mean 'temp'?)");
        Path empty = table("empty-cell.csv", "temp,wind,weather\n1,2,sun\n3,,rain\n");
        assertThatThrownBy(() -> TableDataset.load(spec(empty, null, "weather", null, null), warnings::add))
                .hasMessage(empty + ":3: column 'wind' is empty on this row; Trainyard does not guess missing values (fill the cell or remove the row)");
        Path text = table("text.csv", "temp,wind,weather\n1,2,sun\n3,windy,rain\n5,6,sun\n7,8,rain\n");
        assertThatThrownBy(() -> TableDataset.load(spec(text, null, "weather", null, null), warnings::add))
                .hasMessage(text + ":3:2: column 'wind' holds 'windy', not a number (list the column under categorical if it is a category)");
        Path oneClass = table("one.csv", "temp,weather\n1,sun\n2,sun\n3,sun\n");
        assertThatThrownBy(() -> TableDataset.load(spec(oneClass, null, "weather", null, null), warnings::add))
                .hasMessage(oneClass + ": the target 'weather' has one value only ('sun') in the training rows; a classifier needs at least two classes");
        Path headerOnly = table("header.csv", "temp,weather\n");
        assertThatThrownBy(() -> TableDataset.load(spec(headerOnly, null, "weather", null, null), warnings::add))
                .hasMessage(headerOnly + ": has a header but no rows");
        Path testWithNewClass = table("new-class.csv", "temp,wind,weather\n1,1,snow\n");
        assertThatThrownBy(() -> TableDataset.load(spec(good, testWithNewClass, "weather", null, null), warnings::add))
                .hasMessage(testWithNewClass + ":2:3: the target 'weather' is 'snow', a class no training row has (the classes are rain, sun)");
    }

    @Test
    void aConstantColumnAndAnIdentifierAreWarnedOfNotDividedByZero() throws Exception {
        StringBuilder text = new StringBuilder("id,constant,x,kind\n");
        for (int i = 0; i < 30; i++) {
            text.append("row").append(i).append(",5,").append(i % 7).append(',').append(i % 2 == 0 ? "a" : "b").append('\n');
        }
        Dataset dataset = TableDataset.load(spec(table("warn.csv", text.toString()), null, "kind", null, null), warnings::add);
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).contains("column 'id' has a different value in every training row (24)");
        assertThat(warnings.get(1)).contains("column 'constant' has the same value in every training row; it carries nothing (encoded as 0)");
        assertThat(warnings.get(2)).contains("6 cells hold a category no training row has (id: 6)"); // every test row's id is new
        for (float value : dataset.train().values()) {
            assertThat(value).isFinite();
        }
    }

    @Test
    void aRegressionsTargetIsStandardisedFromTheTrainingRowsOrTakenAsItIs() throws Exception {
        Path train = table("reg-train.csv", "x,y\n1,10\n2,20\n3,30\n4,60\n");
        Path test = table("reg-test.csv", "x,y\n5,50\n");
        Dataset scaled = TableDataset.load(spec(train, test, "y", null, null), true, warnings::add);
        // y: mean 30, population deviation sqrt((400+100+0+900)/4) = sqrt(350)
        assertThat(scaled.table().targetMean()).isEqualTo(30.0);
        assertThat(scaled.table().targetDeviation()).isCloseTo(Math.sqrt(350), within(1e-12));
        assertThat(scaled.classes()).isEqualTo(1);
        assertThat(scaled.classNames()).containsExactly("y");
        assertThat(scaled.test().target(0)).isEqualTo((float) (20 / Math.sqrt(350)));
        assertThat(scaled.table().targetValue(scaled.test().target(0))).isCloseTo(50, within(1e-4));
        Dataset plain = TableDataset.load(new CsvDatasetSpec(train, test, 0.2, 1, "y", null, null, ',', false), true, warnings::add);
        assertThat(plain.test().target(0)).isEqualTo(50f);
        Path text = table("reg-text.csv", "x,y\n1,10\n2,warm\n");
        assertThatThrownBy(() -> TableDataset.load(spec(text, null, "y", null, null), true, warnings::add))
                .hasMessage(text + ":3:2: the target 'y' holds 'warm', not a number; a regression (loss: mean_squared_error) predicts numbers,"
                        + " for classes use loss: categorical_crossentropy");
        Path constant = table("reg-constant.csv", "x,y\n1,7\n2,7\n3,7\n");
        assertThatThrownBy(() -> TableDataset.load(spec(constant, null, "y", null, null), true, warnings::add))
                .hasMessageEndingWith("the target 'y' has the same value in every training row; there is nothing to predict");
        assertThat(warnings).isEmpty();
    }
}
