package com.sportdata.benefits.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sportdata.benefits.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * Strava's API v3 for one process: an athlete's GET with the token refreshed before it expires and once on a 401 (the
 * newest refresh token always kept, see {@link StravaTokens}), 5xx and network errors retried with backoff, and the
 * read-rate usage of every answer kept ({@code X-ReadRateLimit-*}, else {@code X-RateLimit-*}) so a caller stops
 * before Strava refuses. Its failures are exceptions a caller sorts: {@link Reauthorise} (the athlete must authorise
 * again), {@link RateLimited} (stop until the window resets), {@link GiveUp} (this one thing, later).
 */
public final class StravaApi {
    private static final Logger LOG = LoggerFactory.getLogger(StravaApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AppConfig.Strava config;
    private final Map<String, String> environment;
    private final StravaTokens tokens;
    private final HttpClient http;
    private final java.util.function.LongSupplier clock = () -> Instant.now().getEpochSecond();
    private long reads15;
    private long readsDay;
    private long limit15 = Long.MAX_VALUE;
    private long limitDay = Long.MAX_VALUE;

    public StravaApi(AppConfig.Strava config, Map<String, String> environment, StravaTokens tokens) {
        this.config = config;
        this.environment = environment;
        this.tokens = tokens;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(config.timeoutMs())).build();
    }

    public StravaTokens tokens() {
        return tokens;
    }

    /**
     * {@code GET <api-url><path>} as the athlete: the answer when Strava gave one (any status but 401, 429 and 5xx, which
     * are handled here).
     */
    public HttpResponse<String> get(long athlete, String path) {
        boolean refreshedOn401 = false;
        int attempt = 0;
        while (true) {
            StravaTokens.Token token = fresh(athlete, false);
            HttpResponse<String> response;
            try {
                response = http.send(HttpRequest.newBuilder(URI.create(config.apiUrl() + path)).timeout(Duration.ofMillis(config.timeoutMs()))
                        .header("Authorization", "Bearer " + token.accessToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                retryOrGiveUp(++attempt, "no answer from Strava within " + config.timeoutMs() + " ms");
                continue;
            } catch (IOException e) {
                retryOrGiveUp(++attempt, "cannot reach Strava: " + e.getClass().getSimpleName());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GiveUp("interrupted");
            }
            readUsage(response);
            int status = response.statusCode();
            if (status == 401 && !refreshedOn401) {
                refreshedOn401 = true;
                fresh(athlete, true);
                continue;
            }
            if (status == 401) {
                throw new Reauthorise("Strava refused the athlete's token after a refresh (401)");
            }
            if (status == 429) {
                String why = "Strava's rate limit (429, read usage " + usageText() + "); windows reset at " + nextWindow();
                LOG.warn("strava: {}", why);
                throw new RateLimited(why);
            }
            if (status >= 500) {
                retryOrGiveUp(++attempt, "Strava answered " + status);
                continue;
            }
            return response;
        }
    }

    /** Why to stop before the next read: within {@code read-limit-margin} of a read limit; null while there is room. */
    public String nearReadLimit() {
        int margin = config.readLimitMargin();
        if (reads15 + margin >= limit15 || readsDay + margin >= limitDay) {
            String why = "Strava's read limit in sight (" + usageText() + ", " + margin + " kept in hand); windows reset at " + nextWindow();
            LOG.warn("strava: {}", why);
            return why;
        }
        return null;
    }

    private void retryOrGiveUp(int attempt, String problem) {
        LOG.warn("strava: {} (attempt {} of {})", problem, attempt, config.maxAttempts());
        if (attempt >= config.maxAttempts()) {
            throw new GiveUp(problem + " after " + attempt + " attempts");
        }
        try {
            Thread.sleep(Math.min(30_000, 500L << (attempt - 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GiveUp("interrupted");
        }
    }

    /** The athlete's token, refreshed when it expires within refresh-before-seconds (or when {@code force}d by a 401). */
    private StravaTokens.Token fresh(long athlete, boolean force) {
        StravaTokens.Token token = tokens.of(athlete).orElseThrow();
        if (!force && token.accessToken() != null && token.expiresAt() - config.refreshBeforeSeconds() > clock.getAsLong()) {
            return token;
        }
        String form = "client_id=" + encode(environment.get(AppConfig.Strava.CLIENT_ID_ENV))
                + "&client_secret=" + encode(environment.get(AppConfig.Strava.CLIENT_SECRET_ENV))
                + "&grant_type=refresh_token&refresh_token=" + encode(token.refreshToken());
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(config.tokenUrl())).timeout(Duration.ofMillis(config.timeoutMs()))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GiveUp("cannot refresh the athlete's token: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GiveUp("interrupted");
        }
        if (response.statusCode() == 400 || response.statusCode() == 401) {
            throw new Reauthorise("Strava refused the refresh token (" + response.statusCode() + ")");
        }
        if (response.statusCode() != 200) {
            throw new GiveUp("Strava answered " + response.statusCode() + " to a token refresh");
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            String refresh = body.path("refresh_token").asText(token.refreshToken()); // the newest one is always kept
            StravaTokens.Token renewed = new StravaTokens.Token(body.path("access_token").asText(), refresh, body.path("expires_at").asLong());
            tokens.put(athlete, renewed);
            LOG.info("strava: athlete {}'s access token refreshed (expires {}){}", athlete, Instant.ofEpochSecond(renewed.expiresAt()),
                    refresh.equals(token.refreshToken()) ? "" : "; a new refresh token was issued and kept");
            return renewed;
        } catch (IOException e) {
            throw new GiveUp("Strava's token answer is not JSON");
        }
    }

    /** Reads the usage headers: {@code X-ReadRateLimit-Usage: 15-minute,day} (else the overall {@code X-RateLimit-*}). */
    private void readUsage(HttpResponse<String> response) {
        String usage = response.headers().firstValue("X-ReadRateLimit-Usage").or(() -> response.headers().firstValue("X-RateLimit-Usage")).orElse(null);
        String limit = response.headers().firstValue("X-ReadRateLimit-Limit").or(() -> response.headers().firstValue("X-RateLimit-Limit")).orElse(null);
        if (usage == null || limit == null) {
            return;
        }
        long[] u = pair(usage);
        long[] l = pair(limit);
        if (u == null || l == null) {
            return;
        }
        reads15 = u[0];
        readsDay = u[1];
        limit15 = l[0];
        limitDay = l[1];
    }

    private String usageText() {
        return reads15 + "/" + (limit15 == Long.MAX_VALUE ? "?" : limit15) + " in 15 minutes, " + readsDay + "/"
                + (limitDay == Long.MAX_VALUE ? "?" : limitDay) + " today";
    }

    /** The next quarter hour (15-minute window) and midnight UTC (daily window). */
    private String nextWindow() {
        ZonedDateTime now = Instant.ofEpochSecond(clock.getAsLong()).atZone(ZoneOffset.UTC);
        ZonedDateTime quarter = now.withSecond(0).withNano(0).withMinute(now.getMinute() / 15 * 15).plusMinutes(15);
        return String.format("%02d:%02d UTC (15-minute window), 00:00 UTC (daily)", quarter.getHour(), quarter.getMinute());
    }

    private static long[] pair(String text) {
        String[] parts = text.split(",");
        try {
            return parts.length < 2 ? null : new long[] {Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim())};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    /** The athlete must authorise the application again. */
    public static final class Reauthorise extends RuntimeException {
        Reauthorise(String message) {
            super(message);
        }
    }

    /** Strava's rate limit: nothing more until the window resets. */
    public static final class RateLimited extends RuntimeException {
        RateLimited(String message) {
            super(message);
        }
    }

    /** This athlete or event is left for later. */
    public static final class GiveUp extends RuntimeException {
        GiveUp(String message) {
            super(message);
        }
    }
}
