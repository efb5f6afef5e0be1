package com.sportdata.benefits.testing;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that answers like Strava's API v3 and OAuth endpoint: {@code POST /oauth/token} refreshes an
 * athlete's token (rotating the refresh token when asked: the old one then stops working), {@code GET
 * /api/v3/athlete/activities} lists the athlete's activities after {@code after}, oldest first, {@code per_page} per
 * page, with the read-rate headers Strava sends. A test scripts whole answers (a 429, a 503) for the next list calls,
 * and can expire every access token at once (a token running out mid-pull).
 */
public final class FakeStrava extends LoopbackServer {
    public static final String CLIENT_ID = "4242";
    public static final String CLIENT_SECRET = "client-secret-for-tests";

    private final Map<Long, List<Map<String, Object>>> activities = new ConcurrentHashMap<>();
    private final Map<String, Long> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Long> refreshTokens = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger reads15 = new AtomicInteger();
    private final AtomicInteger refreshes = new AtomicInteger();
    private final List<String> listCalls = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean rotate = true;
    private volatile int readLimit15 = 100;

    public FakeStrava() throws IOException {
        server.createContext("/oauth/token", this::token);
        server.createContext("/api/v3/athlete/activities", this::list);
        server.createContext("/api/v3/activities/", this::one);
        server.start();
    }

    public String apiUrl() {
        return base() + "/api/v3";
    }

    public String tokenUrl() {
        return base() + "/oauth/token";
    }

    /** An athlete connected with these tokens (the access token valid until {@code expiresAt}). */
    public FakeStrava connect(long athlete, String accessToken, String refreshToken) {
        accessTokens.put(accessToken, athlete);
        refreshTokens.put(refreshToken, athlete);
        return this;
    }

    /** An activity of Strava's SummaryActivity shape (the fields the product reads). */
    public FakeStrava activity(long athlete, long id, String sportType, Instant start, long elapsedSeconds, double metres) {
        Map<String, Object> a = new java.util.LinkedHashMap<>();
        a.put("id", id);
        a.put("athlete", Map.of("id", athlete));
        a.put("name", "Sortie " + id);
        a.put("sport_type", sportType);
        a.put("type", sportType);
        a.put("start_date", start.toString());
        a.put("elapsed_time", elapsedSeconds);
        a.put("moving_time", elapsedSeconds);
        a.put("distance", metres);
        activities.computeIfAbsent(athlete, k -> Collections.synchronizedList(new ArrayList<>())).add(a);
        return this;
    }

    /** The activity's new name (an edit on Strava). */
    public FakeStrava rename(long athlete, long id, String name) {
        activities.getOrDefault(athlete, List.of()).stream().filter(a -> ((Number) a.get("id")).longValue() == id).forEach(a -> a.put("name", name));
        return this;
    }

    /** The activity deleted on Strava: fetching it is a 404. */
    public FakeStrava delete(long athlete, long id) {
        activities.getOrDefault(athlete, new ArrayList<>()).removeIf(a -> ((Number) a.get("id")).longValue() == id);
        return this;
    }

    public FakeStrava then(Integer... statuses) {
        script.addAll(List.of(statuses));
        return this;
    }

    public FakeStrava rotatingRefreshTokens(boolean rotate) {
        this.rotate = rotate;
        return this;
    }

    public FakeStrava readLimit(int per15Minutes) {
        this.readLimit15 = per15Minutes;
        return this;
    }

    /** Every access token stops working (as when they expire mid-pull); a refresh gives a new one. */
    public void expireAccessTokens() {
        accessTokens.clear();
    }

    /** A new 15-minute window. */
    public void newWindow() {
        reads15.set(0);
    }

    public int refreshes() {
        return refreshes.get();
    }

    public List<String> listCalls() {
        return List.copyOf(listCalls);
    }

    public boolean refreshTokenWorks(String token) {
        return refreshTokens.containsKey(token);
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
                reply(exchange, 401, "{\"message\":\"Authorization Error\",\"errors\":[{\"resource\":\"Application\",\"code\":\"invalid\"}]}", Map.of());
                return;
            }
            Long athlete = refreshTokens.get(form.get("refresh_token"));
            if (!"refresh_token".equals(form.get("grant_type")) || athlete == null) {
                reply(exchange, 400, "{\"message\":\"Bad Request\",\"errors\":[{\"resource\":\"RefreshToken\",\"code\":\"invalid\"}]}", Map.of());
                return;
            }
            int n = refreshes.incrementAndGet();
            String access = "access-" + athlete + "-" + n;
            accessTokens.put(access, athlete);
            String refresh = form.get("refresh_token");
            if (rotate) {
                refreshTokens.remove(refresh);
                refresh = "refresh-" + athlete + "-" + n;
                refreshTokens.put(refresh, athlete);
            }
            long expiresAt = Instant.now().getEpochSecond() + 6 * 3600;
            reply(exchange, 200, "{\"token_type\":\"Bearer\",\"access_token\":\"" + access + "\",\"expires_at\":" + expiresAt
                    + ",\"expires_in\":21600,\"refresh_token\":\"" + refresh + "\"}", Map.of());
        }
    }

    private void list(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            listCalls.add(query);
            int used = reads15.incrementAndGet();
            Map<String, String> headers = Map.of("X-RateLimit-Limit", "200,2000", "X-RateLimit-Usage", used + "," + used,
                    "X-ReadRateLimit-Limit", readLimit15 + ",1000", "X-ReadRateLimit-Usage", used + "," + used);
            Integer scripted = script.poll();
            if (scripted != null) {
                reply(exchange, scripted, scripted == 429 ? "{\"message\":\"Rate Limit Exceeded\"}" : "{\"message\":\"error\"}", headers);
                return;
            }
            if (used > readLimit15) {
                reply(exchange, 429, "{\"message\":\"Rate Limit Exceeded\"}", headers);
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Long athlete = authorization == null ? null : accessTokens.get(authorization.replaceFirst("^Bearer ", ""));
            if (athlete == null) {
                reply(exchange, 401, "{\"message\":\"Authorization Error\",\"errors\":[{\"resource\":\"Athlete\",\"field\":\"access_token\",\"code\":\"invalid\"}]}", headers);
                return;
            }
            Map<String, String> q = form(query == null ? "" : query);
            long after = Long.parseLong(q.getOrDefault("after", "0"));
            int page = Integer.parseInt(q.getOrDefault("page", "1"));
            int perPage = Integer.parseInt(q.getOrDefault("per_page", "30"));
            List<Map<String, Object>> mine = new ArrayList<>(activities.getOrDefault(athlete, List.of()));
            mine.removeIf(a -> Instant.parse((String) a.get("start_date")).getEpochSecond() <= after);
            mine.sort(java.util.Comparator.comparing(a -> Instant.parse((String) a.get("start_date"))));
            List<Map<String, Object>> slice = mine.subList(Math.min(mine.size(), (page - 1) * perPage), Math.min(mine.size(), page * perPage));
            reply(exchange, 200, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(slice), headers);
        }
    }

    /** {@code GET /api/v3/activities/{id}}: the athlete's own activity (DetailedActivity has the summary's fields). */
    private void one(HttpExchange exchange) throws IOException {
        try (exchange) {
            Integer scripted = script.poll();
            if (scripted != null) {
                reply(exchange, scripted, "{\"message\":\"error\"}", Map.of());
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Long athlete = authorization == null ? null : accessTokens.get(authorization.replaceFirst("^Bearer ", ""));
            if (athlete == null) {
                reply(exchange, 401, "{\"message\":\"Authorization Error\"}", Map.of());
                return;
            }
            long id = Long.parseLong(exchange.getRequestURI().getPath().replaceFirst(".*/", ""));
            var found = activities.getOrDefault(athlete, List.of()).stream().filter(a -> ((Number) a.get("id")).longValue() == id).findFirst();
            if (found.isEmpty()) {
                reply(exchange, 404, "{\"message\":\"Record Not Found\",\"errors\":[{\"resource\":\"Activity\",\"code\":\"not found\"}]}", Map.of());
                return;
            }
            reply(exchange, 200, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(found.get()), Map.of());
        }
    }

    private static Map<String, String> form(String text) {
        Map<String, String> values = new HashMap<>();
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
