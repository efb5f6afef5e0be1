package com.sportdata.benefits.connect;

import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.generate.Generator;
import com.sportdata.benefits.landing.XlsxTable;
import com.sportdata.benefits.testing.FakeRoutes;
import com.sportdata.benefits.testing.FakeSlack;
import com.sportdata.benefits.testing.FakeStrava;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.Processes;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole way from Strava to Slack, as real processes: {@code strava pull} against a loopback server that answers like
 * Strava lands a connected athlete's history; a first {@code run} (with the online commute provider asking a loopback
 * server that answers like Google Routes) ingests it; a run that pulls first ingests the athlete's new activities,
 * checks them and posts each on a loopback server that answers like Slack.
 */
class StravaToSlackTest extends SparkTest {

    @Test
    void a_pulled_activity_is_ingested_by_a_normal_run_and_announced_on_slack() throws Exception {
        Path lake = newLake("strava-to-slack");
        Path logs = Files.createDirectories(lake.resolveSibling(lake.getFileName() + "-logs"));
        AppConfig config = config(Map.of("lake.root", lake.toString(), "generator.employees", "30", "generator.seed", "5"));
        new Generator(config).writeLanding(null, null);
        List<String> common = List.of("--lake", lake.toString(), "--master", "local[2]", "--set", "spark.local-dir=" + lake.resolve("_spark"));

        // an employee who declared no sport has no generated activity: the pulled ones overlap nothing
        long employeeId = employeeWithoutSport(lake);
        Files.createDirectories(lake.resolve("connectors/strava"));
        Files.writeString(lake.resolve("connectors/strava/athletes.csv"), "athlete_id,employee_id\n77001," + employeeId + "\n");
        Path tokens = Files.createDirectories(lake.resolveSibling(lake.getFileName() + "-secrets")).resolve("strava-tokens.json");
        Files.writeString(tokens, "{\"77001\": {\"access_token\": \"a-77001\", \"refresh_token\": \"r-77001\", \"expires_at\": 1000}}");
        Instant now = Instant.now();
        try (FakeStrava strava = new FakeStrava().connect(77001, "a-77001", "r-77001");
             FakeSlack slack = new FakeSlack();
             FakeRoutes routes = new FakeRoutes().answeringEverything(4200)) {
            Map<String, String> secrets = Map.of(AppConfig.Strava.CLIENT_ID_ENV, FakeStrava.CLIENT_ID,
                    AppConfig.Strava.CLIENT_SECRET_ENV, FakeStrava.CLIENT_SECRET, AppConfig.Strava.TOKENS_FILE_ENV, tokens.toString());
            List<String> withStrava = new ArrayList<>(common);
            withStrava.addAll(List.of("--set", "strava.api-url=" + strava.apiUrl(), "--set", "strava.token-url=" + strava.tokenUrl()));
            // the athlete's history, pulled when they connect: ingested, never announced (a feed's first delivery is history)
            strava.activity(77001, 5_550_000L, "Hike", now.minusSeconds(10 * 86_400), 7200, 14_000);
            String history = run(logs.resolve("1-pull.log"), secrets, withStrava, "strava", "pull");
            assertThat(history).contains("Strava: 1 activity of 1 athlete landed in 1 file");
            // the first run with the online commute provider on (a Routes-like server): the addresses the generated
            // company's precomputed table lacks are asked once and cached
            List<String> withRoutes = new ArrayList<>(common);
            withRoutes.addAll(List.of("--set", "commute.providers=[PRECOMPUTED_TABLE, ONLINE_ROUTES, POSTCODE_ESTIMATE]",
                    "--set", "commute.online.url=" + routes.url()));
            String first = run(logs.resolve("2-run.log"), Map.of("GOOGLE_ROUTES_API_KEY", FakeRoutes.KEY), withRoutes, "run");
            assertThat(first).containsPattern("Online routing: [1-9][0-9]* elements? paid for in [1-9][0-9]* calls? \\([1-9][0-9]* routed")
                    .doesNotContain(FakeRoutes.KEY);
            assertThat(routes.calls()).isNotEmpty().allSatisfy(c -> assertThat(c.origins()).hasSizeLessThanOrEqualTo(49));
            assertThat(Lakes.read(spark(), lake, Tables.COMMUTE_DISTANCES).filter(col("provider").equalTo("ONLINE_ROUTES")).count()).isPositive();

            strava.activity(77001, 5_550_001L, "Run", now.minusSeconds(3 * 3600), 2400, 8200)
                    .activity(77001, 5_550_002L, "WeightTraining", now.minusSeconds(2 * 3600), 3000, 0)
                    .activity(77001, 5_550_003L, "Ride", now.minusSeconds(3600), 1800, 12500);
            // then a run that pulls first (strava.pull-in-run): the new activities pulled, ingested, checked and posted
            Map<String, String> environment = new HashMap<>(secrets);
            environment.put("SLACK_WEBHOOK_URL", slack.url("/services/T0/B0/activities"));
            List<String> pullingRun = new ArrayList<>(withStrava);
            pullingRun.addAll(List.of("--set", "strava.pull-in-run=true"));
            String ran = run(logs.resolve("3-run.log"), environment, pullingRun, "run");
            assertThat(ran).contains("Stages: strava SUCCEEDED, ingest SUCCEEDED").contains("Status: SUCCEEDED")
                    .contains("Slack: 3 new activity posts; 3 sent").contains("Strava: 3 activities of 1 athlete landed in 1 file")
                    .doesNotContain(FakeStrava.CLIENT_SECRET).doesNotContain("r-77001").doesNotContain("access-77001");
            Map<String, Row> outbox = new HashMap<>();
            Lakes.read(spark(), lake, Tables.SLACK_OUTBOX).filter(col("employee_id").equalTo(employeeId)).collectAsList()
                    .forEach(r -> outbox.put(r.<String>getAs("activity_id"), r));
            assertThat(outbox).containsOnlyKeys("5550001", "5550002", "5550003");
            assertThat(outbox.values()).allSatisfy(r -> {
                assertThat(r.<String>getAs("state")).isEqualTo("SENT");
                assertThat(r.<Boolean>getAs("dry_run")).isFalse();
            });
            assertThat(slack.calls()).filteredOn(c -> outbox.values().stream().anyMatch(r -> r.<String>getAs("event_id").equals(c.eventId())))
                    .hasSize(3).anyMatch(c -> c.text().contains("Musculation"));
            assertThat(Lakes.read(spark(), lake, Tables.ACTIVITIES).filter(col("employee_id").equalTo(employeeId)).count()).isEqualTo(4);
            assertThat(ran).as("the cached distances are not asked again").doesNotContain("Online routing:");
        }
    }

    /** The first employee of the landing declarations file without a sport. */
    private static long employeeWithoutSport(Path lake) throws Exception {
        Path sports;
        try (var files = Files.list(lake.resolve("landing/sports"))) {
            sports = files.filter(f -> f.toString().endsWith(".xlsx")).findFirst().orElseThrow();
        }
        try (var in = Files.newInputStream(sports)) {
            return XlsxTable.read(in, sports.getFileName().toString(), List.of("ID salarié", "Pratique d'un sport")).rows().stream()
                    .filter(r -> r.values().get(1) == null || r.values().get(1).isBlank())
                    .mapToLong(r -> (long) Double.parseDouble(r.values().get(0))).findFirst().orElseThrow();
        }
    }

    /** One product command as a real process, stopped by PID whatever happens; returns its output. */
    private static String run(Path log, Map<String, String> environment, List<String> common, String... commandAndOptions) throws Exception {
        List<String> args = new ArrayList<>(List.of(commandAndOptions));
        args.addAll(common);
        return Processes.runToTheEnd(log, environment, args);
    }
}
