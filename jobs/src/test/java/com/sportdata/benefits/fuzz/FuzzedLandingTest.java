package com.sportdata.benefits.fuzz;

import com.sportdata.benefits.bronze.BronzeIngestion;
import com.sportdata.benefits.bronze.BronzeSource;
import com.sportdata.benefits.bronze.BronzeSources;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.fuzz.FuzzedFile.Format;
import com.sportdata.benefits.landing.LandingFile;
import com.sportdata.benefits.landing.LandingSource;
import com.sportdata.benefits.landing.LandingZone;
import com.sportdata.benefits.landing.UnreadableFileException;
import com.sportdata.benefits.run.Pipeline;
import com.sportdata.benefits.run.RunSummary;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.SparkTest;
import com.sportdata.benefits.testing.Workbooks;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzed landing files (property-based, jqwik): every generated HR and declaration workbook, activity CSV and Strava
 * JSON-lines file, damaged at random ({@link FuzzedFile}), must be read or rejected with a clear reason by its reader —
 * never an exception the product did not word. Then all of them land together in one lake and one real run ingests
 * them: each file is rejected with its reason, or its rows are all accounted for (rows in bronze = rows published in
 * silver + rows quarantined, each with a reason), and the run itself succeeds.
 *
 * <p>{@code jqwik.tries.default} sets the cases per format (50 in the suite, 500 in {@code scripts/drill-fuzz}). A
 * failing case is printed with its format and seed: {@code FuzzedFile.of(format, seed)} rebuilds its exact bytes.
 */
class FuzzedLandingTest extends SparkTest {
    /**
     * jqwik's seed is fixed, so the suite (and CI) replays the same cases every time; {@code -Dfuzz.salt} (the drill
     * passes a fresh one and prints it) turns them into new cases. A failing case prints its own seed either way.
     */
    static final String SEED = "20261206";
    private static final long SALT = Long.getLong("fuzz.salt", 0L);
    private static final Path LAKE = newLake("fuzz");
    private static final Map<String, FuzzedFile> CASES = new ConcurrentHashMap<>();

    @Property(shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE, seed = SEED)
    void an_hr_workbook_is_read_or_rejected_clearly(@ForAll long seed) {
        land(Format.HR, seed);
    }

    @Property(shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE, seed = SEED)
    void a_declaration_workbook_is_read_or_rejected_clearly(@ForAll long seed) {
        land(Format.SPORTS, seed);
    }

    @Property(shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE, seed = SEED)
    void an_activity_csv_is_read_or_rejected_clearly(@ForAll long seed) {
        land(Format.ACTIVITY_CSV, seed);
    }

    @Property(shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE, seed = SEED)
    void a_strava_json_lines_file_is_read_or_rejected_clearly(@ForAll long seed) {
        land(Format.STRAVA_JSON, seed);
    }

    /** Writes the case into the shared lake's landing zone and reads it the way ingestion does. */
    private static void land(Format format, long jqwikSeed) {
        FuzzedFile fuzzed = FuzzedFile.of(format, jqwikSeed ^ SALT);
        Path path = LAKE.resolve(fuzzed.location());
        try {
            Files.createDirectories(path.getParent());
            Files.write(path, fuzzed.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CASES.put(fuzzed.location(), fuzzed);
        LandingSource source = Arrays.stream(LandingSource.values()).filter(s -> s.folder().equals(format.folder)).findFirst().orElseThrow();
        LandingFile file = new LandingFile(source, path.toUri().toString(), fuzzed.fileName(), fuzzed.bytes().length, "fuzz", Instant.now());
        LandingZone zone = new LandingZone(new LakePaths(LAKE.toString()), spark().sparkContext().hadoopConfiguration());
        try {
            BronzeSource reader = BronzeSources.sourceOf(file, zone);
            assertThat(reader.read(spark(), zone, file).count()).as("%s: read without rows and without a reason", fuzzed).isPositive();
        } catch (UnreadableFileException e) {
            assertClear(e.problem(), fuzzed);
        } catch (RuntimeException e) {
            throw new AssertionError(fuzzed + ": the reader threw what the product does not word: " + e, e);
        }
    }

    private static void assertClear(String reason, FuzzedFile fuzzed) {
        assertThat(reason).as("%s: rejection reason", fuzzed).isNotBlank().doesNotContain("\n").doesNotContain("\tat ")
                .doesNotStartWith("cannot be read: ");
    }

    @AfterContainer
    static void one_run_over_every_case_loses_no_row() throws IOException {
        if (CASES.isEmpty()) {
            return;
        }
        // the clean HR and declaration files sort last: they are the snapshots in force for the activities
        List<List<Object>> employees = new ArrayList<>();
        for (int id = 1; id <= FuzzedFile.EMPLOYEES; id++) {
            employees.add(Workbooks.hrRow(id, "Martin", "Léa", 30000 + id, "Ventes", 43000, 40000.0 + id, id + " Rue des Lilas, 34000 Montpellier",
                    id % 2 == 0 ? "Marche/running" : "Transports en commun"));
        }
        Workbooks.write(LAKE.resolve("landing/hr/zz-clean.xlsx"), "Feuille 1", Workbooks.HR_HEADERS, employees);
        Workbooks.write(LAKE.resolve("landing/sports/zz-clean.xlsx"), "Feuille 1", FuzzedFile.SPORTS_HEADERS,
                List.of(Arrays.asList(1.0, "Tennis"), Arrays.asList(2.0, "Runing")));

        RunSummary summary = new Pipeline(spark(), config(Map.of("lake.root", LAKE.toString(), "pipeline.as-of-date", "2026-06-30",
                "pipeline.fail-on-rejected", "[]"))).run("run");

        Map<String, BronzeIngestion.FileOutcome> outcomes = summary.ingestion().outcomes().stream()
                .collect(Collectors.toMap(BronzeIngestion.FileOutcome::location, o -> o));
        Map<String, Long> bronze = new HashMap<>();
        for (TableId table : List.of(Tables.HR_EMPLOYEES, Tables.HR_SPORT_DECLARATIONS, Tables.ACTIVITIES_CSV, Tables.STRAVA_ACTIVITIES)) {
            bronze.putAll(countsBy(table, "_source_file"));
        }
        Map<String, Long> history = countsBy(Tables.EMPLOYEES_HISTORY, "_source_file");
        Map<String, Long> activities = countsBy(Tables.ACTIVITIES, "_source_file");
        Map<String, Long> superseded = superseded();
        Map<String, Long> quarantined = new HashMap<>();
        for (Row r : Lakes.read(spark(), LAKE, Tables.QUARANTINE).groupBy("target_table", "source_file").count().collectAsList()) {
            quarantined.put(r.getString(0) + "|" + r.getString(1), r.getLong(2));
        }
        assertThat(Lakes.read(spark(), LAKE, Tables.QUARANTINE).filter(col("reasons").isNull().or(size(col("reasons")).equalTo(0))).count())
                .as("quarantined rows without a reason").isZero();

        List<String> failures = new ArrayList<>();
        // cases, rejected, ingested, duplicates, rows in, rows published, rows quarantined, rows superseded
        Map<Format, long[]> figures = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        for (FuzzedFile fuzzed : CASES.values()) {
            long[] f = figures.computeIfAbsent(fuzzed.format(), k -> new long[8]);
            f[0]++;
            BronzeIngestion.FileOutcome outcome = outcomes.get(fuzzed.location());
            if (outcome == null) {
                failures.add(fuzzed + ": not seen by the run");
                continue;
            }
            long in = bronze.getOrDefault(fuzzed.location(), 0L);
            switch (outcome.status()) {
                case REJECTED -> {
                    f[1]++;
                    reasons.merge(fuzzed.format() + ": " + outcome.error().replaceAll("'[^']*'|\\([^)]*\\)|\\[[^]]*]", "…"), 1, Integer::sum);
                    try {
                        assertClear(outcome.error(), fuzzed);
                    } catch (AssertionError e) {
                        failures.add(e.getMessage());
                    }
                    if (in != 0) {
                        failures.add(fuzzed + ": rejected, yet " + in + " rows in bronze");
                    }
                }
                case DUPLICATE -> f[3]++;
                case INGESTED -> {
                    f[2]++;
                    f[4] += in;
                    if (in != outcome.rows()) {
                        failures.add(fuzzed + ": " + outcome.rows() + " rows counted at ingestion, " + in + " in bronze");
                    }
                    if (fuzzed.format() == Format.STRAVA_JSON) {
                        long lines = new String(fuzzed.bytes(), StandardCharsets.UTF_8).replace("\uFEFF", "").lines().filter(l -> !l.isBlank()).count();
                        if (in != lines) {
                            failures.add(fuzzed + ": " + lines + " JSON lines, " + in + " rows in bronze");
                        }
                    }
                    if (fuzzed.format() == Format.ACTIVITY_CSV && fuzzed.damages().stream().noneMatch(d -> d.contains("UTF-16"))) {
                        String text = new String(fuzzed.bytes(), StandardCharsets.UTF_8);
                        // without quotes every line is a record; Spark's reader skips the blank ones
                        long records = text.split("\r\n|\r|\n", -1).length == 0 ? 0
                                : Arrays.stream(text.split("\r\n|\r|\n")).filter(l -> !l.trim().isEmpty()).count() - 1;
                        if (text.indexOf('"') < 0 && in != records) {
                            failures.add(fuzzed + ": " + records + " CSV records, " + in + " rows in bronze");
                        }
                    }
                    String silver = switch (fuzzed.format()) {
                        case HR -> Tables.EMPLOYEES_HISTORY.toString();
                        case ACTIVITY_CSV, STRAVA_JSON -> Tables.ACTIVITIES.toString();
                        case SPORTS -> null; // only the latest declaration file is validated: the clean one
                    };
                    if (silver != null) {
                        long out = (fuzzed.format() == Format.HR ? history : activities).getOrDefault(fuzzed.location(), 0L);
                        long q = quarantined.getOrDefault(silver + "|" + fuzzed.location(), 0L);
                        long newer = superseded.getOrDefault(fuzzed.location(), 0L);
                        f[5] += out;
                        f[6] += q;
                        f[7] += newer;
                        if (in != out + q + newer) {
                            failures.add(fuzzed + ": " + in + " rows in, " + out + " published + " + q + " quarantined in " + silver
                                    + (newer == 0 ? "" : " + " + newer + " superseded by a later file"));
                        }
                    }
                }
            }
        }
        StringBuilder report = new StringBuilder("fuzzed landing files, one run over all of them (" + (summary.failed() ? "FAILED: " + summary.failure() : "SUCCEEDED") + "):\n");
        report.append(String.format("  %-12s %6s %9s %9s %6s %8s %10s %12s %11s%n", "format", "cases", "rejected", "ingested", "dup", "rows in",
                "published", "quarantined", "superseded"));
        figures.forEach((format, f) -> report.append(String.format("  %-12s %6d %9d %9d %6d %8d %10s %12s %11s%n", format, f[0], f[1], f[2], f[3],
                f[4], format == Format.SPORTS ? "-" : f[5], format == Format.SPORTS ? "-" : f[6], format == Format.SPORTS ? "-" : f[7])));
        report.append("  rejection reasons:\n");
        reasons.forEach((reason, n) -> report.append(String.format("    %5d  %s%n", n, reason)));
        report.append(failures.isEmpty() ? "  every case rejected with a clear reason or balanced\n"
                : "  FAILED " + failures.size() + " case(s):\n    " + String.join("\n    ", failures) + "\n");
        System.out.print(report);
        Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "fuzz-report.txt"), report);
        assertThat(failures).as("fuzzed cases").isEmpty();
        assertThat(summary.failure()).as("the run's failure").isNull();
    }

    /**
     * Per activity file, its rows whose activity id a later file of the run also holds: the later file's version wins
     * (a correction), by design — they are neither published nor quarantined. Random damage makes such ids ("0",
     * "N/A", a sport name swapped into the id column) in several files.
     */
    private static Map<String, Long> superseded() {
        if (!exists(Tables.ACTIVITIES_CSV) || !exists(Tables.STRAVA_ACTIVITIES)) {
            return Map.of(); // the suite's and the drill's cases always land both
        }
        org.apache.spark.sql.Dataset<Row> ids = Lakes.read(spark(), LAKE, Tables.ACTIVITIES_CSV).select(org.apache.spark.sql.functions.trim(col("id")).as("k"), col("_source_file"))
                .unionByName(Lakes.read(spark(), LAKE, Tables.STRAVA_ACTIVITIES).select(col("id").cast("string").as("k"), col("_source_file")))
                .filter(col("k").isNotNull().and(col("k").notEqual("")));
        Map<String, Long> counts = new HashMap<>();
        for (Row r : ids.withColumn("latest", org.apache.spark.sql.functions.max("_source_file").over(org.apache.spark.sql.expressions.Window.partitionBy("k")))
                .filter(col("latest").notEqual(col("_source_file"))).groupBy("_source_file").count().collectAsList()) {
            counts.put(r.getString(0), r.getLong(1));
        }
        return counts;
    }

    private static Map<String, Long> countsBy(TableId table, String column) {
        Map<String, Long> counts = new HashMap<>();
        if (!exists(table)) {
            return counts;
        }
        for (Row r : Lakes.read(spark(), LAKE, table).groupBy(column).count().collectAsList()) {
            counts.put(r.getString(0), r.getLong(1));
        }
        return counts;
    }

    private static boolean exists(TableId table) {
        return Files.exists(LAKE.resolve(table.layer().folder()).resolve(table.name()));
    }
}
