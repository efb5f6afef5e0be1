package com.sportdata.benefits.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.config.ConfigLoader;
import com.sportdata.benefits.testing.FakeStrava;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code strava pull} against a loopback server that answers like Strava: pages, tokens, limits, failures, a crash. */
class StravaPullTest extends ConnectedLake {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant BASE = Instant.parse("2026-11-01T06:00:00Z");

    @BeforeEach
    void connectTwoAthletes() throws Exception {
        long inFiveHours = Instant.now().getEpochSecond() + 5 * 3600;
        connect("9001,1001\n9002,1002\n9003,1003\n", "{\"9001\": {\"access_token\": \"a-9001\", \"refresh_token\": \"r-9001\", \"expires_at\": "
                + inFiveHours + "}, \"9002\": {\"access_token\": \"a-9002\", \"refresh_token\": \"r-9002\", \"expires_at\": 1000}}", Map.of());
        Files.createDirectories(lake.resolve("landing/activities"));
    }

    private FakeStrava strava() throws Exception {
        FakeStrava strava = new FakeStrava().connect(9001, "a-9001", "r-9001").connect(9002, "a-9002", "r-9002");
        for (int i = 0; i < 450; i++) {
            strava.activity(9001, 100_000 + i, i % 2 == 0 ? "Run" : "Ride", BASE.plusSeconds(3600L * i), 1800, 5000);
        }
        for (int i = 0; i < 5; i++) {
            strava.activity(9002, 200_000 + i, "Yoga", BASE.plusSeconds(7200L * i + 60), 3600, 0);
        }
        return strava;
    }

    private StravaPull pull(FakeStrava strava, String... overrides) {
        Map<String, String> settings = new HashMap<>(Map.of("lake.root", lake.toString(), "strava.api-url", strava.apiUrl(),
                "strava.token-url", strava.tokenUrl(), "strava.read-limit-margin", "0"));
        for (int i = 0; i < overrides.length; i += 2) {
            settings.put(overrides[i], overrides[i + 1]);
        }
        AppConfig config = ConfigLoader.load(List.of(), settings);
        return new StravaPull(config, new Configuration(), environment);
    }

    /** Every activity line in landing, by Strava id. */
    private List<JsonNode> landed() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(lake.resolve("landing/activities"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    lines.add(JSON.readTree(line));
                }
            }
        }
        return lines;
    }

    private JsonNode file(Path file) throws Exception {
        return JSON.readTree(Files.readString(file));
    }

    @Test
    void three_pages_a_token_expiring_mid_pull_a_rotated_refresh_token_and_a_5xx_land_every_activity_once() throws Exception {
        try (FakeStrava strava = strava()) {
            strava.then(503);                                                    // the first list call fails, its retry does not
            boolean[] expired = {false};
            StravaPull.Result result = pull(strava).crashing(file -> {
                if (!expired[0]) {
                    expired[0] = true;
                    strava.expireAccessTokens();                                 // the token runs out after the first page
                }
            }).pull();

            assertThat(result.activities()).isEqualTo(455);
            assertThat(result.files()).hasSize(4).anyMatch(f -> f.endsWith("(200)")).anyMatch(f -> f.endsWith("(50)")).anyMatch(f -> f.endsWith("(5)"));
            assertThat(result.notes()).containsExactly("athlete 9003 (employee 1003): not connected (no tokens): authorise them first");
            List<JsonNode> lines = landed();
            assertThat(lines).hasSize(455);
            assertThat(lines.stream().map(l -> l.path("id").asLong()).distinct()).hasSize(455);
            assertThat(lines).filteredOn(l -> l.path("strava_athlete_id").asLong() == 9001)
                    .allSatisfy(l -> assertThat(l.path("athlete").path("id").asLong()).as("the employee").isEqualTo(1001));
            assertThat(lines).filteredOn(l -> l.path("strava_athlete_id").asLong() == 9002).hasSize(5)
                    .allSatisfy(l -> assertThat(l.path("sport_type").asText()).isEqualTo("Yoga"));

            JsonNode cursors = file(lake.resolve(StravaPull.CURSORS));
            assertThat(cursors.path("9001").asLong()).isEqualTo(BASE.plusSeconds(3600L * 449).getEpochSecond());
            assertThat(cursors.path("9002").asLong()).isEqualTo(BASE.plusSeconds(7200L * 4 + 60).getEpochSecond());

            // 9002's token had expired (refreshed first); 9001's was refreshed on its 401; each time a new refresh token
            JsonNode saved = file(tokens);
            assertThat(strava.refreshes()).isEqualTo(2);
            assertThat(strava.refreshTokenWorks("r-9001")).isFalse();
            assertThat(strava.refreshTokenWorks(saved.path("9001").path("refresh_token").asText())).isTrue();
            assertThat(strava.refreshTokenWorks(saved.path("9002").path("refresh_token").asText())).isTrue();
            assertThat(saved.path("9001").path("access_token").asText()).startsWith("access-9001-");
            assertThat(Files.getPosixFilePermissions(tokens)).extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");

            // nothing new: nothing landed, each athlete asked from its cursor
            StravaPull.Result again = pull(strava).pull();
            assertThat(again.activities()).isZero();
            assertThat(again.files()).isEmpty();
            assertThat(strava.listCalls()).last().asString().startsWith("after=" + cursors.path("9002").asLong() + "&page=1&per_page=200");

            strava.activity(9002, 299_999, "Walk", BASE.plusSeconds(86_400L * 20), 1200, 1500);
            assertThat(pull(strava).pull().activities()).isEqualTo(1);
            assertThat(landed()).hasSize(456);
        }
    }

    @Test
    void a_429_stops_the_pull_saying_when_the_window_resets_and_the_next_pull_goes_on_from_the_cursors() throws Exception {
        try (FakeStrava strava = strava()) {
            int[] files = {0};
            StravaPull.Result first = pull(strava).crashing(file -> {
                if (++files[0] == 3) {
                    strava.then(429);                                            // 9001's three pages pass, 9002's first call is refused
                }
            }).pull();
            assertThat(first.activities()).isEqualTo(450);
            assertThat(first.stoppedBy()).startsWith("Strava's rate limit (429, read usage 4/100 in 15 minutes, 4/1000 today); windows reset at ")
                    .endsWith("(15-minute window), 00:00 UTC (daily)");
            assertThat(first.render()).contains("the next pull goes on from each athlete's cursor");

            strava.newWindow();
            StravaPull.Result second = pull(strava).pull();
            assertThat(second.activities()).isEqualTo(5);
            assertThat(second.stoppedBy()).isNull();
            assertThat(landed()).hasSize(455);
            assertThat(landed().stream().map(l -> l.path("id").asLong()).distinct()).hasSize(455);
        }
    }

    @Test
    void the_read_limit_margin_stops_before_strava_refuses() throws Exception {
        try (FakeStrava strava = strava().readLimit(3)) {
            StravaPull.Result result = pull(strava, "strava.read-limit-margin", "1").pull();
            assertThat(strava.listCalls()).hasSize(2);
            assertThat(result.activities()).isEqualTo(400);
            assertThat(result.stoppedBy()).startsWith("Strava's read limit in sight (2/3 in 15 minutes, 2/1000 today, 1 kept in hand)");
        }
    }

    @Test
    void a_crash_between_a_file_and_its_cursor_fetches_the_page_again_and_lands_nothing_twice() throws Exception {
        try (FakeStrava strava = strava()) {
            assertThatThrownBy(() -> pull(strava).crashing(file -> {
                throw new IllegalStateException("killed after writing " + file);
            }).pull()).hasMessageStartingWith("killed after writing strava_9001_0_");
            assertThat(landed()).hasSize(200);
            assertThat(lake.resolve(StravaPull.CURSORS)).doesNotExist();

            StravaPull.Result resumed = pull(strava).pull();
            assertThat(resumed.files()).as("the first page's file is there already, with the same content").hasSize(3);
            assertThat(landed()).hasSize(455);
            assertThat(landed().stream().map(l -> l.path("id").asLong()).distinct()).hasSize(455);
            try (Stream<Path> files = Files.list(lake.resolve("landing/activities"))) {
                assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".")).hasSize(4);
            }
        }
    }

    @Test
    void a_refused_refresh_marks_the_athlete_for_re_authorisation_alerts_and_stops_their_pulls() throws Exception {
        try (FakeStrava strava = strava()) {
            Files.writeString(tokens, Files.readString(tokens).replace("r-9002", "revoked-by-the-athlete"));
            StravaPull.Result result = pull(strava).pull();
            assertThat(result.activities()).isEqualTo(450);
            assertThat(result.alerts()).containsExactly("Strava athlete 9002 (employee 1002) needs re-authorisation: Strava refused the refresh"
                    + " token (400); their activities are no longer pulled");
            JsonNode saved = file(tokens).path("9002");
            assertThat(saved.path("needs_reauthorisation").asBoolean()).isTrue();
            assertThat(saved.has("refresh_token") && !saved.path("refresh_token").isNull()).isFalse();

            int calls = strava.listCalls().size();
            StravaPull.Result next = pull(strava).pull();
            assertThat(next.notes()).contains("athlete 9002 (employee 1002): needs re-authorisation (Strava refused the refresh token (400)); skipped");
            assertThat(next.alerts()).as("alerted once").isEmpty();
            assertThat(strava.listCalls()).hasSize(calls + 1);                  // 9001 only
        }
    }

    @Test
    void a_missing_secret_or_athletes_file_is_a_clear_error() throws Exception {
        try (FakeStrava strava = strava()) {
            environment = Map.of(AppConfig.Strava.CLIENT_ID_ENV, FakeStrava.CLIENT_ID, AppConfig.Strava.TOKENS_FILE_ENV, tokens.toString());
            assertThatThrownBy(() -> pull(strava).pull()).hasMessage("STRAVA_CLIENT_SECRET is not set in the environment: see docs/strava.md"
                    + " for how Strava is connected");
            connectTwoAthletes();
            Files.delete(lake.resolve("connectors/strava/athletes.csv"));
            assertThatThrownBy(() -> pull(strava).pull()).hasMessageContaining("no Strava athletes file at")
                    .hasMessageContaining("athlete_id,employee_id");
            assertThat(pull(strava).configured()).isFalse();
        }
    }
}
