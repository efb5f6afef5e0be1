package com.sportdata.benefits.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.config.ConfigLoader;
import com.sportdata.benefits.testing.FakeStrava;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code strava serve}'s endpoint and queue against a loopback server that answers like Strava. */
class StravaWebhookTest extends ConnectedLake {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Instant START = Instant.parse("2026-12-06T07:00:00Z");

    @BeforeEach
    void connectOneAthlete() throws Exception {
        connect("9001,1001\n", "{\"9001\": {\"access_token\": \"a-9001\", \"refresh_token\": \"r-9001\", \"expires_at\": "
                + (Instant.now().getEpochSecond() + 5 * 3600) + "}}", Map.of(AppConfig.Strava.VERIFY_TOKEN_ENV, "verify-me"));
    }

    private StravaWebhook webhook(FakeStrava strava) {
        AppConfig config = ConfigLoader.load(List.of(), Map.of("lake.root", lake.toString(), "strava.api-url", strava.apiUrl(),
                "strava.token-url", strava.tokenUrl(), "strava.webhook.port", "0"));
        return new StravaWebhook(config, new Configuration(), environment);
    }

    private static HttpResponse<String> post(int port, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/strava/webhook")).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String event(String type, String aspect, long id, long owner, long time, String updates) {
        return "{\"object_type\":\"" + type + "\",\"object_id\":" + id + ",\"aspect_type\":\"" + aspect + "\",\"owner_id\":" + owner
                + ",\"subscription_id\":120475,\"event_time\":" + time + ",\"updates\":" + updates + "}";
    }

    private List<String> landing() throws Exception {
        Path folder = lake.resolve("landing/activities");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private JsonNode line(String file) throws Exception {
        return JSON.readTree(Files.readString(lake.resolve("landing/activities").resolve(file)).strip());
    }

    @Test
    void answers_the_subscription_check_with_the_verify_token_only() throws Exception {
        try (FakeStrava strava = new FakeStrava(); StravaWebhook webhook = webhook(strava)) {
            int port = webhook.start();
            HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/strava/webhook?hub.mode=subscribe&hub.challenge=15f7d1a91c1f40f8a748fd134752feb3&hub.verify_token=verify-me")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(ok.body()).path("hub.challenge").asText()).isEqualTo("15f7d1a91c1f40f8a748fd134752feb3");
            HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/strava/webhook?hub.mode=subscribe&hub.challenge=x&hub.verify_token=guess")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(post(port, "{\"object_type\":\"activity\"}").statusCode()).isEqualTo(400);
            assertThat(post(port, "not json").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void a_create_an_update_and_a_delete_are_answered_at_once_queued_durably_and_landed() throws Exception {
        try (FakeStrava strava = new FakeStrava().connect(9001, "a-9001", "r-9001")) {
            strava.activity(9001, 777L, "Run", START, 2400, 8000);
            int port;
            try (StravaWebhook first = webhook(strava)) {
                port = first.start();
                long before = System.nanoTime();
                HttpResponse<String> created = post(port, event("activity", "create", 777, 9001, 1_796_000_000L, "{}"));
                assertThat(created.statusCode()).isEqualTo(200);
                assertThat((System.nanoTime() - before) / 1_000_000).as("answered well within Strava's 2 s").isLessThan(2000);
                assertThat(landing()).as("queued, not landed yet").isEmpty();
            }
            // the process died after answering and before landing: the next one lands what the queue holds
            try (StravaWebhook next = webhook(strava)) {
                StravaWebhook.Round round = next.landPending();
                assertThat(round.landed()).containsExactly("landing/activities/strava_event_777_1796000000.jsonl");
                JsonNode landed = line("strava_event_777_1796000000.jsonl");
                assertThat(landed.path("id").asLong()).isEqualTo(777);
                assertThat(landed.path("athlete").path("id").asLong()).as("the employee").isEqualTo(1001);
                assertThat(landed.path("strava_athlete_id").asLong()).isEqualTo(9001);
                assertThat(landed.path("sport_type").asText()).isEqualTo("Run");
                assertThat(next.landPending().events()).as("done once").isZero();

                int port2 = next.start();
                strava.rename(9001, 777, "Sortie du dimanche");
                assertThat(post(port2, event("activity", "update", 777, 9001, 1_796_000_100L, "{\"title\":\"Sortie du dimanche\"}")).statusCode())
                        .isEqualTo(200);
                assertThat(next.landPending().landed()).containsExactly("landing/activities/strava_event_777_1796000100.jsonl");
                assertThat(line("strava_event_777_1796000100.jsonl").path("name").asText()).isEqualTo("Sortie du dimanche");

                // edited again, then deleted before the serve could fetch the edit: the 404 lands a tombstone too
                assertThat(post(port2, event("activity", "update", 777, 9001, 1_796_000_150L, "{\"type\":\"Ride\"}")).statusCode()).isEqualTo(200);
                strava.delete(9001, 777);
                assertThat(post(port2, event("activity", "delete", 777, 9001, 1_796_000_200L, "{}")).statusCode()).isEqualTo(200);
                StravaWebhook.Round round2 = next.landPending();
                assertThat(round2.landed()).containsExactly("landing/activities/strava_event_777_1796000150_deleted.jsonl",
                        "landing/activities/strava_event_777_1796000200_deleted.jsonl");
                JsonNode tombstone = line("strava_event_777_1796000200_deleted.jsonl");
                assertThat(tombstone.path("deleted").asBoolean()).isTrue();
                assertThat(tombstone.path("id").asLong()).isEqualTo(777);
                assertThat(tombstone.path("athlete").path("id").asLong()).isEqualTo(1001);
            }
            try (Stream<Path> done = Files.list(lake.resolve(StravaWebhook.DONE))) {
                assertThat(done).hasSize(4);
            }
            assertThat(Files.list(lake.resolve(StravaWebhook.PENDING))).isEmpty();
        }
    }

    @Test
    void an_event_strava_cannot_answer_for_stays_queued_and_a_deauthorisation_stops_the_athletes_pulls() throws Exception {
        try (FakeStrava strava = new FakeStrava().connect(9001, "a-9001", "r-9001"); StravaWebhook webhook = webhook(strava)) {
            strava.activity(9001, 778L, "Swim", START, 1800, 1500);
            int port = webhook.start();
            post(port, event("activity", "create", 778, 9001, 1_796_000_000L, "{}"));
            strava.then(503, 503, 503);                                           // every attempt of this round
            StravaWebhook.Round failed = webhook.landPending();
            assertThat(failed.left()).isEqualTo(1);
            assertThat(failed.notes()).singleElement().asString().contains("Strava answered 503 after 3 attempts; kept for the next round");
            assertThat(webhook.landPending().landed()).containsExactly("landing/activities/strava_event_778_1796000000.jsonl");

            post(port, event("athlete", "update", 9001, 9001, 1_796_000_300L, "{\"authorized\":\"false\"}"));
            StravaWebhook.Round revoked = webhook.landPending();
            assertThat(revoked.notes()).singleElement().asString().contains("athlete 9001 revoked the application");
            JsonNode saved = JSON.readTree(Files.readString(tokens)).path("9001");
            assertThat(saved.path("needs_reauthorisation").asBoolean()).isTrue();
            assertThat(saved.path("alerted").asBoolean()).isFalse();

            // the next pull skips them and alerts, once
            AppConfig config = ConfigLoader.load(List.of(), Map.of("lake.root", lake.toString(), "strava.api-url", strava.apiUrl(),
                    "strava.token-url", strava.tokenUrl()));
            StravaPull.Result pull = new StravaPull(config, new Configuration(), environment).pull();
            assertThat(pull.alerts()).containsExactly("Strava athlete 9001 (employee 1001) needs re-authorisation: the athlete revoked the"
                    + " application (deauthorisation event); their activities are no longer pulled");
            assertThat(new StravaPull(config, new Configuration(), environment).pull().alerts()).isEmpty();

            post(port, event("activity", "create", 779, 9001, 1_796_000_400L, "{}"));
            assertThat(webhook.landPending().notes()).singleElement().asString().contains("not connected (or must authorise again)");
        }
    }

    @Test
    void without_the_verify_token_the_endpoint_does_not_start() throws Exception {
        environment = Map.of();
        try (FakeStrava strava = new FakeStrava(); StravaWebhook webhook = webhook(strava)) {
            assertThatThrownBy(webhook::start).hasMessageStartingWith("STRAVA_VERIFY_TOKEN is not set in the environment");
        }
    }
    @Test
    void strava_serve_listens_lands_what_is_queued_and_stops_after_its_time() throws Exception {
        try (FakeStrava strava = new FakeStrava().connect(9001, "a-9001", "r-9001")) {
            strava.activity(9001, 780L, "Ride", START, 3600, 20_000);
            // an event queued by an earlier serve that died before landing it
            Files.createDirectories(lake.resolve(StravaWebhook.PENDING));
            Files.writeString(lake.resolve(StravaWebhook.PENDING).resolve("1796000000-activity-create-780-0a1b2c3d.json"),
                    event("activity", "create", 780, 9001, 1_796_000_000L, "{}"));
            com.sportdata.benefits.testing.Commands.Ran ran = com.sportdata.benefits.testing.Commands.run(environment, "strava", "serve",
                    "--lake", lake.toString(), "--max-seconds", "2", "--set", "strava.webhook.port=0", "--set", "strava.api-url=" + strava.apiUrl(),
                    "--set", "strava.token-url=" + strava.tokenUrl());
            assertThat(ran.code()).as(ran.all()).isZero();
            assertThat(ran.out()).contains("strava serve: listening on 127.0.0.1:").contains("strava serve: 1 event(s): 1 landed");
            assertThat(landing()).containsExactly("strava_event_780_1796000000.jsonl");
            assertThat(ran.all()).doesNotContain(FakeStrava.CLIENT_SECRET).doesNotContain("a-9001").doesNotContain("r-9001");
        }
    }
}
