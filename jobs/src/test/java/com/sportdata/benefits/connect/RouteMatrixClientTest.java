package com.sportdata.benefits.connect;

import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.geo.GeoPoint;
import com.sportdata.benefits.connect.RouteMatrixClient.Answer;
import com.sportdata.benefits.connect.RouteMatrixClient.Outcome;
import com.sportdata.benefits.rules.TravelMode;
import com.sportdata.benefits.testing.FakeRoutes;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The online routing client against a loopback server that answers like Google Routes. */
class RouteMatrixClientTest {
    private static final GeoPoint OFFICE = new GeoPoint(43.6047, 3.8807);

    private static AppConfig.OnlineRouting settings(String url, int perMinute, int budget, int timeoutMs, int attempts) {
        return new AppConfig.OnlineRouting(url, 49, perMinute, budget, timeoutMs, attempts);
    }

    private final List<Long> slept = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000);

    private RouteMatrixClient client(AppConfig.OnlineRouting settings, String key) {
        // sleeping moves the clock: the pacing is tested without waiting a minute
        return new RouteMatrixClient(settings, key, HttpClient.newHttpClient(), ms -> {
            slept.add(ms);
            now.addAndGet(ms);
        }, now::get);
    }

    private static List<String> addresses(int n) {
        return IntStream.range(0, n).mapToObj(i -> i + " rue des tests, 34000 montpellier").toList();
    }

    @Test
    void more_than_49_origins_go_in_batches_and_each_element_is_read_routed_not_found_or_without_route() throws Exception {
        try (FakeRoutes routes = new FakeRoutes()) {
            List<String> all = addresses(52);
            all.forEach(a -> routes.knows(a, 3456));
            routes.knows(all.get(0), 12_345).noRouteFor(all.get(1));
            List<String> asked = new ArrayList<>(all);
            asked.add("nulle part");                                    // an address Google cannot place: element status 5
            RouteMatrixClient client = client(settings(routes.url(), 3000, 1000, 5000, 3), FakeRoutes.KEY);
            Map<String, Answer> answers = client.distances(asked, TravelMode.BICYCLE, OFFICE);

            assertThat(routes.calls()).extracting(c -> c.origins().size()).containsExactly(49, 4);
            assertThat(routes.calls()).allSatisfy(c -> {
                assertThat(c.travelMode()).isEqualTo("BICYCLE");
                assertThat(c.apiKey()).isEqualTo(FakeRoutes.KEY);
                assertThat(c.fieldMask()).isEqualTo("originIndex,destinationIndex,status,condition,distanceMeters");
                assertThat(c.destinationLatitude()).isEqualTo(43.6047);
            });
            assertThat(answers.get(all.get(0))).isEqualTo(new Answer(Outcome.ROUTED, 12.35, null));
            assertThat(answers.get(all.get(2)).distanceKm()).isEqualTo(3.46);
            assertThat(answers.get(all.get(1)).outcome()).isEqualTo(Outcome.NOT_FOUND);
            assertThat(answers.get("nulle part")).isEqualTo(new Answer(Outcome.NOT_FOUND, null, "Origin address not found."));
            assertThat(client.usage()).isEqualTo(new RouteMatrixClient.Usage(2, 53, 51, 2, 0, 0));
            assertThat(client.usage().render()).isEqualTo("53 elements paid for in 2 calls (51 routed, 2 not found, 0 failed)");
        }
    }

    @Test
    void a_quota_error_stops_calling_for_the_run_and_the_rest_is_not_asked() throws Exception {
        try (FakeRoutes routes = new FakeRoutes()) {
            List<String> all = addresses(120);
            all.forEach(a -> routes.knows(a, 1000));
            routes.then(FakeRoutes.Scripted.normal(), FakeRoutes.Scripted.quota());
            RouteMatrixClient client = client(settings(routes.url(), 3000, 1000, 5000, 3), FakeRoutes.KEY);
            Map<String, Answer> answers = client.distances(all, TravelMode.WALK, OFFICE);
            assertThat(routes.calls()).hasSize(2);                      // the third batch is never sent
            assertThat(answers.values().stream().filter(a -> a.outcome() == Outcome.ROUTED)).hasSize(49);
            assertThat(answers.get(all.get(60))).isEqualTo(new Answer(Outcome.QUOTA, null, "Google Routes' quota is exhausted (429: RESOURCE_EXHAUSTED)"));
            assertThat(answers.get(all.get(119)).outcome()).isEqualTo(Outcome.NOT_ASKED);
            assertThat(client.usage()).isEqualTo(new RouteMatrixClient.Usage(2, 49, 49, 0, 49, 22));
        }
    }

    @Test
    void a_timeout_or_a_5xx_is_retried_with_backoff_and_fails_the_batch_only_after_the_last_attempt() throws Exception {
        try (FakeRoutes routes = new FakeRoutes()) {
            routes.knows("1 rue a, 34000 montpellier", 2500);
            routes.then(FakeRoutes.Scripted.slow(1500), FakeRoutes.Scripted.unavailable());
            RouteMatrixClient client = client(settings(routes.url(), 3000, 1000, 500, 3), FakeRoutes.KEY);
            assertThat(client.distances(List.of("1 rue a, 34000 montpellier"), TravelMode.WALK, OFFICE).get("1 rue a, 34000 montpellier"))
                    .isEqualTo(new Answer(Outcome.ROUTED, 2.5, null));
            assertThat(routes.calls()).hasSize(3);
            assertThat(slept).containsExactly(500L, 1000L);
            assertThat(client.usage().elements()).as("only an answered matrix is billed").isEqualTo(1);

            routes.then(FakeRoutes.Scripted.slow(1500));
            RouteMatrixClient once = client(settings(routes.url(), 3000, 1000, 500, 1), FakeRoutes.KEY);
            assertThat(once.distances(List.of("1 rue a, 34000 montpellier"), TravelMode.WALK, OFFICE).get("1 rue a, 34000 montpellier"))
                    .isEqualTo(new Answer(Outcome.FAILED, null, "no answer within 500 ms after 1 attempts"));
            assertThat(once.usage()).isEqualTo(new RouteMatrixClient.Usage(1, 0, 0, 0, 1, 0));
        }
    }

    @Test
    void a_refused_key_stops_calling_and_the_budget_caps_what_a_run_pays() throws Exception {
        try (FakeRoutes routes = new FakeRoutes()) {
            List<String> all = addresses(100);
            all.forEach(a -> routes.knows(a, 1000));
            RouteMatrixClient wrongKey = client(settings(routes.url(), 3000, 1000, 5000, 3), "not-the-key");
            Map<String, Answer> refused = wrongKey.distances(all, TravelMode.WALK, OFFICE);
            assertThat(routes.calls()).hasSize(1);
            assertThat(refused.get(all.get(0)).detail()).isEqualTo("Google Routes refused the request (403: PERMISSION_DENIED)");
            assertThat(refused.get(all.get(99)).outcome()).isEqualTo(Outcome.NOT_ASKED);

            RouteMatrixClient capped = client(settings(routes.url(), 3000, 60, 5000, 3), FakeRoutes.KEY);
            Map<String, Answer> answers = capped.distances(all, TravelMode.WALK, OFFICE);
            assertThat(answers.values().stream().filter(a -> a.outcome() == Outcome.ROUTED)).hasSize(49);
            assertThat(answers.get(all.get(49)).detail()).contains("budget of 60 elements (commute.online.max-elements-per-run)");
            assertThat(capped.usage().render()).isEqualTo("49 elements paid for in 1 call (49 routed, 0 not found, 0 failed), "
                    + "51 not asked (budget, quota or a refused key: next run)");
        }
    }

    @Test
    void calls_are_paced_under_the_elements_per_minute_quota() throws Exception {
        try (FakeRoutes routes = new FakeRoutes()) {
            List<String> all = addresses(98);
            all.forEach(a -> routes.knows(a, 1000));
            RouteMatrixClient client = client(settings(routes.url(), 60, 1000, 5000, 3), FakeRoutes.KEY);
            assertThat(client.distances(all, TravelMode.WALK, OFFICE).values()).allMatch(a -> a.outcome() == Outcome.ROUTED);
            assertThat(slept).as("49 sent, 49 more would pass 60 a minute: wait for the minute to end").containsExactly(60_000L);
            assertThat(routes.calls()).hasSize(2);
        }
    }

    @Test
    void the_request_asks_for_the_addresses_the_office_and_the_mode() {
        assertThat(RouteMatrixClient.requestBody(List.of("1 rue a"), TravelMode.WALK, OFFICE)).isEqualTo(
                "{\"origins\":[{\"waypoint\":{\"address\":\"1 rue a\"}}],\"destinations\":[{\"waypoint\":{\"location\":"
                        + "{\"latLng\":{\"latitude\":43.6047,\"longitude\":3.8807}}}}],\"travelMode\":\"WALK\"}");
    }
}
