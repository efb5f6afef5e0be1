package com.sportdata.benefits.slack;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.testing.FakeSlack;
import com.sportdata.benefits.testing.FakeSlack.Answer;
import com.sportdata.benefits.testing.Processes;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Slack soak (scripts/drill-slack): N posts waiting in the outbox, real notifier processes delivering them to a
 * fake Slack on loopback that answers 429 with Retry-After, 500, 503, slow answers and reset connections on 30 % of
 * the calls (seeded), the first notifier killed with SIGKILL a third of the way, then notifiers started again until
 * the outbox is drained. Every post must reach Slack exactly once, but those whose call was in flight at the kill (sent
 * again and flagged {@code possible_duplicate}); the calls never come faster than the configured pace; nothing is DEAD
 * (no answer here is permanent). Prints the counts and the throughput.
 *
 * <p>{@code -Ddrill.posts} (default 200), {@code -Ddrill.seed}, {@code -Ddrill.rate} (messages per second, default 20).
 */
@Tag("drill")
class SlackSoakDrillTest extends SparkTest {
    private static final String PATH = "/services/T000/B000/soak";

    @Test
    void every_post_reaches_a_failing_slack_once_through_a_killed_notifier() throws Exception {
        int posts = Integer.getInteger("drill.posts", 200);
        long seed = Long.getLong("drill.seed", System.currentTimeMillis());
        double rate = Double.parseDouble(System.getProperty("drill.rate", "20"));
        Path lake = newLake("slack-soak");
        Outbox outbox = new Outbox(spark(), new LakePaths(lake.toString()));
        outbox.enqueue(IntStream.range(0, posts).mapToObj(i -> new Outbox.NewPost(CourierTest.post(String.format("soak-%05d", i)), null, null, "t"))
                .toList());
        Map<String, Integer> answers = new TreeMap<>();
        long started;
        long elapsed;
        int notifiers = 0;
        try (FakeSlack slack = new FakeSlack()) {
            Random random = new Random(seed);
            slack.script((i, path) -> {
                Answer a;
                synchronized (random) {
                    double roll = random.nextDouble();
                    a = roll < 0.70 ? Answer.ok() : roll < 0.76 ? Answer.of(429) : roll < 0.82 ? Answer.of(500) : roll < 0.88 ? Answer.of(503)
                            : roll < 0.94 ? new Answer(200, "ok", null, 700, false) : Answer.reset();
                }
                synchronized (answers) {
                    answers.merge(a.status() < 0 ? "reset" : a.delayMillis() > 0 ? "slow 200" : String.valueOf(a.status()), 1, Integer::sum);
                }
                return a;
            });
            started = System.nanoTime();
            Process first = notifier(lake, slack, rate, ++notifiers);
            try {
                assertThat(awaitAccepted(slack, posts / 3, 600_000)).as("a third delivered before the kill").isTrue();
            } finally {
                Processes.kill(first);
            }
            for (int round = 0; round < 10 && pending(outbox) > 0; round++) {
                Process next = notifier(lake, slack, rate, ++notifiers);
                try {
                    assertThat(next.waitFor(900, TimeUnit.SECONDS)).isTrue();
                } finally {
                    Processes.kill(next);
                }
                assertThat(next.exitValue()).as(Files.readString(lake.resolve("notifier-" + notifiers + ".log"))).isZero();
            }
            elapsed = System.nanoTime() - started;

            Map<String, Long> accepted = slack.acceptedByEvent(PATH);
            Map<String, Row> rows = new HashMap<>();
            outbox.rows().collectAsList().forEach(r -> rows.put(r.getAs("event_id"), r));
            long dead = rows.values().stream().filter(r -> "DEAD".equals(r.getAs("state"))).count();
            long sent = rows.values().stream().filter(r -> "SENT".equals(r.getAs("state"))).count();
            List<String> twice = accepted.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            List<String> unflagged = twice.stream().filter(id -> !Boolean.TRUE.equals(rows.get(id).getAs("possible_duplicate"))).toList();
            List<FakeSlack.Call> calls = slack.calls();
            int fastest = fastestSecond(calls);
            String report = String.format("Slack soak: %d posts, seed %d, %d notifier processes (the first killed with SIGKILL)%n"
                            + "  calls %d, answers %s%n  delivered once %d, delivered twice %d (flagged possible_duplicate: %d), never %d, DEAD %d%n"
                            + "  outbox: SENT %d of %d%n  %.1f s, %.1f posts/s delivered, at most %d calls in any second (pace %.0f/s)%n",
                    posts, seed, notifiers, calls.size(), answers, accepted.values().stream().filter(n -> n == 1).count(), twice.size(),
                    twice.size() - unflagged.size(), posts - accepted.size(), dead, sent, posts, elapsed / 1e9, posts / (elapsed / 1e9), fastest, rate);
            System.out.print(report);
            Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "slack-soak-report.txt"), report);
            assertThat(accepted).as(report).hasSize(posts);
            assertThat(unflagged).as("posts delivered twice without the flag").isEmpty();
            assertThat(twice.size()).as("only the calls in flight at the kill (one at a time per webhook)").isLessThanOrEqualTo(1);
            assertThat(dead).as("no answer here is permanent").isZero();
            assertThat(sent).isEqualTo(posts);
            assertThat(fastest).as("pace").isLessThanOrEqualTo((int) Math.ceil(rate) + 1);
        }
    }

    private static Process notifier(Path lake, FakeSlack slack, double rate, int n) throws Exception {
        return Processes.start(lake.resolve("notifier-" + n + ".log"), Map.of("SLACK_WEBHOOK_URL", slack.url(PATH)), "notify", "--lake",
                lake.toString(), "--master", "local[1]", "--set", "slack.messages-per-second=" + rate, "--set", "slack.backoff-initial-ms=200",
                "--set", "slack.backoff-max-ms=2000", "--set", "slack.timeout-ms=2000", "--set", "slack.breaker-cooldown-seconds=5",
                "--set", "spark.local-dir=" + lake.resolve("_spark"));
    }

    private static long pending(Outbox outbox) {
        return outbox.rows().filter("state = 'PENDING'").count();
    }

    private static boolean awaitAccepted(FakeSlack slack, int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (slack.acceptedByEvent(PATH).size() >= n) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** The most calls that arrived within any one second. */
    private static int fastestSecond(List<FakeSlack.Call> calls) {
        List<Long> at = new ArrayList<>(calls.stream().map(FakeSlack.Call::atNanos).sorted().toList());
        int best = 0;
        for (int i = 0, j = 0; i < at.size(); i++) {
            while (at.get(i) - at.get(j) >= 1_000_000_000L) {
                j++;
            }
            best = Math.max(best, i - j + 1);
        }
        return best;
    }
}
