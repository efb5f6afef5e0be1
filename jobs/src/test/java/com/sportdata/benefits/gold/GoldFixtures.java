package com.sportdata.benefits.gold;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Four employees covering the bonus branches, and activities that make one of them reach the wellness
 * threshold: the shared input of the gold tests.
 */
abstract class GoldFixtures extends SparkTest {
    static final String EMPLOYEES = "employee_id BIGINT, bu STRING, contract_type STRING, hire_date DATE, "
            + "gross_salary_eur DECIMAL(12,2), commute_mode STRING, address_key STRING, travel_mode STRING";
    static final String DISTANCES = "address_key STRING, travel_mode STRING, distance_km DOUBLE, provider STRING, "
            + "confidence STRING, geocode_method STRING, insee_code STRING";
    static final String ACTIVITIES = "activity_id STRING, employee_id BIGINT, benefit_year INT, started_at TIMESTAMP, "
            + "activity_date DATE, distance_km DOUBLE, sport STRING, elapsed_s BIGINT";
    static final String COUNTS = "employee_id BIGINT, benefit_year INT, activity_count BIGINT, distance_km DOUBLE";

    static Dataset<Row> employees() {
        return frame(EMPLOYEES,
                // walker at 2 km: eligible
                row(1L, "Ventes", "CDI", Date.valueOf("2020-01-01"), new BigDecimal("40000.00"), "WALK_RUN", "a1", "WALK"),
                // cyclist at 30 km: over the 25 km limit
                row(2L, "Ventes", "CDI", Date.valueOf("2020-01-01"), new BigDecimal("50000.00"), "BIKE_OTHER", "a2", "BICYCLE"),
                // walker whose address was never resolved: distance unknown
                row(3L, "R&D", "CDD", Date.valueOf("2020-01-01"), new BigDecimal("60000.00"), "WALK_RUN", "a3", "WALK"),
                // driver hired on 1 July 2026: in 2026 only, from July
                row(4L, "R&D", "CDI", Date.valueOf("2026-07-01"), new BigDecimal("36000.00"), "CAR", "a4", "DRIVE"));
    }

    static Dataset<Row> distances() {
        return frame(DISTANCES,
                row("a1", "WALK", 2.0, "PRECOMPUTED_TABLE", "HIGH", "POSTCODE_AND_TOWN", "34129"),
                row("a2", "BICYCLE", 30.0, "POSTCODE_ESTIMATE", "LOW", "TOWN_ONLY", "34108"),
                row("a4", "DRIVE", 20.0, "PRECOMPUTED_TABLE", "HIGH", "POSTCODE_AND_TOWN", "34172"));
    }

    /** Employee 1: 15 runs of 30 min in 2026 (the 15th on 2026-03-15), 2 walks in 2025. Employee 2: 3 rides of 1 h in 2026. */
    static Dataset<Row> activities() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i <= 15; i++) {
            LocalDate day = LocalDate.of(2026, 3, i);
            rows.add(row("e1-" + i, 1L, 2026, Timestamp.valueOf(day.atTime(7, 0)), Date.valueOf(day), 5.0, "RUNNING", 1800L));
        }
        rows.add(row("e1-old1", 1L, 2025, Timestamp.valueOf("2025-06-01 07:00:00"), Date.valueOf("2025-06-01"), 3.0, "WALKING", 2400L));
        rows.add(row("e1-old2", 1L, 2025, Timestamp.valueOf("2025-06-02 07:00:00"), Date.valueOf("2025-06-02"), 3.0, "WALKING", 2400L));
        for (int i = 1; i <= 3; i++) {
            rows.add(row("e2-" + i, 2L, 2026, Timestamp.valueOf("2026-0" + (i + 3) + "-10 18:00:00"),
                    Date.valueOf("2026-0" + (i + 3) + "-10"), 20.0, "CYCLING", 3600L));
        }
        return frame(ACTIVITIES, rows.toArray(Object[][]::new));
    }

    static Dataset<Row> counts() {
        return frame(COUNTS, row(1L, 2026, 15L, 75.0), row(1L, 2025, 2L, 6.0), row(2L, 2026, 3L, 60.0));
    }

    static RunContext run(List<Integer> years, Map<String, String> overrides) {
        return RunContext.start("test", config(overrides)).withBenefitYears(years);
    }

    static Dataset<Row> fct(RunContext run) {
        Map<TableId, Dataset<Row>> inputs = new HashMap<>();
        inputs.put(Tables.EMPLOYEES, employees());
        inputs.put(Tables.COMMUTE_DISTANCES, distances());
        inputs.put(Tables.INT_ACTIVITIES_PER_EMPLOYEE_YEAR, counts());
        inputs.put(Tables.ACTIVITIES, activities());
        return new FctEmployeeBenefits().transform(inputs, run).cache();
    }
}
