package com.sportdata.benefits.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.support.Fingerprint;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code strava pull}: for each connected athlete, the activities since the athlete's cursor, from Strava's API v3
 * ({@code GET /athlete/activities?after=&page=1&per_page=}), landed as Strava's own JSON lines in
 * {@code landing/activities/} — {@code athlete.id} there is the employee the athletes file maps the athlete to, Strava's
 * athlete id kept as {@code strava_athlete_id} — so ingestion, its checks and Slack take them as any activity file.
 * <ul>
 * <li>Exactly once: a page is written whole (a hidden temporary file renamed), then the athlete's cursor moves to the
 * page's latest start. A crash between the two fetches the page again: the same content gets the same file name (it is
 * not written twice), and a changed activity supersedes itself in silver by its id.</li>
 * <li>Tokens: an access token about to expire is refreshed first ({@code POST /oauth/token},
 * {@code grant_type=refresh_token}); Strava may rotate the refresh token, and the newest is written at once. A 401 is
 * refreshed once; a second 401, or a refused refresh, marks the athlete as needing re-authorisation, stops their pulls
 * and raises an alert.</li>
 * <li>Rate limits: every answer's {@code X-ReadRateLimit-*} (and {@code X-RateLimit-*}) usage is read; the pull stops
 * {@code read-limit-margin} requests before a limit, and on a 429, saying when the window resets (:00, :15, :30, :45,
 * and midnight UTC for the daily one); the next pull resumes from the cursors. A 5xx or a network error is retried with
 * backoff.</li>
 * </ul>
 * Secrets come from the environment only ({@code STRAVA_CLIENT_ID}, {@code STRAVA_CLIENT_SECRET},
 * {@code STRAVA_TOKENS_FILE}) and never reach a log or the lake.
 */
public final class StravaPull {
    private static final Logger LOG = LoggerFactory.getLogger(StravaPull.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the cursors live, under the lake root: {@code {"<athlete id>": <epoch seconds of the latest start landed>}}. */
    public static final String CURSORS = "connectors/strava/cursors.json";

    /** What a pull did, for the command's output, the ledger and the alerts. */
    public record Result(int athletes, long activities, List<String> files, List<String> notes, List<String> alerts, String stoppedBy) {
        public String render() {
            StringBuilder out = new StringBuilder("Strava: " + activities + (activities == 1 ? " activity" : " activities") + " of "
                    + athletes + (athletes == 1 ? " athlete" : " athletes") + " landed in " + files.size() + (files.size() == 1 ? " file" : " files") + "\n");
            files.forEach(f -> out.append("  ").append(f).append('\n'));
            notes.forEach(n -> out.append("  ").append(n).append('\n'));
            if (stoppedBy != null) {
                out.append("  stopped: ").append(stoppedBy).append(" — the next pull goes on from each athlete's cursor\n");
            }
            return out.toString();
        }
    }

    /** Thrown between a file's write and its cursor's move, by a test standing for a crash. */
    public interface Crash {
        void afterFileWritten(String file);
    }

    private final AppConfig config;
    private final Configuration hadoop;
    private final Map<String, String> environment;
    private final HttpClient http;
    private Crash crash = file -> { };
    private java.util.function.LongSupplier clock = () -> Instant.now().getEpochSecond();
    private long reads15;
    private long readsDay;
    private String stoppedBy;

    public StravaPull(AppConfig config, Configuration hadoop, Map<String, String> environment) {
        this.config = config;
        this.hadoop = hadoop;
        this.environment = environment;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(config.strava().timeoutMs())).build();
    }

    /** A test's crash between a file and its cursor. */
    public StravaPull crashing(Crash crash) {
        this.crash = crash;
        return this;
    }

    /** Whether the connector is set up: its athletes file exists and its secrets are in the environment. */
    public boolean configured() {
        return exists(athletesFile()) && has(AppConfig.Strava.CLIENT_ID_ENV) && has(AppConfig.Strava.CLIENT_SECRET_ENV)
                && has(AppConfig.Strava.TOKENS_FILE_ENV);
    }

    public Result pull() {
        for (String variable : List.of(AppConfig.Strava.CLIENT_ID_ENV, AppConfig.Strava.CLIENT_SECRET_ENV, AppConfig.Strava.TOKENS_FILE_ENV)) {
            if (!has(variable)) {
                throw new IllegalArgumentException(variable + " is not set in the environment: see docs/strava.md for how Strava is connected");
            }
        }
        Map<Long, Long> athletes = athletes();
        StravaTokens tokens = StravaTokens.load(java.nio.file.Path.of(environment.get(AppConfig.Strava.TOKENS_FILE_ENV)));
        Map<Long, Long> cursors = cursors();
        List<String> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> alerts = new ArrayList<>();
        long landed = 0;
        for (Map.Entry<Long, Long> athlete : athletes.entrySet()) {
            if (stoppedBy != null) {
                break;
            }
            long id = athlete.getKey();
            var token = tokens.of(id);
            if (token.isEmpty()) {
                notes.add("athlete " + id + " (employee " + athlete.getValue() + "): not connected (no tokens): authorise them first");
                continue;
            }
            if (token.get().needsReauthorisation()) {
                notes.add("athlete " + id + " (employee " + athlete.getValue() + "): needs re-authorisation (" + token.get().reason() + "); skipped");
                continue;
            }
            try {
                landed += pullAthlete(id, athlete.getValue(), tokens, cursors, files);
            } catch (Reauthorise e) {
                tokens.put(id, new StravaTokens.Token(null, null, 0, true, e.getMessage()));
                String alert = "Strava athlete " + id + " (employee " + athlete.getValue() + ") needs re-authorisation: " + e.getMessage()
                        + "; their activities are no longer pulled";
                alerts.add(alert);
                notes.add("athlete " + id + ": " + e.getMessage() + " — marked as needing re-authorisation");
            } catch (GiveUp e) {
                notes.add("athlete " + id + ": " + e.getMessage() + "; the next pull tries again");
            }
        }
        return new Result(athletes.size(), landed, List.copyOf(files), List.copyOf(notes), List.copyOf(alerts), stoppedBy);
    }

    /** One athlete, page after page from the cursor: returns how many activities were landed. */
    private long pullAthlete(long athlete, long employee, StravaTokens tokens, Map<Long, Long> cursors, List<String> files) {
        long landed = 0;
        AppConfig.Strava s = config.strava();
        while (true) {
            if (nearReadLimit()) {
                return landed;
            }
            long after = cursors.getOrDefault(athlete, 0L);
            HttpResponse<String> page = activities(athlete, tokens, after);
            if (page == null) {
                return landed; // rate limited: stoppedBy says why
            }
            JsonNode items;
            try {
                items = JSON.readTree(page.body());
            } catch (IOException e) {
                throw new GiveUp("Strava's answer is not JSON");
            }
            if (!items.isArray() || items.isEmpty()) {
                return landed;
            }
            StringBuilder lines = new StringBuilder();
            long latest = after;
            for (JsonNode item : items) {
                ObjectNode activity = (ObjectNode) item.deepCopy();
                activity.put("strava_athlete_id", athlete);
                activity.putObject("athlete").put("id", employee);
                lines.append(activity).append('\n');
                latest = Math.max(latest, startEpoch(item));
            }
            String content = lines.toString();
            String name = "strava_" + athlete + "_" + after + "_" + Fingerprint.sha256(content, 12) + ".jsonl";
            if (writeOnce(name, content)) {
                files.add("landing/activities/" + name + " (" + items.size() + ")");
            }
            crash.afterFileWritten(name);
            if (latest <= after) {
                throw new GiveUp("a page of activities none of which starts after the cursor (" + after + ")");
            }
            cursors.put(athlete, latest);
            writeCursors(cursors);
            landed += items.size();
            if (items.size() < s.perPage()) {
                return landed;
            }
        }
    }

    /** The page after the cursor, with the token refreshed when needed; null when a rate limit stops the pull. */
    private HttpResponse<String> activities(long athlete, StravaTokens tokens, long after) {
        boolean refreshedOn401 = false;
        int attempt = 0;
        while (true) {
            StravaTokens.Token token = fresh(athlete, tokens, false);
            URI uri = URI.create(config.strava().apiUrl() + "/athlete/activities?after=" + after + "&page=1&per_page=" + config.strava().perPage());
            HttpResponse<String> response;
            try {
                response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(config.strava().timeoutMs()))
                        .header("Authorization", "Bearer " + token.accessToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                retryOrGiveUp(++attempt, "no answer from Strava within " + config.strava().timeoutMs() + " ms");
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
            if (status == 200) {
                return response;
            }
            if (status == 401 && !refreshedOn401) {
                refreshedOn401 = true;
                fresh(athlete, tokens, true);
                continue;
            }
            if (status == 401) {
                throw new Reauthorise("Strava refused the athlete's token after a refresh (401)");
            }
            if (status == 429) {
                stoppedBy = "Strava's rate limit (429, read usage " + usageText() + "); windows reset at " + nextWindow();
                LOG.warn("strava: {}", stoppedBy);
                return null;
            }
            if (status >= 500) {
                retryOrGiveUp(++attempt, "Strava answered " + status);
                continue;
            }
            throw new GiveUp("Strava answered " + status + " to the activities' list");
        }
    }

    private void retryOrGiveUp(int attempt, String problem) {
        LOG.warn("strava: {} (attempt {} of {})", problem, attempt, config.strava().maxAttempts());
        if (attempt >= config.strava().maxAttempts()) {
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
    private StravaTokens.Token fresh(long athlete, StravaTokens tokens, boolean force) {
        StravaTokens.Token token = tokens.of(athlete).orElseThrow();
        if (!force && token.accessToken() != null && token.expiresAt() - config.strava().refreshBeforeSeconds() > clock.getAsLong()) {
            return token;
        }
        String form = "client_id=" + encode(environment.get(AppConfig.Strava.CLIENT_ID_ENV))
                + "&client_secret=" + encode(environment.get(AppConfig.Strava.CLIENT_SECRET_ENV))
                + "&grant_type=refresh_token&refresh_token=" + encode(token.refreshToken());
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(config.strava().tokenUrl())).timeout(Duration.ofMillis(config.strava().timeoutMs()))
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
            StravaTokens.Token renewed = new StravaTokens.Token(body.path("access_token").asText(), refresh, body.path("expires_at").asLong(), false, null);
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

    private long limit15 = Long.MAX_VALUE;
    private long limitDay = Long.MAX_VALUE;

    private boolean nearReadLimit() {
        int margin = config.strava().readLimitMargin();
        if (reads15 + margin >= limit15 || readsDay + margin >= limitDay) {
            stoppedBy = "Strava's read limit in sight (" + usageText() + ", " + margin + " kept in hand); windows reset at " + nextWindow();
            LOG.warn("strava: {}", stoppedBy);
            return true;
        }
        return false;
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

    private static long startEpoch(JsonNode activity) {
        try {
            return Instant.parse(activity.path("start_date").asText()).getEpochSecond();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** athlete id → employee id, from the lake's athletes file. */
    Map<Long, Long> athletes() {
        String file = athletesFile();
        if (!exists(file)) {
            throw new IllegalArgumentException("no Strava athletes file at " + file + " (strava.athletes): a CSV athlete_id,employee_id, "
                    + "one line per connected athlete (docs/strava.md)");
        }
        Map<Long, Long> athletes = new TreeMap<>();
        List<String> lines = read(file).lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty() || !lines.get(0).replace(" ", "").equalsIgnoreCase("athlete_id,employee_id")) {
            throw new IllegalArgumentException(file + ": the header must be athlete_id,employee_id");
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] parts = lines.get(i).split("[,;]");
            try {
                athletes.put(Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected athlete_id,employee_id (two whole numbers)");
            }
        }
        return athletes;
    }

    Map<Long, Long> cursors() {
        String file = root() + "/" + CURSORS;
        Map<Long, Long> cursors = new TreeMap<>();
        if (!exists(file)) {
            return cursors;
        }
        try {
            JSON.readTree(read(file)).fields().forEachRemaining(e -> cursors.put(Long.parseLong(e.getKey()), e.getValue().asLong()));
        } catch (IOException e) {
            throw new IllegalStateException(file + " is not JSON: " + e.getMessage());
        }
        return cursors;
    }

    private void writeCursors(Map<Long, Long> cursors) {
        ObjectNode root = JSON.createObjectNode();
        cursors.forEach((athlete, cursor) -> root.put(Long.toString(athlete), cursor));
        replace(root() + "/" + CURSORS, root.toString());
    }

    /** Writes a landing file whole under its name (a hidden temporary renamed); false when that very content is there. */
    private boolean writeOnce(String name, String content) {
        String target = root() + "/landing/activities/" + name;
        if (exists(target)) {
            return false;
        }
        replace(target, content);
        return true;
    }

    /** The file system of a location; on a local disk the raw one (no hidden {@code .crc} file beside each landing file). */
    private FileSystem fileSystem(Path path) throws IOException {
        FileSystem fs = path.getFileSystem(hadoop);
        return fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRawFileSystem() : fs;
    }

    private void replace(String target, String content) {
        try {
            Path path = new Path(target);
            FileSystem fs = fileSystem(path);
            Path temporary = new Path(path.getParent(), "." + path.getName() + ".tmp");
            try (OutputStream out = fs.create(temporary, true)) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            }
            if (fs.exists(path)) {
                fs.delete(path, false);
            }
            if (!fs.rename(temporary, path)) {
                throw new IOException("rename of " + temporary + " refused");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private boolean exists(String location) {
        try {
            Path path = new Path(location);
            return fileSystem(path).exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look at " + location + ": " + e.getMessage(), e);
        }
    }

    private String read(String location) {
        try {
            Path path = new Path(location);
            try (InputStream in = fileSystem(path).open(path)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    private String athletesFile() {
        return root() + "/" + config.strava().athletes();
    }

    private String root() {
        return config.lake().root().replaceAll("/+$", "");
    }

    private boolean has(String variable) {
        String value = environment.get(variable);
        return value != null && !value.isBlank();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    /** The athlete must authorise the application again. */
    private static final class Reauthorise extends RuntimeException {
        Reauthorise(String message) {
            super(message);
        }
    }

    /** This athlete is left for the next pull. */
    private static final class GiveUp extends RuntimeException {
        GiveUp(String message) {
            super(message);
        }
    }
}
