package trainyard.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A command-line change to an experiment, in Hydra's form: `key=value` sets one value,
 * and after `-m` (multirun) `key=a,b,c` sweeps over the values. Keys are dotted paths
 * (`optimizer.learning_rate`, `model.layers[0].dense`, `sweep.parallel`); values are YAML
 * (`0.1`, `relu`, `{split: 0.1}`).
 *
 * @param argumentNumber which argument it was, for error messages
 */
public record ConfigOverride(String path, List<String> values, boolean sweep, int argumentNumber) {

    /** Reads overrides from arguments; anything that is not one is returned in {@code rest}. */
    public static List<ConfigOverride> parse(List<String> arguments, List<String> rest, int firstArgumentNumber) throws ConfigException {
        List<ConfigOverride> overrides = new ArrayList<>();
        List<ConfigProblem> problems = new ArrayList<>();
        boolean multirun = arguments.contains("-m") || arguments.contains("--multirun");
        boolean afterDashes = false;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            int number = firstArgumentNumber + i;
            if (afterDashes || isExperimentFile(argument, i)) { // a file named lr=0.01.yaml is a file, not an override
                rest.add(argument);
                continue;
            }
            if (argument.equals("--")) {
                afterDashes = true; // what follows is the experiment file, whatever it holds
                continue;
            }
            int equals = argument.indexOf('=');
            if (argument.startsWith("-") || equals < 0) {
                if (!argument.equals("-m") && !argument.equals("--multirun")) {
                    rest.add(argument);
                }
                continue;
            }
            String path = argument.substring(0, equals).strip();
            String value = argument.substring(equals + 1);
            if (YamlTrees.steps(path) == null) {
                problems.add(new ConfigProblem(ConfigProblem.COMMAND_LINE, new SourcePosition(1, number),
                        "'" + argument + "': '" + path + "' is not a key path; write e.g. optimizer.learning_rate=0.01 or model.layers[0].dense=128"));
                continue;
            }
            if (value.isBlank()) {
                problems.add(new ConfigProblem(ConfigProblem.COMMAND_LINE, new SourcePosition(1, number), "'" + argument + "': no value after '='"));
                continue;
            }
            List<String> values = splitTopLevel(value);
            if (values.size() > 1 && !multirun) {
                problems.add(new ConfigProblem(ConfigProblem.COMMAND_LINE, new SourcePosition(1, number),
                        "'" + argument + "' lists several values; add -m to sweep over them (Hydra's multirun), e.g. -m " + argument));
                continue;
            }
            overrides.add(new ConfigOverride(path, values, values.size() > 1, number));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return overrides;
    }

    /** The first argument naming a YAML file, or any argument that is an existing file. */
    private static boolean isExperimentFile(String argument, int position) {
        if (argument.startsWith("-") || !argument.contains("=")) {
            return false;
        }
        if (position == 0 && (argument.endsWith(".yaml") || argument.endsWith(".yml"))) {
            return true;
        }
        try {
            return java.nio.file.Files.isRegularFile(java.nio.file.Path.of(argument));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** Splits on commas outside brackets and quotes: `0.1,[1,2],"a,b"` has three values. */
    static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        parts.add(text.substring(start).strip());
        return parts;
    }
}
