package com.sportdata.benefits.run;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.generate.Generator;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.quality.Alerts;
import com.sportdata.benefits.quality.CheckOutcome;
import com.sportdata.benefits.testing.Commands;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One lake through a sequence of days: a 12-month history, a live drop of 5 activities (no anomaly), three silent
 * days (an anomaly), a broken HR delivery (the run fails, loudly), then a broken activity file and a duplicate (the
 * run goes on, alerted and named).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoudInputsTest extends SparkTest {
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Paris"));
    private final Path lake = newLake("loud");

    private AppConfig config(LocalDate asOf) {
        return config(Map.of("lake.root", lake.toString(), "pipeline.as-of-date", asOf.toString(), "generator.employees", "60"));
    }

    private AppConfig config(LocalDate asOf, String key, String value) {
        return config(Map.of("lake.root", lake.toString(), "pipeline.as-of-date", asOf.toString(), "generator.employees", "60", key, value));
    }

    private Pipeline.Result run(LocalDate asOf, Alerts alerts) {
        return new Pipeline(spark(), config(asOf), alerts).execute(new Pipeline.Request.Whole());
    }

    private static List<CheckOutcome> volume(Pipeline.Result result) {
        return result.summary().quality().outcomes().stream().filter(o -> o.layer().equals("anomaly") && o.table().equals("activities"))
                .toList();
    }

    @Test
    @Order(1)
    void a_live_drop_after_the_history_is_not_an_anomaly() {
        new Generator(config(TODAY.minusDays(1))).writeLanding(null, null);
        Pipeline.Result history = run(TODAY.minusDays(1), new Alerts());
        assertThat(history.failure()).isNull();
        assertThat(volume(history)).singleElement().extracting(CheckOutcome::status).isEqualTo(CheckOutcome.Status.SKIPPED);

        new Generator(config(TODAY)).writeLive(5);
        Alerts alerts = new Alerts();
        Pipeline.Result live = run(TODAY, alerts);
        assertThat(live.failure()).isNull();
        assertThat(volume(live)).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(CheckOutcome.Status.PASSED);
            assertThat(o.message()).startsWith("activities ingested on " + TODAY + ": 5, usual");
        });
        assertThat(alerts.raised()).noneMatch(a -> a.contains("activities"));
    }

    @Test
    @Order(2)
    void three_silent_days_are_an_anomaly_alerted() {
        Alerts alerts = new Alerts();
        Pipeline.Result silent = run(TODAY.plusDays(3), alerts);
        assertThat(silent.failure()).isNull();
        assertThat(volume(silent)).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(CheckOutcome.Status.FAILED);
            assertThat(o.message()).isEqualTo("no activities file for 3 days: the last one arrived on " + TODAY + " (alert after 3 silent days)");
        });
        assertThat(alerts.raised()).anyMatch(a -> a.contains("no activities file for 3 days"));
    }

    @Test
    @Order(3)
    void a_broken_hr_delivery_fails_the_run_with_an_alert_a_report_section_and_a_ledger_row() throws Exception {
        Path broken = lake.resolve("landing/hr/DonneesRH_2026-12.xlsx");
        Files.writeString(broken, "PK\u0003\u0004 not really a workbook");
        Alerts alerts = new Alerts();
        Pipeline.Result result = run(TODAY.plusDays(3), alerts);
        assertThat(result.failure()).isInstanceOf(RejectedInput.class).hasMessageContaining("landing/hr/DonneesRH_2026-12.xlsx");
        assertThat(result.summary().render()).contains("REJECTED landing/hr/DonneesRH_2026-12.xlsx").contains("Status: FAILED in stage ingest")
                // a run stopped before gold computed no year: the summary says so instead of an empty rules line
                .contains("Rules: no benefit year computed by this run").doesNotContain("Rules , ");
        assertThat(alerts.raised()).anyMatch(a -> a.contains("bad input") && a.contains("DonneesRH_2026-12.xlsx"));
        String html = Files.readString(Path.of(result.summary().qualityReportPath()));
        // the data team's language, French by default
        assertThat(html).contains("<html lang=\"fr\">").contains("Fichiers de dépôt rejetés").contains("landing/hr/DonneesRH_2026-12.xlsx rejected");
        // the report opens with the run's outcome, naming the file, before anything else it says
        String opening = html.substring(html.indexOf("<h1>"));
        opening = opening.substring(0, opening.indexOf("<h2"));
        assertThat(opening).contains("class=\"outcome FAILED\"").contains("a ÉCHOUÉ à l&#39;étape ingest")
                .contains("DonneesRH_2026-12.xlsx").doesNotContain("Rien n&#39;a échoué");
        assertThat(html.indexOf("id=\"rejected-files\"")).as("rejected files before the checks that need attention")
                .isLessThan(html.indexOf("id=\"attention\""));
        assertThat(html).doesNotContain("Rien n&#39;a échoué ni averti dans cette exécution.");
        List<RunLedger.Entry> rows = new RunLedger(spark(), new LakePaths(lake.toString()), "").run(result.summary().runId());
        assertThat(rows).extracting(RunLedger.Entry::stage).containsExactly("ingest", "quality");
        assertThat(rows.get(0).status()).isEqualTo(RunLedger.Status.FAILED);
        assertThat(rows.get(0).error()).contains("DonneesRH_2026-12.xlsx");
        // the alert's pointers, pasted as printed: the run stage by stage, then its quality report
        String alert = Lakes.read(spark(), lake, Tables.SLACK_OUTBOX).filter(col("kind").equalTo("ALERT")
                .and(col("text").contains("DonneesRH_2026-12.xlsx"))).first().getAs("text");
        assertThat(alert).startsWith("🚨 Alerte du pipeline, exécution " + result.summary().runId());
        Commands.Ran stages = Commands.pasted(alert);
        assertThat(stages.code()).as(stages.all()).isZero();
        assertThat(stages.out()).contains(result.summary().runId()).contains("FAILED");
        Commands.Ran report = Commands.pasted(alert.substring(alert.indexOf("` et `") + 4));
        assertThat(report.code()).as(report.all()).isZero();
        assertThat(report.out()).contains("Quality report of run " + result.summary().runId()).contains("FAILED in its ingest stage");
        Row logged = Lakes.read(spark(), lake, Tables.INGESTION_LOG).filter(col("source_file").contains("DonneesRH_2026-12")).first();
        assertThat(logged.<String>getAs("status")).isEqualTo("REJECTED");
        Files.delete(broken);
    }

    @Test
    @Order(4)
    void a_broken_activity_file_is_alerted_and_a_duplicate_named_while_the_run_goes_on() throws Exception {
        Path activities = lake.resolve("landing/activities");
        Files.writeString(activities.resolve("bank_export.csv"), "Référence;Montant;Libellé\n1;12,50;Café\n");
        Path original = Files.list(activities).filter(p -> p.getFileName().toString().startsWith("activities_")).findFirst().orElseThrow();
        Files.copy(original, activities.resolve("copy_of_" + original.getFileName()));
        Alerts alerts = new Alerts();
        Pipeline.Result result = run(TODAY.plusDays(3), alerts);
        assertThat(result.failure()).isNull();
        assertThat(alerts.raised()).anyMatch(a -> a.contains("quality warning") && a.contains("bank_export.csv"));
        String summary = result.summary().render();
        assertThat(summary).contains("REJECTED landing/activities/bank_export.csv").contains("DUPLICATE landing/activities/copy_of_")
                .contains("Status: SUCCEEDED");
        // the same broken file, still in landing at the next run: still reported as missing, not alerted a second time
        Alerts next = new Alerts();
        Pipeline.Result still = run(TODAY.plusDays(3), next);
        assertThat(still.summary().quality().outcomes()).filteredOn(o -> o.layer().equals("landing")).singleElement()
                .satisfies(o -> assertThat(o.message()).contains("bank_export.csv still rejected, already alerted by run "
                        + result.summary().runId()));
        assertThat(next.raised()).noneMatch(a -> a.contains("bank_export.csv"));
        // left in landing on purpose: acknowledged with the command the report suggests, pasted as printed
        CheckOutcome rejected = still.summary().quality().outcomes().stream().filter(o -> o.layer().equals("landing")).findFirst().orElseThrow();
        Commands.Ran listed = Commands.run("landing", "--lake", lake.toString());
        assertThat(listed.code()).isZero();
        assertThat(listed.out()).contains("landing/activities/bank_export.csv\n  rejected since run " + result.summary().runId())
                .contains("1 file not acknowledged");
        Commands.Ran ack = Commands.pasted(rejected.why());
        assertThat(ack.code()).as(ack.all()).isZero();
        assertThat(ack.out()).contains("acknowledged: landing/activities/bank_export.csv").contains("1 acknowledgement recorded");
        assertThat(Commands.run("landing", "--lake", lake.toString()).out())
                .contains("landing/activities/bank_export.csv   (acknowledged: skipped until its content changes)").doesNotContain("not acknowledged");
        assertThat(Commands.run("landing", "ack", "--lake", lake.toString(), "--file", "landing/activities/nope.csv", "--reason", "x").code())
                .isEqualTo(2);
        // nothing new, dashboard on (this class runs without one so far): a lake with no dashboard gets one drawn...
        Path dashboard = lake.resolve("reports/dashboard.html");
        assertThat(dashboard).doesNotExist();
        Pipeline.Result drawing = new Pipeline(spark(), config(TODAY.plusDays(3), "export.dashboard", "true"), new Alerts())
                .execute(new Pipeline.Request.Whole());
        assertThat(dashboard).exists();
        String drawn = Files.readString(dashboard);
        // ...and the next run that rewrites no gold leaves it as drawn, and its quality stage says so
        Pipeline.Result quiet = new Pipeline(spark(), config(TODAY.plusDays(3), "export.dashboard", "true"), new Alerts())
                .execute(new Pipeline.Request.Whole());
        assertThat(quiet.summary().quality().outcomes()).filteredOn(o -> o.layer().equals("landing")).isEmpty();
        assertThat(Files.readString(dashboard)).isEqualTo(drawn).contains(drawing.summary().runId());
        RunLedger ledger = new RunLedger(spark(), new LakePaths(lake.toString()), "");
        assertThat(ledger.run(drawing.summary().runId())).filteredOn(e -> e.stage().equals("quality")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("; dashboard ").doesNotContain("dashboard unchanged"));
        assertThat(ledger.run(quiet.summary().runId())).filteredOn(e -> e.stage().equals("quality")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("dashboard unchanged: gold was not rewritten"));
        // nothing new: the quiet run checked no silver or gold table, and `quality` says which run last did
        Commands.Ran quality = Commands.run("quality", "--lake", lake.toString(), "--run", quiet.summary().runId());
        assertThat(quality.code()).as(quality.all()).isZero();
        assertThat(quality.out()).contains("This run checked no silver or gold table");
        Commands.Ran pointed = Commands.pasted(quality.out().substring(quality.out().indexOf("This run checked no")));
        assertThat(pointed.code()).as(pointed.all()).isZero();
        assertThat(pointed.out()).contains("Quality report of run ").doesNotContain("Quality report of run " + quiet.summary().runId())
                .doesNotContain("This run checked no");
        // a new rejection always alerts
        Files.writeString(activities.resolve("bank_export.csv"), Files.readString(activities.resolve("bank_export.csv")) + "2;1002;x;y;1;z;\n");
        Alerts changed = new Alerts();
        run(TODAY.plusDays(3), changed);
        assertThat(changed.raised()).anyMatch(a -> a.contains("quality warning") && a.contains("bank_export.csv rejected"));
        Files.delete(activities.resolve("bank_export.csv"));
        Pipeline.Result again = run(TODAY.plusDays(3), new Alerts());
        assertThat(again.summary().render()).doesNotContain("DUPLICATE").contains("0 duplicates");
    }
}
