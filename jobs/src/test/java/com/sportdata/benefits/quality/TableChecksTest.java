package com.sportdata.benefits.quality;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.gold.FctEmployeeBenefits;
import com.sportdata.benefits.gold.KpiBenefitsByPeriod;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.silver.SilverActivities;
import com.sportdata.benefits.silver.SilverEmployees;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

/** Per check: the good frame passes every check; each mutation trips exactly the named check. */
class TableChecksTest extends SparkTest {
    private static final RunContext RUN = RunContext.start("test", config(Map.of("pipeline.as-of-date", "2026-06-30")))
            .withBenefitYears(List.of(2026));

    private static Set<String> failed(TableJob job, Dataset<Row> published, Map<TableId, Dataset<Row>> inputs) {
        return DeequAdapter.verify(published, job.target(), job.checks(published, inputs, RUN)).stream()
                .filter(CheckOutcome::failed).map(CheckOutcome::check).collect(Collectors.toSet());
    }

    /** Sets {@code column} to {@code value} on the row whose {@code key} is 1. */
    private static UnaryOperator<Dataset<Row>> set(String key, String column, Object value) {
        return d -> d.withColumn(column, when(col(key).equalTo(1), lit(value).cast(d.schema().apply(column).dataType()))
                .otherwise(col(column)));
    }

    private static UnaryOperator<Dataset<Row>> duplicate(String key) {
        return d -> d.unionByName(d.filter(col(key).equalTo(1)));
    }

    // ---- silver.employees
    private static final String EMPLOYEES = "employee_id BIGINT, bu STRING, contract_type STRING, commute_mode STRING, "
            + "gross_salary_eur DECIMAL(12,2), birth_date DATE, hire_date DATE, paid_leave_days INT, postcode STRING";

    private static Dataset<Row> employees() {
        return frame(EMPLOYEES,
                row(1L, "Ventes", "CDI", "WALK_RUN", new BigDecimal("40000"), Date.valueOf("1990-05-01"), Date.valueOf("2020-01-01"), 25, "34970"),
                row(2L, "R&D", "CDD", "CAR", new BigDecimal("55000"), Date.valueOf("1980-05-01"), Date.valueOf("2010-01-01"), 27, "34000"),
                row(3L, "Finance", "CDI", "BIKE_OTHER", new BigDecimal("62000"), Date.valueOf("1975-05-01"), Date.valueOf("2001-09-01"), 30, "34470"));
    }

    static Stream<Arguments> employeeBreakers() {
        return Stream.of(
                Arguments.of("employee_id complete", (UnaryOperator<Dataset<Row>>) d -> d.unionByName(
                        d.filter(col("employee_id").equalTo(2)).withColumn("employee_id", lit(null).cast("bigint")))),
                Arguments.of("employee_id unique", duplicate("employee_id")),
                Arguments.of("BU known", set("employee_id", "bu", "Compta")),
                Arguments.of("contract known", set("employee_id", "contract_type", "Stage")),
                Arguments.of("commute mode known", set("employee_id", "commute_mode", "TRAIN")),
                // a salary that is not positive is, by definition, outside the plausible range too
                Arguments.of("salary positive+salary plausible", set("employee_id", "gross_salary_eur", new BigDecimal("0"))),
                Arguments.of("salary plausible", set("employee_id", "gross_salary_eur", new BigDecimal("3000"))),
                Arguments.of("birth date plausible", set("employee_id", "birth_date", Date.valueOf("1900-01-01"))),
                Arguments.of("hired after 16th birthday and not in the future", set("employee_id", "hire_date", Date.valueOf("2027-01-01"))),
                Arguments.of("paid-leave days in range", set("employee_id", "paid_leave_days", 99)),
                Arguments.of("addresses mostly have a postcode", (UnaryOperator<Dataset<Row>>) d -> d.withColumn("postcode", lit(null).cast("string"))));
    }

    @Test
    void good_employees_pass_every_check() {
        assertThat(failed(new SilverEmployees(), employees(), Map.of())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("employeeBreakers")
    void each_employee_check_trips_on_its_own_defect(String check, UnaryOperator<Dataset<Row>> breaker) {
        assertThat(failed(new SilverEmployees(), breaker.apply(employees()), Map.of()))
                .containsExactlyInAnyOrder(check.split("\\+"));
    }

    // ---- silver.activities
    private static final String ACTIVITIES = "activity_id STRING, employee_id BIGINT, sport STRING, distance_m DOUBLE, "
            + "sport_has_distance BOOLEAN, started_at TIMESTAMP, ended_at TIMESTAMP, activity_date DATE, benefit_year INT, k INT, "
            + "elapsed_s BIGINT, distance_km DOUBLE";

    private static Dataset<Row> activities() {
        return frame(ACTIVITIES,
                row("a1", 1L, "RUNNING", 10000.0, true, Timestamp.valueOf("2026-05-01 07:00:00"), Timestamp.valueOf("2026-05-01 08:00:00"),
                        Date.valueOf("2026-05-01"), 2026, 1, 3600L, 10.0),
                row("a2", 2L, "TENNIS", null, false, Timestamp.valueOf("2026-05-02 18:00:00"), Timestamp.valueOf("2026-05-02 19:00:00"),
                        Date.valueOf("2026-05-02"), 2026, 2, 3600L, null));
    }

    static Stream<Arguments> activityBreakers() {
        return Stream.of(
                // the same id again, a day later (an exact copy would also overlap itself)
                Arguments.of("activity id unique", (UnaryOperator<Dataset<Row>>) d -> d.unionByName(d.filter(col("k").equalTo(1))
                        .withColumn("started_at", lit(Timestamp.valueOf("2026-05-03 07:00:00")))
                        .withColumn("ended_at", lit(Timestamp.valueOf("2026-05-03 08:00:00"))))),
                Arguments.of("employee exists in HR", set("k", "employee_id", 999L)),
                Arguments.of("sport known", (UnaryOperator<Dataset<Row>>) d -> set("k", "sport", "CURLING").apply(d)
                        .withColumn("sport_has_distance", when(col("k").equalTo(1), lit(false)).otherwise(col("sport_has_distance")))
                        .withColumn("distance_m", when(col("k").equalTo(1), lit(null).cast("double")).otherwise(col("distance_m")))),
                Arguments.of("distance not negative", (UnaryOperator<Dataset<Row>>) d -> d.withColumn("distance_m",
                        when(col("k").equalTo(2), lit(-5.0)).otherwise(col("distance_m")))),
                Arguments.of("distance present exactly for distance sports", set("k", "distance_m", null)),
                Arguments.of("ends after it starts", set("k", "ended_at", Timestamp.valueOf("2026-05-01 06:00:00"))),
                Arguments.of("within the benefit window", set("k", "activity_date", Date.valueOf("2026-07-01"))),
                Arguments.of("benefit year assigned", set("k", "benefit_year", null)),
                // 30 s of tennis (a sport without distance, so no speed either)
                Arguments.of("duration plausible", (UnaryOperator<Dataset<Row>>) d -> d.withColumn("elapsed_s",
                        when(col("k").equalTo(2), lit(30L)).otherwise(col("elapsed_s")))),
                // 10 km in 12 min = 50 km/h for a run
                Arguments.of("speed plausible for the sport", set("k", "elapsed_s", 720L)),
                // employee 1's second activity starts before the first one ends
                Arguments.of("no overlapping activities", (UnaryOperator<Dataset<Row>>) d -> d.unionByName(d.filter(col("k").equalTo(1))
                        .withColumn("activity_id", lit("a3")).withColumn("k", lit(3))
                        .withColumn("started_at", lit(Timestamp.valueOf("2026-05-01 07:30:00")))
                        .withColumn("ended_at", lit(Timestamp.valueOf("2026-05-01 08:30:00"))))));
    }

    private static Map<TableId, Dataset<Row>> hr() {
        return Map.of(Tables.EMPLOYEES, frame("employee_id BIGINT", row(1L), row(2L)));
    }

    @Test
    void good_activities_pass_every_check() {
        assertThat(failed(new SilverActivities(), activities(), hr())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activityBreakers")
    void each_activity_check_trips_on_its_own_defect(String check, UnaryOperator<Dataset<Row>> breaker) {
        assertThat(failed(new SilverActivities(), breaker.apply(activities()), hr())).containsExactly(check);
    }

    // ---- gold.fct_employee_benefits: figures re-checked independently of the Java rules
    private static final String FCT = "employee_id BIGINT, benefit_year INT, commute_mode STRING, commute_distance_km DOUBLE, "
            + "distance_limit_km DECIMAL(8,2), is_bonus_eligible BOOLEAN, bonus_eur DECIMAL(12,2), activity_count BIGINT, "
            + "is_wellness_eligible BOOLEAN, wellness_days INT, wellness_value_eur DECIMAL(12,2), rules_hash STRING, wellness_threshold INT, "
            + "activities_short INT";

    private static final String H = RUN.rules().forYear(2026).hash();

    private static Dataset<Row> fct() {
        return frame(FCT,
                // walker at 2 km, 40 000 €: bonus 2 000; 15 activities: 5 days = 917.43
                row(1L, 2026, "WALK_RUN", 2.0, new BigDecimal("15"), true, new BigDecimal("2000.00"), 15L, true, 5,
                        new BigDecimal("917.43"), H, 15, 0),
                // driver, 55 000 €: nothing
                row(2L, 2026, "CAR", 20.0, null, false, new BigDecimal("0.00"), 3L, false, 0, new BigDecimal("0.00"), H, 15, 12),
                // cyclist at 30 km: over the 25 km limit
                row(3L, 2026, "BIKE_OTHER", 30.0, new BigDecimal("25"), false, new BigDecimal("0.00"), 0L, false, 0,
                        new BigDecimal("0.00"), H, 15, 15));
    }

    private static Map<TableId, Dataset<Row>> salaries() {
        java.sql.Date hired = java.sql.Date.valueOf("2020-01-01");
        return Map.of(Tables.EMPLOYEES, frame("employee_id BIGINT, hire_date DATE, gross_salary_eur DECIMAL(12,2)",
                row(1L, hired, new BigDecimal("40000")), row(2L, hired, new BigDecimal("55000")), row(3L, hired, new BigDecimal("62000"))));
    }

    static Stream<Arguments> fctBreakers() {
        return Stream.of(
                Arguments.of("one row per employee per benefit year", duplicate("employee_id")),
                // walker at 2 km marked not eligible (and paid nothing): only the re-derived eligibility disagrees
                Arguments.of("eligibility re-derived from the limits", (UnaryOperator<Dataset<Row>>) d ->
                        set("employee_id", "bonus_eur", new BigDecimal("0.00")).apply(set("employee_id", "is_bonus_eligible", false).apply(d))),
                // a stored limit that contradicts the configured one
                Arguments.of("eligible implies distance within limit", set("employee_id", "distance_limit_km", new BigDecimal("1.5"))),
                Arguments.of("bonus recomputed equals stored", set("employee_id", "bonus_eur", new BigDecimal("2000.01"))),
                Arguments.of("wellness days are 0 or the configured days", set("employee_id", "wellness_days", 3)),
                // 14 activities and 1 short, but still marked eligible: only the eligibility disagrees
                Arguments.of("wellness eligibility re-derived from the count", (UnaryOperator<Dataset<Row>>) d ->
                        set("employee_id", "activities_short", 1).apply(set("employee_id", "activity_count", 14L).apply(d))),
                Arguments.of("activities short re-derived", set("employee_id", "activities_short", 2)),
                Arguments.of("wellness value recomputed equals stored", set("employee_id", "wellness_value_eur", new BigDecimal("917.44"))),
                Arguments.of("rules hash set", set("employee_id", "rules_hash", null)),
                // figures computed with another year's parameters
                Arguments.of("rules of the year applied", set("employee_id", "rules_hash", "0123456789abcdef")));
    }

    @Test
    void good_benefits_pass_every_check() {
        assertThat(failed(new FctEmployeeBenefits(), fct(), salaries())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fctBreakers")
    void each_benefit_check_trips_on_its_own_defect(String check, UnaryOperator<Dataset<Row>> breaker) {
        assertThat(failed(new FctEmployeeBenefits(), breaker.apply(fct()), salaries())).containsExactly(check);
    }

    // ---- gold.kpi_benefits_by_period: reconciles with the facts
    private static final String KPI = "benefit_year INT, month_start_date DATE, bu STRING, headcount BIGINT, active_employees BIGINT, "
            + "bonus_cost_eur DECIMAL(12,2), wellness_value_eur DECIMAL(12,2), total_cost_eur DECIMAL(12,2), k INT";

    private static Dataset<Row> kpi() {
        return frame(KPI,
                row(2026, Date.valueOf("2026-01-01"), "Ventes", 2L, 1L, new BigDecimal("100.00"), new BigDecimal("0.00"), new BigDecimal("100.00"), 1),
                row(2026, Date.valueOf("2026-02-01"), "Ventes", 2L, 2L, new BigDecimal("100.00"), new BigDecimal("50.00"), new BigDecimal("150.00"), 2));
    }

    private static Map<TableId, Dataset<Row>> facts() {
        return Map.of(Tables.FCT_EMPLOYEE_BENEFITS, frame("benefit_year INT, bu STRING, bonus_eur DECIMAL(12,2), total_benefit_eur DECIMAL(12,2)",
                row(2026, "Ventes", new BigDecimal("150.00"), new BigDecimal("170.00")),
                row(2026, "Ventes", new BigDecimal("50.00"), new BigDecimal("80.00"))));
    }

    static Stream<Arguments> kpiBreakers() {
        return Stream.of(
                Arguments.of("one row per year, month and BU", (UnaryOperator<Dataset<Row>>) d -> d.unionByName(d.filter(col("k").equalTo(1))
                        .withColumn("bonus_cost_eur", lit(0).cast("decimal(12,2)")).withColumn("total_cost_eur", lit(0).cast("decimal(12,2)")))),
                Arguments.of("costs reconcile with fct_employee_benefits", set("k", "total_cost_eur", new BigDecimal("101.00"))),
                Arguments.of("active employees within headcount", set("k", "active_employees", 3L)),
                Arguments.of("costs not negative", (UnaryOperator<Dataset<Row>>) d -> d
                        .withColumn("wellness_value_eur", when(col("k").equalTo(1), lit(-10).cast("decimal(12,2)"))
                                .otherwise(lit(60).cast("decimal(12,2)")))));
    }

    @Test
    void good_kpis_pass_every_check() {
        assertThat(failed(new KpiBenefitsByPeriod(), kpi(), facts())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kpiBreakers")
    void each_kpi_check_trips_on_its_own_defect(String check, UnaryOperator<Dataset<Row>> breaker) {
        assertThat(failed(new KpiBenefitsByPeriod(), breaker.apply(kpi()), facts())).containsExactly(check);
    }

    @Test
    void an_empty_table_passes_ratio_checks_but_not_size_checks() {
        Dataset<Row> empty = employees().limit(0);
        List<CheckOutcome> outcomes = DeequAdapter.verify(empty, Tables.EMPLOYEES, List.of(
                QualityCheck.error("unique", "why", QualityCheck.unique("employee_id")),
                QualityCheck.error("not empty", "why", QualityCheck.minRows(1))));
        assertThat(outcomes).extracting(CheckOutcome::check, CheckOutcome::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("unique", CheckOutcome.Status.PASSED),
                org.assertj.core.groups.Tuple.tuple("not empty", CheckOutcome.Status.FAILED));
    }
}
