package com.sportdata.benefits.quality;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cost anomalies in words: a first delivery of activities and a recorded rule change are explained, not alerted;
 * a tenfold jump under the same rules is alerted with its figures; no message speaks Deequ.
 */
class AnomalyMonitorTest extends SparkTest {
    private static final StructType YEAR = new StructType().add("employee_id", DataTypes.LongType)
            .add("bonus_eur", DataTypes.createDecimalType(12, 2)).add("wellness_value_eur", DataTypes.createDecimalType(12, 2))
            .add("is_bonus_eligible", DataTypes.BooleanType);

    private static Dataset<Row> year(double bonus, double wellness) {
        return spark().createDataFrame(List.of(RowFactory.create(1L, BigDecimal.valueOf(bonus).setScale(2), BigDecimal.valueOf(wellness)
                .setScale(2), true), RowFactory.create(2L, BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2), false)), YEAR);
    }

    /** Outcomes by check name (year dropped), their messages with French number spaces (U+202F, U+00A0) as plain spaces. */
    private static Map<String, CheckOutcome> byName(List<CheckOutcome> outcomes) {
        Map<String, CheckOutcome> out = new java.util.LinkedHashMap<>();
        outcomes.forEach(o -> out.put(o.check().replace(" 2026", ""), new CheckOutcome(o.layer(), o.table(), o.check(), o.level(),
                o.status(), o.constraint(), o.metricValue(), o.message() == null ? null
                : o.message().replace('\u202f', ' ').replace('\u00a0', ' '), o.why())));
        return out;
    }

    @Test
    void a_first_delivery_and_a_recorded_rule_change_are_explained_and_a_tenfold_jump_is_alerted_in_words() {
        Path lake = newLake("anomalies");
        AppConfig atFive = config(Map.of("lake.root", lake.toString()));
        AppConfig atTen = config(Map.of("lake.root", lake.toString(), "rules.bonus.rate", "0.10"));
        AnomalyMonitor monitor = new AnomalyMonitor(spark(), new LakePaths(lake.toString()), atFive.quality().anomalies());

        Map<String, CheckOutcome> first = byName(monitor.costs(Tables.FCT_EMPLOYEE_BENEFITS, year(1000, 0), 2026,
                RunContext.start("run", atFive).withAsOfDate(java.time.LocalDate.parse("2026-03-01"))));
        assertThat(first.values()).allSatisfy(o -> assertThat(o.status()).isEqualTo(CheckOutcome.Status.SKIPPED));
        assertThat(first.get("cost drift of bonus_eur").message()).contains("first figure").contains("1 000,00 €");

        Map<String, CheckOutcome> delivery = byName(monitor.costs(Tables.FCT_EMPLOYEE_BENEFITS, year(1000, 93007.59), 2026,
                RunContext.start("run", atFive).withAsOfDate(java.time.LocalDate.parse("2026-03-02"))));
        assertThat(delivery.get("cost drift of wellness_value_eur").status()).isEqualTo(CheckOutcome.Status.SKIPPED);
        assertThat(delivery.get("cost drift of wellness_value_eur").message())
                .contains("went from 0,00 € to 93 007,59 €").contains("first delivery");
        assertThat(delivery.get("cost drift of bonus_eur").status()).isEqualTo(CheckOutcome.Status.PASSED);

        Map<String, CheckOutcome> ruleChange = byName(monitor.costs(Tables.FCT_EMPLOYEE_BENEFITS, year(2000, 93007.59), 2026,
                RunContext.start("run", atTen).withAsOfDate(java.time.LocalDate.parse("2026-03-03"))));
        assertThat(ruleChange.get("cost drift of bonus_eur").status()).as("a recorded rule change is not drift")
                .isEqualTo(CheckOutcome.Status.PASSED);
        assertThat(ruleChange.get("cost drift of bonus_eur").message()).contains("expected").contains("rules of the year changed")
                .contains("from 1 000,00 € to 2 000,00 € (+100,0 %)");

        Map<String, CheckOutcome> jump = byName(monitor.costs(Tables.FCT_EMPLOYEE_BENEFITS, year(20000, 93007.59), 2026,
                RunContext.start("run", atTen).withAsOfDate(java.time.LocalDate.parse("2026-03-04"))));
        assertThat(jump.get("cost drift of bonus_eur").status()).isEqualTo(CheckOutcome.Status.FAILED);
        assertThat(jump.get("cost drift of bonus_eur").message()).isEqualTo("the bonus cost of 2026 went from 2 000,00 € to 20 000,00 €"
                + " (+900,0 %), beyond the 25 % allowed between two runs under the same rules; the previous figure is the last run's"
                + " before this one");
        assertThat(jump.get("cost drift of wellness_value_eur").status()).isEqualTo(CheckOutcome.Status.PASSED);

        for (Map<String, CheckOutcome> run : List.of(first, delivery, ruleChange, jump)) {
            assertThat(run).isNotEmpty();
            run.values().forEach(o -> assertThat(String.valueOf(o.message())).doesNotContain("constraint requirement")
                    .doesNotContain("Value:"));
        }
    }
}
