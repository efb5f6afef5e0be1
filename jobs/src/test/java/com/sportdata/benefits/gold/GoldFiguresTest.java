package com.sportdata.benefits.gold;

import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

class GoldFiguresTest extends SparkTest {
    private static final String FCT = "benefit_year INT, bu STRING, employee_id BIGINT, is_bonus_eligible BOOLEAN, "
            + "is_wellness_eligible BOOLEAN, bonus_eur DECIMAL(12,2), wellness_days INT, wellness_value_eur DECIMAL(12,2), "
            + "total_benefit_eur DECIMAL(12,2), activity_count BIGINT, rules_hash STRING";

    private static Object[] fact(Integer year, String bu, Long id, Boolean bonus, Boolean wellness, String bonusEur, Integer days,
                                 String total, Long activities, String hash) {
        return new Object[]{year, bu, id, bonus, wellness, bonusEur == null ? null : new BigDecimal(bonusEur), days,
                days == null ? null : new BigDecimal(days * 100).setScale(2), total == null ? null : new BigDecimal(total), activities, hash};
    }

    @Test
    void a_person_with_several_rows_in_a_group_counts_once_and_is_eligible_when_any_row_is() {
        Dataset<Row> fct = frame(FCT,
                // employee 1: two rows in 2026 (two BUs), bonus on one, wellness on the other
                fact(2026, "Ventes", 1L, true, false, "100.00", 0, "100.00", 10L, "h1"),
                fact(2026, "R&D", 1L, false, true, "0.00", 5, "500.00", 20L, "h2"),
                // employee 2: nothing eligible, a null flag
                fact(2026, "Ventes", 2L, false, null, "0.00", 0, "0.00", 1L, "h1"),
                // a row without an employee id: its money counts, not as a person
                fact(2026, "Ventes", null, true, true, "7.00", 1, "107.00", 3L, "h1"),
                // 2025: one person, nulls in the amounts, no rules hash
                fact(2025, null, 3L, null, true, null, null, null, null, null));
        List<Row> years = GoldFigures.aggregate(fct, "benefit_year").orderBy("benefit_year").collectAsList();
        assertThat(years).hasSize(2);
        Row y2025 = years.get(0);
        assertThat(y2025.<Long>getAs("employees")).isEqualTo(1);
        assertThat(y2025.<Long>getAs("beneficiaries")).isEqualTo(1);
        assertThat(y2025.<Long>getAs("bonus_eligible")).isZero();
        assertThat(y2025.<Long>getAs("wellness_eligible")).isEqualTo(1);
        assertThat(y2025.<BigDecimal>getAs("bonus_eur")).isEqualByComparingTo("0");
        assertThat(y2025.<Long>getAs("wellness_days")).isZero();
        assertThat(hashes(y2025)).isEmpty();
        Row y2026 = years.get(1);
        assertThat(y2026.<Long>getAs("employees")).isEqualTo(2);
        assertThat(y2026.<Long>getAs("beneficiaries")).isEqualTo(1);
        assertThat(y2026.<Long>getAs("bonus_eligible")).isEqualTo(1);
        assertThat(y2026.<Long>getAs("wellness_eligible")).isEqualTo(1);
        assertThat(y2026.<BigDecimal>getAs("bonus_eur")).isEqualByComparingTo("107.00");
        assertThat(y2026.<Long>getAs("wellness_days")).isEqualTo(6);
        assertThat(y2026.<BigDecimal>getAs("wellness_value_eur")).isEqualByComparingTo("600.00");
        assertThat(y2026.<BigDecimal>getAs("total_eur")).isEqualByComparingTo("707.00");
        assertThat(y2026.<Long>getAs("activities")).isEqualTo(34);
        assertThat(hashes(y2026)).containsExactly("h1", "h2");
        // by year and BU, a null BU is a group of its own
        assertThat(GoldFigures.aggregate(fct, "benefit_year", "bu").orderBy("benefit_year", "bu").collectAsList())
                .extracting(r -> r.get(0) + "/" + r.get(1) + ": " + r.<Long>getAs("employees") + " " + hashes(r))
                .containsExactly("2025/null: 1 []", "2026/R&D: 1 [h2]", "2026/Ventes: 2 [h1]");
        assertThat(GoldFigures.aggregate(fct, "benefit_year").columns()).containsExactly(
                java.util.stream.Stream.concat(java.util.stream.Stream.of("benefit_year"), GoldFigures.MEASURES.stream()).toArray(String[]::new));
    }

    private static List<String> hashes(Row figures) {
        return figures.getList(figures.fieldIndex("rules_hashes"));
    }

    /** What the figures were before people were folded first: one distinct count per measure. */
    private static Dataset<Row> countingDistinct(Dataset<Row> fct, String... groupBy) {
        Column beneficiary = when(col("is_bonus_eligible").or(col("is_wellness_eligible")), col("employee_id"));
        return fct.groupBy(java.util.Arrays.stream(groupBy).map(org.apache.spark.sql.functions::col).toArray(Column[]::new)).agg(
                countDistinct(col("employee_id")).as("employees"),
                countDistinct(beneficiary).as("beneficiaries"),
                countDistinct(when(col("is_bonus_eligible"), col("employee_id"))).as("bonus_eligible"),
                coalesce(sum("bonus_eur"), lit(BigDecimal.ZERO)).cast("decimal(14,2)").as("bonus_eur"),
                countDistinct(when(col("is_wellness_eligible"), col("employee_id"))).as("wellness_eligible"),
                coalesce(sum("wellness_days"), lit(0L)).cast("bigint").as("wellness_days"),
                coalesce(sum("wellness_value_eur"), lit(BigDecimal.ZERO)).cast("decimal(14,2)").as("wellness_value_eur"),
                coalesce(sum("total_benefit_eur"), lit(BigDecimal.ZERO)).cast("decimal(14,2)").as("total_eur"),
                coalesce(sum("activity_count"), lit(0L)).cast("bigint").as("activities"),
                array_sort(collect_set("rules_hash")).as("rules_hashes"));
    }

    @Test
    void random_facts_give_the_figures_distinct_counting_gives() {
        String[] bus = {"Ventes", "R&D", null};
        Boolean[] flags = {true, false, null};
        for (int seed = 1; seed <= 4; seed++) {
            Random random = new Random(seed);
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                Long id = random.nextInt(20) == 0 ? null : (long) random.nextInt(60);
                rows.add(fact(2024 + random.nextInt(3), bus[random.nextInt(3)], id, flags[random.nextInt(3)], flags[random.nextInt(3)],
                        random.nextInt(10) == 0 ? null : random.nextInt(100_000) / 100 + ".00", random.nextInt(10) == 0 ? null : random.nextInt(10),
                        random.nextInt(10) == 0 ? null : random.nextInt(100_000) / 100 + "." + random.nextInt(10) + "0",
                        random.nextInt(10) == 0 ? null : (long) random.nextInt(50), random.nextInt(10) == 0 ? null : "h" + random.nextInt(3)));
            }
            Dataset<Row> fct = frame(FCT, rows.toArray(Object[][]::new));
            for (String[] keys : List.of(new String[]{"benefit_year"}, new String[]{"benefit_year", "bu"})) {
                assertThat(GoldFigures.aggregate(fct, keys).collectAsList())
                        .as("seed %d, by %s", seed, String.join(", ", keys))
                        .containsExactlyInAnyOrderElementsOf(countingDistinct(fct, keys).collectAsList());
            }
        }
    }
}
