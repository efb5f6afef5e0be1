package com.sportdata.benefits.bronze;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.geo.Text;
import com.sportdata.benefits.landing.LandingFile;
import com.sportdata.benefits.landing.LandingZone;
import com.sportdata.benefits.landing.UnreadableFileException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * A delimited text source (CSV or La Poste's {@code ;} file), read by Spark with an explicit all-text
 * schema, in parallel splits unless a quoted field spans lines. The header is checked first on the driver: columns are found by name (any order), a missing
 * column or a wrong delimiter is a clear error naming the file.
 */
public final class DelimitedSource implements BronzeSource {
    private static final List<Character> DELIMITERS = List.of(',', ';', '\t', '|');

    private final TableId target;
    private final char delimiter;
    private final Map<String, String> columnsByHeader;
    private final StructType schema;

    public DelimitedSource(TableId target, char delimiter, Map<String, String> columnsByHeader) {
        this.target = target;
        this.delimiter = delimiter;
        this.columnsByHeader = new LinkedHashMap<>(columnsByHeader);
        StructType s = BronzeSources.textColumns(columnsByHeader.values());
        this.schema = s;
    }

    @Override
    public TableId target() {
        return target;
    }

    @Override
    public StructType schema() {
        return schema;
    }

    /** The expected headers, in order. */
    public List<String> headers() {
        return List.copyOf(columnsByHeader.keySet());
    }

    /** Whether a header line belongs to this source (all its columns present with its delimiter). */
    public boolean recognises(String headerLine) {
        return missingColumns(split(headerLine, delimiter)).isEmpty();
    }

    @Override
    public Dataset<Row> read(SparkSession spark, LandingZone zone, LandingFile file) {
        if (file.sizeBytes() == 0) {
            throw new UnreadableFileException(file.name(), "empty file (0 bytes)");
        }
        String headerLine = headerLine(zone, file);
        List<String> header = split(headerLine, delimiter);
        List<String> missing = missingColumns(header);
        if (!missing.isEmpty()) {
            for (char other : DELIMITERS) {
                if (other != delimiter && missingColumns(split(headerLine, other)).isEmpty()) {
                    throw new UnreadableFileException(file.name(), "wrong delimiter: the header is separated by '"
                            + printable(other) + "', expected '" + printable(delimiter) + "'");
                }
            }
            throw new UnreadableFileException(file.name(), "missing column(s) " + missing + " in header " + header);
        }
        StructType fileSchema = new StructType();
        Map<String, String> byKey = new LinkedHashMap<>();
        columnsByHeader.forEach((h, c) -> byKey.put(Text.matchKey(h), c));
        for (int i = 0; i < header.size(); i++) {
            String column = byKey.getOrDefault(Text.matchKey(header.get(i)), "_extra_" + i);
            fileSchema = fileSchema.add(java.util.Arrays.asList(fileSchema.fieldNames()).contains(column) ? "_dup_" + i : column, DataTypes.StringType);
        }
        Dataset<Row> raw = spark.read()
                .option("header", "true")
                .option("sep", String.valueOf(delimiter))
                .option("encoding", "UTF-8")
                .option("multiLine", String.valueOf(quoteShape(zone, file).spansLines()))
                .option("escape", "\"")
                .option("mode", "PERMISSIVE")
                .schema(fileSchema)
                .csv(file.path());
        List<Column> columns = new ArrayList<>();
        for (String column : columnsByHeader.values()) {
            columns.add(col(column));
        }
        Dataset<Row> rows = raw.select(columns.toArray(Column[]::new));
        if (rows.isEmpty()) {
            throw new UnreadableFileException(file.name(), "no data rows under the header");
        }
        return rows;
    }

    /**
     * How the file's quotes lie, read the way the CSV parser reads them: a quote opens a quoted field only at the
     * start of a field, a doubled quote inside one is a quote, any other quote is a plain character. A quoted field
     * that spans lines needs multi-line mode, which Spark cannot split (one task reads the whole file); a file without
     * one is read in parallel splits, with the same rows. A quoted field that opens and never closes, with line
     * breaks after it, is refused: the parser would read the rest of the file as one value and its rows would vanish.
     */
    QuoteShape quoteShape(LandingZone zone, LandingFile file) {
        try (InputStream in = zone.open(file)) {
            byte[] buffer = new byte[1 << 16];
            boolean quoted = false;
            boolean closing = false; // a quote seen inside a quoted field: closes it unless the next byte is a quote
            boolean fieldStart = true;
            boolean spansLines = false;
            boolean breakSinceOpened = false;
            long line = 1;
            long openedOn = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (closing) {
                        closing = false;
                        if (b == '"') {
                            continue;
                        }
                        quoted = false;
                    }
                    if (b == '\n') {
                        line++;
                    }
                    if (quoted) {
                        if (b == '"') {
                            closing = true;
                        } else if (b == '\n' || b == '\r') {
                            spansLines = true;
                            breakSinceOpened = true;
                        }
                    } else if (b == '"' && fieldStart) {
                        quoted = true;
                        openedOn = line;
                        breakSinceOpened = false;
                        fieldStart = false;
                    } else {
                        fieldStart = b == delimiter || b == '\n' || b == '\r';
                    }
                }
            }
            if (quoted && !closing && breakSinceOpened) {
                throw new UnreadableFileException(file.name(), "a quoted field opened on line " + openedOn
                        + " never closes: the rest of the file would be read as one value");
            }
            return new QuoteShape(spansLines);
        } catch (IOException e) {
            throw new UnreadableFileException(file.name(), "cannot be opened: " + e.getMessage(), e);
        }
    }

    /** @param spansLines a quoted field of the file holds a line break */
    record QuoteShape(boolean spansLines) {
    }

    private List<String> missingColumns(List<String> header) {
        List<String> keys = header.stream().map(Text::matchKey).toList();
        return columnsByHeader.keySet().stream().filter(h -> !keys.contains(Text.matchKey(h))).toList();
    }

    static String headerLine(LandingZone zone, LandingFile file) {
        try (InputStream in = zone.open(file);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            if (line == null || line.isBlank()) {
                throw new UnreadableFileException(file.name(), "empty file (no header line)");
            }
            return line.replace("\uFEFF", "");
        } catch (IOException e) {
            throw new UnreadableFileException(file.name(), "cannot be opened: " + e.getMessage(), e);
        }
    }

    static List<String> split(String line, char delimiter) {
        List<String> parts = new ArrayList<>();
        for (String part : line.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1)) {
            parts.add(part.trim().replaceAll("^\"|\"$", ""));
        }
        return parts;
    }

    private static String printable(char c) {
        return c == '\t' ? "\\t" : String.valueOf(c);
    }

    @Override
    public String toString() {
        return target + " " + Arrays.toString(columnsByHeader.keySet().toArray());
    }
}
