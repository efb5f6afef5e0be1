package com.sportdata.benefits.report;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.testing.BiLake;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's scenario section says when each scenario was computed and by which run, and marks it out of date
 * once the official figures it was compared with have moved (a later rule change), instead of comparing with stale
 * official figures as if they were today's.
 */
class DashboardScenariosTest extends SparkTest {

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> scenarios(Path lake) {
        return (List<Map<String, Object>>) new DashboardData(new TableWriter(spark(), new LakePaths(lake.toString()))).build(Map.of())
                .get("scenarios");
    }

    @Test
    void a_scenario_is_up_to_date_with_its_run_and_time_then_out_of_date_after_the_official_figures_change() throws IOException {
        Path lake = newLake("dashboard-scenarios");
        com.sportdata.benefits.testing.Lakes.copyTree(BiLake.get(), lake);
        List<Map<String, Object>> fresh = scenarios(lake);
        assertThat(fresh).isNotEmpty().allSatisfy(s -> {
            assertThat(s.get("scenario")).isEqualTo("taux-6");
            assertThat(s.get("stale")).as(s.toString()).isEqualTo(false);
            assertThat((String) s.get("computed")).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC \\(run .+\\)");
        });

        // a later rule change for the latest year: its bonus doubles and its rows carry another rules hash
        int year = fresh.stream().mapToInt(s -> (Integer) s.get("year")).max().orElseThrow();
        TableWriter writer = new TableWriter(spark(), new LakePaths(lake.toString()));
        Dataset<Row> fct = writer.read(Tables.FCT_EMPLOYEE_BENEFITS).localCheckpoint();
        Dataset<Row> changed = fct.withColumn("bonus_eur", when(col("benefit_year").equalTo(year), col("bonus_eur").multiply(2))
                        .otherwise(col("bonus_eur")).cast("decimal(12,2)"))
                .withColumn("total_benefit_eur", col("bonus_eur").plus(col("wellness_value_eur")).cast("decimal(12,2)"))
                .withColumn("rules_hash", when(col("benefit_year").equalTo(year), lit("0123456789abcdef")).otherwise(col("rules_hash")));
        changed.write().format("delta").mode("overwrite").save(new LakePaths(lake.toString()).table(Tables.FCT_EMPLOYEE_BENEFITS));

        List<Map<String, Object>> after = scenarios(lake);
        assertThat(after).filteredOn(s -> s.get("year").equals(year)).isNotEmpty().allSatisfy(s -> {
            assertThat(s.get("stale")).as(s.toString()).isEqualTo(true);
            assertThat(s.get("rules_now")).isEqualTo("0123456789abcdef");
            assertThat(s.get("rules_then")).isNotEqualTo("0123456789abcdef");
        });
        assertThat(after).filteredOn(s -> s.get("year").equals(year) && s.get("measure").equals("bonus_cost_eur")).singleElement()
                .satisfies(s -> assertThat((java.math.BigDecimal) s.get("official_now"))
                        .isEqualByComparingTo(((java.math.BigDecimal) s.get("official")).multiply(java.math.BigDecimal.valueOf(2))));
        assertThat(after).filteredOn(s -> !s.get("year").equals(year)).allSatisfy(s -> assertThat(s.get("stale")).isEqualTo(false));
    }

}
