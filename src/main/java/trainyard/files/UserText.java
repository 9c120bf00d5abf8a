package trainyard.files;

/**
 * Text taken from a user's file, made safe to show in a one-line message: control
 * characters (a newline would split the line, NUL or ESC would reach the terminal raw),
 * bidirectional overrides (U+202E reverses what follows) and zero-width characters (which
 * make two different words look alike) are written as \\uXXXX escapes; long text is cut.
 */
public final class UserText {
    /** A cell or a name longer than this is shown by its start: the message stays one line. */
    static final int MAX_SHOWN = 80;

    private UserText() {
    }

    public static String printable(String text) {
        String shown = escaped(text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) : text);
        return text.length() > MAX_SHOWN ? shown + "..." : shown;
    }

    /** The whole text with control, bidirectional and zero-width characters escaped: for a message that must stay one honest line. */
    public static String escaped(String text) {
        StringBuilder shown = new StringBuilder();
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || isBidiControl(c) || isInvisible(c)) {
                shown.append(String.format("\\u%04x", (int) c));
            } else {
                shown.append(c);
            }
        }
        return shown.toString();
    }

    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F' || c == '\u061C';
    }

    private static boolean isInvisible(char c) {
        return (c >= '\u200B' && c <= '\u200D') || c == '\u2060' || c == '\uFEFF' || c == '\u00AD';
    }
}
