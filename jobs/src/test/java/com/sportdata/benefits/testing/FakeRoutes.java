package com.sportdata.benefits.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A loopback server that answers like Google Routes' {@code computeRouteMatrix}: it checks the key and the field mask,
 * and answers each origin address with the distance the test gave it, an element NOT_FOUND (status 5) for an address it
 * does not know, {@code ROUTE_NOT_FOUND} for one marked so. A test scripts whole answers too: a 429 quota error, a 503,
 * a timeout (an answer that never comes in time), for the next calls in order.
 */
public final class FakeRoutes extends LoopbackServer {
    public static final String KEY = "test-routes-key-not-a-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A scripted answer to one call: a status and body, or a delay before the normal answer. */
    public record Scripted(int status, String body, long delayMillis) {
        public static Scripted quota() {
            return new Scripted(429, "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"message\":\"Quota exceeded\"}}", 0);
        }

        public static Scripted unavailable() {
            return new Scripted(503, "{\"error\":{\"code\":503,\"status\":\"UNAVAILABLE\"}}", 0);
        }

        /** The answer the server would give anyway. */
        public static Scripted normal() {
            return new Scripted(0, null, 0);
        }

        public static Scripted slow(long millis) {
            return new Scripted(0, null, millis);
        }
    }

    /** One call as received: its origins, travel mode and headers. */
    public record Call(List<String> origins, String travelMode, String apiKey, String fieldMask, double destinationLatitude) {
    }

    private final Map<String, Double> metres = new ConcurrentHashMap<>();
    private final List<String> noRoute = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentLinkedQueue<Scripted> script = new ConcurrentLinkedQueue<>();
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private volatile Double everything;

    public FakeRoutes() throws IOException {
        server.createContext("/distanceMatrix/v2:computeRouteMatrix", this::handle);
        server.start();
    }

    public String url() {
        return base() + "/distanceMatrix/v2:computeRouteMatrix";
    }

    public FakeRoutes knows(String address, double distanceMeters) {
        metres.put(address, distanceMeters);
        return this;
    }

    /** Every address it was not told about is routed at this distance (instead of NOT_FOUND). */
    public FakeRoutes answeringEverything(double distanceMeters) {
        this.everything = distanceMeters;
        return this;
    }

    public FakeRoutes noRouteFor(String address) {
        noRoute.add(address);
        return this;
    }

    public FakeRoutes then(Scripted... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            List<String> origins = new ArrayList<>();
            body.path("origins").forEach(o -> origins.add(o.path("waypoint").path("address").asText()));
            calls.add(new Call(origins, body.path("travelMode").asText(), exchange.getRequestHeaders().getFirst("X-Goog-Api-Key"),
                    exchange.getRequestHeaders().getFirst("X-Goog-FieldMask"),
                    body.path("destinations").path(0).path("waypoint").path("location").path("latLng").path("latitude").asDouble()));
            Scripted next = script.poll();
            if (next != null && next.status() > 0) {
                reply(exchange, next.status(), next.body(), Map.of());
                return;
            }
            if (next != null && next.delayMillis() > 0) {
                Thread.sleep(next.delayMillis());
            }
            if (!KEY.equals(exchange.getRequestHeaders().getFirst("X-Goog-Api-Key"))) {
                reply(exchange, 403, "{\"error\":{\"code\":403,\"status\":\"PERMISSION_DENIED\",\"message\":\"API key not valid\"}}", Map.of());
                return;
            }
            if (origins.size() > 50 || origins.size() * body.path("destinations").size() > 625) {
                reply(exchange, 400, "{\"error\":{\"code\":400,\"status\":\"INVALID_ARGUMENT\",\"message\":\"too many elements\"}}", Map.of());
                return;
            }
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < origins.size(); i++) {
                String address = origins.get(i);
                out.append(i == 0 ? "" : ",").append("{\"originIndex\":").append(i).append(",\"destinationIndex\":0,");
                if (noRoute.contains(address)) {
                    out.append("\"status\":{},\"condition\":\"ROUTE_NOT_FOUND\"}");
                } else if (metres.containsKey(address) || everything != null) {
                    out.append("\"status\":{},\"distanceMeters\":").append(metres.getOrDefault(address, everything).longValue())
                            .append(",\"condition\":\"ROUTE_EXISTS\"}");
                } else {
                    out.append("\"status\":{\"code\":5,\"message\":\"Origin address not found.\"}}");
                }
            }
            reply(exchange, 200, out.append(']').toString(), Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
