package com.sportdata.benefits.bronze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sportdata.benefits.bronze.ActivityShape.Field;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.landing.LandingFile;
import com.sportdata.benefits.landing.LandingZone;
import com.sportdata.benefits.landing.UnreadableFileException;
import com.sportdata.benefits.landing.XlsxTable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.when;

/**
 * An activity file in someone else's shape — a CSV with any delimiter, an xlsx or JSON lines, with its own headers and
 * units — landed in {@code bronze.activities__csv} under the business's columns, so silver, its checks and Slack take
 * it as they take the business's CSV. Its columns are found by {@link ActivityShape} (declared or recognised); the
 * values are kept as text, brought to the business's forms only where the file's own form says what it is: a date to
 * {@code yyyy-MM-dd HH:mm:ss} in the office's time (an Excel date, an ISO instant with its zone, or the declared
 * pattern), a distance to metres, a duration to an end date. A value that is not readable stays as received, and
 * silver quarantines its row saying so. Without an id column, an activity is identified by a hash of its employee,
 * start and sport (a file delivered again supersedes its rows instead of doubling them).
 */
public final class ShapedActivitySource implements BronzeSource {
    private static final Logger LOG = LoggerFactory.getLogger(ShapedActivitySource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Character> DELIMITERS = List.of(',', ';', '\t', '|');
    private static final String LOCAL = "yyyy-MM-dd HH:mm:ss";
    private static final List<String> LOCAL_FORMS = List.of(LOCAL, "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm",
            "dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "dd/MM/yyyy", "yyyy-MM-dd");
    private static final StructType SCHEMA = BronzeSources.ACTIVITIES_CSV.schema().add("_source_row", DataTypes.IntegerType);

    private final String format;
    private final AppConfig.FileShape declared;
    private final ZoneId timeZone;
    private ActivityShape shape;

    /**
     * @param format   csv, xlsx or jsonl
     * @param declared the declared shape that claims the file, or null to recognise its columns by their names
     */
    ShapedActivitySource(String format, AppConfig.FileShape declared, ZoneId timeZone) {
        this.format = format;
        this.declared = declared;
        this.timeZone = timeZone;
    }

    /** csv, xlsx or jsonl for an activity file's extension; null for one no reader takes. */
    static String formatOf(String extension) {
        return switch (extension) {
            case "csv", "tsv" -> "csv";
            case "xlsx" -> "xlsx";
            case "json", "jsonl", "ndjson" -> "jsonl";
            default -> null;
        };
    }

    @Override
    public TableId target() {
        return Tables.ACTIVITIES_CSV;
    }

    @Override
    public StructType schema() {
        return SCHEMA;
    }

    @Override
    public boolean builtOnDriver() {
        return format.equals("xlsx");
    }

    /** The mapping the last {@link #read} used, for the ingestion log. */
    public String describe() {
        return shape == null ? null : shape.describe() + (format.equals("csv") ? "" : " (" + format + ")");
    }

    @Override
    public Dataset<Row> read(SparkSession spark, LandingZone zone, LandingFile file) {
        if (file.sizeBytes() == 0) {
            throw new UnreadableFileException(file.name(), "empty file (0 bytes)");
        }
        Dataset<Row> raw = switch (format) {
            case "csv" -> readCsv(spark, zone, file);
            case "xlsx" -> readXlsx(spark, zone, file);
            default -> readJsonLines(spark, zone, file);
        };
        LOG.info("{}: read as activities with the shape {}", file.name(), describe());
        Dataset<Row> rows = raw.select(businessColumns().toArray(Column[]::new));
        if (!format.equals("xlsx") && rows.isEmpty()) {
            throw new UnreadableFileException(file.name(), "no data rows under the header");
        }
        return rows;
    }

    /** Whether a JSON-lines file's first object is Strava's own shape (an {@code athlete} object): then Strava's reader takes it. */
    static boolean isStravaShaped(String firstLine) {
        try {
            JsonNode node = JSON.readTree(firstLine);
            return node == null || !node.isObject() || node.has("athlete");
        } catch (IOException e) {
            return true; // not JSON: Strava's reader keeps the line as a corrupt record, and silver quarantines it
        }
    }

    private Dataset<Row> readCsv(SparkSession spark, LandingZone zone, LandingFile file) {
        String headerLine = DelimitedSource.headerLine(zone, file);
        char delimiter = declared != null && !declared.delimiter().isEmpty() ? declared.delimiter().charAt(0) : sniff(headerLine);
        List<String> headers = DelimitedSource.split(headerLine, delimiter);
        shape = ActivityShape.of(file.name(), headers, declared);
        StructType positional = BronzeSources.textColumns(positions(headers.size()));
        boolean spansLines = new DelimitedSource(Tables.ACTIVITIES_CSV, delimiter, Map.of()).quoteShape(zone, file).spansLines();
        return spark.read()
                .option("header", "true")
                .option("enforceSchema", "true")
                .option("sep", String.valueOf(delimiter))
                .option("encoding", "UTF-8")
                .option("multiLine", String.valueOf(spansLines))
                .option("escape", "\"")
                .option("mode", "PERMISSIVE")
                .schema(positional)
                .csv(file.path())
                .withColumn("_source_row", lit(null).cast(DataTypes.IntegerType));
    }

    private Dataset<Row> readXlsx(SparkSession spark, LandingZone zone, LandingFile file) {
        XlsxTable.WholeSheet sheet;
        try (InputStream in = zone.open(file)) {
            sheet = XlsxTable.readWhole(in, file.name());
        } catch (IOException e) {
            throw new UnreadableFileException(file.name(), "cannot be opened: " + e.getMessage(), e);
        }
        shape = ActivityShape.of(file.name(), sheet.headers(), declared);
        if (sheet.rows().isEmpty()) {
            throw new UnreadableFileException(file.name(), "no data rows under the header in sheet '" + sheet.sheetName() + "'");
        }
        StructType positional = BronzeSources.textColumns(positions(sheet.headers().size())).add("_source_row", DataTypes.IntegerType);
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(XlsxSource.rows(sheet.rows()), 1),
                positional);
    }

    private Dataset<Row> readJsonLines(SparkSession spark, LandingZone zone, LandingFile file) {
        String first = DelimitedSource.headerLine(zone, file).trim();
        List<String> keys = new ArrayList<>();
        try {
            JsonNode node = JSON.readTree(first);
            if (node == null || !node.isObject()) {
                throw new UnreadableFileException(file.name(), "not JSON lines: the first line is not a JSON object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isObject()) {
                    field.getValue().fieldNames().forEachRemaining(inner -> keys.add(field.getKey() + "." + inner));
                } else {
                    keys.add(field.getKey());
                }
            }
        } catch (IOException e) {
            throw new UnreadableFileException(file.name(), "not JSON lines: the first line is not JSON (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
        shape = ActivityShape.of(file.name(), keys, declared);
        Dataset<Row> lines = spark.read().text(file.path()).filter(trim(col("value")).notEqual(""));
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String path = "$" + java.util.Arrays.stream(keys.get(i).split("\\.")).map(k -> "['" + k + "']").reduce("", String::concat);
            columns.add(get_json_object(col("value"), path).as(position(i)));
        }
        columns.add(lit(null).cast(DataTypes.IntegerType).as("_source_row"));
        return lines.select(columns.toArray(Column[]::new));
    }

    /** The delimiter that splits the header into the most columns. */
    static char sniff(String headerLine) {
        char best = ',';
        int most = 0;
        for (char d : DELIMITERS) {
            int n = DelimitedSource.split(headerLine, d).size();
            if (n > most) {
                most = n;
                best = d;
            }
        }
        return best;
    }

    /** The business CSV's columns, from the file's columns as the shape maps them. */
    private List<Column> businessColumns() {
        Column employee = raw(Field.EMPLOYEE);
        Column sport = raw(Field.SPORT);
        Column start = timestamp(raw(Field.START));
        Column startText = coalesce(date_format(start, LOCAL), raw(Field.START));
        Column end;
        if (shape.column(Field.END).isPresent()) {
            end = coalesce(date_format(timestamp(raw(Field.END)), LOCAL), raw(Field.END));
        } else {
            Column seconds = seconds(raw(Field.DURATION), shape.column(Field.DURATION).orElseThrow().factor());
            end = coalesce(date_format(timestamp_seconds(unix_timestamp(start).plus(seconds)), LOCAL), raw(Field.DURATION));
        }
        Column distance = shape.column(Field.DISTANCE)
                .map(c -> when(number(raw(Field.DISTANCE)).isNotNull(), number(raw(Field.DISTANCE)).multiply(c.factor()).cast(DataTypes.StringType))
                        .otherwise(raw(Field.DISTANCE)))
                .orElse(lit(null).cast(DataTypes.StringType));
        Column id = shape.column(Field.ID).isPresent() ? raw(Field.ID)
                : concat(lit("h-"), substring(sha2(concat_ws("|", trim(employee), startText, trim(sport)), 256), 1, 20));
        return List.of(id.as("id"), employee.as("employee_id"), startText.as("start_date"), sport.as("type"), distance.as("distance_m"),
                end.as("end_date"), raw(Field.COMMENT).as("comment"), col("_source_row"));
    }

    private Column raw(Field field) {
        return shape.column(field).map(c -> col(position(c.index()))).orElse(lit(null).cast(DataTypes.StringType));
    }

    /** The file's columns by position ({@code c0}, {@code c1}…): a header may repeat a name or hold any character. */
    private static List<String> positions(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(ShapedActivitySource::position).toList();
    }

    private static String position(int index) {
        return "c" + index;
    }

    /**
     * A date and time as the office's wall clock (the session reads timestamps in UTC, so a wall clock is held as is):
     * the declared pattern; else an Excel date (days since 1899-12-30), an ISO instant with its zone or offset, or a
     * local form (ISO, French).
     */
    private Column timestamp(Column text) {
        Column t = trim(text);
        if (shape.dateFormat() != null && !shape.dateFormat().isEmpty()) {
            return to_timestamp(t, shape.dateFormat());
        }
        List<Column> forms = new ArrayList<>();
        forms.add(when(t.rlike("^[0-9]{5}(\\.[0-9]+)?$"), timestamp_seconds(round(t.cast(DataTypes.DoubleType).minus(25569).multiply(86400)).cast(DataTypes.LongType))));
        forms.add(when(t.rlike("[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?\\s*(Z|[+-][0-9]{2}:?[0-9]{2})$"),
                from_utc_timestamp(t.cast(DataTypes.TimestampType), timeZone.getId())));
        for (String form : LOCAL_FORMS) {
            forms.add(to_timestamp(t, form));
        }
        return coalesce(forms.toArray(Column[]::new));
    }

    /** A duration in seconds: {@code h:mm:ss} or {@code h:mm}, else a number in the column's unit. */
    private static Column seconds(Column text, double factor) {
        Column t = trim(text);
        Column parts = split(t, ":");
        Column clock = when(t.rlike("^[0-9]+:[0-9]{2}:[0-9]{2}$"), parts.getItem(0).cast(DataTypes.LongType).multiply(3600)
                        .plus(parts.getItem(1).cast(DataTypes.LongType).multiply(60)).plus(parts.getItem(2).cast(DataTypes.LongType)))
                .when(t.rlike("^[0-9]+:[0-9]{2}$"), parts.getItem(0).cast(DataTypes.LongType).multiply(3600)
                        .plus(parts.getItem(1).cast(DataTypes.LongType).multiply(60)));
        return coalesce(clock, round(number(text).multiply(factor)).cast(DataTypes.LongType));
    }

    /** A number written with a decimal point or comma, spaces allowed ({@code 12,5}, {@code 1 234}). */
    private static Column number(Column text) {
        return regexp_replace(regexp_replace(trim(text), "[\\s\\u00a0\\u202f]", ""), ",", ".").cast(DataTypes.DoubleType);
    }
}
