package com.sportdata.benefits.gold;

import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.context.RunContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

class KpiAndReviewTest extends GoldFixtures {

    @Test
    void monthly_kpis_reconcile_exactly_with_the_fact_table() {
        RunContext run = run(List.of(2025, 2026), Map.of());
        Dataset<Row> fct = fct(run);
        Dataset<Row> kpi = new KpiBenefitsByPeriod().transform(Map.of(Tables.FCT_EMPLOYEE_BENEFITS, fct,
                Tables.EMPLOYEES, employees(), Tables.ACTIVITIES, activities()), run).cache();

        // money: the monthly spread adds up to the cent, per year and BU
        Map<String, BigDecimal> fctTotals = totals(fct.groupBy("benefit_year", "bu").agg(sum("total_benefit_eur")));
        Map<String, BigDecimal> kpiTotals = totals(kpi.groupBy("benefit_year", "bu").agg(sum("total_cost_eur")));
        assertThat(kpiTotals).isEqualTo(fctTotals);
        assertThat(kpi.filter(col("benefit_year").equalTo(2026)).agg(sum("bonus_cost_eur")).first().getDecimal(0))
                .isEqualByComparingTo("2000.00");   // only employee 1 is eligible in 2026

        Row march = kpi.filter(col("benefit_year").equalTo(2026).and(col("bu").equalTo("Ventes"))
                .and(col("month_start_date").equalTo(Date.valueOf("2026-03-01")))).first();
        assertThat(march.<Long>getAs("headcount")).isEqualTo(2L);
        assertThat(march.<Long>getAs("activity_count")).isEqualTo(15L);
        assertThat(march.<Long>getAs("active_employees")).isEqualTo(1L);
        assertThat(march.<Double>getAs("adoption_rate")).isEqualTo(0.5);
        assertThat(march.<Long>getAs("new_wellness_earners")).isEqualTo(1L);
        assertThat(march.<Long>getAs("wellness_days")).isEqualTo(5L);
        assertThat(march.<BigDecimal>getAs("bonus_cost_eur")).isEqualByComparingTo("166.66");      // 2 000 / 12
        assertThat(march.<BigDecimal>getAs("payroll_eur")).isEqualByComparingTo("7500.00");        // (40 000 + 50 000) / 12

        Row rdJune = kpi.filter(col("benefit_year").equalTo(2026).and(col("bu").equalTo("R&D"))
                .and(col("month_start_date").equalTo(Date.valueOf("2026-06-01")))).first();
        Row rdJuly = kpi.filter(col("benefit_year").equalTo(2026).and(col("bu").equalTo("R&D"))
                .and(col("month_start_date").equalTo(Date.valueOf("2026-07-01")))).first();
        assertThat(rdJune.<Long>getAs("headcount")).isEqualTo(1L);    // employee 4 arrives in July
        assertThat(rdJuly.<Long>getAs("headcount")).isEqualTo(2L);
        assertThat(kpi.filter(col("benefit_year").equalTo(2026)).count()).isEqualTo(24);   // 12 months × 2 BUs
    }

    @Test
    void lists_declarations_that_the_distance_does_not_back() {
        RunContext run = run(List.of(2026), Map.of());
        List<Row> review = new DeclarationsToReview().transform(Map.of(Tables.FCT_EMPLOYEE_BENEFITS, fct(run)), run)
                .orderBy("employee_id", "reason_code").collectAsList();
        assertThat(review).extracting(r -> r.<Long>getAs("employee_id") + ":" + r.<String>getAs("reason_code"))
                .containsExactly("2:ADDRESS_POSTCODE_MISMATCH", "2:OVER_DISTANCE_LIMIT", "3:ADDRESS_UNRESOLVED", "3:DISTANCE_UNKNOWN");
        assertThat(review.get(1).<String>getAs("reason")).isEqualTo("declared BIKE_OTHER but lives 30.0 km from the office (limit 25 km)");
    }

    @Test
    void the_yearly_aggregate_per_bu_counts_people_once_and_reconciles_with_the_months() {
        RunContext run = run(List.of(2025, 2026), Map.of());
        Dataset<Row> fct = fct(run);
        Dataset<Row> kpi = new KpiBenefitsByPeriod().transform(Map.of(Tables.FCT_EMPLOYEE_BENEFITS, fct,
                Tables.EMPLOYEES, employees(), Tables.ACTIVITIES, activities()), run).cache();
        Dataset<Row> review = new DeclarationsToReview().transform(Map.of(Tables.FCT_EMPLOYEE_BENEFITS, fct), run);
        Dataset<Row> year = new KpiBenefitsByYearBu().transform(Map.of(Tables.FCT_EMPLOYEE_BENEFITS, fct,
                Tables.KPI_BENEFITS_BY_PERIOD, kpi, Tables.DECLARATIONS_TO_REVIEW, review), run).cache();

        assertThat(totals(year.select("benefit_year", "bu", "total_cost_eur")))
                .isEqualTo(totals(kpi.groupBy("benefit_year", "bu").agg(sum("total_cost_eur"))));
        Row ventes = year.filter(col("benefit_year").equalTo(2026).and(col("bu").equalTo("Ventes"))).first();
        // employees 1 (eligible, 15 activities, wellness) and 2 (over the limit, 3 activities): each counted once, not per month
        assertThat(ventes.<Long>getAs("headcount")).isEqualTo(2L);
        assertThat(ventes.<Long>getAs("bonus_beneficiaries")).isEqualTo(1L);
        assertThat(ventes.<Double>getAs("eligible_share")).isEqualTo(0.5);
        assertThat(ventes.<Long>getAs("active_employees")).isEqualTo(2L);
        assertThat(ventes.<Double>getAs("adoption_rate")).isEqualTo(1.0);
        assertThat(ventes.<Long>getAs("activity_count")).isEqualTo(18L);
        assertThat(ventes.<Double>getAs("activity_distance_km")).isEqualTo(135.0);
        assertThat(ventes.<Long>getAs("wellness_beneficiaries")).isEqualTo(1L);
        assertThat(ventes.<BigDecimal>getAs("bonus_cost_eur")).isEqualByComparingTo("2000.00");
        assertThat(ventes.<BigDecimal>getAs("payroll_eur")).isEqualByComparingTo("90000.00");
        assertThat(ventes.<BigDecimal>getAs("cost_per_employee_eur")).isEqualByComparingTo(
                ventes.<BigDecimal>getAs("total_cost_eur").divide(new BigDecimal(2), 2, java.math.RoundingMode.HALF_UP));
        assertThat(ventes.<Long>getAs("employees_to_review")).isEqualTo(1L);   // employee 2, two reasons, one person
        Row rd = year.filter(col("benefit_year").equalTo(2026).and(col("bu").equalTo("R&D"))).first();
        assertThat(rd.<Long>getAs("active_employees")).isZero();
        assertThat(rd.<Double>getAs("adoption_rate")).isZero();
        assertThat(rd.<Long>getAs("headcount")).isEqualTo(2L);                 // employee 4 joins in July, counted once
    }

    @Test
    void sport_practice_is_counted_per_month_bu_and_sport_with_french_labels() {
        RunContext run = run(List.of(2025, 2026), Map.of());
        List<Row> rows = new KpiActivitiesBySport().transform(Map.of(Tables.FCT_EMPLOYEE_BENEFITS, fct(run),
                Tables.ACTIVITIES, activities()), run).orderBy("benefit_year", "month_start_date", "sport").collectAsList();
        assertThat(rows).extracting(r -> r.getAs("benefit_year") + " " + r.getAs("month_start_date") + " " + r.getAs("bu") + " "
                        + r.getAs("sport_label") + " " + r.getAs("activity_count") + "×/" + r.getAs("active_employees") + " "
                        + r.getAs("distance_km") + " km " + r.getAs("duration_hours") + " h")
                .containsExactly(
                        "2025 2025-06-01 Ventes Marche 2×/1 6.0 km 1.33 h",
                        "2026 2026-03-01 Ventes Course à pied 15×/1 75.0 km 7.5 h",
                        "2026 2026-04-01 Ventes Vélo 1×/1 20.0 km 1.0 h",
                        "2026 2026-05-01 Ventes Vélo 1×/1 20.0 km 1.0 h",
                        "2026 2026-06-01 Ventes Vélo 1×/1 20.0 km 1.0 h");
    }

    private static Map<String, BigDecimal> totals(Dataset<Row> grouped) {
        return grouped.collectAsList().stream().collect(Collectors.toMap(r -> r.get(0) + "/" + r.get(1),
                r -> r.getDecimal(2).setScale(2)));
    }
}
