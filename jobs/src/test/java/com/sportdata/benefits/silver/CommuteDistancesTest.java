package com.sportdata.benefits.silver;

import com.sportdata.benefits.bronze.BronzeSources;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.geo.GeoPoint;
import com.sportdata.benefits.connect.OnlineRoutes;
import com.sportdata.benefits.testing.FakeRoutes;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CommuteDistancesTest extends SparkTest {
    private static final String EMPLOYEES = "address_key STRING, travel_mode STRING, postcode STRING, town_key STRING";
    private static final String POSTCODES = "insee_code STRING, commune STRING, postcode STRING, line_5 STRING, town_key STRING, "
            + "line_5_key STRING, latitude DOUBLE, longitude DOUBLE";
    private static final Object[] FRONTIGNAN = row("34108", "FRONTIGNAN", "34110", null, "FRONTIGNAN", null, 43.4482458873, 3.74923522416);
    private static final Object[] MONTPELLIER = row("34172", "MONTPELLIER", "34000", null, "MONTPELLIER", null, 43.6134409138, 3.86851657896);
    private static final Object[] LATTES = row("34129", "LATTES", "34970", null, "LATTES", null, 43.5638594056, 3.90226222861);
    private static final Object[] FRONTIGNAN_ELSEWHERE = row("31200", "FRONTIGNAN", "31510", null, "FRONTIGNAN", null, 42.96, 0.66);

    private Map<String, Row> transform(Dataset<Row> employees, Dataset<Row> reference, Map<String, String> overrides) {
        AppConfig config = config(overrides);
        RunContext run = RunContext.start("test", config);
        Map<com.sportdata.benefits.catalog.TableId, Dataset<Row>> inputs = new HashMap<>();
        inputs.put(Tables.EMPLOYEES, employees);
        inputs.put(Tables.POSTCODES, frame(POSTCODES, FRONTIGNAN, MONTPELLIER, LATTES, FRONTIGNAN_ELSEWHERE));
        inputs.put(Tables.REFERENCE_COMMUTE_DISTANCES, reference);
        return new CommuteDistances().transform(inputs, run).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.<String>getAs("address_key"), r -> r));
    }

    private static Dataset<Row> reference(Object[]... rows) {
        return frame(BronzeSources.bronzeSchema(BronzeSources.COMMUTE_DISTANCES), rows);
    }

    @Test
    void prefers_the_precomputed_table_then_estimates_from_the_commune() {
        Map<String, Row> rows = transform(frame(EMPLOYEES,
                        row("128 rue du port, 34000 frontignan", "TRANSIT", "34000", "FRONTIGNAN"),
                        row("av. de la mer, montpellier", "BICYCLE", null, "MONTPELLIER"),
                        row("5 rue x, 34970 lattes", "WALK", "34970", "LATTES"),
                        row("nowhere", "WALK", null, null)),
                reference(row("128 Rue du Port, 34000 Frontignan", "TRANSIT", "26.21", null, "r.csv", "s", Timestamp.valueOf("2026-01-01 00:00:00"), "r", "h")),
                Map.of());
        Row frontignan = rows.get("128 rue du port, 34000 frontignan");
        assertThat(frontignan.<Double>getAs("distance_km")).isEqualTo(26.21);
        assertThat(frontignan.<String>getAs("provider")).isEqualTo("PRECOMPUTED_TABLE");
        assertThat(frontignan.<String>getAs("confidence")).isEqualTo("HIGH");
        // wrong postcode 34000: found by its town, in the same département rather than Haute-Garonne
        assertThat(frontignan.<String>getAs("geocode_method")).isEqualTo("TOWN_ONLY");
        assertThat(frontignan.<String>getAs("insee_code")).isEqualTo("34108");

        Row noPostcode = rows.get("av. de la mer, montpellier");
        GeoPoint office = config(Map.of()).office().location();
        double expected = office.distanceKm(new GeoPoint(43.6134409138, 3.86851657896)) * 1.2;
        assertThat(noPostcode.<String>getAs("provider")).isEqualTo("POSTCODE_ESTIMATE");
        assertThat(noPostcode.<Double>getAs("distance_km")).isCloseTo(expected, within(0.006));
        assertThat(noPostcode.<String>getAs("confidence")).isEqualTo("LOW");

        Row lattes = rows.get("5 rue x, 34970 lattes");
        assertThat(lattes.<String>getAs("geocode_method")).isEqualTo("POSTCODE_AND_TOWN");
        assertThat(lattes.<String>getAs("confidence")).isEqualTo("MEDIUM");

        assertThat(rows).doesNotContainKey("nowhere");   // unknown distances are not cached: they go to review
    }

    @Test
    void follows_the_configured_provider_order_and_detour_factors() {
        Map<String, Row> rows = transform(frame(EMPLOYEES, row("128 rue du port, 34000 frontignan", "TRANSIT", "34000", "FRONTIGNAN")),
                reference(row("128 rue du port, 34000 frontignan", "TRANSIT", "26.21", null, "r.csv", "s", Timestamp.valueOf("2026-01-01 00:00:00"), "r", "h")),
                Map.of("commute.providers", "[POSTCODE_ESTIMATE]", "commute.detour-factors.TRANSIT", "2.0"));
        Row row = rows.get("128 rue du port, 34000 frontignan");
        GeoPoint office = config(Map.of()).office().location();
        assertThat(row.<String>getAs("provider")).isEqualTo("POSTCODE_ESTIMATE");
        assertThat(row.<Double>getAs("distance_km")).isCloseTo(office.distanceKm(new GeoPoint(43.4482458873, 3.74923522416)) * 2.0, within(0.006));
    }

    @Test
    void a_rerun_does_not_recompute_what_the_first_provider_answered() {
        Dataset<Row> employees = frame(EMPLOYEES, row("128 rue du port, 34000 frontignan", "TRANSIT", "34000", "FRONTIGNAN"),
                row("5 rue x, 34970 lattes", "WALK", "34970", "LATTES"));
        Dataset<Row> cache = frame("address_key STRING, travel_mode STRING, provider STRING",
                row("128 rue du port, 34000 frontignan", "TRANSIT", "PRECOMPUTED_TABLE"),
                row("5 rue x, 34970 lattes", "WALK", "POSTCODE_ESTIMATE"));
        Map<com.sportdata.benefits.catalog.TableId, Dataset<Row>> inputs = new HashMap<>();
        inputs.put(Tables.EMPLOYEES, employees);
        inputs.put(Tables.POSTCODES, frame(POSTCODES, FRONTIGNAN, LATTES));
        inputs.put(Tables.REFERENCE_COMMUTE_DISTANCES, reference());
        inputs.put(Tables.COMMUTE_DISTANCES, cache);
        assertThat(new CommuteDistances().transform(inputs, RunContext.start("test", config(Map.of()))).collectAsList())
                .extracting(r -> r.<String>getAs("address_key")).containsExactly("5 rue x, 34970 lattes");
    }
    @Test
    void asks_google_routes_only_for_what_the_table_and_the_cache_do_not_hold_and_the_estimate_places_what_it_cannot() throws Exception {
        Map<String, String> overrides = new HashMap<>(Map.of("commute.providers", "[PRECOMPUTED_TABLE, ONLINE_ROUTES, POSTCODE_ESTIMATE]"));
        try (FakeRoutes routes = new FakeRoutes();
             AutoCloseable environment = OnlineRoutes.useEnvironment(Map.of("GOOGLE_ROUTES_API_KEY", FakeRoutes.KEY))) {
            routes.knows("5 rue x, 34970 lattes", 7340);
            overrides.put("commute.online.url", routes.url());
            Map<com.sportdata.benefits.catalog.TableId, Dataset<Row>> inputs = new HashMap<>();
            inputs.put(Tables.EMPLOYEES, frame(EMPLOYEES,
                    row("128 rue du port, 34000 frontignan", "TRANSIT", "34000", "FRONTIGNAN"),   // in the precomputed table
                    row("5 rue x, 34970 lattes", "WALK", "34970", "LATTES"),                      // routed online
                    row("av. de la mer, montpellier", "BICYCLE", null, "MONTPELLIER"),            // Google cannot place it
                    row("9 rue y, 34970 lattes", "WALK", "34970", "LATTES")));                    // cached from an earlier run
            inputs.put(Tables.POSTCODES, frame(POSTCODES, FRONTIGNAN, MONTPELLIER, LATTES));
            inputs.put(Tables.REFERENCE_COMMUTE_DISTANCES, reference(row("128 rue du port, 34000 frontignan", "TRANSIT", "26.21", null,
                    "r.csv", "s", Timestamp.valueOf("2026-01-01 00:00:00"), "r", "h")));
            inputs.put(Tables.COMMUTE_DISTANCES, frame("address_key STRING, travel_mode STRING, provider STRING",
                    row("9 rue y, 34970 lattes", "WALK", "ONLINE_ROUTES")));
            RunContext run = RunContext.start("run", config(overrides));
            Map<String, Row> rows = new CommuteDistances().transform(inputs, run).collectAsList().stream()
                    .collect(Collectors.toMap(r -> r.<String>getAs("address_key"), r -> r));

            assertThat(routes.calls()).extracting(c -> c.travelMode() + " " + c.origins())
                    .containsExactlyInAnyOrder("WALK [5 rue x, 34970 lattes]", "BICYCLE [av. de la mer, montpellier]");
            assertThat(rows.get("128 rue du port, 34000 frontignan").<String>getAs("provider")).isEqualTo("PRECOMPUTED_TABLE");
            Row online = rows.get("5 rue x, 34970 lattes");
            assertThat(online.<String>getAs("provider")).isEqualTo("ONLINE_ROUTES");
            assertThat(online.<Double>getAs("distance_km")).isEqualTo(7.34);
            assertThat(online.<String>getAs("confidence")).isEqualTo("HIGH");
            assertThat(online.<Integer>getAs("provider_rank")).isEqualTo(2);
            Row estimated = rows.get("av. de la mer, montpellier");
            assertThat(estimated.<String>getAs("provider")).isEqualTo("POSTCODE_ESTIMATE");
            assertThat(estimated.<String>getAs("confidence")).isEqualTo("LOW");
            assertThat(OnlineRoutes.takeUsage(run.runId()).orElseThrow().render())
                    .isEqualTo("2 elements paid for in 2 calls (1 routed, 1 not found, 0 failed)");

            // a replay reads the cache: nothing is asked
            new CommuteDistances().transform(inputs, RunContext.start("replay", config(overrides))).collectAsList();
            assertThat(routes.calls()).hasSize(2);
        }
        try (AutoCloseable noKey = OnlineRoutes.useEnvironment(Map.of())) {
            Map<com.sportdata.benefits.catalog.TableId, Dataset<Row>> inputs = new HashMap<>();
            inputs.put(Tables.EMPLOYEES, frame(EMPLOYEES, row("5 rue x, 34970 lattes", "WALK", "34970", "LATTES")));
            inputs.put(Tables.POSTCODES, frame(POSTCODES, LATTES));
            inputs.put(Tables.REFERENCE_COMMUTE_DISTANCES, reference());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CommuteDistances().transform(inputs, RunContext.start("run", config(overrides))))
                    .isInstanceOf(com.sportdata.benefits.config.ConfigError.class)
                    .hasMessageContaining("ONLINE_ROUTES is listed but GOOGLE_ROUTES_API_KEY is not set in the environment");
        }
    }
}
