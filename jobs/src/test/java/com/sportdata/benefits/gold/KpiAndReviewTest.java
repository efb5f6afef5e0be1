package com.sportdata.benefits.gold;

import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.pipeline.RunContext;
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

    private static Map<String, BigDecimal> totals(Dataset<Row> grouped) {
        return grouped.collectAsList().stream().collect(Collectors.toMap(r -> r.get(0) + "/" + r.get(1),
                r -> r.getDecimal(2).setScale(2)));
    }
}
