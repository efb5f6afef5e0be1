package com.sportdata.benefits.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.support.Fingerprint;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code strava serve}: the endpoint Strava pushes its events to, and what lands them.
 * <ul>
 * <li>{@code GET} answers the subscription check: {@code hub.mode=subscribe} with the {@code hub.verify_token} of
 * {@code STRAVA_VERIFY_TOKEN} gets {@code {"hub.challenge": …}}; another token a 403.</li>
 * <li>{@code POST} takes an event ({@code object_type}, {@code object_id}, {@code aspect_type}, {@code owner_id},
 * {@code event_time}, {@code updates}), writes it whole to {@code connectors/strava/events/pending/} and only then
 * answers 200 — within Strava's 2 seconds: the queue is durable, a crash after the answer loses nothing.</li>
 * <li>{@link #landPending()} (every {@code webhook.poll-ms}) takes the queue oldest first: a created or updated activity
 * is fetched ({@code GET /activities/{id}} as its owner) and landed as Strava's JSON line; a deleted one lands a
 * tombstone ({@code "deleted": true}) that takes it out of silver as a corrected file would; an athlete's
 * deauthorisation marks them as needing re-authorisation (their pulls stop; the next pull or run alerts). A processed
 * event moves to {@code events/done/}; one Strava could not answer stays queued for the next round.</li>
 * </ul>
 */
public final class StravaWebhook implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StravaWebhook.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PENDING = "connectors/strava/events/pending/";
    static final String DONE = "connectors/strava/events/done/";

    /** What one round of landing did. */
    public record Round(int events, List<String> landed, List<String> notes, int left) {
    }

    private final AppConfig config;
    private final StravaLake lake;
    private final Map<String, String> environment;
    private HttpServer server;
    private ExecutorService threads;

    public StravaWebhook(AppConfig config, org.apache.hadoop.conf.Configuration hadoop, Map<String, String> environment) {
        this.config = config;
        this.lake = new StravaLake(config, hadoop);
        this.environment = environment;
    }

    /** Starts listening; returns the port (the configured one, or the one chosen when it is 0). */
    public int start() throws IOException {
        String verify = environment.get(AppConfig.Strava.VERIFY_TOKEN_ENV);
        if (verify == null || verify.isBlank()) {
            throw new IllegalArgumentException(AppConfig.Strava.VERIFY_TOKEN_ENV + " is not set in the environment: Strava's subscription"
                    + " check needs it (docs/strava.md)");
        }
        AppConfig.Strava.Webhook settings = config.strava().webhook();
        server = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 0);
        server.createContext(settings.path(), exchange -> {
            try (exchange) {
                if ("GET".equals(exchange.getRequestMethod())) {
                    subscription(exchange, verify);
                } else if ("POST".equals(exchange.getRequestMethod())) {
                    event(exchange);
                } else {
                    reply(exchange, 405, "{\"error\":\"GET (subscription check) or POST (event)\"}");
                }
            }
        });
        threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        server.start();
        int port = server.getAddress().getPort();
        LOG.info("strava: listening on http://{}:{}{} for Strava's events", settings.bind(), port, settings.path());
        return port;
    }

    private void subscription(HttpExchange exchange, String verify) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if ("subscribe".equals(query.get("hub.mode")) && verify.equals(query.get("hub.verify_token")) && query.get("hub.challenge") != null) {
            ObjectNode answer = JSON.createObjectNode().put("hub.challenge", query.get("hub.challenge"));
            reply(exchange, 200, answer.toString());
            LOG.info("strava: subscription check answered");
        } else {
            reply(exchange, 403, "{\"error\":\"wrong hub.mode or hub.verify_token\"}");
            LOG.warn("strava: a subscription check with a wrong verify token or mode was refused");
        }
    }

    private void event(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (IOException e) {
            reply(exchange, 400, "{\"error\":\"not JSON\"}");
            return;
        }
        String problem = problem(event);
        if (problem != null) {
            reply(exchange, 400, "{\"error\":" + JSON.writeValueAsString(problem) + "}");
            LOG.warn("strava: an event refused: {}", problem);
            return;
        }
        // the event's own fields name it: the same event delivered twice is one file
        String name = String.format("%010d-%s-%s-%d-%s.json", event.path("event_time").asLong(), event.path("object_type").asText(),
                event.path("aspect_type").asText(), event.path("object_id").asLong(), Fingerprint.sha256(body, 8));
        lake.write(PENDING + name, body);
        reply(exchange, 200, "{\"received\":true}");
    }

    /** Why an event is not one Strava sends; null when it is. */
    static String problem(JsonNode event) {
        if (event == null || !event.isObject()) {
            return "an event is a JSON object";
        }
        for (String field : List.of("object_type", "object_id", "aspect_type", "owner_id", "event_time")) {
            if (!event.hasNonNull(field)) {
                return "no " + field;
            }
        }
        if (!List.of("activity", "athlete").contains(event.path("object_type").asText())) {
            return "object_type is activity or athlete";
        }
        if (!List.of("create", "update", "delete").contains(event.path("aspect_type").asText())) {
            return "aspect_type is create, update or delete";
        }
        return null;
    }

    /** Lands the queued events, oldest first; an event Strava could not answer stays for the next round. */
    public Round landPending() {
        List<String> queued = lake.list(PENDING);
        if (queued.isEmpty()) {
            return new Round(0, List.of(), List.of(), 0);
        }
        StravaSecrets.require(environment);
        Map<Long, Long> athletes = lake.athletes();
        StravaApi api = new StravaApi(config.strava(), environment, StravaSecrets.tokens(environment));
        List<String> landed = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int left = 0;
        for (int i = 0; i < queued.size(); i++) {
            String name = queued.get(i);
            try {
                JsonNode event = JSON.readTree(lake.readRelative(PENDING + name));
                String outcome = land(event, athletes, api);
                if (outcome.startsWith("landing/")) {
                    landed.add(outcome);
                } else {
                    notes.add(name + ": " + outcome);
                }
                lake.move(PENDING + name, DONE + name);
            } catch (StravaApi.RateLimited e) {
                left = queued.size() - i;
                notes.add(e.getMessage() + "; " + left + " event(s) wait");
                break;
            } catch (StravaApi.GiveUp e) {
                left++;
                notes.add(name + ": " + e.getMessage() + "; kept for the next round");
            } catch (IOException e) {
                notes.add(name + ": not JSON, set aside");
                lake.move(PENDING + name, DONE + name);
            }
        }
        notes.forEach(n -> LOG.warn("strava: {}", n));
        landed.forEach(l -> LOG.info("strava: landed {}", l));
        return new Round(queued.size(), List.copyOf(landed), List.copyOf(notes), left);
    }

    /** One event: the landing file written, or what was done instead. */
    private String land(JsonNode event, Map<Long, Long> athletes, StravaApi api) {
        long owner = event.path("owner_id").asLong();
        Long employee = athletes.get(owner);
        String type = event.path("object_type").asText();
        String aspect = event.path("aspect_type").asText();
        long id = event.path("object_id").asLong();
        if ("athlete".equals(type)) {
            if ("false".equals(event.path("updates").path("authorized").asText())) {
                api.tokens().put(owner, StravaTokens.Token.reauthorise("the athlete revoked the application (deauthorisation event)"));
                return "athlete " + owner + " revoked the application: marked as needing re-authorisation, their pulls stop"
                        + " (the next pull or run alerts)";
            }
            return "athlete " + owner + " " + aspect + ": nothing to land";
        }
        if (employee == null) {
            return "athlete " + owner + " is not in the athletes file: activity " + id + " not landed";
        }
        var token = api.tokens().of(owner);
        if (token.isEmpty() || token.get().needsReauthorisation()) {
            return "athlete " + owner + " is not connected (or must authorise again): activity " + id + " not landed";
        }
        String base = "strava_event_" + id + "_" + event.path("event_time").asLong();
        if ("delete".equals(aspect)) {
            return tombstone(base, id, owner, employee);
        }
        HttpResponse<String> answer;
        try {
            answer = api.get(owner, "/activities/" + id);
        } catch (StravaApi.Reauthorise e) {
            api.tokens().put(owner, StravaTokens.Token.reauthorise(e.getMessage()));
            return "athlete " + owner + ": " + e.getMessage() + " — marked as needing re-authorisation";
        }
        if (answer.statusCode() == 404) {
            // deleted (or made private without activity:read_all) before it could be fetched: it leaves silver too
            return tombstone(base, id, owner, employee);
        }
        if (answer.statusCode() != 200) {
            throw new StravaApi.GiveUp("Strava answered " + answer.statusCode() + " for activity " + id);
        }
        try {
            String line = StravaLake.landed(JSON.readTree(answer.body()), owner, employee) + "\n";
            lake.writeOnce(base + ".jsonl", line);
            return StravaLake.LANDING + base + ".jsonl";
        } catch (IOException e) {
            throw new StravaApi.GiveUp("Strava's activity " + id + " is not JSON");
        }
    }

    private String tombstone(String base, long id, long owner, long employee) {
        ObjectNode deleted = JSON.createObjectNode().put("id", id).put("deleted", true);
        lake.writeOnce(base + "_deleted.jsonl", StravaLake.landed(deleted, owner, employee) + "\n");
        return StravaLake.LANDING + base + "_deleted.jsonl";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
