package com.sportdata.benefits.gold;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableContract;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.pipeline.WriteMode;
import com.sportdata.benefits.quality.QualityCheck;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

import java.util.List;
import java.util.Map;

import static com.sportdata.benefits.quality.QualityCheck.satisfies;
import static com.sportdata.benefits.quality.QualityCheck.unique;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * The year's figures per BU, for those who may see aggregates only (PowerBI's Direction role, the dashboard).
 * Grain: one row per benefit year and BU. Counts of people (beneficiaries, active employees) cannot be added
 * up from the monthly KPI — an employee counts in every month — so they are counted here, once per employee
 * and year; each employee is in one BU per year, so rows of one year add up across BUs, and shares are
 * recomputed from the counts ({@code sum(active) / sum(headcount)}), never averaged.
 */
public final class KpiBenefitsByYearBu implements TableJob {
    /** What PowerBI, the BI export and the notebooks read: checked before every write (see {@link TableContract}). */
    public static final TableContract CONTRACT = TableContract.of(Tables.KPI_BENEFITS_BY_YEAR_BU, "one row per benefit year and BU", String.join(",",
            "benefit_year INT NOT NULL", "bu STRING NOT NULL", "headcount BIGINT", "bonus_beneficiaries BIGINT",
            "eligible_share DOUBLE", "active_employees BIGINT", "adoption_rate DOUBLE", "activity_count BIGINT",
            "activity_distance_km DOUBLE", "wellness_beneficiaries BIGINT", "wellness_days BIGINT", "bonus_cost_eur DECIMAL(12,2)",
            "wellness_value_eur DECIMAL(12,2)", "total_cost_eur DECIMAL(12,2)", "cost_per_employee_eur DECIMAL(12,2)",
            "payroll_eur DECIMAL(12,2)", "share_of_payroll DECIMAL(9,6)", "employees_to_review BIGINT", "rules_hash STRING",
            "run_id STRING NOT NULL"));

    @Override
    public java.util.Optional<TableContract> contract() {
        return java.util.Optional.of(CONTRACT);
    }

    private static final String MONEY = FctEmployeeBenefits.MONEY_TYPE;

    @Override
    public TableId target() {
        return Tables.KPI_BENEFITS_BY_YEAR_BU;
    }

    @Override
    public List<TableId> inputs() {
        return List.of(Tables.FCT_EMPLOYEE_BENEFITS, Tables.KPI_BENEFITS_BY_PERIOD, Tables.DECLARATIONS_TO_REVIEW);
    }

    @Override
    public WriteMode writeMode(RunContext run) {
        return new WriteMode.ReplaceWhere(Periods.predicate(run), List.of());
    }

    @Override
    public Dataset<Row> transform(Map<TableId, Dataset<Row>> inputs, RunContext run) {
        Dataset<Row> fct = Periods.only(inputs.get(Tables.FCT_EMPLOYEE_BENEFITS), run);
        Dataset<Row> payroll = Periods.only(inputs.get(Tables.KPI_BENEFITS_BY_PERIOD), run)
                .groupBy("benefit_year", "bu").agg(sum("payroll_eur").cast(MONEY).as("payroll_eur"));
        Dataset<Row> review = Periods.only(inputs.get(Tables.DECLARATIONS_TO_REVIEW), run)
                .groupBy("benefit_year", "bu").agg(countDistinct("employee_id").as("employees_to_review"));
        Dataset<Row> perBu = fct.groupBy("benefit_year", "bu").agg(
                count(lit(1)).as("headcount"),
                sum(when(col("is_bonus_eligible"), 1L).otherwise(0L)).as("bonus_beneficiaries"),
                sum(when(col("activity_count").gt(0), 1L).otherwise(0L)).as("active_employees"),
                sum("activity_count").as("activity_count"),
                sum(col("activity_distance_km").cast("decimal(18,6)")).as("_km"),
                sum(when(col("is_wellness_eligible"), 1L).otherwise(0L)).as("wellness_beneficiaries"),
                sum(col("wellness_days").cast(DataTypes.LongType)).as("wellness_days"),
                sum("bonus_eur").cast(MONEY).as("bonus_cost_eur"),
                sum("wellness_value_eur").cast(MONEY).as("wellness_value_eur"),
                sum("total_benefit_eur").cast(MONEY).as("total_cost_eur"),
                max("rules_hash").as("rules_hash"));
        Column headcount = col("headcount");
        return perBu.join(payroll, GoldColumns.joinKeys("benefit_year", "bu"), "left")
                .join(review, GoldColumns.joinKeys("benefit_year", "bu"), "left")
                .select(col("benefit_year"), col("bu"),
                        headcount.cast(DataTypes.LongType).as("headcount"),
                        col("bonus_beneficiaries"),
                        round(col("bonus_beneficiaries").divide(headcount), 4).as("eligible_share"),
                        col("active_employees"),
                        round(col("active_employees").divide(headcount), 4).as("adoption_rate"),
                        col("activity_count"),
                        round(col("_km"), 3).cast(DataTypes.DoubleType).as("activity_distance_km"),
                        col("wellness_beneficiaries"),
                        col("wellness_days"),
                        col("bonus_cost_eur"),
                        col("wellness_value_eur"),
                        col("total_cost_eur"),
                        round(col("total_cost_eur").divide(headcount), 2).cast(MONEY).as("cost_per_employee_eur"),
                        coalesce(col("payroll_eur"), lit(0).cast(MONEY)).as("payroll_eur"),
                        when(col("payroll_eur").gt(0), round(col("total_cost_eur").divide(col("payroll_eur")), 6)
                                .cast("decimal(9,6)")).as("share_of_payroll"),
                        coalesce(col("employees_to_review"), lit(0L)).as("employees_to_review"),
                        col("rules_hash"),
                        lit(run.runId()).as("run_id"));
    }

    @Override
    public List<QualityCheck> checks(Dataset<Row> published, Map<TableId, Dataset<Row>> inputs, RunContext run) {
        Dataset<Row> kpi = Periods.only(inputs.get(Tables.KPI_BENEFITS_BY_PERIOD), run)
                .groupBy("benefit_year", "bu").agg(sum("total_cost_eur").as("monthly_total"));
        Dataset<Row> reconciliation = published.select("benefit_year", "bu", "total_cost_eur")
                .join(kpi, GoldColumns.joinKeys("benefit_year", "bu"), "full_outer");
        return List.of(
                QualityCheck.error("one row per year and BU", "the grain the aggregate views rely on", unique("benefit_year", "bu")),
                QualityCheck.error("costs reconcile with the monthly KPI", "the year's cost per BU is the sum of its months",
                        satisfies("total_cost_eur = monthly_total")).on(reconciliation),
                QualityCheck.error("people counts within headcount", "no share above 100 %",
                        satisfies("bonus_beneficiaries <= headcount AND active_employees <= headcount "
                                + "AND wellness_beneficiaries <= headcount AND employees_to_review <= headcount")));
    }
}
