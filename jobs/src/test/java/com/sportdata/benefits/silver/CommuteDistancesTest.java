package com.sportdata.benefits.silver;

import com.sportdata.benefits.bronze.BronzeSources;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.geo.GeoPoint;
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
}
