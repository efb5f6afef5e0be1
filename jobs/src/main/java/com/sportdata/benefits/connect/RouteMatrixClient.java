package com.sportdata.benefits.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.geo.GeoPoint;
import com.sportdata.benefits.rules.TravelMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Distances from home addresses to the office by Google Routes' {@code computeRouteMatrix}: origins given as addresses,
 * at most {@code max-origins-per-request} per call (Google takes 50 waypoints given as addresses, the office is one), one
 * destination (the office's coordinates), the travel mode of the employee's declared mode, a field mask asking for
 * {@code originIndex, status, condition, distanceMeters} only. Calls are paced under the elements-per-minute quota and
 * stop at the run's budget. Nothing here throws: each address gets an {@link Answer} — routed, not found (the address or
 * the route does not exist), failed (an element's error, a timeout, a 5xx after the retries, a refused key), quota (a
 * 429: calling stops for the run) or not asked (over the budget, or after calling stopped). The API key is sent in a
 * header and never logged.
 */
public final class RouteMatrixClient {
    private static final Logger LOG = LoggerFactory.getLogger(RouteMatrixClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FIELD_MASK = "originIndex,destinationIndex,status,condition,distanceMeters";

    public enum Outcome { ROUTED, NOT_FOUND, FAILED, QUOTA, NOT_ASKED }

    /** @param distanceKm the route's length when {@link Outcome#ROUTED} */
    public record Answer(Outcome outcome, Double distanceKm, String detail) {
    }

    /** What a run asked for and got: elements are what Google bills. */
    public record Usage(int calls, long elements, long routed, long notFound, long failed, long notAsked) {
        public String render() {
            return String.format(java.util.Locale.ROOT, "%d element%s paid for in %d call%s (%d routed, %d not found, %d failed)%s",
                    elements, elements == 1 ? "" : "s", calls, calls == 1 ? "" : "s", routed, notFound, failed,
                    notAsked == 0 ? "" : ", " + notAsked + " not asked (budget, quota or a refused key: next run)");
        }
    }

    /** Waits; tests record instead. */
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final AppConfig.OnlineRouting config;
    private final String apiKey;
    private final HttpClient http;
    private final Sleeper sleeper;
    private final java.util.function.LongSupplier clock;
    /** Elements sent in the last minute: (when, how many). */
    private final Deque<long[]> window = new ArrayDeque<>();
    private int calls;
    private long elements;
    private long routed;
    private long notFound;
    private long failed;
    private long notAsked;
    private String stopped;

    public RouteMatrixClient(AppConfig.OnlineRouting config, String apiKey) {
        this(config, apiKey, HttpClient.newBuilder().connectTimeout(Duration.ofMillis(config.timeoutMs())).build(), Thread::sleep,
                System::currentTimeMillis);
    }

    RouteMatrixClient(AppConfig.OnlineRouting config, String apiKey, HttpClient http, Sleeper sleeper, java.util.function.LongSupplier clock) {
        this.config = config;
        this.apiKey = apiKey;
        this.http = http;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    public Usage usage() {
        return new Usage(calls, elements, routed, notFound, failed, notAsked);
    }

    /** Each address's distance to {@code office} by {@code mode}, in the order given. */
    public Map<String, Answer> distances(List<String> addresses, TravelMode mode, GeoPoint office) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        int size = config.maxOriginsPerRequest();
        for (int from = 0; from < addresses.size(); from += size) {
            List<String> batch = addresses.subList(from, Math.min(addresses.size(), from + size));
            long budget = config.maxElementsPerRun() - elements;
            if (stopped == null && budget < batch.size()) {
                stopped = "the run's budget of " + config.maxElementsPerRun() + " elements (commute.online.max-elements-per-run) is spent";
                LOG.warn("online routing: {}; {} addresses wait for the next run", stopped, addresses.size() - from);
            }
            if (stopped != null) {
                batch.forEach(a -> answers.put(a, new Answer(Outcome.NOT_ASKED, null, stopped)));
                notAsked += batch.size();
                continue;
            }
            answers.putAll(call(batch, mode, office));
        }
        return answers;
    }

    private Map<String, Answer> call(List<String> batch, TravelMode mode, GeoPoint office) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        String body = requestBody(batch, mode, office);
        String lastProblem = null;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            try {
                pace(batch.size());
                calls++;
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(config.url()))
                        .timeout(Duration.ofMillis(config.timeoutMs()))
                        .header("Content-Type", "application/json")
                        .header("X-Goog-Api-Key", apiKey)
                        .header("X-Goog-FieldMask", FIELD_MASK)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    elements += batch.size(); // what Google bills: the elements of an answered matrix
                    return elements(batch, response.body());
                }
                if (status == 429) {
                    stopped = "Google Routes' quota is exhausted (429" + googleStatus(response.body()) + ")";
                    LOG.warn("online routing: {}; calling stops for this run", stopped);
                    return all(batch, Outcome.QUOTA, stopped);
                }
                if (status >= 500) {
                    lastProblem = "Google Routes answered " + status + googleStatus(response.body());
                } else {
                    // a refused key, a disabled API, a malformed request: calling again would be refused again
                    stopped = "Google Routes refused the request (" + status + googleStatus(response.body()) + ")";
                    LOG.error("online routing: {}; calling stops for this run", stopped);
                    return all(batch, Outcome.FAILED, stopped);
                }
            } catch (HttpTimeoutException e) {
                lastProblem = "no answer within " + config.timeoutMs() + " ms";
            } catch (IOException e) {
                lastProblem = "cannot reach Google Routes: " + e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return all(batch, Outcome.FAILED, "interrupted");
            }
            LOG.warn("online routing: {} (attempt {} of {})", lastProblem, attempt, config.maxAttempts());
            if (attempt < config.maxAttempts()) {
                try {
                    sleeper.sleep(500L << (attempt - 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return all(batch, Outcome.FAILED, "interrupted");
                }
            }
        }
        answers.putAll(all(batch, Outcome.FAILED, lastProblem + " after " + config.maxAttempts() + " attempts"));
        return answers;
    }

    /** One answer per origin of the batch from the matrix's elements (one destination: one element per origin). */
    private Map<String, Answer> elements(List<String> batch, String body) {
        Map<Integer, Answer> byIndex = new java.util.HashMap<>();
        try {
            JsonNode root = JSON.readTree(body);
            for (JsonNode element : root.isArray() ? root : JSON.createArrayNode()) {
                int origin = element.path("originIndex").asInt(0);
                JsonNode status = element.path("status");
                int code = status.path("code").asInt(0);
                Answer answer;
                if (code == 5 || "ROUTE_NOT_FOUND".equals(element.path("condition").asText())) {
                    answer = new Answer(Outcome.NOT_FOUND, null, code == 5 ? status.path("message").asText("address not found")
                            : "no route for this travel mode");
                } else if (code != 0) {
                    answer = new Answer(Outcome.FAILED, null, "element error " + code + ": " + status.path("message").asText(""));
                } else if (element.has("distanceMeters")) {
                    answer = new Answer(Outcome.ROUTED, Math.round(element.path("distanceMeters").asDouble() / 10.0) / 100.0, null);
                } else {
                    answer = new Answer(Outcome.FAILED, null, "an element without a distance");
                }
                byIndex.put(origin, answer);
            }
        } catch (IOException e) {
            return all(batch, Outcome.FAILED, "an answer that is not JSON");
        }
        Map<String, Answer> answers = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Answer answer = byIndex.getOrDefault(i, new Answer(Outcome.FAILED, null, "no element for this origin in the answer"));
            count(answer.outcome(), 1);
            answers.put(batch.get(i), answer);
        }
        return answers;
    }

    private Map<String, Answer> all(List<String> batch, Outcome outcome, String detail) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        batch.forEach(a -> answers.put(a, new Answer(outcome, null, detail)));
        count(outcome, batch.size());
        return answers;
    }

    private void count(Outcome outcome, long n) {
        switch (outcome) {
            case ROUTED -> routed += n;
            case NOT_FOUND -> notFound += n;
            case FAILED, QUOTA -> failed += n;
            case NOT_ASKED -> notAsked += n;
        }
    }

    /** Waits until sending {@code n} more elements keeps the last minute under the quota. */
    private void pace(int n) throws InterruptedException {
        long now = clock.getAsLong();
        while (!window.isEmpty() && window.peekFirst()[0] <= now - 60_000) {
            window.pollFirst();
        }
        long sent = window.stream().mapToLong(w -> w[1]).sum();
        if (sent + n > config.elementsPerMinute() && !window.isEmpty()) {
            long wait = window.peekFirst()[0] + 60_000 - now;
            LOG.info("online routing: {} elements sent in the last minute, waiting {} ms for the quota of {}", sent, wait,
                    config.elementsPerMinute());
            sleeper.sleep(wait);
            pace(n);
            return;
        }
        window.addLast(new long[] {clock.getAsLong(), n});
    }

    static String requestBody(List<String> addresses, TravelMode mode, GeoPoint office) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode origins = root.putArray("origins");
        for (String address : addresses) {
            origins.addObject().putObject("waypoint").put("address", address);
        }
        ObjectNode latLng = root.putArray("destinations").addObject().putObject("waypoint").putObject("location").putObject("latLng");
        latLng.put("latitude", office.latitude());
        latLng.put("longitude", office.longitude());
        root.put("travelMode", mode.name());
        return root.toString();
    }

    /** Google's error status, e.g. {@code : RESOURCE_EXHAUSTED}, from an error body {@code {"error": {"status": …}}}. */
    private static String googleStatus(String body) {
        try {
            String status = JSON.readTree(body).path("error").path("status").asText("");
            return status.isEmpty() ? "" : ": " + status;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
