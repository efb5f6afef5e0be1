package com.sportdata.benefits.deploy;

import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sportdata.benefits.testing.FakeSlack;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.Processes;
import com.sportdata.benefits.testing.S3Proxy;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the data team runs the product, with real components started and stopped here: s3proxy (an S3 server, a
 * separate process on a random loopback port) and a standalone cluster from scripts/cluster (a master and two
 * workers, separate processes on a Spark distribution's jars only). The product goes through its own launcher
 * (scripts/sport-benefits) with the environment a user sets.
 * <ul>
 * <li>The real files in cluster deploy mode (local lake, a relative --lake), then in client mode with the landing
 * zone and the whole lake on S3 and a worker killed mid-run: both give the same gold, and a local[2] replay of the S3
 * run through a distribution's bin/spark-submit (the application jar on the distribution's jars) says IDENTICAL.</li>
 * <li>A generated company written into the bucket: its first run in cluster deploy mode (its activity history sets
 * the Slack baseline), live activities posted to Slack by a client-mode run with the outbox on S3, a local[2] replay
 * of that run saying IDENTICAL, a backfill.</li>
 * <li>Secrets nowhere (output, Spark's event log, the ledger, reports); the three ways S3 fails, fast, nothing
 * written; the History Server lists the cluster runs; the cluster stops leaving no process.</li>
 * </ul>
 * Every process is stopped by PID, even when a test fails. The 10 000-employee runs are in scripts/benchmark-deploy.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployIT extends SparkTest {
    private static final String AS_OF = "2026-06-30";
    private static final String BUCKET = "lake";
    private static final String REAL = "s3a://" + BUCKET + "/real";
    private static final String GENERATED = "s3a://" + BUCKET + "/generated";
    private static final Duration RUN = Duration.ofMinutes(6);
    private S3Proxy s3;
    private FakeSlack slack;
    private Path work;
    private Path clusterDir;
    private Map<String, String> clusterEnv;
    private String master;
    private int historyPort;
    private Map<String, String> clusterModeGold;
    private Wrapper.Outcome s3Run;

    @BeforeAll
    void start() throws IOException {
        work = newLake("deploy-it");
        s3 = S3Proxy.start(work.resolve("s3proxy"));
        slack = new FakeSlack();
        s3.createBucket(BUCKET);
        Path real = Lakes.REAL_DATA;
        s3.client().putObject(BUCKET, "real/landing/hr/DonneesRH.xlsx", real.resolve("DonneesRH.xlsx").toFile());
        s3.client().putObject(BUCKET, "real/landing/sports/DonneesSportive.xlsx", real.resolve("DonneesSportive.xlsx").toFile());
        for (String reference : List.of("commute_distances_google.csv", "laposte_hexasmal.csv")) {
            s3.client().putObject(BUCKET, "real/landing/reference/" + reference, real.resolve(reference).toFile());
        }
        s3.s3aProperties().forEach((k, v) -> spark().sparkContext().hadoopConfiguration().set(k, v));

        clusterDir = work.resolve("cluster");
        int port = Wrapper.freePort();
        historyPort = Wrapper.freePort();
        clusterEnv = Map.of("CLUSTER_DIR", clusterDir.toString(), "CLUSTER_MASTER_PORT", String.valueOf(port),
                "CLUSTER_UI_PORT", String.valueOf(Wrapper.freePort()), "CLUSTER_HISTORY_PORT", String.valueOf(historyPort));
        master = "spark://127.0.0.1:" + port;
        Wrapper.Outcome up = Wrapper.run("cluster", work, Duration.ofMinutes(3), clusterEnv, "start", "--workers", "2", "--cores", "1",
                "--memory", "2500m");
        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.output()).contains("2 workers");
    }

    @AfterAll
    void stop() {
        try {
            Wrapper.run("cluster", work, Duration.ofMinutes(1), clusterEnv, "stop");
        } finally {
            // whatever the script did, nothing it started outlives the tests
            Processes.killPidsIn(clusterDir.resolve("pids"));
            if (slack != null) {
                slack.close();
            }
            if (s3 != null) {
                s3.close();
            }
        }
    }

    /** What a user sets: the S3 endpoint and keys, Slack's webhook. */
    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>(s3.environment());
        env.put("SLACK_WEBHOOK_URL", slack.url("/activities"));
        return env;
    }

    /** ... and the cluster (small company, small cluster: C1-only executors, see scripts/sport-benefits). */
    private Map<String, String> onCluster(String deployMode) {
        Map<String, String> env = new HashMap<>(env());
        env.putAll(clusterEnv);
        env.put("SPARK_MASTER", master);
        env.put("SPARK_DEPLOY_MODE", deployMode);
        env.put("SPARK_DRIVER_MEMORY", "1g");
        env.put("SPARK_EXECUTOR_MEMORY", "1g");
        env.put("SPORT_BENEFITS_EXECUTOR_JVM_OPTS", "-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=240m -XX:+UseParallelGC");
        return env;
    }

    private Wrapper.Outcome product(Map<String, String> env, Duration timeout, String... args) {
        return Wrapper.run("sport-benefits", work, timeout, env, args);
    }

    @Test
    @Order(1)
    void status_shows_the_master_and_two_live_workers() {
        Wrapper.Outcome status = Wrapper.run("cluster", work, Duration.ofMinutes(1), clusterEnv, "status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("master: running").contains("worker-1: running").contains("worker-2: running")
                .contains("2 worker(s) alive");
    }

    @Test
    @Order(2)
    void cluster_mode_runs_the_real_files_with_the_driver_on_a_worker() throws IOException {
        Path lake = work.resolve("real-cluster-mode");
        Wrapper.realLanding(lake);
        // a relative --lake: the driver runs in a worker's folder, the launcher makes it absolute
        Wrapper.Outcome run = product(onCluster("cluster"), RUN, "run", "--lake", work.relativize(lake).toString(), "--as-of", AS_OF);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Status: SUCCEEDED").containsPattern("driver driver-\\d+-\\d+");
        clusterModeGold = Wrapper.goldHashes(spark(), lake.toString());
        assertThat(clusterModeGold.get("fct_employee_benefits")).doesNotStartWith("0:");
    }

    @Test
    @Order(3)
    void cluster_mode_returns_the_drivers_exit_code() {
        Wrapper.Outcome refused = product(onCluster("cluster"), RUN, "run", "--lake", work.resolve("real-cluster-mode").toString(),
                "--set", "rules.bonus.rate=abc");
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
        assertThat(refused.output()).contains("rules.bonus.rate");
    }

    @Test
    @Order(4)
    void a_generated_company_in_the_bucket_runs_in_cluster_then_client_mode_gets_its_live_activities_posted_and_a_backfill() {
        Wrapper.Outcome company = product(env(), RUN, "generate", "--lake", GENERATED, "--employees", "60", "--seed", "7");
        assertThat(company.exitCode()).as(company.output()).isZero();
        assertThat(keys("generated/landing/hr/")).hasSize(1);
        // (before a worker is killed below: a cluster-mode driver takes a worker's only core here)
        // the driver on a worker reads and writes the bucket with the submitter's AWS_* environment;
        // the company's activity history is never announced: it sets the Slack baseline
        Wrapper.Outcome first = product(onCluster("cluster"), RUN, "run", "--lake", GENERATED);
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("Status: SUCCEEDED").containsPattern("driver driver-\\d+-\\d+");
        assertThat(keys("generated/gold/fct_employee_benefits/_delta_log/")).isNotEmpty();
        assertThat(slack.calls()).isEmpty();

        Wrapper.Outcome live = product(env(), RUN, "generate", "--lake", GENERATED, "--live", "4");
        assertThat(live.exitCode()).as(live.output()).isZero();
        assertThat(keys("generated/landing/activities/")).hasSize(2);
        Wrapper.Outcome run = product(onCluster("client"), RUN, "run", "--lake", GENERATED);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Slack: 4 new activity posts; 4 sent");
        assertThat(slack.acceptedByEvent("/activities")).hasSize(4).allSatisfy((event, n) -> assertThat(n).isOne());
        assertThat(keys("generated/ops/slack_outbox/_delta_log/")).isNotEmpty();
        assertThat(keys("generated/ops/_checkpoints/")).isNotEmpty();

        // the cluster's gold is a local[2] run's gold: the replay recomputes the run locally and compares content hashes
        Wrapper.Outcome replay = product(env(), RUN, "replay", "--lake", GENERATED, "--run", runId(run));
        assertThat(replay.exitCode()).as(replay.output()).isZero();
        assertThat(replay.output()).contains("IDENTICAL").doesNotContain("DIFFERENT");

        String year = String.valueOf(java.time.LocalDate.now().getYear() - 1);
        Wrapper.Outcome backfill = product(env(), RUN, "backfill", "--lake", GENERATED, "--from", year, "--to", year,
                "--reason", "integration test on S3");
        assertThat(backfill.exitCode()).as(backfill.output()).isZero();
        assertThat(backfill.output()).contains("=== Backfill ").containsPattern("(?m)^" + year + " ");
        String ledger = String.join("\n", spark().read().format("delta").load(GENERATED + "/ops/run_ledger")
                .where("command = 'backfill'").toJSON().collectAsList());
        assertThat(ledger).contains("integration test on S3").contains("SUCCEEDED");
    }

    private static String runId(Wrapper.Outcome run) {
        Matcher id = Pattern.compile("=== Sport benefits run (\\S+) ===").matcher(run.output());
        assertThat(id.find()).as(run.output()).isTrue();
        return id.group(1);
    }

    @Test
    @Order(5)
    void client_mode_runs_the_real_files_from_s3_and_survives_a_killed_worker() throws Exception {
        Path log = work.resolve("client-run.log");
        long start = System.nanoTime();
        Process run = Wrapper.start("sport-benefits", work, log, onCluster("client"), "run", "--lake", REAL, "--as-of", AS_OF);
        try {
            long deadline = System.currentTimeMillis() + 240_000;
            while (!Files.readString(log).contains("stage 2/5 silver started")) {
                assertThat(run.isAlive()).as(Files.readString(log)).isTrue();
                assertThat(System.currentTimeMillis()).as("silver did not start").isLessThan(deadline);
                Thread.sleep(200);
            }
            long worker = Long.parseLong(Files.readString(clusterDir.resolve("pids/worker-1.pid")).trim());
            Optional<ProcessHandle> handle = ProcessHandle.of(worker);
            assertThat(handle).isPresent();
            // the worker and its executor, as a machine lost would take them
            handle.get().descendants().forEach(ProcessHandle::destroyForcibly);
            handle.get().destroyForcibly();
            s3Run = Wrapper.finish(run, log, RUN, start);
        } finally {
            Processes.kill(run);
        }
        assertThat(s3Run.exitCode()).as(s3Run.output()).isZero();
        assertThat(s3Run.output()).contains("Landing files: 4 ingested").contains("Status: SUCCEEDED");
        assertThat(keys("real/gold/fct_employee_benefits/_delta_log/")).isNotEmpty();
        assertThat(keys("real/quality/reports/")).anyMatch(k -> k.endsWith(".html"));
        assertThat(clusterModeGold).as("the cluster-mode run").isNotNull();
        assertThat(Wrapper.goldHashes(spark(), REAL)).isEqualTo(clusterModeGold);
    }

    @Test
    @Order(6)
    void secrets_reach_no_log_no_event_log_no_ledger_and_no_report() throws IOException {
        assertThat(s3Run).isNotNull();
        assertThat(s3Run.output()).doesNotContain(s3.secret());
        List<String> eventLogs = new ArrayList<>();
        try (Stream<Path> files = Files.list(clusterDir.resolve("events"))) {
            for (Path file : files.toList()) {
                eventLogs.add(Files.readString(file));
            }
        }
        // the real files and the generated company, each in cluster then client mode
        assertThat(eventLogs).hasSize(4).allSatisfy(e -> assertThat(e).doesNotContain(s3.secret()));
        // the S3A keys are in Spark's configuration (executors need them) and Spark redacts them
        assertThat(eventLogs).anySatisfy(e -> assertThat(e).contains("spark.hadoop.fs.s3a.secret.key").contains("*********(redacted)"));
        String ledger = String.join("\n", spark().read().format("delta").load(REAL + "/ops/run_ledger").toJSON().collectAsList());
        assertThat(ledger).contains("SUCCEEDED").doesNotContain(s3.secret()).doesNotContain(S3Proxy.ACCESS_KEY);
        for (String report : keys("real/quality/reports/")) {
            assertThat(s3.client().getObjectAsString(BUCKET, report)).doesNotContain(s3.secret());
        }
    }

    @Test
    @Order(7)
    void a_local_replay_of_the_s3_run_through_a_distributions_spark_submit_is_identical() throws IOException {
        Map<String, String> distribution = new HashMap<>(env());
        distribution.put("SPARK_HOME", Wrapper.distribution(work).toString());
        Wrapper.Outcome replay = product(distribution, RUN, "replay", "--lake", REAL, "--run", runId(s3Run));
        assertThat(replay.exitCode()).as(replay.output()).isZero();
        assertThat(replay.output()).contains("sport-benefits-app.jar").contains("IDENTICAL").doesNotContain("DIFFERENT");
    }

    @Test
    @Order(8)
    void a_wrong_endpoint_wrong_keys_or_a_missing_bucket_is_one_line_exit_1_in_seconds_and_nothing_written() {
        int before = keys("real/").size();
        Map<String, String> silent = new HashMap<>(env());
        silent.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + Wrapper.freePort());
        Map<String, String> wrongKey = new HashMap<>(env());
        wrongKey.put("AWS_SECRET_ACCESS_KEY", "not-the-secret");
        Map<Map<String, String>, String> cases = new LinkedHashMap<>();
        cases.put(silent, "does not answer");
        cases.put(wrongKey, "refused the credentials");
        for (Map.Entry<Map<String, String>, String> c : cases.entrySet()) {
            assertFailsFast(product(c.getKey(), Duration.ofMinutes(2), "run", "--lake", REAL), c.getValue());
        }
        assertFailsFast(product(env(), Duration.ofMinutes(2), "run", "--lake", "s3a://no-such-bucket/lake"),
                "bucket no-such-bucket does not exist");
        assertThat(keys("real/")).hasSize(before);
        assertThat(s3.client().listBuckets()).hasSize(1);
    }

    private static void assertFailsFast(Wrapper.Outcome outcome, String reason) {
        assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(1);
        List<String> errors = outcome.output().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errors).as(outcome.output()).hasSize(1);
        assertThat(errors.get(0)).contains(reason);
        assertThat(outcome.output()).doesNotContain("\tat ");
        // the launcher's JVM start is part of it: the S3 part is well under the 30 s the users were promised
        assertThat(outcome.took()).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    @Order(9)
    void the_history_server_shows_the_event_logs_of_the_cluster_runs() throws Exception {
        Wrapper.Outcome history = Wrapper.run("cluster", work, Duration.ofMinutes(1), clusterEnv, "history");
        assertThat(history.exitCode()).as(history.output()).isZero();
        HttpResponse<String> apps = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + historyPort + "/api/v1/applications"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(apps.statusCode()).isEqualTo(200);
        // the real files in cluster then client mode, the generated company in cluster then client mode (the refused
        // run stopped before Spark started), all complete
        JsonNode list = new ObjectMapper().readTree(apps.body());
        List<String> completed = new ArrayList<>();
        list.forEach(app -> {
            if (app.get("attempts").get(0).get("completed").asBoolean()) {
                completed.add(app.get("name").asText());
            }
        });
        assertThat(completed).as(apps.body()).hasSize(4).containsOnly("sport-benefits");
    }

    @Test
    @Order(10)
    void stop_leaves_no_process() {
        List<Long> started = Processes.pidsIn(clusterDir.resolve("pids"));
        assertThat(started).isNotEmpty();
        Wrapper.Outcome stopped = Wrapper.run("cluster", work, Duration.ofMinutes(1), clusterEnv, "stop");
        assertThat(stopped.exitCode()).as(stopped.output()).isZero();
        assertThat(started).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
        Wrapper.Outcome status = Wrapper.run("cluster", work, Duration.ofMinutes(1), clusterEnv, "status");
        assertThat(status.output()).contains("no cluster running");
    }

    private List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        ListObjectsV2Request request = new ListObjectsV2Request().withBucketName(BUCKET).withPrefix(prefix);
        ListObjectsV2Result page;
        do {
            page = s3.client().listObjectsV2(request);
            page.getObjectSummaries().stream().map(S3ObjectSummary::getKey).forEach(keys::add);
            request.setContinuationToken(page.getNextContinuationToken());
        } while (page.isTruncated());
        return keys;
    }
}
