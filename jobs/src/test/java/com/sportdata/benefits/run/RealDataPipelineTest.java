package com.sportdata.benefits.run;

import com.sportdata.benefits.pipeline.TableContract;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.pipeline.TableRun;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole pipeline on the real files of the original study (skipped, with a message, when they are absent). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealDataPipelineTest extends SparkTest {
    private Path lake;
    private RunSummary summary;

    @BeforeAll
    void runOnTheRealFiles() throws IOException {
        lake = newLake("real");
        Lakes.landRealFiles(lake);
        AppConfig config = config(Map.of("lake.root", lake.toString(), "pipeline.as-of-date", "2026-06-30"));
        summary = new Pipeline(spark(), config).run("run");
    }

    private Dataset<Row> table(com.sportdata.benefits.catalog.TableId id) {
        return Lakes.read(spark(), lake, id);
    }

    @Test
    void reads_all_161_employees_with_the_real_mode_counts() {
        Dataset<Row> employees = table(Tables.EMPLOYEES);
        assertThat(employees.count()).isEqualTo(161);
        Map<String, Long> modes = employees.groupBy("commute_mode").count().collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
        assertThat(modes).containsExactlyInAnyOrderEntriesOf(Map.of("CAR", 73L, "BIKE_OTHER", 54L, "PUBLIC_TRANSPORT", 20L, "WALK_RUN", 14L));
        assertThat(summary.ingestion().rejected()).isEmpty();
        assertThat(summary.quarantinedRows()).isZero();
        assertThat(summary.tables()).allMatch(TableRun::balanced);
    }

    @Test
    void every_quality_check_passes_on_the_real_files() {
        assertThat(summary.quality().outcomes()).isNotEmpty()
                .allSatisfy(o -> assertThat(o.status()).as(o.describe()).isIn(
                        com.sportdata.benefits.quality.CheckOutcome.Status.PASSED,
                        com.sportdata.benefits.quality.CheckOutcome.Status.SKIPPED));
        // the only skipped checks are anomaly checks of the first run: no history yet
        assertThat(summary.quality().outcomes()).filteredOn(o -> o.status() == com.sportdata.benefits.quality.CheckOutcome.Status.SKIPPED)
                .allMatch(o -> o.layer().equals("anomaly") && (List.of("first snapshot: nothing to compare with",
                        "nothing delivered yet").contains(o.message()) || o.message().startsWith("first figure for this series: ")));
        assertThat(summary.qualityReportPath()).endsWith(summary.runId() + ".html");
        assertThat(summary.alerts()).isEmpty();
    }

    @Test
    void repairs_the_mojibake_first_name() {
        Row timothee = table(Tables.EMPLOYEES).filter(col("employee_id").equalTo(43965L)).first();
        assertThat(timothee.<String>getAs("first_name")).isEqualTo("Timothée");
        assertThat(table(Tables.EMPLOYEES).filter(col("first_name").contains("Ã")).count()).isZero();
        assertThat(table(Tables.DIM_EMPLOYEE).filter(col("employee_id").equalTo(43965L)).first().<String>getAs("full_name"))
                .isEqualTo("Timothée Tanguy");
    }

    @Test
    void reads_the_95_declared_sports_with_runing_normalised() {
        Dataset<Row> sports = table(Tables.SPORT_DECLARATIONS);
        assertThat(sports.count()).isEqualTo(161);
        assertThat(sports.filter(col("has_declared_sport")).count()).isEqualTo(95);
        assertThat(sports.filter(col("sport_raw").equalTo("Runing")).select("sport").distinct().first().getString(0)).isEqualTo("RUNNING");
    }

    @Test
    void resolves_every_address_to_a_commune_or_lists_it_for_review() {
        Dataset<Row> fct = table(Tables.FCT_EMPLOYEE_BENEFITS).filter(col("benefit_year").equalTo(2026));
        assertThat(fct.count()).isEqualTo(161);
        long unresolved = fct.filter(col("home_insee_code").isNull()).count();
        long listed = table(Tables.DECLARATIONS_TO_REVIEW).filter(col("reason_code").equalTo("ADDRESS_UNRESOLVED")).count();
        assertThat(listed).isEqualTo(unresolved);
        Map<String, String> communeByAddress = table(Tables.EMPLOYEES).join(table(Tables.COMMUTE_DISTANCES),
                        new String[] {"address_key", "travel_mode"})
                .collectAsList().stream().collect(Collectors.toMap(r -> r.<String>getAs("home_address"),
                        r -> r.<String>getAs("insee_code") + " " + r.<String>getAs("geocode_method"), (a, b) -> a));
        // the known defects of the real file
        assertThat(communeByAddress).containsEntry("Av. de la Mer, Montpellier", "34172 TOWN_ONLY")               // no postcode
                .containsEntry("128 Rue du Port, 34000 Frontignan", "34108 TOWN_ONLY")                          // really 34110
                .containsEntry("68 Rue du Port, 34970 Saint-Clément-de-Rivière", "34247 TOWN_ONLY")             // really 34980
                .containsEntry("50 Boulevard de la Mer, 34880 La Grande-Motte", "34344 TOWN_ONLY")              // really 34280
                .containsEntry("455 route de mendes 34000 Montpellier", "34172 POSTCODE_AND_TOWN");             // no comma
        assertThat(unresolved).isZero();
    }

    @Test
    void pays_the_bonus_to_sporty_commuters_backed_by_the_google_distances() throws IOException {
        // Independent computation from the raw files: Google distance per normalised address and mode.
        Map<String, Double> google = new HashMap<>();
        for (String line : Files.readAllLines(Lakes.REAL_DATA.resolve("commute_distances_google.csv")).subList(1, 161)) {
            int last = line.lastIndexOf(','), mode = line.lastIndexOf(',', last - 1);
            google.put(line.substring(0, mode).replace("\"", "") + "|" + line.substring(mode + 1, last), Double.parseDouble(line.substring(last + 1)));
        }
        List<Row> rows = table(Tables.EMPLOYEES).join(table(Tables.FCT_EMPLOYEE_BENEFITS).filter(col("benefit_year").equalTo(2026)),
                "employee_id").collectAsList();
        int eligible = 0;
        for (Row r : rows) {
            String mode = r.getAs("commute_mode");
            Double km = google.get(r.<String>getAs("address_key") + "|" + r.<String>getAs("travel_mode"));
            boolean expected = km != null && (mode.equals("WALK_RUN") && km <= 15 || mode.equals("BIKE_OTHER") && km <= 25);
            BigDecimal salary = r.getAs("gross_salary_eur");
            assertThat(r.<Boolean>getAs("is_bonus_eligible")).as("employee %s", r.<Long>getAs("employee_id")).isEqualTo(expected);
            assertThat(r.<BigDecimal>getAs("bonus_eur")).isEqualByComparingTo(expected
                    ? salary.multiply(new BigDecimal("0.05")).setScale(2, RoundingMode.HALF_UP) : BigDecimal.ZERO);
            eligible += expected ? 1 : 0;
        }
        assertThat(eligible).isEqualTo(68);
        assertThat(summary.years()).singleElement().satisfies(y -> {
            assertThat(y.bonusEligible()).isEqualTo(68);
            assertThat(y.bonusTotalEur()).isEqualByComparingTo(table(Tables.FCT_EMPLOYEE_BENEFITS).agg(
                    org.apache.spark.sql.functions.sum("bonus_eur")).first().getDecimal(0));
        });
    }

    @Test
    void lists_the_address_defects_for_review_and_no_sporty_commuter_over_the_limit() {
        // By the Google table the farthest sporty commute is a 4.1 km walk and an 18.1 km ride: nothing over the limits.
        Dataset<Row> review = table(Tables.DECLARATIONS_TO_REVIEW).join(table(Tables.EMPLOYEES), "employee_id");
        assertThat(review.filter(col("reason_code").equalTo("OVER_DISTANCE_LIMIT")).count()).isZero();
        assertThat(review.filter(col("reason_code").equalTo("ADDRESS_POSTCODE_MISMATCH")).select("home_address").as(
                org.apache.spark.sql.Encoders.STRING()).collectAsList()).containsExactlyInAnyOrder(
                "Av. de la Mer, Montpellier", "128 Rue du Port, 34000 Frontignan",
                "68 Rue du Port, 34970 Saint-Clément-de-Rivière", "50 Boulevard de la Mer, 34880 La Grande-Motte");
        assertThat(summary.declarationsToReview()).isEqualTo(4);
    }

    @Test
    void powerbi_refreshes_a_lake_where_nobody_ran_a_scenario() {
        assertThat(lake.resolve("scenarios")).doesNotExist();
        assertThat(lake.resolve("gold/scenario_comparison/_delta_log")).isDirectory();
        assertThat(table(com.sportdata.benefits.catalog.Tables.SCENARIO_COMPARISON).count()).isZero();
        assertThat(com.sportdata.benefits.bi.PowerBiModel.lakeProblems(spark(), lake)).isEmpty();
    }

    @Test
    void gold_schemas_are_the_powerbi_contract() {
        for (TableJob job : com.sportdata.benefits.gold.GoldLayer.ALL) {
            TableContract contract = job.contract().orElseThrow();
            assertThat(contract.problems(table(contract.table()).schema())).as(contract.table().toString()).isEmpty();
        }
    }

    @Test
    void no_salary_street_birth_date_or_full_name_of_the_real_file_outside_the_places_that_may_hold_them() {
        com.sportdata.benefits.testing.PrivacyScan scan = com.sportdata.benefits.testing.PrivacyScan.of(spark(), lake);
        assertThat(scan.sizes().get(com.sportdata.benefits.catalog.PersonalData.Kind.SALARIES)).isGreaterThan(100);
        scan.lake(spark(), lake);
        assertThat(scan.placesRead()).isGreaterThan(30);
        assertThat(scan.findings()).as("the real file's personal values outside their places").isEmpty();
    }
}
