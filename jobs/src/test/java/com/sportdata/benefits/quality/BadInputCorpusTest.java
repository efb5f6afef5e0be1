package com.sportdata.benefits.quality;

import com.sportdata.benefits.bronze.BronzeIngestion;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.run.Pipeline;
import com.sportdata.benefits.run.RunSummary;
import com.sportdata.benefits.pipeline.TableRun;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.SparkTest;
import com.sportdata.benefits.testing.Workbooks;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of bad inputs, generated here (no large files in git): each case asserts its clear error or
 * quarantine reason, and that nothing was lost (rows received = rows published + rows quarantined).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusTest extends SparkTest {
    private static final String SPORTY = "Vélo/Trottinette/Autres";
    private Path lake;
    private RunSummary summary;
    private Path oddLake;
    private RunSummary oddSummary;

    private static List<Object> hr(long id, String first, int birth, String bu, int hire, double salary, String mode) {
        return Workbooks.hrRow(id, "Durand", first, birth, bu, hire, salary, "12 Rue des Vignes, 34970 Lattes", mode);
    }

    @BeforeAll
    void runTheCorpus() throws Exception {
        lake = newLake("corpus");
        Path landing = lake.resolve("landing");
        List<List<Object>> employees = new ArrayList<>();
        employees.add(hr(1001, "Ana", 32000, "Ventes", 44000, 40000.0, "Marche/running"));
        employees.add(hr(1002, "Bob", 30000, "R&D", 43000, 52000.0, "Transports en commun"));
        employees.add(hr(1003, "Dup", 30000, "R&D", 43000, 52000.0, "Transports en commun"));        // duplicate id
        employees.add(hr(1003, "Dup bis", 30000, "R&D", 43000, 52000.0, "Transports en commun"));
        employees.add(hr(1004, "Neg", 30000, "Support", 43000, -100.0, "Transports en commun"));     // negative salary
        employees.add(hr(1005, "Heli", 30000, "Support", 43000, 45000.0, "Hélicoptère"));             // unknown mode
        employees.add(hr(1006, "Case", 30000, "Support", 43000, 45000.0, "VELO/trottinette/AUTRES")); // case/accents: accepted
        employees.add(hr(1007, "NoBu", 30000, null, 43000, 45000.0, SPORTY));                          // missing BU
        employees.add(hr(1008, "Future", 50000, "Finance", 43000, 45000.0, SPORTY));                   // born 2036
        employees.add(hr(1009, "Early", 40000, "Finance", 39000, 45000.0, SPORTY));                    // hired before birth
        employees.add(hr(1010, "FranÃ§ois", 30000, "Marketing", 43000, 45000.0, SPORTY));            // mojibake: repaired
        Workbooks.write(landing.resolve("hr/DonneesRH.xlsx"), "Feuille 1", Workbooks.HR_HEADERS, employees);
        Files.createDirectories(landing.resolve("activities"));
        Files.write(landing.resolve("hr/empty_file.xlsx"), new byte[0]);
        Workbooks.write(landing.resolve("hr/header_only.xlsx"), "Feuille 1", Workbooks.HR_HEADERS, List.of());
        Workbooks.write(landing.resolve("hr/no_address.xlsx"), "Feuille 1", Workbooks.HR_HEADERS.stream()
                .filter(h -> !h.equals("Adresse du domicile")).toList(), List.of(List.of(1.0, "A", "B")));
        Files.writeString(landing.resolve("hr/corrupt.xlsx"), "PK\u0003\u0004 not really a zip");
        Files.writeString(landing.resolve("activities/activities.csv"), String.join("\n",
                "ID,ID salarié,Date de début de l'activité,Type,Distance (m),Date de fin de l'activité,Commentaire",
                "a1,1001,2026-05-01 07:00:00,Runing,10000,2026-05-01 08:00:00,Bien",
                "a2,9999,2026-05-01 07:00:00,Runing,10000,2026-05-01 08:00:00,",           // unknown employee
                "a3,1001,2026-05-02 07:00:00,Runing,-300,2026-05-02 08:00:00,",            // negative distance
                "a4,1001,2026-05-03 07:00:00,Runing,5000,2026-05-03 06:00:00,",            // end before start
                "a5,1001,2026-08-01 07:00:00,Runing,5000,2026-08-01 08:00:00,",            // future
                "a6,1001,2026-05-04 07:00:00,Runing,100000,2026-05-04 07:20:00,",          // 300 km/h
                "a7,1002,2026-05-05 07:00:00,Tennis,,2026-05-05 08:00:00,",                // duplicated id
                "a7,1002,2026-05-06 07:00:00,Tennis,,2026-05-06 08:00:00,",
                "a8,1002,2026-05-07 10:00:00,Tennis,,2026-05-07 11:00:00,",                // overlapping pair
                "a9,1002,2026-05-07 10:30:00,Tennis,,2026-05-07 11:30:00,") + "\n");
        Files.writeString(landing.resolve("activities/strava.jsonl"),
                "{\"id\": 77, \"athlete\": {\"id\": 1001}, \"sport_type\": \"Hike\", \"start_date\": \"2026-05-09T06:00:00Z\","
                        + " \"elapsed_time\": 7200, \"distance\": 9000.0}\n{\"id\": 78, \"athlete\": {\"id\": 1001}, oops\n");
        // a second file with an unreadable line: rows without an id are not versions of one another (both stay)
        Files.writeString(landing.resolve("activities/strava_2.jsonl"), "{\"id\": 79, \"athlete\": {\"id\": 1001}, oops again\n");
        // the same content under a second name in the same delivery: kept once, the copy reported
        Files.copy(landing.resolve("activities/activities.csv"), landing.resolve("activities/activities_copy.csv"));
        // a CSV that is no activity file in any shape (a bank export): no column is an employee, a start or a sport
        Files.writeString(landing.resolve("activities/bank_export.csv"), "Référence;Montant;Libellé\n1;12,50;Café\n");
        Files.write(landing.resolve("activities/empty.csv"), new byte[0]);
        // a quote opening a field that never closes: Spark would read the rest of the file as one value
        Files.writeString(landing.resolve("activities/stray_quote.csv"), String.join("\n",
                "ID,ID salarié,Date de début de l'activité,Type,Distance (m),Date de fin de l'activité,Commentaire",
                "q1,1001,2026-05-11 07:00:00,Runing,5000,2026-05-11 08:00:00,\"Bien",
                "q2,1001,2026-05-12 07:00:00,Runing,5000,2026-05-12 08:00:00,",
                "q3,1001,2026-05-13 07:00:00,Runing,5000,2026-05-13 08:00:00,") + "\n");
        // the corpus is about reading every file it can: rejected HR files do not stop this run (their default is tested apart)
        AppConfig config = config(Map.of("lake.root", lake.toString(), "pipeline.as-of-date", "2026-06-30", "pipeline.fail-on-rejected", "[]"));
        summary = new Pipeline(spark(), config).run("run");

        // valid files with unusual shapes, in a lake of their own (an HR file is a full snapshot)
        oddLake = newLake("corpus-odd");
        List<String> extra = new ArrayList<>(Workbooks.HR_HEADERS);
        extra.add("Commentaire RH");
        List<Object> row = new ArrayList<>(hr(2001, "Extra", 30000, "Ventes", 43000, 40000.0, "Marche/running"));
        row.add("à revoir");
        Workbooks.write(oddLake.resolve("landing/hr/renamed_sheet_extra_column.xlsx"), "Salariés 2026", extra, List.of(row));
        oddSummary = new Pipeline(spark(), config(Map.of("lake.root", oddLake.toString(), "pipeline.as-of-date", "2026-06-30")))
                .run("run");
    }

    private Dataset<Row> table(TableId id) {
        return Lakes.read(spark(), lake, id);
    }

    /** The reasons of the quarantined row of {@code target} whose row-as-received contains {@code marker}. */
    private List<String> reasons(String target, String marker) {
        List<Row> rows = table(Tables.QUARANTINE).filter(col("target_table").equalTo(target)
                .and(col("row_as_received").contains(marker))).collectAsList();
        assertThat(rows).as("quarantined row %s in %s", marker, target).isNotEmpty();
        return rows.stream().flatMap(r -> r.<String>getList(r.fieldIndex("reasons")).stream()).distinct().toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "duplicate employee id     | silver.employees  | \"employee_id\":\"1003.0\" | employee_id appears more than once in the same HR file",
            "negative salary           | silver.employees  | \"employee_id\":\"1004.0\" | gross salary missing, not a number or not positive",
            "unknown mode              | silver.employees  | \"employee_id\":\"1005.0\" | unknown commute mode 'Hélicoptère'",
            "missing BU                | silver.employees  | \"employee_id\":\"1007.0\" | BU missing",
            "birth date in the future  | silver.employees  | \"employee_id\":\"1008.0\" | birth date is in the future",
            "hire before birth         | silver.employees  | \"employee_id\":\"1009.0\" | hired on 2006-10-10 before the age of 16",
            "activity of unknown employee | silver.activities | \"id\":\"a2\" | employee 9999 is not in the HR file",
            "negative distance         | silver.activities | \"id\":\"a3\"  | negative distance",
            "end before start          | silver.activities | \"id\":\"a4\"  | ends before it starts",
            "future activity           | silver.activities | \"id\":\"a5\"  | dated after the run's as-of date 2026-06-30",
            "absurd speed              | silver.activities | \"id\":\"a6\"  | average speed 300.0 km/h is not plausible for RUNNING (max 25 km/h)",
            "duplicated activity id    | silver.activities | \"id\":\"a7\"  | activity id appears more than once in the same file",
            "overlapping activities    | silver.activities | \"id\":\"a9\"  | overlaps activity a8 of the same employee",
            "malformed JSON line       | silver.activities | oops         | malformed JSON line: {\"id\": 78, \"athlete\": {\"id\": 1001}, oops",
            "malformed line of another file | silver.activities | oops again | malformed JSON line: {\"id\": 79, \"athlete\": {\"id\": 1001}, oops again"})
    void quarantines_a_bad_row_with_its_reason(String name, String target, String marker, String reason) {
        assertThat(reasons(target, marker)).contains(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty HR file             | empty_file.xlsx  | empty file (0 bytes)",
            "HR file without data rows | header_only.xlsx | no data rows under the header in sheet 'Feuille 1'",
            "HR file missing a column  | no_address.xlsx  | missing column(s) [Adresse du domicile] in sheet 'Feuille 1'",
            "corrupt xlsx              | corrupt.xlsx     | not a readable xlsx workbook",
            "CSV of no activity shape  | bank_export.csv  | activity file not recognised: no column for employee, start, sport, end or duration in [Référence, Montant, Libellé]; declare the file's shape in activities.shapes",
            "empty activity file       | empty.csv        | empty file (0 bytes)",
            "quote that never closes   | stray_quote.csv  | a quoted field opened on line 2 never closes: the rest of the file would be read as one value"})
    void rejects_an_unreadable_file_with_a_clear_error_and_keeps_it(String name, String file, String error) {
        Map<String, String> rejected = summary.ingestion().rejected().stream()
                .collect(Collectors.toMap(o -> o.file().name(), o -> o.error()));
        assertThat(rejected.get(file)).as(name).startsWith(error);
        assertThat(Files.exists(lake.resolve("landing").resolve(file.endsWith("xlsx") ? "hr" : "activities").resolve(file))).isTrue();
    }

    @Test
    void reports_a_copy_landed_with_its_original_as_a_duplicate() {
        BronzeIngestion.FileOutcome copy = summary.ingestion().outcomes().stream()
                .filter(o -> o.file().name().equals("activities_copy.csv")).findFirst().orElseThrow();
        assertThat(copy.status()).isEqualTo(BronzeIngestion.FileStatus.DUPLICATE);
        assertThat(copy.error()).isEqualTo("same content as landing/activities/activities.csv (ingested by this run): skipped");
        assertThat(table(Tables.ACTIVITIES_CSV).filter(col("_source_file").contains("activities_copy")).count()).isZero();
    }

    @Test
    void repairs_or_normalises_what_can_be_trusted() {
        Map<Long, Row> employees = table(Tables.EMPLOYEES).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.<Long>getAs("employee_id"), r -> r));
        assertThat(employees.get(1006L).<String>getAs("commute_mode")).isEqualTo("BIKE_OTHER");     // mode in another case
        assertThat(employees.get(1010L).<String>getAs("first_name")).isEqualTo("François");         // mojibake repaired
        assertThat(employees.keySet()).containsExactlyInAnyOrder(1001L, 1002L, 1006L, 1010L);
    }

    @Test
    void loses_nothing() {
        long hrRows = table(Tables.HR_EMPLOYEES).count();
        long activityRows = table(Tables.ACTIVITIES_CSV).count() + table(Tables.STRAVA_ACTIVITIES).count();
        Dataset<Row> quarantine = table(Tables.QUARANTINE);
        assertThat(hrRows).isEqualTo(11).isEqualTo(table(Tables.EMPLOYEES).count()
                + quarantine.filter(col("target_table").equalTo("silver.employees")).count());
        assertThat(activityRows).isEqualTo(13).isEqualTo(table(Tables.ACTIVITIES).count()
                + quarantine.filter(col("target_table").equalTo("silver.activities")).count());
        assertThat(summary.tables()).allMatch(TableRun::balanced);
        assertThat(summary.quality().text()).contains("0 errors");
    }

    @Test
    void accepts_a_renamed_sheet_and_ignores_extra_columns() {
        assertThat(oddSummary.ingestion().rejected()).isEmpty();
        Row only = Lakes.read(spark(), oddLake, Tables.EMPLOYEES).first();
        assertThat(only.<Long>getAs("employee_id")).isEqualTo(2001L);
        assertThat(Lakes.read(spark(), oddLake, Tables.HR_EMPLOYEES).columns()).doesNotContain("Commentaire RH");
    }
}
