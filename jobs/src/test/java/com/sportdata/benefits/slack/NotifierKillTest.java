package com.sportdata.benefits.slack;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.testing.FakeSlack;
import com.sportdata.benefits.testing.FakeSlack.Answer;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real notifier process killed in the middle of a batch, then started again: nothing is lost and nothing
 * is posted twice, except the post whose call was in flight when the process died — which the outbox flags.
 */
@Tag("drill")
class NotifierKillTest extends SparkTest {
    private static final String ACTIVITIES = "/services/T000/B000/activities";

    private static Process notifier(Path lake, String url, Path log) throws Exception {
        return com.sportdata.benefits.testing.Processes.start(log, Map.of("SLACK_WEBHOOK_URL", url), "notify", "--lake", lake.toString(),
                "--master", "local[1]", "--set", "slack.messages-per-second=20", "--set", "spark.local-dir=" + lake.resolve("_spark"));
    }

    @Test
    void a_killed_notifier_resumes_without_losing_or_repeating_posts_but_the_one_in_flight() throws Exception {
        Path lake = newLake("kill");
        Outbox outbox = new Outbox(spark(), new LakePaths(lake.toString()));
        outbox.enqueue(IntStream.range(0, 10).mapToObj(i -> new Outbox.NewPost(CourierTest.post(String.format("k-%02d", i)), null, null, "t"))
                .toList());
        try (FakeSlack slack = new FakeSlack()) {
            // the fourth call never gets an answer: the process dies while it is in flight
            slack.script((i, path) -> i == 3 ? Answer.hanging() : Answer.ok());
            Process first = notifier(lake, slack.url(ACTIVITIES), lake.resolve("notifier-1.log"));
            try {
                assertThat(slack.awaitCalls(4, 120_000)).as("4 calls before the kill; see " + lake.resolve("notifier-1.log")).isTrue();
            } finally {
                com.sportdata.benefits.testing.Processes.kill(first);
            }
            slack.script((i, path) -> Answer.ok());
            Process second = notifier(lake, slack.url(ACTIVITIES), lake.resolve("notifier-2.log"));
            try {
                assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();
            } finally {
                com.sportdata.benefits.testing.Processes.kill(second);
            }
            assertThat(second.exitValue()).as("see " + lake.resolve("notifier-2.log")).isZero();

            Map<String, Long> received = new HashMap<>();
            slack.calls().forEach(c -> received.merge(c.eventId(), 1L, Long::sum));
            assertThat(received).hasSize(10);
            assertThat(received).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(id.equals("k-03") ? 2L : 1L));
            assertThat(slack.acceptedByEvent(ACTIVITIES)).hasSize(10).allSatisfy((id, n) -> assertThat(n).isOne());

            Map<String, Row> rows = new HashMap<>();
            outbox.rows().collectAsList().forEach(r -> rows.put(r.getAs("event_id"), r));
            assertThat(rows.values()).allMatch(r -> r.<String>getAs("state").equals("SENT"));
            assertThat(rows.get("k-03").<Boolean>getAs("possible_duplicate")).isTrue();
            assertThat(rows.get("k-03").<Integer>getAs("attempts")).isEqualTo(2);
            assertThat(rows.values().stream().filter(r -> r.<Boolean>getAs("possible_duplicate")).count()).isOne();
        }
    }
}
