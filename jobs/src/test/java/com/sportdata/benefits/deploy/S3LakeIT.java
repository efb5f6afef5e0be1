package com.sportdata.benefits.deploy;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import com.sportdata.benefits.testing.FakeSlack;
import com.sportdata.benefits.testing.Lakes;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lake on S3: s3proxy as a separate process, the product through its own launcher (scripts/sport-benefits) with
 * the AWS environment a user sets. The whole pipeline on the real files with the landing zone in the bucket, gold
 * equal to a local run of the same files; a backfill; a replay (IDENTICAL); Slack posts of live activities with the
 * outbox on S3; secrets nowhere; and the three ways S3 fails, each one line, exit 1, in seconds, nothing written.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3LakeIT extends SparkTest {
    private static final String AS_OF = "2026-06-30";
    private static final String BUCKET = "lake";
    private static final String LAKE = "s3a://" + BUCKET + "/real";
    private static final Duration RUN = Duration.ofMinutes(5);
    private S3Proxy s3;
    private FakeSlack slack;
    private Path work;
    private Path events;
    private Wrapper.Outcome firstRun;

    @BeforeAll
    void start() throws IOException {
        work = newLake("s3-it");
        s3 = S3Proxy.start(work.resolve("s3proxy"));
        slack = new FakeSlack();
        s3.createBucket(BUCKET);
        AmazonS3 client = s3.client();
        Path real = Lakes.REAL_DATA;
        client.putObject(BUCKET, "real/landing/hr/DonneesRH.xlsx", real.resolve("DonneesRH.xlsx").toFile());
        client.putObject(BUCKET, "real/landing/sports/DonneesSportive.xlsx", real.resolve("DonneesSportive.xlsx").toFile());
        client.putObject(BUCKET, "real/landing/reference/commute_distances_google.csv", real.resolve("commute_distances_google.csv").toFile());
        client.putObject(BUCKET, "real/landing/reference/laposte_hexasmal.csv", real.resolve("laposte_hexasmal.csv").toFile());
        s3.s3aProperties().forEach((k, v) -> spark().sparkContext().hadoopConfiguration().set(k, v));
        events = work.resolve("events");
        Files.createDirectories(events);
    }

    @AfterAll
    void stop() {
        if (slack != null) {
            slack.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>(s3.environment());
        env.put("SLACK_WEBHOOK_URL", slack.url("/activities"));
        return env;
    }

    private Wrapper.Outcome product(Map<String, String> env, Duration timeout, String... args) {
        return Wrapper.run("sport-benefits", work, timeout, env, args);
    }

    @Test
    @Order(1)
    void the_whole_pipeline_runs_on_s3_and_gives_the_figures_of_a_local_run() throws IOException {
        firstRun = product(env(), RUN, "run", "--lake", LAKE, "--as-of", AS_OF,
                "--set", "spark.conf.\"spark.eventLog.enabled\"=true", "--set", "spark.conf.\"spark.eventLog.dir\"=" + events.toUri());
        assertThat(firstRun.exitCode()).as(firstRun.output()).isZero();
        assertThat(firstRun.output()).contains("Landing files: 4 ingested").contains("Status: SUCCEEDED");
        assertThat(keys("real/gold/fct_employee_benefits/_delta_log/")).isNotEmpty();
        assertThat(keys("real/quality/reports/")).anyMatch(k -> k.endsWith(".html"));

        Map<String, String> onS3 = Wrapper.goldHashes(spark(), LAKE);
        assertThat(onS3).isEqualTo(Wrapper.localRealGold(spark(), work, AS_OF));
        assertThat(onS3.get("fct_employee_benefits")).doesNotStartWith("0:");
    }

    @Test
    @Order(2)
    void secrets_reach_no_log_no_event_log_no_ledger_and_no_report() throws IOException {
        assertThat(firstRun).isNotNull();
        assertThat(firstRun.output()).doesNotContain(s3.secret());
        List<Path> eventLogs;
        try (Stream<Path> files = Files.list(events)) {
            eventLogs = files.toList();
        }
        assertThat(eventLogs).hasSize(1);
        String eventLog = Files.readString(eventLogs.get(0));
        // the S3A keys are set in Spark's configuration (executors need them) and Spark redacts them
        assertThat(eventLog).contains("spark.hadoop.fs.s3a.secret.key").contains("*********(redacted)").doesNotContain(s3.secret());
        String ledger = String.join("\n", spark().read().format("delta").load(LAKE + "/ops/run_ledger").toJSON().collectAsList());
        assertThat(ledger).contains("20").doesNotContain(s3.secret()).doesNotContain(S3Proxy.ACCESS_KEY);
        for (String report : keys("real/quality/reports/")) {
            assertThat(s3.client().getObjectAsString(BUCKET, report)).doesNotContain(s3.secret());
        }
    }

    @Test
    @Order(3)
    void a_backfill_and_a_replay_run_on_s3() {
        Wrapper.Outcome backfill = product(env(), RUN, "backfill", "--lake", LAKE, "--from", "2025", "--to", "2025",
                "--reason", "integration test on S3");
        assertThat(backfill.exitCode()).as(backfill.output()).isZero();
        Matcher id = Pattern.compile("=== Sport benefits run (\\S+) ===").matcher(firstRun.output());
        assertThat(id.find()).isTrue();
        Wrapper.Outcome replay = product(env(), RUN, "replay", "--lake", LAKE, "--run", id.group(1));
        assertThat(replay.exitCode()).as(replay.output()).isZero();
        assertThat(replay.output()).contains("IDENTICAL").doesNotContain("DIFFERENT");
    }

    @Test
    @Order(4)
    void live_activities_generated_into_the_bucket_are_posted_to_slack_with_the_outbox_on_s3() {
        // the first activities a lake ever gets are its history, never announced (they set the Slack baseline)
        Wrapper.Outcome history = product(env(), RUN, "generate", "--lake", LAKE, "--live", "2");
        assertThat(history.exitCode()).as(history.output()).isZero();
        Wrapper.Outcome first = product(env(), RUN, "run", "--lake", LAKE);
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(slack.calls()).isEmpty();

        Wrapper.Outcome live = product(env(), RUN, "generate", "--lake", LAKE, "--live", "4");
        assertThat(live.exitCode()).as(live.output()).isZero();
        assertThat(keys("real/landing/activities/")).hasSize(2);
        Wrapper.Outcome run = product(env(), RUN, "run", "--lake", LAKE);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Slack: 4 new activity posts; 4 sent");
        assertThat(slack.acceptedByEvent("/activities")).hasSize(4).allSatisfy((event, n) -> assertThat(n).isOne());
        assertThat(keys("real/ops/slack_outbox/_delta_log/")).isNotEmpty();
        assertThat(keys("real/ops/_checkpoints/")).isNotEmpty();
    }

    @Test
    @Order(5)
    void a_wrong_endpoint_wrong_keys_or_a_missing_bucket_is_one_line_exit_1_in_seconds_and_nothing_written() {
        int before = keys("real/").size();
        Map<String, String> silent = new HashMap<>(env());
        silent.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + closedPort());
        Map<String, String> wrongKey = new HashMap<>(env());
        wrongKey.put("AWS_SECRET_ACCESS_KEY", "not-the-secret");
        Map<Map<String, String>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(silent, "does not answer");
        cases.put(wrongKey, "refused the credentials");
        for (Map.Entry<Map<String, String>, String> c : cases.entrySet()) {
            Wrapper.Outcome outcome = product(c.getKey(), Duration.ofMinutes(2), "run", "--lake", LAKE);
            assertFailsFast(outcome, c.getValue());
        }
        Wrapper.Outcome noBucket = product(env(), Duration.ofMinutes(2), "run", "--lake", "s3a://no-such-bucket/lake");
        assertFailsFast(noBucket, "bucket no-such-bucket does not exist");
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

    private List<String> keys(String prefix) {
        List<String> keys = new java.util.ArrayList<>();
        com.amazonaws.services.s3.model.ListObjectsV2Request request = new com.amazonaws.services.s3.model.ListObjectsV2Request()
                .withBucketName(BUCKET).withPrefix(prefix);
        com.amazonaws.services.s3.model.ListObjectsV2Result page;
        do {
            page = s3.client().listObjectsV2(request);
            page.getObjectSummaries().stream().map(S3ObjectSummary::getKey).forEach(keys::add);
            request.setContinuationToken(page.getNextContinuationToken());
        } while (page.isTruncated());
        return keys;
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
