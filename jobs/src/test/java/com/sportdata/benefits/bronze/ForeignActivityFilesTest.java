package com.sportdata.benefits.bronze;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.config.ConfigLoader;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.landing.LandingZone;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.silver.SilverActivities;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Activity files in other people's shapes, through the real ingestion and silver's transform: a French CSV with
 * semicolons, kilometres and minutes; an xlsx with Excel dates and metres; JSON lines with UTC instants and h:mm:ss
 * durations; a shape declared in configuration; an unreadable one; sports of the catalogue, an unknown one and the
 * same one declared as an alias.
 */
class ForeignActivityFilesTest extends SparkTest {

    private static AppConfig configWith(Path lake, String hocon) throws Exception {
        Path file = Files.writeString(lake.resolveSibling(lake.getFileName() + ".conf"), hocon);
        return ConfigLoader.load(List.of(file), Map.of("lake.root", lake.toString(), "pipeline.as-of-date", "2026-03-31",
                "spark.master", "local[2]", "spark.shuffle-partitions", "2", "export.dashboard", "false", "metrics.publish", "false"));
    }

    private static final String CLUB = """
            activities.shapes = [
              { name = "club", files = "club_*.txt.csv", delimiter = "|", date-format = "dd.MM.yyyy HH:mm",
                columns { employee = "Qui", start = "Quand", sport = "Quoi", duration = "Combien" }, duration-unit = min }
            ]
            """;

    @Test
    void files_in_other_shapes_land_in_the_business_columns_and_silver_reads_them_like_the_business_csv() throws Exception {
        Path lake = newLake("foreign-files");
        Path landing = Files.createDirectories(lake.resolve("landing/activities"));
        // French, semicolons, a personal column (Nom), kilometres with a decimal comma, minutes, no id, no end
        Files.writeString(landing.resolve("equipe.csv"), """
                salarie;Nom;type d'activité;Date de début;Durée (min);distance_km;Commentaire
                1001;Jean Dupont;Musculation;05/03/2026 18:00;45;;Séance jambes
                1001;Jean Dupont;Course à pied;2026-03-06 07:00:00;50;10,5;
                1002;Léa Martin;Kin-ball;2026-03-06 12:00;60;;
                """);
        writeXlsx(landing.resolve("montres.xlsx"));
        // UTC instants (Paris is UTC+1 in March), h:mm:ss durations, another employee key
        Files.writeString(landing.resolve("appli.jsonl"), """
                {"user_id": 1002, "activity": "Yoga", "start": "2026-03-07T08:00:00Z", "duration": "1:00:00", "email": "lea@example.com"}
                {"user_id": 1002, "activity": "Roller", "start": "2026-03-08T09:30:00+01:00", "duration": "0:45:00", "distance": 12000}
                """);
        Files.writeString(landing.resolve("club_mars.txt.csv"), "Qui|Quoi|Quand|Combien\n1001|Danse|09.03.2026 19:30|90\n");
        Files.writeString(landing.resolve("notes.csv"), "a,b,c\n1,2,3\n");
        AppConfig config = configWith(lake, CLUB);

        LakePaths paths = new LakePaths(lake.toString());
        BronzeIngestion.Result result = new BronzeIngestion(spark(), new LandingZone(paths, spark().sparkContext().hadoopConfiguration()),
                new TableWriter(spark(), paths)).ingest(RunContext.start("run", config));
        Map<String, BronzeIngestion.FileOutcome> byName = result.outcomes().stream()
                .collect(Collectors.toMap(o -> o.file().name(), o -> o));
        assertThat(byName.get("notes.csv").status()).isEqualTo(BronzeIngestion.FileStatus.REJECTED);
        assertThat(byName.get("notes.csv").error()).contains("activity file not recognised: no column for employee, start, sport")
                .contains("activities.shapes");
        assertThat(result.ingestedFiles()).extracting(o -> o.file().name())
                .containsExactlyInAnyOrder("equipe.csv", "montres.xlsx", "appli.jsonl", "club_mars.txt.csv");

        // the ingestion log names each file's mapping
        Map<String, String> shapes = Lakes.read(spark(), lake, Tables.INGESTION_LOG).filter(col("status").equalTo("INGESTED"))
                .collectAsList().stream().collect(Collectors.toMap(r -> r.<String>getAs("source_file"), r -> r.<String>getAs("shape")));
        assertThat(shapes.get("landing/activities/equipe.csv")).isEqualTo("recognised: employee=salarie, start=Date de début, "
                + "sport=type d'activité, duration=Durée (min) [min], distance=distance_km [km], comment=Commentaire");
        assertThat(shapes.get("landing/activities/club_mars.txt.csv")).startsWith("club: employee=Qui").endsWith("dates dd.MM.yyyy HH:mm");
        assertThat(shapes.get("landing/activities/appli.jsonl")).contains("employee=user_id", "duration=duration [s]").endsWith("(jsonl)");

        // bronze: the business's columns only (no name, no e-mail), dates in the office's time, metres, end dates
        Dataset<Row> bronze = Lakes.read(spark(), lake, Tables.ACTIVITIES_CSV);
        assertThat(String.join("\n", bronze.toJSON().collectAsList())).doesNotContain("Dupont", "Martin", "example.com");
        Map<String, Row> bySport = bronze.collectAsList().stream().collect(Collectors.toMap(r -> r.<String>getAs("type"), r -> r));
        assertThat(bySport.get("Musculation").<String>getAs("start_date")).isEqualTo("2026-03-05 18:00:00");
        assertThat(bySport.get("Musculation").<String>getAs("end_date")).isEqualTo("2026-03-05 18:45:00");
        assertThat(bySport.get("Course à pied").<String>getAs("distance_m")).isEqualTo("10500.0");
        assertThat(bySport.get("Course à pied").<String>getAs("id")).startsWith("h-").hasSize(22);
        assertThat(bySport.get("Yoga").<String>getAs("start_date")).as("08:00 UTC is 09:00 in Paris").isEqualTo("2026-03-07 09:00:00");
        assertThat(bySport.get("Yoga").<String>getAs("end_date")).isEqualTo("2026-03-07 10:00:00");
        assertThat(bySport.get("Roller").<String>getAs("start_date")).isEqualTo("2026-03-08 09:30:00");
        assertThat(bySport.get("Danse").<String>getAs("end_date")).isEqualTo("2026-03-09 21:00:00");
        assertThat(bySport.get("Pilates").<String>getAs("start_date")).as("an Excel date").isEqualTo("2026-03-10 12:15:00");
        assertThat(bySport.get("Pilates").<Integer>getAs("_source_row")).isEqualTo(2);
        assertThat(bySport.get("Skateboard").<String>getAs("distance_m")).isEqualTo("4200.0");

        // silver reads them as it reads the business's CSV
        Map<String, Row> silver = silver(bronze, config);
        assertThat(silver.get("Musculation").<String>getAs("sport")).isEqualTo("WEIGHT_TRAINING");
        assertThat(silver.get("Course à pied").<Double>getAs("distance_km")).isEqualTo(10.5);
        assertThat(silver.get("Course à pied").<Long>getAs("elapsed_s")).isEqualTo(3000L);
        assertThat(silver.get("Yoga").<Timestamp>getAs("started_at")).isEqualTo(Timestamp.valueOf("2026-03-07 08:00:00"));
        silver.forEach((type, r) -> assertThat(reasons(r)).as(type).isEqualTo(type.equals("Kin-ball") ? reasons(r) : List.of()));
        assertThat(silver.get("Kin-ball").<String>getAs("sport")).isNull();
        assertThat(reasons(silver.get("Kin-ball"))).containsExactly("unknown sport 'Kin-ball': not in the "
                + "sport catalogue; declare \"kinball\" = <one of its sports> in activities.sport-aliases");

        // the key it names, declared: the same row counts
        Map<String, Row> withAlias = silver(bronze, configWith(lake, CLUB + "activities.sport-aliases { kinball = FITNESS }\n"));
        assertThat(withAlias.get("Kin-ball").<String>getAs("sport")).isEqualTo("FITNESS");
        assertThat(reasons(withAlias.get("Kin-ball"))).isEmpty();
    }

    private Map<String, Row> silver(Dataset<Row> bronze, AppConfig config) {
        RunContext run = RunContext.start("test", config);
        Dataset<Row> employees = frame("employee_id BIGINT", row(1001L), row(1002L));
        Dataset<Row> strava = frame(BronzeSources.bronzeSchema(BronzeSources.STRAVA_JSON));
        Dataset<Row> out = new SilverActivities().transform(Map.of(Tables.ACTIVITIES_CSV, bronze, Tables.STRAVA_ACTIVITIES, strava,
                Tables.EMPLOYEES, employees), run);
        Map<String, String> sportOf = bronze.collectAsList().stream().collect(Collectors.toMap(r -> r.<String>getAs("id"), r -> r.<String>getAs("type")));
        return out.collectAsList().stream().collect(Collectors.toMap(r -> sportOf.get(r.<String>getAs("activity_id")), r -> r));
    }

    private static List<String> reasons(Row r) {
        return r.getList(r.fieldIndex(com.sportdata.benefits.pipeline.TableJob.REJECT_REASONS));
    }

    /** English headers, an Excel date cell, metres, seconds; a personal column. */
    private static void writeXlsx(Path file) throws Exception {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            XSSFSheet sheet = workbook.createSheet("Export");
            String[] headers = {"employee_id", "full_name", "sport_type", "start_date", "elapsed_time", "Distance (m)"};
            XSSFRow header = sheet.createRow(0);
            for (int i = 0; i < headers.length; i++) {
                header.createCell(i).setCellValue(headers[i]);
            }
            Object[][] rows = {{1001.0, "Jean Dupont", "Pilates", LocalDateTime.of(2026, 3, 10, 12, 15), 3600.0, null},
                    {1002.0, "Léa Martin", "Skateboard", LocalDateTime.of(2026, 3, 11, 17, 0), 1800.0, 4200.0}};
            for (int r = 0; r < rows.length; r++) {
                XSSFRow row = sheet.createRow(r + 1);
                for (int c = 0; c < rows[r].length; c++) {
                    Object v = rows[r][c];
                    if (v instanceof Double d) {
                        row.createCell(c).setCellValue(d);
                    } else if (v instanceof String s) {
                        row.createCell(c).setCellValue(s);
                    } else if (v instanceof LocalDateTime t) {
                        // the serial Excel stores: days since 1899-12-30, the time as the fraction
                        double serial = ChronoUnit.SECONDS.between(LocalDateTime.of(1899, 12, 30, 0, 0), t) / 86400.0;
                        row.createCell(c).setCellValue(serial);
                    }
                }
            }
            workbook.write(out);
        }
    }
}
