package com.sportdata.benefits.gold;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.math.BigDecimal;
import java.util.List;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * The one reader of gold's headline figures — per benefit year, or per benefit year and BU — from
 * {@code fct_employee_benefits}: what the run summary, a backfill's before/after, a scenario's comparison and the run
 * metrics show, computed the same way for all of them. People are counted once per group.
 */
public final class GoldFigures {
    /** Column names of {@link #aggregate}. */
    public static final List<String> MEASURES = List.of("employees", "beneficiaries", "bonus_eligible", "bonus_eur", "wellness_eligible",
            "wellness_days", "wellness_value_eur", "total_eur", "activities", "rules_hashes");

    private GoldFigures() {
    }

    /**
     * The rules hash each benefit year of {@code fct} (rows of fct_employee_benefits) was computed with, as the run
     * ledger writes several years' ({@code 2025:hash,2026:hash}): what the dashboard and the BI export name, so both
     * agree with gold's rows, the rules register and {@code runs}.
     */
    public static String rulesHashes(Dataset<Row> fct) {
        java.util.Map<Integer, java.util.TreeSet<String>> byYear = new java.util.TreeMap<>();
        fct.select("benefit_year", "rules_hash").distinct().collectAsList().forEach(r -> byYear
                .computeIfAbsent(r.getInt(0), y -> new java.util.TreeSet<>()).add(String.valueOf(r.getString(1))));
        return byYear.entrySet().stream().map(e -> e.getKey() + ":" + String.join("+", e.getValue()))
                .collect(java.util.stream.Collectors.joining(","));
    }

    /**
     * The figures of every benefit year gold's {@code fct_employee_benefits} holds, as {@code lake} reads it, computed
     * once per state of the table and kept with it (the run metrics and the run summary show the same; a run that left
     * gold as it was does not read it again); empty when there is no table.
     */
    public static java.util.Optional<List<Year>> years(com.sportdata.benefits.pipeline.TableWriter lake) {
        return lake.derived(com.sportdata.benefits.catalog.Tables.FCT_EMPLOYEE_BENEFITS, "figures by benefit year",
                new com.fasterxml.jackson.core.type.TypeReference<List<Year>>() { }, GoldFigures::years);
    }

    /** One figure set of a benefit year. */
    public record Year(int year, long employees, long beneficiaries, long bonusEligible, BigDecimal bonusEur, long wellnessEligible,
                       long wellnessDays, BigDecimal wellnessValueEur, BigDecimal totalEur, long activities, List<String> rulesHashes) {
    }

    /**
     * The figures of {@code fct} (rows of fct_employee_benefits) grouped by the given columns, e.g. benefit_year and bu.
     * A person is counted once per group however many rows they have in it: their rows are first folded into one per
     * person and group (eligible when any of their rows is), then counted. Counting distinct people directly costs
     * Spark a copy of every row per distinct count (an Expand: five copies of gold's facts shuffled) — 45 s of a
     * million employees' run, for each reader.
     */
    public static Dataset<Row> aggregate(Dataset<Row> fct, String... groupBy) {
        Column[] keys = java.util.Arrays.stream(groupBy).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Column[] personKeys = java.util.stream.Stream.concat(java.util.Arrays.stream(keys), java.util.stream.Stream.of(col("employee_id")))
                .toArray(Column[]::new);
        Dataset<Row> people = fct.groupBy(personKeys).agg(
                max(col("is_bonus_eligible").or(col("is_wellness_eligible"))).as("_beneficiary"),
                max(col("is_bonus_eligible")).as("_bonus"),
                max(col("is_wellness_eligible")).as("_wellness"),
                sum("bonus_eur").as("bonus_eur"), sum("wellness_days").as("wellness_days"),
                sum("wellness_value_eur").as("wellness_value_eur"), sum("total_benefit_eur").as("total_benefit_eur"),
                sum("activity_count").as("activity_count"));
        Column known = col("employee_id").isNotNull();
        Dataset<Row> figures = people.groupBy(keys).agg(
                count(col("employee_id")).as("employees"),
                count(when(known.and(col("_beneficiary")), lit(1))).as("beneficiaries"),
                count(when(known.and(col("_bonus")), lit(1))).as("bonus_eligible"),
                coalesce(sum("bonus_eur"), lit(BigDecimal.ZERO)).cast("decimal(14,2)").as("bonus_eur"),
                count(when(known.and(col("_wellness")), lit(1))).as("wellness_eligible"),
                coalesce(sum("wellness_days"), lit(0L)).cast("bigint").as("wellness_days"),
                coalesce(sum("wellness_value_eur"), lit(BigDecimal.ZERO)).cast("decimal(14,2)").as("wellness_value_eur"),
                coalesce(sum("total_benefit_eur"), lit(BigDecimal.ZERO)).cast("decimal(14,2)").as("total_eur"),
                coalesce(sum("activity_count"), lit(0L)).cast("bigint").as("activities"));
        // the rules hashes of each group, from the facts themselves (a set per group: a handful of values)
        Column[] hashKeys = new Column[groupBy.length];
        Column on = lit(true);
        for (int i = 0; i < groupBy.length; i++) {
            hashKeys[i] = col(groupBy[i]).as("_key" + i);
            on = on.and(figures.col(groupBy[i]).eqNullSafe(col("_key" + i)));
        }
        Dataset<Row> hashes = fct.groupBy(hashKeys).agg(array_sort(collect_set("rules_hash")).as("rules_hashes"));
        Column[] out = java.util.stream.Stream.concat(java.util.Arrays.stream(groupBy).map(figures::col),
                java.util.stream.Stream.concat(MEASURES.stream().filter(m -> !m.equals("rules_hashes")).map(figures::col),
                        java.util.stream.Stream.of(col("rules_hashes")))).toArray(Column[]::new);
        return figures.join(hashes, on, "left").select(out);
    }

    /** The figures of each benefit year of {@code fct}, in year order. */
    public static List<Year> years(Dataset<Row> fct) {
        return com.sportdata.benefits.spark.SmallResults.sorted(aggregate(fct, "benefit_year"), "benefit_year").stream()
                .map(r -> new Year(r.getInt(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getDecimal(4), r.getLong(5), r.getLong(6),
                        r.getDecimal(7), r.getDecimal(8), r.getLong(9), r.getList(10)))
                .toList();
    }
}
