package com.sportdata.benefits.history;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.run.Pipeline;
import com.sportdata.benefits.slack.Notifier;
import com.sportdata.benefits.slack.SdkWebhook;
import com.sportdata.benefits.testing.FakeSlack;
import com.sportdata.benefits.quality.Alerts;
import com.sportdata.benefits.run.Replay;
import com.sportdata.benefits.testing.SparkTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunLedgerTest extends SparkTest {

    @Test
    void a_failed_run_is_recorded_stage_by_stage_with_its_error_and_alerted_once_on_slack() throws Exception {
        Path lake = newLake("ledger-failure");
        AppConfig config = config(Map.of("lake.root", lake.toString(), "pipeline.as-of-date", "2026-06-30"));
        try (FakeSlack slack = new FakeSlack()) {
            Notifier notifier = new Notifier(spark(), config, Map.of("SLACK_ALERT_WEBHOOK_URL", slack.url("/alerts")),
                    new SdkWebhook(Duration.ofSeconds(5)));
            Pipeline pipeline = new Pipeline(spark(), config, new Alerts(), "run --lake x --set spark.conf.spark.hadoop.fs.s3a.secret.key=***",
                    notifier);
            assertThatThrownBy(() -> pipeline.run("run")).hasMessageContaining("no HR file has been ingested");
            assertThat(slack.calls()).singleElement().satisfies(call -> {
                assertThat(call.path()).isEqualTo("/alerts");
                assertThat(call.text()).contains("run failed, bad input: no HR file has been ingested")
                        .contains("`scripts/sport-benefits runs --lake " + java.nio.file.Path.of(java.net.URI.create(new LakePaths(lake.toString())
                                .root())) + " --run ");
            });
            // delivering again sends nothing more: the alert went once
            notifier.deliver();
            assertThat(slack.calls()).hasSize(1);
        }

        RunLedger ledger = new RunLedger(spark(), new LakePaths(lake.toString()), "");
        List<RunLedger.Entry> runs = ledger.recent(5);
        assertThat(runs).extracting(RunLedger.Entry::stage).containsExactly("ingest", "silver", "quality");
        assertThat(runs).extracting(RunLedger.Entry::status)
                .containsExactly(RunLedger.Status.SUCCEEDED, RunLedger.Status.FAILED, RunLedger.Status.SUCCEEDED);
        RunLedger.Entry silver = runs.get(1);
        assertThat(silver.error()).contains("no HR file has been ingested");
        assertThat(silver.arguments()).endsWith("secret.key=***");
        assertThat(silver.productVersion()).isNotBlank();
        assertThat(silver.endedAt()).isAfterOrEqualTo(silver.startedAt());
        assertThat(ledger.goldStage(silver.runId())).isEmpty();
        assertThatThrownBy(() -> new Replay(spark(), config(Map.of("lake.root", lake.toString())), "").replay(silver.runId()))
                .hasMessageContaining("no successful stage that wrote gold");
        assertThat(RunsView.list(runs)).contains(silver.runId()).contains("FAILED").contains("silver✗");
        assertThat(RunsView.detail(runs)).contains("error: no HR file has been ingested");
    }

    @Test
    void the_bi_view_of_the_ledger_takes_each_commands_rows_in_one_append_and_catches_up_with_a_process_that_died() throws Exception {
        Path lake = newLake("ledger-view");
        LakePaths paths = new LakePaths(lake.toString());
        com.sportdata.benefits.pipeline.TableWriter writer = new com.sportdata.benefits.pipeline.TableWriter(spark(), paths);
        AppConfig config = config(Map.of("lake.root", lake.toString()));
        RunLedger first = new RunLedger(spark(), paths, "run --lake x");
        com.sportdata.benefits.context.RunContext died = com.sportdata.benefits.context.RunContext.start("run", config);
        first.begin(died, "ingest", writer, "{}").ended(died, RunLedger.Status.SUCCEEDED, null, RunLedger.Counts.NONE, "4 files", null);
        first.flush();
        // a flush records the attempt in the ledger only: the process died before its command's end
        assertThat(first.recent(5)).extracting(RunLedger.Entry::runId).containsExactly(died.runId());
        assertThat(writer.exists(com.sportdata.benefits.catalog.Tables.RUNS)).isFalse();

        RunLedger second = new RunLedger(spark(), paths, "");
        com.sportdata.benefits.context.RunContext next = com.sportdata.benefits.context.RunContext.start("backfill", config);
        second.begin(next, "gold", writer, "{}").ended(next, RunLedger.Status.FAILED, "boom\nat line 2", RunLedger.Counts.NONE, null, null);
        second.flush();
        second.publishView(writer, next.runId());
        assertThat(view(writer)).containsExactly(died.runId() + " ingest run SUCCEEDED null", next.runId() + " gold backfill FAILED boom");
        // nothing new: no row, no commit
        second.publishView(writer, next.runId());
        assertThat(writer.head(com.sportdata.benefits.catalog.Tables.RUNS).orElseThrow().version()).isZero();

        // the next command's rows are appended to the view, the ledger not read again
        RunLedger third = new RunLedger(spark(), paths, "");
        com.sportdata.benefits.context.RunContext vacuum = oneStage(third, writer, "vacuum", config);
        third.publishView(writer, vacuum.runId());
        assertThat(viewCommit(lake, 1)).isEqualTo("Append");
        assertThat(view(writer)).hasSize(3).endsWith(vacuum.runId() + " vacuum vacuum SUCCEEDED null");

        // a command whose view was not written (it died after its ledger commit): the next one rebuilds the view whole
        com.sportdata.benefits.context.RunContext lost = oneStage(new RunLedger(spark(), paths, ""), writer, "export", config);
        RunLedger last = new RunLedger(spark(), paths, "");
        last.publishView(writer, oneStage(last, writer, "digest", config).runId());
        assertThat(viewCommit(lake, 2)).isEqualTo("Overwrite");
        assertThat(view(writer)).hasSize(5).contains(lost.runId() + " export export SUCCEEDED null");
    }

    /** A command of one stage named as the command, SUCCEEDED, its row in the ledger (the view not published). */
    private static com.sportdata.benefits.context.RunContext oneStage(RunLedger ledger, com.sportdata.benefits.pipeline.TableWriter writer,
                                                                      String command, AppConfig config) {
        com.sportdata.benefits.context.RunContext run = com.sportdata.benefits.context.RunContext.start(command, config);
        ledger.begin(run, command, writer, "{}").ended(run, RunLedger.Status.SUCCEEDED, null, RunLedger.Counts.NONE, null, null);
        ledger.flush();
        return run;
    }

    private static List<String> view(com.sportdata.benefits.pipeline.TableWriter writer) {
        return writer.read(com.sportdata.benefits.catalog.Tables.RUNS).orderBy("started_at").select("run_id", "stage", "command", "status", "error")
                .collectAsList().stream().map(r -> r.getString(0) + " " + r.getString(1) + " " + r.getString(2) + " " + r.getString(3) + " "
                        + r.getString(4)).toList();
    }

    /** How a version of the view was written (Delta's commitInfo mode). */
    private static String viewCommit(Path lake, long version) throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(lake.resolve(String.format("gold/fct_runs/_delta_log/%020d.json", version)))) {
            if (line.startsWith("{\"commitInfo\"")) {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).path("commitInfo").path("operationParameters")
                        .path("mode").asText();
            }
        }
        return "";
    }

    private static long versions(Path lake) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(lake.resolve("ops/run_ledger/_delta_log"))) {
            return files.filter(f -> f.getFileName().toString().matches("\\d+\\.json")).count();
        }
    }

    private static List<Path> journal(Path lake) throws java.io.IOException {
        Path dir = lake.resolve("ops/_ledger_journal");
        if (!java.nio.file.Files.exists(dir)) {
            return List.of();
        }
        try (var files = java.nio.file.Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
        }
    }

    @Test
    void a_whole_run_reaches_the_ledger_in_one_commit_and_leaves_no_journal() throws Exception {
        Path lake = newLake("ledger-one-commit");
        new Pipeline(spark(), config(Map.of("lake.root", lake.toString(), "pipeline.as-of-date", "2026-06-30"))).execute(
                new Pipeline.Request.Whole());
        RunLedger ledger = new RunLedger(spark(), new LakePaths(lake.toString()), "");
        // the failed run (no HR file) ended three attempts: ingest, silver (failed), quality — one commit holds them
        assertThat(ledger.recent(5)).extracting(RunLedger.Entry::stage).containsExactly("ingest", "silver", "quality");
        assertThat(versions(lake)).isEqualTo(1);
        assertThat(journal(lake)).isEmpty();
    }

    @Test
    void the_rows_a_dead_process_journaled_are_appended_whole_by_the_next_command_once() throws Exception {
        Path lake = newLake("ledger-journal");
        LakePaths paths = new LakePaths(lake.toString());
        com.sportdata.benefits.pipeline.TableWriter writer = new com.sportdata.benefits.pipeline.TableWriter(spark(), paths);
        AppConfig config = config(Map.of("lake.root", lake.toString(), "pipeline.as-of-date", "2026-06-30"));
        com.sportdata.benefits.context.RunContext died = com.sportdata.benefits.context.RunContext.start("run", config)
                .withBenefitYears(List.of(2025, 2026));
        RunLedger dying = new RunLedger(spark(), paths, "run --lake x");
        RunLedger.Stage begun = dying.begin(died, "ingest", writer, "{\"a\":1}");
        writer.noteRead("ops.run_ledger", 7L);
        RunLedger.Entry ingest = begun.ended(died, RunLedger.Status.SUCCEEDED, null, new RunLedger.Counts(10, 8, 2), "4 files", "{\"checks\":[]}");
        dying.journal();
        RunLedger.Entry silver = dying.begin(died, "silver", writer, "{}", 2)
                .ended(died, RunLedger.Status.FAILED, "boom\nline 2", RunLedger.Counts.NONE, null, null);
        dying.journal();
        // the process dies here: its rows are journaled, the ledger has none of them
        assertThat(journal(lake)).hasSize(2);
        assertThat(dying.exists()).isFalse();

        RunLedger next = new RunLedger(spark(), paths, "");
        assertThat(next.recover()).isEqualTo(2);
        List<RunLedger.Entry> recorded = next.run(died.runId());
        // every column as the dead process ended it: maps, lists, dates, times to the microsecond, counts, attempts
        assertThat(recorded).usingRecursiveFieldByFieldElementComparatorIgnoringFields("startedAt", "endedAt")
                .containsExactly(ingest, silver);
        assertThat(recorded.get(0).startedAt()).isEqualTo(truncatedToMicros(ingest.startedAt()));
        assertThat(recorded.get(0).tablesRead()).containsEntry("ops.run_ledger", 7L);
        assertThat(recorded.get(0).benefitYears()).containsExactly(2025, 2026);
        assertThat(journal(lake)).isEmpty();
        assertThat(versions(lake)).isEqualTo(1);
        // nothing left: a second command appends nothing
        assertThat(new RunLedger(spark(), paths, "").recover()).isZero();
        assertThat(versions(lake)).isEqualTo(1);
    }

    private static java.time.Instant truncatedToMicros(java.time.Instant i) {
        return i.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    @Test
    void journal_files_whose_rows_the_ledger_holds_or_cut_short_by_a_crash_are_removed_without_a_row_twice() throws Exception {
        Path lake = newLake("ledger-journal-twice");
        LakePaths paths = new LakePaths(lake.toString());
        com.sportdata.benefits.pipeline.TableWriter writer = new com.sportdata.benefits.pipeline.TableWriter(spark(), paths);
        com.sportdata.benefits.context.RunContext run = com.sportdata.benefits.context.RunContext.start("run",
                config(Map.of("lake.root", lake.toString())));
        RunLedger ledger = new RunLedger(spark(), paths, "");
        ledger.begin(run, "ingest", writer, "{}").ended(run, RunLedger.Status.SUCCEEDED, null, RunLedger.Counts.NONE, null, null);
        ledger.journal();
        List<Path> files = journal(lake);
        Path kept = lake.resolve("kept.json");
        java.nio.file.Files.copy(files.get(0), kept);
        ledger.flush();
        assertThat(journal(lake)).isEmpty();
        // the process died between the ledger's commit and the removal of the files; another one died writing a file
        java.nio.file.Files.copy(kept, files.get(0));
        java.nio.file.Files.writeString(lake.resolve("ops/_ledger_journal/9999999999999999999-000000001-x-gold-1.json"), "{\"run_id\":\"x\",\"st");

        assertThat(new RunLedger(spark(), paths, "").recover()).isZero();
        assertThat(ledger.run(run.runId())).hasSize(1);
        assertThat(ledger.run("x")).isEmpty();
        assertThat(journal(lake)).isEmpty();
        assertThat(versions(lake)).isEqualTo(1);
    }
}
