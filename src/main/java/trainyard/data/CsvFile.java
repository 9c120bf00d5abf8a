package trainyard.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import trainyard.files.BoundedFiles;

/**
 * One CSV table as RFC 4180 defines it: a header row of column names, then records of as
 * many fields, separated by a delimiter; a field in double quotes may hold the delimiter,
 * line breaks and doubled quotes. UTF-8 (a byte order mark is skipped), LF or CRLF line
 * ends, an empty last line ignored. Every record keeps the line it starts on, so a fault in
 * it is reported as FILE:LINE:COLUMN. Deliberately not a dataframe: text cells only; what
 * they mean is {@link TableDataset}'s.
 *
 * @param header     the column names, in file order
 * @param rows       each record's fields, as many as the header has
 * @param rowLines   the line (from 1) each record starts on
 * @param sha256     of the file's bytes, so a run can name exactly what it trained on
 */
public record CsvFile(Path file, List<String> header, List<String[]> rows, int[] rowLines, String sha256) {
    /** A table Trainyard trains on fits in memory many times over; a larger file is refused before it is read. */
    public static final int MAX_BYTES = 256 << 20;

    public int columnIndex(String name) {
        return header.indexOf(name);
    }

    public static CsvFile read(Path file, char delimiter) throws DataException {
        byte[] bytes;
        try {
            bytes = BoundedFiles.read(file, MAX_BYTES);
        } catch (NoSuchFileException e) {
            throw new DataException(file, "no such file");
        } catch (IOException e) {
            throw new DataException(file, "cannot be read: " + BoundedFiles.reason(e));
        }
        return parse(file, bytes, delimiter);
    }

    static CsvFile parse(Path file, byte[] bytes, char delimiter) throws DataException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DataException(file + ":" + lineOfByte(bytes, firstMalformedByte(bytes)) + ": not UTF-8 text (save the table as UTF-8)");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String[]> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        new Parser(file, text, delimiter).parse(records, lines);
        if (records.isEmpty()) {
            throw new DataException(file, "is empty; a table needs a header row of column names, then rows");
        }
        String[] header = records.get(0);
        Set<String> seen = new HashSet<>();
        for (int column = 0; column < header.length; column++) {
            String name = header[column].strip();
            header[column] = name;
            if (name.isEmpty()) {
                throw new DataException(file + ":" + lines.get(0) + ":" + (column + 1) + ": column " + (column + 1)
                        + " of the header has no name; the first row must name every column");
            }
            if (!seen.add(name)) {
                throw new DataException(file + ":" + lines.get(0) + ":" + (column + 1) + ": the header names column '" + trainyard.files.UserText.printable(name)
                        + "' twice");
            }
        }
        List<String[]> rows = records.subList(1, records.size());
        int[] rowLines = new int[rows.size()];
        for (int row = 0; row < rows.size(); row++) {
            rowLines[row] = lines.get(row + 1);
            if (rows.get(row).length != header.length) {
                throw new DataException(file + ":" + rowLines[row] + ": this row has " + rows.get(row).length + " field"
                        + (rows.get(row).length == 1 ? "" : "s") + ", the header has " + header.length);
            }
        }
        return new CsvFile(file, List.of(header), List.copyOf(rows), rowLines,
                java.util.HexFormat.of().formatHex(IdxFile.sha256Digest().digest(bytes)));
    }

    private static int firstMalformedByte(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(4096);
        while (true) {
            var result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                return bytes.length;
            }
            out.clear();
        }
    }

    private static int lineOfByte(byte[] bytes, int position) {
        int line = 1;
        for (int i = 0; i < Math.min(position, bytes.length); i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /** RFC 4180's grammar, one character at a time, counting lines and columns for the messages. */
    private static final class Parser {
        private final Path file;
        private final String text;
        private final char delimiter;
        private int position;
        private int line = 1;
        private int lineStart;

        Parser(Path file, String text, char delimiter) {
            this.file = file;
            this.text = text;
            this.delimiter = delimiter;
        }

        void parse(List<String[]> records, List<Integer> lines) throws DataException {
            while (position < text.length()) {
                int recordLine = line;
                List<String> fields = new ArrayList<>();
                boolean endOfRecord = false;
                while (!endOfRecord) {
                    fields.add(field());
                    if (position >= text.length()) {
                        endOfRecord = true;
                    } else if (text.charAt(position) == delimiter) {
                        position++;
                    } else {
                        endOfLine();
                        endOfRecord = true;
                    }
                }
                boolean blank = fields.size() == 1 && fields.get(0).isEmpty();
                if (!blank) {
                    records.add(fields.toArray(String[]::new));
                    lines.add(recordLine);
                } else if (position < text.length()) {
                    throw new DataException(file + ":" + recordLine + ": an empty line inside the table; remove it");
                }
            }
        }

        private String field() throws DataException {
            if (position < text.length() && text.charAt(position) == '"') {
                int openLine = line;
                int openColumn = position - lineStart + 1;
                position++;
                StringBuilder value = new StringBuilder();
                while (true) {
                    if (position >= text.length()) {
                        throw new DataException(file + ":" + openLine + ":" + openColumn + ": a quoted field is never closed");
                    }
                    char c = text.charAt(position);
                    if (c == '"') {
                        if (position + 1 < text.length() && text.charAt(position + 1) == '"') {
                            value.append('"');
                            position += 2;
                            continue;
                        }
                        position++;
                        if (position < text.length() && text.charAt(position) != delimiter && text.charAt(position) != '\n'
                                && text.charAt(position) != '\r') {
                            throw new DataException(file + ":" + line + ":" + (position - lineStart + 1)
                                    + ": text after a closing quote; a quoted field ends at the delimiter or the line's end");
                        }
                        return value.toString();
                    }
                    if (c == '\n') {
                        line++;
                        lineStart = position + 1;
                    }
                    value.append(c);
                    position++;
                }
            }
            int start = position;
            while (position < text.length()) {
                char c = text.charAt(position);
                if (c == delimiter || c == '\n' || c == '\r') {
                    break;
                }
                if (c == '"') {
                    throw new DataException(file + ":" + line + ":" + (position - lineStart + 1)
                            + ": a quote inside an unquoted field; put the whole field in quotes and double the quote (\"\")");
                }
                position++;
            }
            return text.substring(start, position);
        }

        private void endOfLine() throws DataException {
            if (text.charAt(position) == '\r') {
                position++;
                if (position < text.length() && text.charAt(position) == '\n') {
                    position++;
                }
            } else if (text.charAt(position) == '\n') {
                position++;
            } else {
                throw new DataException(file + ":" + line + ":" + (position - lineStart + 1) + ": unexpected character");
            }
            line++;
            lineStart = position;
        }
    }
}
