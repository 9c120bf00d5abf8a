package trainyard.report;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import trainyard.results.AtomicFiles;

/**
 * Writes the report: one HTML file with its stylesheet, script and data inlined, so it
 * opens from file:// with no network. The data is JSON inside a script element of type
 * application/json, with every '<', '>' and '&' written as a \\u escape, so no user text
 * can close the element; the page puts text on screen with textContent only.
 */
public final class HtmlReport {
    private static final String RESOURCES = "/trainyard/report/";

    private HtmlReport() {
    }

    public static void write(Path file, Map<String, Object> data) throws IOException {
        AtomicFiles.write(file, render(data).getBytes(StandardCharsets.UTF_8));
    }

    static String render(Map<String, Object> data) throws IOException {
        ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        json.getFactory().setCharacterEscapes(new ScriptSafeEscapes());
        return fill(resource("report.html"), Map.of(
                "TITLE", escapeHtml("Trainyard report: " + data.get("title")),
                "CSS", resource("report.css"),
                "DATA", json.writeValueAsString(data),
                "JS", script()));
    }

    /** The page's script, one file per part of the page, in this order (later parts use the helpers of the first). */
    private static final java.util.List<String> SCRIPTS = java.util.List.of(
            "report-base.js", "report-table.js", "report-charts.js", "report-sweeps.js", "report-detail.js");

    private static String script() throws IOException {
        StringBuilder script = new StringBuilder();
        for (String name : SCRIPTS) {
            script.append(resource(name)).append('\n');
        }
        return script.toString();
    }

    private static final Pattern TOKEN = Pattern.compile("\\{\\{([A-Z]+)}}");

    /**
     * Replaces each {{NAME}} of the template in one pass. What is put in is never searched
     * again, so a run's description containing "{{JS}}" stays text (replacing token after
     * token over the whole page once put the script inside the JSON data and blanked it).
     */
    static String fill(String template, Map<String, String> values) {
        Matcher token = TOKEN.matcher(template);
        StringBuilder page = new StringBuilder(template.length() + values.values().stream().mapToInt(String::length).sum());
        while (token.find()) {
            String value = values.get(token.group(1));
            if (value == null) {
                throw new IllegalStateException("the report's page has a token " + token.group() + " that nothing fills");
            }
            token.appendReplacement(page, Matcher.quoteReplacement(value));
        }
        return token.appendTail(page).toString();
    }

    static String escapeHtml(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = HtmlReport.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("the report's " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** JSON that is safe inside a script element: <, > and & as \\u escapes, and U+2028/9 too. */
    private static final class ScriptSafeEscapes extends CharacterEscapes {
        private final int[] escapes;

        ScriptSafeEscapes() {
            escapes = CharacterEscapes.standardAsciiEscapesForJSON();
            escapes['<'] = CharacterEscapes.ESCAPE_STANDARD;
            escapes['>'] = CharacterEscapes.ESCAPE_STANDARD;
            escapes['&'] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int character) {
            if (character == 0x2028 || character == 0x2029) {
                return new SerializedString(String.format("\\u%04x", character));
            }
            return null;
        }
    }
}
