package com.sportdata.benefits.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.metrics.RunMetrics;
import com.sportdata.benefits.testing.Processes;
import com.sportdata.benefits.testing.SparkTest;
import com.sportdata.benefits.testing.Wrapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Monitoring with the real components (Debian's prometheus-pushgateway and prometheus, started and stopped by
 * scripts/monitoring on random loopback ports): a run pushes its metrics and they read back from the Pushgateway equal
 * to the run ledger; a Pushgateway that is down is a warning, not a failed run; a failed run becomes a firing
 * "run failed" alert in a Prometheus that scrapes the Pushgateway with the shipped rules; promtool's unit tests of
 * every rule pass.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringIT extends SparkTest {
    private static final Duration RUN = Duration.ofMinutes(4);
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)\\} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private Path work;
    private Path lake;
    private Map<String, String> env;
    private int gatewayPort;
    private int prometheusPort;

    @BeforeAll
    void start() throws IOException {
        work = newLake("monitoring-it");
        lake = work.resolve("lake");
        gatewayPort = Wrapper.freePort();
        prometheusPort = Wrapper.freePort();
        env = Map.of("MONITORING_DIR", work.resolve("monitoring").toString(), "MONITORING_PUSHGATEWAY_PORT", String.valueOf(gatewayPort),
                "MONITORING_PROMETHEUS_PORT", String.valueOf(prometheusPort), "MONITORING_INTERVAL", "1s");
        Wrapper.Outcome up = Wrapper.run("monitoring", work, Duration.ofMinutes(1), env, "start");
        assertThat(up.exitCode()).as(up.output()).isZero();
        Wrapper.Outcome generated = Wrapper.run("sport-benefits", work, RUN, Map.of(), "generate", "--lake", lake.toString(),
                "--employees", "60", "--seed", "7", "--as-of", "2026-06-30");
        assertThat(generated.exitCode()).as(generated.output()).isZero();
    }

    @AfterAll
    void stop() {
        try {
            Wrapper.run("monitoring", work, Duration.ofMinutes(1), env, "stop");
        } finally {
            // whatever the script did, nothing it started outlives the tests
            Processes.killPidsIn(work.resolve("monitoring"));
        }
    }

    private Map<String, String> withGateway(String url) {
        return Map.of("PUSHGATEWAY_URL", url);
    }

    @Test
    @Order(1)
    void promtool_unit_tests_cover_every_rule_and_pass() throws Exception {
        Path rules = Wrapper.ROOT.resolve("deploy/prometheus");
        Process check = new ProcessBuilder("promtool", "test", "rules", "sport-benefits-alerts.test.yml").directory(rules.toFile())
                .redirectErrorStream(true).start();
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
        // every alert of the rules file has a test that expects it to fire
        String ruleFile = Files.readString(rules.resolve("sport-benefits-alerts.yml"));
        String tests = Files.readString(rules.resolve("sport-benefits-alerts.test.yml"));
        Matcher alert = Pattern.compile("- alert: (\\w+)").matcher(ruleFile);
        List<String> alerts = new ArrayList<>();
        while (alert.find()) {
            alerts.add(alert.group(1));
        }
        assertThat(alerts).hasSize(6).allSatisfy(name -> assertThat(tests).containsPattern("alertname: " + name + "\\s+exp_alerts:\\s+- exp_labels"));
    }

    @Test
    @Order(2)
    void a_run_pushes_its_metrics_and_they_read_back_equal_to_the_ledger() throws Exception {
        Wrapper.Outcome run = Wrapper.run("sport-benefits", work, RUN, withGateway("http://127.0.0.1:" + gatewayPort), "run", "--lake",
                lake.toString(), "--as-of", "2026-06-30");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).containsPattern("Metrics: \\d+ samples in ops/run_metrics, pushed to http://127.0.0.1:" + gatewayPort);
        String runId = runId(run.output());

        List<Map<String, String>> pushed = pushedSamples();
        assertThat(pushed).isNotEmpty().allSatisfy(s -> {
            assertThat(s.get("__name__")).startsWith("sport_benefits_");
            assertThat(s).containsEntry("job", "sport-benefits").containsEntry("lake", lake.toString());
        });
        RunLedger ledger = new RunLedger(spark(), new LakePaths(lake.toString()), "");
        List<RunLedger.Entry> stages = RunMetrics.latestAttempts(ledger.run(runId));
        assertThat(stages).extracting(RunLedger.Entry::stage).containsExactly("ingest", "silver", "gold", "quality", "notify");
        for (RunLedger.Entry stage : stages) {
            assertThat(value(pushed, "sport_benefits_stage_rows_out", "stage", stage.stage())).isEqualTo(stage.rowsWritten());
            assertThat(value(pushed, "sport_benefits_stage_rows_in", "stage", stage.stage())).isEqualTo(stage.rowsRead());
            assertThat(value(pushed, "sport_benefits_stage_rows_quarantined", "stage", stage.stage())).isEqualTo(stage.rowsQuarantined());
            assertThat(value(pushed, "sport_benefits_stage_success", "stage", stage.stage())).isEqualTo(1);
        }
        assertThat(value(pushed, "sport_benefits_run_success", "command", "run")).isEqualTo(1);
        assertThat(value(pushed, "sport_benefits_rejected_files")).isZero();
        assertThat(value(pushed, "sport_benefits_checks_failed", "level", "Error")).isZero();
        assertThat(value(pushed, "sport_benefits_cost_eur", "benefit", "total", "benefit_year", "2026")).isPositive();
        assertThat(value(pushed, "sport_benefits_slack_posts", "state", "dead")).isZero();
        assertThat(pushed).anySatisfy(s -> assertThat(s.get("__name__")).isEqualTo("sport_benefits_driver_gc_seconds_total"));
        // the same figures in ops/run_metrics
        double silverOut = spark().read().format("delta").load(lake.resolve("ops/run_metrics").toString())
                .where("run_id = '" + runId + "' AND metric = 'sport_benefits_stage_rows_out' AND stage = 'silver'").first().getDouble(7);
        assertThat(silverOut).isEqualTo(value(pushed, "sport_benefits_stage_rows_out", "stage", "silver"));
    }

    @Test
    @Order(3)
    void a_pushgateway_that_is_down_is_a_warning_and_the_run_succeeds() throws IOException {
        Wrapper.Outcome run = Wrapper.run("sport-benefits", work, RUN, withGateway("http://127.0.0.1:" + Wrapper.freePort()), "run", "--lake",
                lake.toString(), "--as-of", "2026-06-30");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Status: SUCCEEDED").contains("WARN").contains("metrics not pushed")
                .containsPattern("Metrics: \\d+ samples in ops/run_metrics, NOT pushed to http://127.0.0.1:\\d+ \\(connection refused\\)");
    }

    @Test
    @Order(4)
    void a_failed_run_becomes_a_firing_run_failed_alert_with_its_runbook() throws Exception {
        Files.writeString(lake.resolve("landing/hr/corrupt.xlsx"), "this is not a workbook");
        Wrapper.Outcome run = Wrapper.run("sport-benefits", work, RUN, withGateway("http://127.0.0.1:" + gatewayPort), "run", "--lake",
                lake.toString(), "--as-of", "2026-06-30");
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(value(pushedSamples(), "sport_benefits_run_success", "command", "run")).isZero();

        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode firing = null;
        while (firing == null) {
            assertThat(System.currentTimeMillis()).as("no firing SportBenefitsRunFailed within 60 s").isLessThan(deadline);
            for (JsonNode alert : new ObjectMapper().readTree(get("http://127.0.0.1:" + prometheusPort + "/api/v1/alerts")).path("data").path("alerts")) {
                if (alert.path("labels").path("alertname").asText().equals("SportBenefitsRunFailed") && alert.path("state").asText().equals("firing")) {
                    firing = alert;
                }
            }
            Thread.sleep(500);
        }
        assertThat(firing.path("labels").path("lake").asText()).isEqualTo(lake.toString());
        assertThat(firing.path("labels").path("severity").asText()).isEqualTo("page");
        String runbook = firing.path("annotations").path("runbook").asText();
        assertThat(runbook).isEqualTo("docs/monitoring.md#runbook-run-failed");
        // the runbook section exists in the README
        assertThat(Files.readString(Wrapper.ROOT.resolve("docs/monitoring.md"))).contains("### Runbook: run failed");
        Wrapper.Outcome alerts = Wrapper.run("monitoring", work, Duration.ofMinutes(1), env, "alerts");
        assertThat(alerts.output()).contains("firing SportBenefitsRunFailed lake=" + lake);
    }

    @Test
    @Order(5)
    void stop_leaves_no_process() throws IOException {
        List<Long> pids = Processes.pidsIn(work.resolve("monitoring"));
        assertThat(pids).hasSize(2);
        Wrapper.Outcome stopped = Wrapper.run("monitoring", work, Duration.ofMinutes(1), env, "stop");
        assertThat(stopped.exitCode()).as(stopped.output()).isZero();
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
    }

    private static String runId(String output) {
        Matcher id = Pattern.compile("=== Sport benefits run (\\S+) ===").matcher(output);
        assertThat(id.find()).as(output).isTrue();
        return id.group(1);
    }

    /** Every sample the Pushgateway serves of the product, each as its labels plus __name__ and __value__. */
    private List<Map<String, String>> pushedSamples() throws Exception {
        List<Map<String, String>> samples = new ArrayList<>();
        try (Stream<String> lines = get("http://127.0.0.1:" + gatewayPort + "/metrics").lines()) {
            lines.filter(l -> l.startsWith("sport_benefits_")).forEach(line -> {
                Matcher m = SAMPLE.matcher(line);
                assertThat(m.matches()).as(line).isTrue();
                Map<String, String> sample = new LinkedHashMap<>();
                Matcher label = LABEL.matcher(m.group(2));
                while (label.find()) {
                    sample.put(label.group(1), label.group(2));
                }
                sample.put("__name__", m.group(1));
                sample.put("__value__", m.group(3));
                samples.add(sample);
            });
        }
        return samples;
    }

    private static double value(List<Map<String, String>> samples, String name, String... labels) {
        List<Map<String, String>> matching = samples.stream().filter(s -> s.get("__name__").equals(name)).filter(s -> {
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.get(labels[i]))) {
                    return false;
                }
            }
            return true;
        }).toList();
        assertThat(matching).as(name + " " + List.of(labels)).hasSize(1);
        return Double.parseDouble(matching.get(0).get("__value__"));
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }
}
