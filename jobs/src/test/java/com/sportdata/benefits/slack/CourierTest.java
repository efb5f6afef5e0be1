package com.sportdata.benefits.slack;

import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.config.ConfigLoader;
import com.sportdata.benefits.testing.FakeSlack;
import com.sportdata.benefits.testing.FakeSlack.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The delivery rules against a real HTTP server on 127.0.0.1 answering like Slack. */
class CourierTest {
    private static final String PATH = "/services/T000/B000/activities";
    private FakeSlack slack;
    private final List<String> journal = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack();
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    private static AppConfig.Slack settings(String... overrides) {
        Map<String, String> all = new HashMap<>(Map.of("slack.messages-per-second", "1000", "slack.backoff-initial-ms", "5",
                "slack.backoff-max-ms", "20", "slack.timeout-ms", "300", "slack.max-attempts", "3", "slack.breaker-failures", "1000"));
        for (int i = 0; i < overrides.length; i += 2) {
            all.put(overrides[i], overrides[i + 1]);
        }
        return ConfigLoader.load(List.of(), all).slack();
    }

    private Courier courier(AppConfig.Slack settings) {
        return new Courier(settings, new SdkWebhook(Duration.ofMillis(settings.timeoutMs())), new Courier.Journal() {
            public void sending(Post post, int attempt) {
                journal.add("sending " + post.eventId() + " #" + attempt);
            }

            public void concluded(Courier.Delivery d) {
                journal.add(d.outcome() + " " + d.post().eventId());
            }
        });
    }

    static Post post(String id) {
        return new Post(id, Post.Channel.ACTIVITIES, "ACTIVITY", "Bravo " + id, Payloads.json(Payloads.of(id, "Bravo " + id, "ctx", "Bravo " + id)),
                0, false);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"400, DEAD, 1", "403, DEAD, 1", "404, DEAD, 1", "410, DEAD, 1", "200, SENT, 1", "500, DEFERRED, 3", "503, DEFERRED, 3"})
    void each_answer_has_its_outcome(int status, Courier.Outcome outcome, int calls) {
        slack.script((i, path) -> Answer.of(status));
        Courier.Delivery d = courier(settings()).deliver(slack.url(PATH), List.of(post("e1"))).get(0);
        assertThat(d.outcome()).isEqualTo(outcome);
        assertThat(d.lastStatus()).isEqualTo(status);
        assertThat(d.attempts()).isEqualTo(calls);
        assertThat(slack.calls()).hasSize(calls).allMatch(c -> "e1".equals(c.eventId()));
        if (outcome == Courier.Outcome.DEAD) {
            assertThat(d.lastError()).contains(Answer.of(status).body());
        }
        // every call is journaled before it is made, and the outcome after
        assertThat(journal).startsWith("sending e1 #1").endsWith(outcome + " e1");
    }

    @Test
    void a_429_waits_the_retry_after_then_succeeds() {
        slack.script((i, path) -> i == 0 ? Answer.of(429) : Answer.ok());
        Courier.Delivery d = courier(settings()).deliver(slack.url(PATH), List.of(post("e1"))).get(0);
        assertThat(d.outcome()).isEqualTo(Courier.Outcome.SENT);
        List<FakeSlack.Call> calls = slack.calls();
        assertThat(calls).hasSize(2);
        assertThat(Duration.ofNanos(calls.get(1).atNanos() - calls.get(0).atNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void errors_and_slow_answers_are_retried_with_backoff_until_one_works() {
        slack.script((i, path) -> i == 0 ? Answer.of(500) : i == 1 ? Answer.slow(1000) : Answer.ok());
        Courier.Delivery d = courier(settings("slack.max-attempts", "4")).deliver(slack.url(PATH), List.of(post("e1"))).get(0);
        assertThat(d.outcome()).isEqualTo(Courier.Outcome.SENT);
        assertThat(d.attempts()).isEqualTo(3);
        assertThat(journal).containsExactly("sending e1 #1", "sending e1 #2", "sending e1 #3", "SENT e1");
    }

    @Test
    void a_timeout_on_every_try_leaves_the_post_for_the_next_delivery_with_a_network_error() {
        slack.script((i, path) -> Answer.slow(800));
        Courier.Delivery d = courier(settings("slack.max-attempts", "2")).deliver(slack.url(PATH), List.of(post("e1"))).get(0);
        assertThat(d.outcome()).isEqualTo(Courier.Outcome.DEFERRED);
        assertThat(d.attempts()).isEqualTo(2);
        assertThat(d.lastError()).startsWith("network:");
        assertThat(d.lastStatus()).isNull();
    }

    @Test
    void a_connection_reset_is_retried_like_an_error() {
        slack.script((i, path) -> i == 0 ? Answer.reset() : Answer.ok());
        Courier.Delivery d = courier(settings()).deliver(slack.url(PATH), List.of(post("e1"))).get(0);
        assertThat(d.outcome()).isEqualTo(Courier.Outcome.SENT);
        assertThat(d.attempts()).isEqualTo(2);
    }

    @Test
    void a_post_that_failed_dead_after_attempts_times_in_all_is_dead() {
        slack.script((i, path) -> Answer.of(503));
        Post tried = new Post("e9", Post.Channel.ACTIVITIES, "ACTIVITY", "Bravo", Payloads.json(Payloads.of("e9", "Bravo", "ctx", "Bravo")), 8, false);
        Courier.Delivery d = courier(settings("slack.max-attempts", "4", "slack.dead-after-attempts", "10")).deliver(slack.url(PATH), List.of(tried))
                .get(0);
        assertThat(d.outcome()).isEqualTo(Courier.Outcome.DEAD);
        assertThat(d.attempts()).as("8 before, 2 now").isEqualTo(10);
        assertThat(slack.calls()).hasSize(2);
    }

    @Test
    void twenty_messages_are_not_sent_faster_than_the_configured_rate() {
        Courier courier = courier(settings("slack.messages-per-second", "5"));
        List<Post> posts = IntStream.range(0, 20).mapToObj(i -> post("p" + i)).toList();
        long start = System.nanoTime();
        assertThat(courier.deliver(slack.url(PATH), posts)).allMatch(d -> d.outcome() == Courier.Outcome.SENT);
        List<FakeSlack.Call> calls = slack.calls();
        assertThat(calls).hasSize(20);
        // measured where Slack sees them: call i never arrives before i × 200 ms after the start (a late arrival of
        // one call may shorten the gap to the next, so single gaps only have to show there is no burst)
        for (int i = 1; i < calls.size(); i++) {
            assertThat(calls.get(i).atNanos() - start).as("call " + i + " after the start").isGreaterThanOrEqualTo(i * 195_000_000L);
            assertThat(calls.get(i).atNanos() - calls.get(i - 1).atNanos()).as("gap before call " + i).isGreaterThanOrEqualTo(100_000_000L);
        }
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(19 * 195_000_000L);
    }

    @Test
    void the_circuit_breaker_stops_calling_a_failing_webhook_and_leaves_the_rest_for_later() {
        slack.script((i, path) -> Answer.of(500));
        Courier courier = courier(settings("slack.max-attempts", "2", "slack.breaker-failures", "3", "slack.breaker-cooldown-seconds", "60"));
        List<Courier.Delivery> results = courier.deliver(slack.url(PATH), List.of(post("a"), post("b"), post("c"), post("d")));
        assertThat(results).extracting(Courier.Delivery::outcome)
                .containsExactly(Courier.Outcome.DEFERRED, Courier.Outcome.DEFERRED, Courier.Outcome.DEFERRED, Courier.Outcome.DEFERRED);
        assertThat(results.get(0).lastError()).startsWith("500");
        assertThat(slack.calls()).hasSize(3);
        assertThat(courier.breakerOpen(slack.url(PATH))).isTrue();
        assertThat(results.get(1).lastError()).contains("circuit breaker open");
    }

    @Test
    void without_a_url_nothing_is_sent_and_posts_are_dry_runs() {
        List<Courier.Delivery> results = courier(settings()).deliver(null, List.of(post("a"), post("b")));
        assertThat(results).extracting(Courier.Delivery::outcome).containsOnly(Courier.Outcome.DRY_RUN);
        assertThat(slack.calls()).isEmpty();
        assertThat(journal).containsExactly("DRY_RUN a", "DRY_RUN b");
    }
}
