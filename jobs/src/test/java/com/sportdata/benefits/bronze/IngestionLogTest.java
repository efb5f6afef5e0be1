package com.sportdata.benefits.bronze;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.landing.LandingZone;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingestion log is what a run asks first; bronze is asked only for the tables written since the versions the log
 * covers — and what a run that died between its bronze write and its log left there is found, kept once, and logged.
 */
class IngestionLogTest extends SparkTest {
    private static final String HEADER = "ID,ID salarié,Date de début de l'activité,Type,Distance (m),Date de fin de l'activité,Commentaire\n";

    private static String activities(String... ids) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (String id : ids) {
            csv.append(id).append(",1001,2026-03-02 08:00:00,Vélo,5000,2026-03-02 08:30:00,\n");
        }
        return csv.toString();
    }

    private AppConfig configOf(Path lake) {
        return config(Map.of("lake.root", lake.toString(), "pipeline.as-of-date", "2026-03-05"));
    }

    private static Path activityLanding(Path lake) throws java.io.IOException {
        return Files.createDirectories(lake.resolve("landing/activities"));
    }

    private BronzeIngestion.Result ingest(Path lake, AppConfig config) {
        LakePaths paths = new LakePaths(lake.toString());
        // three at once, as a run reads them (pipeline.table-parallelism)
        return new BronzeIngestion(spark(), new LandingZone(paths, spark().sparkContext().hadoopConfiguration()), new TableWriter(spark(), paths))
                .withParallelism(3).ingest(RunContext.start("run", config));
    }

    @Test
    void the_log_names_the_bronze_versions_it_covers_and_content_a_dead_run_left_is_kept_once_and_logged() throws Exception {
        Path lake = newLake("ingestion-log");
        AppConfig config = configOf(lake);
        Path landing = activityLanding(lake);
        Files.writeString(landing.resolve("day1.csv"), activities("a1", "a2"));
        BronzeIngestion.Result first = ingest(lake, config);
        assertThat(first.ingestedFiles()).hasSize(1);
        Row logged = Lakes.read(spark(), lake, Tables.INGESTION_LOG).first();
        assertThat(logged.<String>getAs("bronze_versions")).isEqualTo("bronze.activities__csv=0");
        assertThat(BronzeIngestion.parseVersions(logged.getAs("bronze_versions"))).containsEntry("bronze.activities__csv", 0L);

        // a second file, ingested; then its log rows are lost, as when a run dies between its bronze commit and its log
        Files.writeString(landing.resolve("day2.csv"), activities("a3"));
        BronzeIngestion.Result second = ingest(lake, config);
        assertThat(second.ingestedFiles()).singleElement().extracting(BronzeIngestion.FileOutcome::rows).isEqualTo(1L);
        String dead = Lakes.read(spark(), lake, Tables.INGESTION_LOG).filter(col("source_file").endsWith("day2.csv")).first().getAs("run_id");
        spark().sql("DELETE FROM delta.`" + lake.resolve("bronze/ingestion_log") + "` WHERE source_file LIKE '%day2.csv'");

        // the next run, with a new file: day2's content is in bronze (version 1) past what the log covers (version 0)
        Files.writeString(landing.resolve("day3.csv"), activities("a4", "a5"));
        BronzeIngestion.Result third = ingest(lake, config);
        assertThat(third.ingestedFiles()).extracting(o -> o.file().name()).containsExactly("day3.csv");
        assertThat(Lakes.read(spark(), lake, Tables.ACTIVITIES_CSV).count()).isEqualTo(5);   // a3 once, not twice
        List<Row> late = Lakes.read(spark(), lake, Tables.INGESTION_LOG).filter(col("source_file").endsWith("day2.csv")).collectAsList();
        assertThat(late).singleElement().satisfies(r -> {
            assertThat(r.<String>getAs("status")).isEqualTo("INGESTED");
            assertThat(r.<String>getAs("run_id")).isEqualTo(dead);
            assertThat(r.<Long>getAs("rows")).isEqualTo(1L);
            assertThat(r.<String>getAs("error")).contains("wrote these rows to bronze and ended before logging them");
            assertThat(r.<String>getAs("bronze_versions")).isEqualTo("bronze.activities__csv=2");
        });

        // from then on the log covers bronze: a fourth file is looked up nowhere and ingested; nothing is logged twice
        Files.writeString(landing.resolve("day4.csv"), activities("a6"));
        BronzeIngestion.Result fourth = ingest(lake, config);
        assertThat(fourth.ingestedFiles()).extracting(o -> o.file().name()).containsExactly("day4.csv");
        assertThat(fourth.alreadyIngested()).isEqualTo(3);
        assertThat(Lakes.read(spark(), lake, Tables.ACTIVITIES_CSV).count()).isEqualTo(6);
        assertThat(Lakes.read(spark(), lake, Tables.INGESTION_LOG).filter(col("source_file").endsWith("day2.csv")).count()).isEqualTo(1);
    }

    @Test
    void files_of_one_delivery_are_read_together_and_reported_in_landing_order_copies_once_bad_copies_each() throws Exception {
        Path lake = newLake("ingestion-together");
        AppConfig config = configOf(lake);
        Path landing = activityLanding(lake);
        Files.writeString(landing.resolve("a.csv"), activities("a1", "a2"));
        Files.writeString(landing.resolve("b.csv"), activities("a1", "a2"));            // a's content again
        Files.write(landing.resolve("c.csv"), new byte[] {(byte) 0xFF, 0, 1, 2});         // unreadable
        Files.write(landing.resolve("d.csv"), new byte[] {(byte) 0xFF, 0, 1, 2});         // c's content again: reported too
        Files.writeString(landing.resolve("e.csv"), activities("a3"));
        BronzeIngestion.Result result = ingest(lake, config);

        assertThat(result.outcomes()).extracting(o -> o.file().name() + " " + o.status() + " " + o.rows())
                .containsExactly("a.csv INGESTED 2", "b.csv DUPLICATE 0", "c.csv REJECTED 0", "d.csv REJECTED 0", "e.csv INGESTED 1");
        assertThat(result.outcomes().get(1).error()).isEqualTo("same content as landing/activities/a.csv (ingested by this run): skipped");
        assertThat(result.outcomes().get(3).error()).isEqualTo(result.outcomes().get(2).error()).isNotBlank();
        assertThat(Lakes.read(spark(), lake, Tables.ACTIVITIES_CSV).select("id").orderBy("id").collectAsList())
                .extracting(r -> r.getString(0)).containsExactly("a1", "a2", "a3");
        assertThat(Lakes.read(spark(), lake, Tables.INGESTION_LOG).orderBy("source_file").collectAsList())
                .extracting(r -> r.<String>getAs("status")).containsExactly("INGESTED", "DUPLICATE", "REJECTED", "REJECTED", "INGESTED");
    }

    @Test
    void a_log_from_before_the_versions_column_covers_nothing_and_an_unreadable_entry_is_left_out() {
        assertThat(BronzeIngestion.parseVersions("bronze.hr__employees=3,bronze.activities__csv=12"))
                .containsExactly(Map.entry("bronze.hr__employees", 3L), Map.entry("bronze.activities__csv", 12L));
        assertThat(BronzeIngestion.parseVersions("bronze.hr__employees=x,=4,bronze.postcodes=1")).containsOnlyKeys("bronze.postcodes");
        assertThat(BronzeIngestion.parseVersions("")).isEmpty();
    }
    @Test
    void a_lake_from_before_the_tombstones_and_the_shapes_takes_them_at_its_next_ingestion() throws Exception {
        Path lake = newLake("ingestion-upgrade");
        AppConfig config = configOf(lake);
        // bronze.strava__activities and the ingestion log as an earlier version wrote them: no `deleted`, no `shape`
        org.apache.spark.sql.types.StructType before = new org.apache.spark.sql.types.StructType(java.util.Arrays.stream(
                BronzeSources.bronzeSchema(BronzeSources.STRAVA_JSON).fields()).filter(f -> !f.name().equals("deleted"))
                .toArray(org.apache.spark.sql.types.StructField[]::new));
        frame(before, row(1L, 1001L, "x", "Run", "Run", "2026-03-01T07:00:00Z", null, null, 1800L, 1800L, 5000.0, null, false, false, null,
                null, "landing/activities/old.jsonl", "sha-old", java.sql.Timestamp.valueOf("2026-03-01 12:00:00"), "r-old", "h"))
                .write().format("delta").save(lake.resolve("bronze/strava__activities").toString());
        org.apache.spark.sql.types.StructType oldLog = new org.apache.spark.sql.types.StructType(java.util.Arrays.stream(
                BronzeIngestion.LOG_SCHEMA.fields()).filter(f -> !f.name().equals("shape")).toArray(org.apache.spark.sql.types.StructField[]::new));
        frame(oldLog).write().format("delta").save(lake.resolve("bronze/ingestion_log").toString());

        Path landing = activityLanding(lake);
        Files.writeString(landing.resolve("strava_event_1_1772700000_deleted.jsonl"), "{\"id\": 1, \"athlete\": {\"id\": 1001}, \"deleted\": true}\n");
        Files.writeString(landing.resolve("club.csv"), "salarie;sport;date;duree\n1001;Yoga;2026-03-02 18:00;3600\n");
        BronzeIngestion.Result result = ingest(lake, config);
        assertThat(result.ingestedFiles()).hasSize(2);
        List<Row> strava = Lakes.read(spark(), lake, Tables.STRAVA_ACTIVITIES).orderBy("_ingested_at").collectAsList();
        assertThat(strava).extracting(r -> r.<Boolean>getAs("deleted")).containsExactly(null, true);
        assertThat(Lakes.read(spark(), lake, Tables.INGESTION_LOG).filter(col("source_file").endsWith("club.csv")).first().<String>getAs("shape"))
                .startsWith("recognised: employee=salarie");
    }
}
