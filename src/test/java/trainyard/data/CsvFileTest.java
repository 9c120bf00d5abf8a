package trainyard.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CSV reader against RFC 4180, by property: random tables whose cells hold delimiters,
 * quotes, line breaks, spaces and non-ASCII text, written out as any conforming writer
 * may (quoting only where needed or everywhere, LF or CRLF, a byte order mark or not, a
 * final line break or not), read back cell for cell; and each malformed file refused in
 * one message naming its line.
 */
class CsvFileTest {
    @TempDir
    Path folder;

    private static final String[] PIECES = {"a", "sun", "1.5", "-3e2", ",", "\"", "\n", "\r\n", " ", "é", "雨", "x,y", "\"q\"", ""};

    static String cell(SplittableRandom random) {
        StringBuilder cell = new StringBuilder();
        for (int i = random.nextInt(4); i >= 0; i--) {
            cell.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return cell.toString();
    }

    static String write(List<String[]> records, char delimiter, String lineEnd, boolean quoteAll) {
        StringBuilder text = new StringBuilder();
        for (String[] record : records) {
            for (int c = 0; c < record.length; c++) {
                String field = record[c];
                boolean quote = quoteAll || field.indexOf(delimiter) >= 0 || field.contains("\"") || field.contains("\n") || field.contains("\r");
                text.append(c == 0 ? "" : String.valueOf(delimiter)).append(quote ? "\"" + field.replace("\"", "\"\"") + "\"" : field);
            }
            text.append(lineEnd);
        }
        return text.toString();
    }

    @Test
    void randomTablesReadBackCellForCell() throws Exception {
        SplittableRandom random = new SplittableRandom(2026);
        int tries = 1_000;
        for (int attempt = 0; attempt < tries; attempt++) {
            int columns = 1 + random.nextInt(5);
            List<String[]> records = new ArrayList<>();
            String[] header = new String[columns];
            for (int c = 0; c < columns; c++) {
                header[c] = "col" + c + (random.nextBoolean() ? "" : " ,\"x\"");
            }
            records.add(header);
            for (int r = random.nextInt(6); r > 0; r--) {
                String[] row = new String[columns];
                for (int c = 0; c < columns; c++) {
                    row[c] = cell(random);
                }
                if (columns == 1 && row[0].isEmpty()) {
                    row[0] = "x"; // a one-column row with an empty cell is an empty line, which RFC 4180 cannot tell apart
                }
                records.add(row);
            }
            char delimiter = random.nextBoolean() ? ',' : random.nextBoolean() ? ';' : '\t';
            String text = write(records, delimiter, random.nextBoolean() ? "\n" : "\r\n", random.nextInt(4) == 0);
            if (random.nextBoolean()) {
                text = text.substring(0, text.length() - (text.endsWith("\r\n") ? 2 : 1)); // no final line break
            }
            if (random.nextInt(4) == 0) {
                text = "\uFEFF" + text;
            }
            CsvFile read = CsvFile.parse(Path.of("t.csv"), text.getBytes(StandardCharsets.UTF_8), delimiter);
            assertThat(read.header()).as("try %d: %s", attempt, text).containsExactly(header);
            assertThat(read.rows()).as("try %d: %s", attempt, text).hasSize(records.size() - 1);
            for (int r = 1; r < records.size(); r++) {
                assertThat(read.rows().get(r - 1)).as("try %d, row %d: %s", attempt, r, text).containsExactly(records.get(r));
            }
        }
    }

    @Test
    void eachRecordKnowsTheLineItStartsOn() throws Exception {
        CsvFile read = CsvFile.parse(Path.of("t.csv"), "a,b\n1,\"two\nlines\"\n3,4\n".getBytes(StandardCharsets.UTF_8), ',');
        assertThat(read.rowLines()).containsExactly(2, 4);
        assertThat(read.rows().get(0)[1]).isEqualTo("two\nlines");
    }

    @Test
    void everyMalformedFileIsOneMessageWithItsLine() throws Exception {
        assertThatThrownBy(() -> parse("a,b\n1,2,3\n")).hasMessage("t.csv:2: this row has 3 fields, the header has 2");
        assertThatThrownBy(() -> parse("a,b\n1\n")).hasMessage("t.csv:2: this row has 1 field, the header has 2");
        assertThatThrownBy(() -> parse("a,b\n1,\"open\n2,3\n")).hasMessage("t.csv:2:3: a quoted field is never closed");
        assertThatThrownBy(() -> parse("a,b\n1,x\"y\n")).hasMessageStartingWith("t.csv:2:4: a quote inside an unquoted field");
        assertThatThrownBy(() -> parse("a,b\n1,\"x\"y\n")).hasMessageStartingWith("t.csv:2:6: text after a closing quote");
        assertThatThrownBy(() -> parse("a,a\n1,2\n")).hasMessage("t.csv:1:2: the header names column 'a' twice");
        assertThatThrownBy(() -> parse("a,\n1,2\n")).hasMessageStartingWith("t.csv:1:2: column 2 of the header has no name");
        assertThatThrownBy(() -> parse("")).hasMessage("t.csv: is empty; a table needs a header row of column names, then rows");
        assertThatThrownBy(() -> parse("a,b\n1,2\n\n3,4\n")).hasMessage("t.csv:3: an empty line inside the table; remove it");
        assertThatThrownBy(() -> CsvFile.parse(Path.of("t.csv"), new byte[] {'a', '\n', (byte) 0xff, '\n'}, ','))
                .hasMessage("t.csv:2: not UTF-8 text (save the table as UTF-8)");
        assertThat(parse("a\u202e,b\nx,y\nz,w\n").header()).containsExactly("a\u202e", "b"); // a bidi character in a name is allowed...
        assertThatThrownBy(() -> parse("a\u202e,a\u202e\n1,2\n")).hasMessage("t.csv:1:2: the header names column 'a\\u202e' twice"); // ...shown escaped
    }

    @Test
    void aFileOverTheBoundIsRefusedBeforeItIsRead() throws Exception {
        Path big = folder.resolve("big.csv");
        try (var channel = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {'a'}), CsvFile.MAX_BYTES + 10L); // sparse: no disk used
        }
        assertThatThrownBy(() -> CsvFile.read(big, ',')).hasMessage(big + ": cannot be read: is larger than 256 MiB");
        assertThatThrownBy(() -> CsvFile.read(folder.resolve("none.csv"), ',')).hasMessage(folder.resolve("none.csv") + ": no such file");
        Files.writeString(folder.resolve("empty.csv"), "");
        assertThatThrownBy(() -> CsvFile.read(folder.resolve("empty.csv"), ',')).hasMessageEndingWith("is empty; a table needs a header row of column names, then rows");
    }

    private static CsvFile parse(String text) throws DataException {
        return CsvFile.parse(Path.of("t.csv"), text.getBytes(StandardCharsets.UTF_8), ',');
    }
}
