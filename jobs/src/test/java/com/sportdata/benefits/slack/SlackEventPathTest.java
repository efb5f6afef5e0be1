package com.sportdata.benefits.slack;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.generate.Generator;
import com.sportdata.benefits.run.Backfill;
import com.sportdata.benefits.history.PeriodRange;
import com.sportdata.benefits.run.Replay;
import com.sportdata.benefits.run.Pipeline;
import com.sportdata.benefits.run.RunSummary;
import com.sportdata.benefits.quality.Alerts;
import com.sportdata.benefits.testing.FakeSlack;
import com.sportdata.benefits.testing.FakeSlack.Answer;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event path on a generated company against a fake Slack on 127.0.0.1: the 12-month history posts
 * nothing, N live activities post N messages and a second run none, backfills and replays post nothing,
 * and a fault-laden delivery of 200 posts delivers each exactly once or declares it DEAD, with alerts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlackEventPathTest extends SparkTest {
    private static final String ACTIVITIES = "/services/T000/B000/activities";
    private static final String ALERTS = "/services/T000/B000/alerts";
    private FakeSlack slack;
    private Path lake;
    private AppConfig config;
    private RunSummary first;

    @BeforeAll
    void generateAndRun() throws Exception {
        slack = new FakeSlack();
        lake = newLake("slack");
        // no fixed as-of date: live activities are dated now
        config = config(Map.of("lake.root", lake.toString(), "generator.employees", "40", "generator.seed", "5",
                "slack.messages-per-second", "200", "slack.backoff-initial-ms", "5", "slack.backoff-max-ms", "20",
                "slack.timeout-ms", "400", "slack.breaker-failures", "1000"));
        new Generator(config).writeLanding(null, null);
        first = pipeline().run("run");
    }

    @AfterAll
    void stop() {
        slack.close();
    }

    private Notifier notifier() {
        return new Notifier(spark(), config, Map.of("SLACK_WEBHOOK_URL", slack.url(ACTIVITIES), "SLACK_ALERT_WEBHOOK_URL", slack.url(ALERTS)),
                new SdkWebhook(Duration.ofMillis(config.slack().timeoutMs())));
    }

    private Pipeline pipeline() {
        return new Pipeline(spark(), config, new Alerts(), "test", notifier());
    }

    private long activityCalls() {
        return slack.calls().stream().filter(c -> c.path().equals(ACTIVITIES)).count();
    }

    @Test
    @Order(1)
    void the_historical_generation_posts_nothing() {
        assertThat(first.years()).isNotEmpty();
        assertThat(activityCalls()).isZero();
        assertThat(new Outbox(spark(), new LakePaths(lake.toString())).exists()).isFalse();
    }

    @Test
    @Order(2)
    void five_live_activities_make_five_posts_once() {
        Generator.Result live = new Generator(config).writeLive(5);
        assertThat(live.activities()).isEqualTo(5);
        pipeline().run("run");
        Map<String, Long> accepted = slack.acceptedByEvent(ACTIVITIES);
        assertThat(accepted).hasSize(5).allSatisfy((id, n) -> assertThat(n).isOne());

        List<Row> outbox = new Outbox(spark(), new LakePaths(lake.toString())).rows().filter(col("kind").equalTo("ACTIVITY")).collectAsList();
        assertThat(outbox).hasSize(5).allMatch(r -> r.<String>getAs("state").equals("SENT") && r.<Integer>getAs("attempts") == 1
                && r.<Integer>getAs("last_http_status") == 200 && !r.<Boolean>getAs("dry_run"));
        assertThat(outbox.stream().map(r -> r.<String>getAs("event_id")).collect(Collectors.toSet())).isEqualTo(accepted.keySet());

        // the posts carry names and nothing else from HR
        List<Row> employees = Lakes.read(spark(), lake, Tables.EMPLOYEES).collectAsList();
        for (FakeSlack.Call call : slack.calls()) {
            for (Row e : employees) {
                assertThat(call.text()).doesNotContain(e.<java.math.BigDecimal>getAs("gross_salary_eur").toPlainString())
                        .doesNotContain(e.<String>getAs("street") == null ? "\u0000" : e.<String>getAs("street"))
                        .doesNotContain(e.getAs("birth_date").toString());
            }
        }
        pipeline().run("run");
        assertThat(activityCalls()).isEqualTo(5);
    }

    @Test
    @Order(3)
    void backfills_and_replays_post_nothing() {
        long before = slack.calls().size();
        Backfill.Result backfill = new Backfill(spark(), config, new Alerts(), "test").run(
                PeriodRange.parse("2025", "2026", config.rules().periods()), Optional.empty(), "test");
        assertThat(backfill.years()).containsExactly(2025, 2026);
        assertThat(new Replay(spark(), config, "test").replay(first.runId()).identical()).isTrue();
        assertThat(slack.calls()).hasSize((int) before);
    }

    @Test
    @Order(4)
    void two_hundred_posts_under_faults_are_each_delivered_once_or_dead_with_an_alert() {
        Outbox outbox = new Outbox(spark(), new LakePaths(lake.toString()));
        List<Outbox.NewPost> posts = IntStream.range(0, 200).mapToObj(i -> new Outbox.NewPost(CourierTest.post("fault-" + i), null, null, "t"))
                .toList();
        assertThat(outbox.enqueue(posts)).isEqualTo(200);
        assertThat(outbox.enqueue(posts)).as("enqueueing again adds nothing").isZero();
        int offset = slack.calls().size();
        int[] faults = {500, 404, 429, 400, 0, 410};     // 0: a slow answer past the client's timeout
        slack.script((i, path) -> {
            if (path.equals(ALERTS)) {
                return Answer.ok();
            }
            int n = i - offset;
            if (n % 3 != 1) {
                return Answer.ok();
            }
            int fault = faults[(n / 3) % faults.length];
            return fault == 0 ? Answer.slow(700) : fault == 429 ? new Answer(429, "rate_limited", 0, 0, false) : Answer.of(fault);
        });
        Notifier.Report report = notifier().deliver();

        List<FakeSlack.Call> calls = slack.calls().subList(offset, slack.calls().size()).stream()
                .filter(c -> c.path().equals(ACTIVITIES)).toList();
        Set<String> permanent = calls.stream().filter(c -> Set.of(400, 404, 410).contains(c.answer().status()))
                .map(FakeSlack.Call::eventId).collect(Collectors.toSet());
        Map<String, Long> accepted = calls.stream().filter(c -> c.answer().accepted())
                .collect(Collectors.groupingBy(FakeSlack.Call::eventId, Collectors.counting()));
        assertThat(permanent).isNotEmpty();
        assertThat(accepted).allSatisfy((id, n) -> assertThat(n).as(id).isOne());
        assertThat(accepted.size() + permanent.size()).isEqualTo(200);
        assertThat(accepted.keySet()).doesNotContainAnyElementsOf(permanent);
        assertThat(report.dead()).isEqualTo(permanent.size());

        Map<String, String> states = new HashMap<>();
        outbox.rows().filter(col("event_id").startsWith("fault-")).collectAsList()
                .forEach(r -> states.put(r.getAs("event_id"), r.getAs("state")));
        assertThat(states.entrySet().stream().filter(e -> e.getValue().equals("DEAD")).map(Map.Entry::getKey).collect(Collectors.toSet()))
                .isEqualTo(permanent);
        assertThat(states.values().stream().filter(s -> s.equals("SENT")).count()).isEqualTo(200 - permanent.size());
        // each DEAD post raised an alert on the alert channel, once
        List<String> alertTexts = slack.calls().subList(offset, slack.calls().size()).stream().filter(c -> c.path().equals(ALERTS))
                .map(FakeSlack.Call::text).toList();
        for (String dead : permanent) {
            assertThat(alertTexts.stream().filter(t -> t.contains("Slack post " + dead + " is DEAD")).count()).as(dead).isOne();
        }
        // nothing pending, nothing left to deliver
        assertThat(notifier().deliver()).isEqualTo(new Notifier.Report(0, 0, 0, 0));
    }

    @Test
    @Order(5)
    void the_weekly_digest_adds_up_the_week_by_bu_and_is_posted_once() {
        java.time.LocalDate today = java.time.LocalDate.now(config.office().timeZone());
        WeeklyDigest.Digest digest = new WeeklyDigest(spark(), new LakePaths(lake.toString())).of(today);
        long week = Lakes.read(spark(), lake, Tables.ACTIVITIES)
                .filter(col("activity_date").between(java.sql.Date.valueOf(today.minusDays(6)), java.sql.Date.valueOf(today))).count();
        assertThat(digest.byBu().stream().mapToLong(WeeklyDigest.BuLine::activities).sum()).isEqualTo(week).isPositive();
        assertThat(digest.text()).contains("BU la plus active : " + MessageTemplates.escape(digest.byBu().get(0).bu())).contains(" km");
        Outbox outbox = new Outbox(spark(), new LakePaths(lake.toString()));
        assertThat(outbox.enqueue(List.of(new Outbox.NewPost(WeeklyDigest.post(digest), null, null, "t")))).isOne();
        assertThat(outbox.enqueue(List.of(new Outbox.NewPost(WeeklyDigest.post(digest), null, null, "t")))).isZero();
        slack.script((i, path) -> Answer.ok());
        notifier().deliver();
        assertThat(slack.acceptedByEvent(ACTIVITIES)).containsEntry(digest.eventId(), 1L);
    }
}
