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
}
