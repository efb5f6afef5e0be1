package com.sportdata.benefits.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.support.Fingerprint;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the cursors live, under the lake root (see {@link StravaLake#CURSORS}). */
    public static final String CURSORS = StravaLake.CURSORS;

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
    private final StravaLake lake;
    private final Map<String, String> environment;
    private Crash crash = file -> { };
    private String stoppedBy;

    public StravaPull(AppConfig config, Configuration hadoop, Map<String, String> environment) {
        this.config = config;
        this.lake = new StravaLake(config, hadoop);
        this.environment = environment;
    }

    /** A test's crash between a file and its cursor. */
    public StravaPull crashing(Crash crash) {
        this.crash = crash;
        return this;
    }

    /** Whether the connector is set up: its athletes file exists and its secrets are in the environment. */
    public boolean configured() {
        return lake.hasAthletesFile() && StravaSecrets.missing(environment).isEmpty();
    }

    public Result pull() {
        StravaSecrets.require(environment);
        Map<Long, Long> athletes = lake.athletes();
        StravaApi api = new StravaApi(config.strava(), environment, StravaSecrets.tokens(environment));
        StravaTokens tokens = api.tokens();
        Map<Long, Long> cursors = lake.cursors();
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
                if (!token.get().alerted()) {
                    // marked by the webhook (a deauthorisation), which has no alert channel of its own: alerted here, once
                    alerts.add(StravaSecrets.reauthorisationAlert(id, athlete.getValue(), token.get().reason()));
                    tokens.put(id, token.get().alertedNow());
                }
                continue;
            }
            try {
                landed += pullAthlete(api, id, athlete.getValue(), cursors, files);
            } catch (StravaApi.Reauthorise e) {
                tokens.put(id, StravaTokens.Token.reauthorise(e.getMessage()).alertedNow());
                alerts.add(StravaSecrets.reauthorisationAlert(id, athlete.getValue(), e.getMessage()));
                notes.add("athlete " + id + ": " + e.getMessage() + " — marked as needing re-authorisation");
            } catch (StravaApi.RateLimited e) {
                stoppedBy = e.getMessage();
            } catch (StravaApi.GiveUp e) {
                notes.add("athlete " + id + ": " + e.getMessage() + "; the next pull tries again");
            }
        }
        return new Result(athletes.size(), landed, List.copyOf(files), List.copyOf(notes), List.copyOf(alerts), stoppedBy);
    }

    /** One athlete, page after page from the cursor: returns how many activities were landed. */
    private long pullAthlete(StravaApi api, long athlete, long employee, Map<Long, Long> cursors, List<String> files) {
        long landed = 0;
        while (true) {
            stoppedBy = api.nearReadLimit();
            if (stoppedBy != null) {
                return landed;
            }
            long after = cursors.getOrDefault(athlete, 0L);
            HttpResponse<String> page = api.get(athlete, "/athlete/activities?after=" + after + "&page=1&per_page=" + config.strava().perPage());
            if (page.statusCode() != 200) {
                throw new StravaApi.GiveUp("Strava answered " + page.statusCode() + " to the activities' list");
            }
            JsonNode items;
            try {
                items = JSON.readTree(page.body());
            } catch (IOException e) {
                throw new StravaApi.GiveUp("Strava's answer is not JSON");
            }
            if (!items.isArray() || items.isEmpty()) {
                return landed;
            }
            StringBuilder lines = new StringBuilder();
            long latest = after;
            for (JsonNode item : items) {
                lines.append(StravaLake.landed(item, athlete, employee)).append('\n');
                latest = Math.max(latest, startEpoch(item));
            }
            String content = lines.toString();
            String name = "strava_" + athlete + "_" + after + "_" + Fingerprint.sha256(content, 12) + ".jsonl";
            if (lake.writeOnce(name, content)) {
                files.add(StravaLake.LANDING + name + " (" + items.size() + ")");
            }
            crash.afterFileWritten(name);
            if (latest <= after) {
                throw new StravaApi.GiveUp("a page of activities none of which starts after the cursor (" + after + ")");
            }
            cursors.put(athlete, latest);
            lake.writeCursors(cursors);
            landed += items.size();
            if (items.size() < config.strava().perPage()) {
                return landed;
            }
        }
    }

    private static long startEpoch(JsonNode activity) {
        try {
            return Instant.parse(activity.path("start_date").asText()).getEpochSecond();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
