package com.sportdata.benefits.silver;

import com.sportdata.benefits.bronze.BronzeSources;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.gold.DimEmployee;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Transform tests of the small tables: declarations, postcodes, the activity helper and the employee dimension. */
class SmallTablesTest extends SparkTest {
    private static final Timestamp AT = Timestamp.valueOf("2026-03-01 00:00:00");
    private static final RunContext RUN = RunContext.start("test", config(Map.of("pipeline.as-of-date", "2026-06-30")));

    @Test
    void declarations_are_normalised_to_the_canonical_sports() {
        Map<String, Row> rows = new SilverSportDeclarations().transform(Map.of(Tables.HR_SPORT_DECLARATIONS,
                        frame(BronzeSources.bronzeSchema(BronzeSources.SPORTS),
                                row("59019.0", "Runing", 2, "landing/sports/s.xlsx", "sha", AT, "r", "h"),
                                row("19841.0", null, 3, "landing/sports/s.xlsx", "sha", AT, "r", "h"),            // no sport declared
                                row("56482.0", "Tennis de table", 4, "landing/sports/s.xlsx", "sha", AT, "r", "h"),
                                row("21886.0", "Curling", 5, "landing/sports/s.xlsx", "sha", AT, "r", "h"))), RUN)
                .collectAsList().stream().collect(Collectors.toMap(r -> String.valueOf(r.<Long>getAs("employee_id")), r -> r));
        assertThat(rows.get("59019").<String>getAs("sport")).isEqualTo("RUNNING");
        assertThat(rows.get("59019").<String>getAs("sport_label")).isEqualTo("Course à pied");
        assertThat(rows.get("19841").<Boolean>getAs("has_declared_sport")).isFalse();
        assertThat(rows.get("56482").<String>getAs("sport")).isEqualTo("TABLE_TENNIS");
        Row curling = rows.get("21886");
        assertThat(curling.getList(curling.fieldIndex(TableJob.REJECT_REASONS))).containsExactly("unknown sport 'Curling': not in the sport catalogue; declare \"curling\" = <one of its sports> in activities.sport-aliases");
    }

    @Test
    void postcodes_keep_the_latest_base_with_town_keys_and_coordinates() {
        Timestamp later = Timestamp.valueOf("2026-04-01 00:00:00");
        List<Row> rows = new SilverPostcodes().transform(Map.of(Tables.REFERENCE_POSTCODES,
                        frame(BronzeSources.bronzeSchema(BronzeSources.POSTCODES),
                                row("34247", "ST CLEMENT DE RIVIERE", "34980", null, "ST CLEMENT DE RIVIERE", "43.68,3.84", null, "old.csv", "s1", AT, "r", "h"),
                                row("34247", "ST CLEMENT DE RIVIERE", "34980", null, "ST CLEMENT DE RIVIERE", "43.6860686936,3.84318936676", null, "new.csv", "s2", later, "r", "h"),
                                row("97501", "MIQUELON LANGLADE", "97500", null, "MIQUELON", "", null, "new.csv", "s2", later, "r", "h"))), RUN)
                .orderBy("insee_code").collectAsList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).<String>getAs("town_key")).isEqualTo("ST CLEMENT DE RIVIERE");
        assertThat(rows.get(0).<Double>getAs("latitude")).isEqualTo(43.6860686936);      // from the newer file
        assertThat(rows.get(1).<Double>getAs("latitude")).isNull();                         // kept, without coordinates
    }

    @Test
    void activity_totals_per_employee_and_year() {
        List<Row> rows = new IntActivitiesPerEmployeeYear().transform(Map.of(Tables.ACTIVITIES, frame(
                        "employee_id BIGINT, benefit_year INT, distance_km DOUBLE, elapsed_s BIGINT, activity_date DATE",
                        row(1L, 2026, 10.0, 3600L, Date.valueOf("2026-03-01")),
                        row(1L, 2026, null, 1800L, Date.valueOf("2026-03-01")),      // tennis the same day
                        row(1L, 2025, 5.5, 1200L, Date.valueOf("2025-12-31")))), RUN)
                .orderBy("benefit_year").collectAsList();
        assertThat(rows).extracting(r -> r.<Integer>getAs("benefit_year") + ":" + r.<Long>getAs("activity_count") + ":"
                        + r.<Double>getAs("distance_km") + ":" + r.<Long>getAs("active_days"))
                .containsExactly("2025:1:5.5:1", "2026:2:10.0:1");
    }

    @Test
    void the_employee_dimension_shows_names_but_no_salary_birth_date_or_street() {
        Row dim = new DimEmployee().transform(Map.of(
                Tables.EMPLOYEES, frame("employee_id BIGINT, first_name STRING, last_name STRING, bu STRING, contract_type STRING, "
                                + "hire_date DATE, commute_mode STRING, commute_mode_label STRING, town STRING, gross_salary_eur DECIMAL(12,2), "
                                + "birth_date DATE, street STRING",
                        row(1L, "Timothée", "Tanguy", "Ventes", "CDI", Date.valueOf("2024-02-07"), "WALK_RUN", "Marche/running", "Lattes",
                                new java.math.BigDecimal("54180"), Date.valueOf("1986-06-15"), "100 Av. de la Gare")),
                Tables.SPORT_DECLARATIONS, frame("employee_id BIGINT, sport STRING, sport_label STRING", row(1L, "HIKING", "Randonnée"))),
                RUN).first();
        assertThat(dim.<String>getAs("full_name")).isEqualTo("Timothée Tanguy");
        assertThat(dim.<String>getAs("declared_sport_label")).isEqualTo("Randonnée");
        assertThat(dim.schema().fieldNames()).doesNotContain("gross_salary_eur", "birth_date", "street", "home_address");
    }
}
