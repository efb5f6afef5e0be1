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
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

/**
 * Benefit KPIs. Grain: one row per benefit year, month and BU. An employee counts in a month once hired;
 * the annual bonus is spread evenly over the months they are employed in the period (to the cent, the
 * remainder on the last month, so months add up exactly to {@code fct_employee_benefits}); wellness days
 * and their value count in the month the threshold was reached. Payroll = gross salary / 12 per month.
 */
public final class KpiBenefitsByPeriod implements TableJob {
    /** What PowerBI, the BI export and the notebooks read: checked before every write (see {@link TableContract}). */
    public static final TableContract CONTRACT = TableContract.of(Tables.KPI_BENEFITS_BY_PERIOD, "one row per benefit year, month and BU", String.join(",",
            "benefit_year INT NOT NULL", "month_start_date DATE NOT NULL", "bu STRING NOT NULL", "headcount BIGINT",
            "bonus_eligible_count BIGINT", "new_wellness_earners BIGINT", "wellness_earners_to_date BIGINT",
            "active_employees BIGINT", "adoption_rate DOUBLE", "activity_count BIGINT", "distance_km DOUBLE",
            "bonus_cost_eur DECIMAL(12,2)", "wellness_days BIGINT", "wellness_value_eur DECIMAL(12,2)",
            "total_cost_eur DECIMAL(12,2)", "payroll_eur DECIMAL(12,2)", "share_of_payroll DECIMAL(9,6)", "rules_hash STRING",
            "run_id STRING NOT NULL"));

    @Override
    public java.util.Optional<TableContract> contract() {
        return java.util.Optional.of(CONTRACT);
    }

    private static final String MONEY = FctEmployeeBenefits.MONEY_TYPE;
    /** Distances are summed as decimals: a sum of doubles depends on the order Spark adds them in, and a replay must match to the bit. */
    private static final String EXACT_KM = "decimal(18,6)";

    @Override
    public TableId target() {
        return Tables.KPI_BENEFITS_BY_PERIOD;
    }

    @Override
    public List<TableId> inputs() {
        return List.of(Tables.FCT_EMPLOYEE_BENEFITS, Tables.EMPLOYEES, Tables.EMPLOYEES_HISTORY, Tables.ACTIVITIES);
    }

    @Override
    public WriteMode writeMode(RunContext run) {
        return new WriteMode.ReplaceWhere(Periods.predicate(run), List.of("benefit_year"));
    }

    @Override
    public Dataset<Row> transform(Map<TableId, Dataset<Row>> inputs, RunContext run) {
        Dataset<Row> fct = Periods.only(inputs.get(Tables.FCT_EMPLOYEE_BENEFITS), run);
        Dataset<Row> periods = broadcast(Periods.frame(fct.sparkSession(), run));
        Dataset<Row> salaries = EmployeesOfPeriod.frame(inputs, periods, run)
                .select("employee_id", "benefit_year", "hire_date", "gross_salary_eur");

        Column firstMonth = greatest(col("period_start_date"), trunc(col("hire_date"), "month"));
        Dataset<Row> employeeMonths = fct.join(salaries, GoldColumns.joinKeys("employee_id", "benefit_year"), "inner")
                .withColumn("_months", expr("sequence(trunc(greatest(period_start_date, hire_date), 'MM'), "
                        + "trunc(period_end_date, 'MM'), interval 1 month)"))
                .withColumn("_n", size(col("_months")))
                .select(col("*"), posexplode(col("_months")).as(new String[] {"_i", "month_start_date"}))
                .withColumn("bonus_month_eur", spread(col("bonus_eur"), col("_i"), col("_n")))
                .withColumn("payroll_month_eur", round(col("gross_salary_eur").divide(12), 2))
                .withColumn("_earned_here", coalesce(trunc(col("wellness_earned_date"), "month").equalTo(col("month_start_date")), lit(false)))
                .drop("_months");

        Dataset<Row> activities = inputs.get(Tables.ACTIVITIES)
                .withColumn("month_start_date", trunc(col("activity_date"), "month"))
                .groupBy("employee_id", "benefit_year", "month_start_date")
                .agg(count(lit(1)).as("_activities"), coalesce(sum(col("distance_km").cast(EXACT_KM)), lit(0).cast(EXACT_KM)).as("_distance_km"));

        Dataset<Row> rows = employeeMonths
                .join(activities, GoldColumns.joinKeys("employee_id", "benefit_year", "month_start_date"), "left")
                .withColumn("_activities", coalesce(col("_activities"), lit(0L)))
                .withColumn("_distance_km", coalesce(col("_distance_km"), lit(0).cast(EXACT_KM)));

        Column wellnessValue = when(col("_earned_here"), col("wellness_value_eur")).otherwise(lit(0).cast(MONEY));
        Dataset<Row> grouped = rows.groupBy("benefit_year", "month_start_date", "bu")
                .agg(count(lit(1)).as("headcount"),
                        sum(when(col("is_bonus_eligible"), 1).otherwise(0)).as("bonus_eligible_count"),
                        sum(when(col("_earned_here"), 1).otherwise(0)).as("new_wellness_earners"),
                        sum(when(col("is_wellness_eligible").and(col("wellness_earned_date").lt(add_months(col("month_start_date"), 1))), 1)
                                .otherwise(0)).as("wellness_earners_to_date"),
                        sum(when(col("_activities").gt(0), 1).otherwise(0)).as("active_employees"),
                        sum("_activities").as("activity_count"),
                        round(sum("_distance_km"), 3).cast(DataTypes.DoubleType).as("distance_km"),
                        sum("bonus_month_eur").cast(MONEY).as("bonus_cost_eur"),
                        sum(when(col("_earned_here"), col("wellness_days")).otherwise(0)).as("wellness_days"),
                        sum(wellnessValue).cast(MONEY).as("wellness_value_eur"),
                        sum("payroll_month_eur").cast(MONEY).as("payroll_eur"));
        return grouped
                .withColumn("headcount", col("headcount").cast(DataTypes.LongType))
                .withColumn("bonus_eligible_count", col("bonus_eligible_count").cast(DataTypes.LongType))
                .withColumn("new_wellness_earners", col("new_wellness_earners").cast(DataTypes.LongType))
                .withColumn("wellness_earners_to_date", col("wellness_earners_to_date").cast(DataTypes.LongType))
                .withColumn("active_employees", col("active_employees").cast(DataTypes.LongType))
                .withColumn("wellness_days", col("wellness_days").cast(DataTypes.LongType))
                .withColumn("adoption_rate", round(col("active_employees").divide(col("headcount")), 4))
                .withColumn("total_cost_eur", col("bonus_cost_eur").plus(col("wellness_value_eur")).cast(MONEY))
                .withColumn("share_of_payroll", when(col("payroll_eur").gt(0),
                        round(col("total_cost_eur").divide(col("payroll_eur")), 6).cast("decimal(9,6)")))
                .join(periods.select("benefit_year", "rules_hash"),
                        GoldColumns.joinKeys("benefit_year"), "left")
                .withColumn("run_id", lit(run.runId()))
                .select("benefit_year", "month_start_date", "bu", "headcount", "bonus_eligible_count", "new_wellness_earners",
                        "wellness_earners_to_date", "active_employees", "adoption_rate", "activity_count", "distance_km",
                        "bonus_cost_eur", "wellness_days", "wellness_value_eur", "total_cost_eur", "payroll_eur",
                        "share_of_payroll", "rules_hash", "run_id");
    }

    @Override
    public List<QualityCheck> checks(Dataset<Row> published, Map<TableId, Dataset<Row>> inputs, RunContext run) {
        Dataset<Row> fct = Periods.only(inputs.get(Tables.FCT_EMPLOYEE_BENEFITS), run)
                .groupBy("benefit_year", "bu").agg(sum("total_benefit_eur").as("fct_total"), sum("bonus_eur").as("fct_bonus"));
        Dataset<Row> kpi = published.groupBy("benefit_year", "bu")
                .agg(sum("total_cost_eur").as("kpi_total"), sum("bonus_cost_eur").as("kpi_bonus"));
        Dataset<Row> reconciliation = fct.join(kpi, GoldColumns.joinKeys("benefit_year", "bu"), "full_outer");
        return List.of(
                QualityCheck.error("one row per year, month and BU", "the grain PowerBI relies on",
                        unique("benefit_year", "month_start_date", "bu")),
                QualityCheck.error("costs reconcile with fct_employee_benefits", "monthly costs add up exactly to the yearly facts",
                        satisfies("fct_total = kpi_total AND fct_bonus = kpi_bonus")).on(reconciliation),
                QualityCheck.error("active employees within headcount", "adoption cannot exceed 100 %",
                        satisfies("active_employees <= headcount")),
                QualityCheck.error("costs not negative", "costs are sums of non-negative amounts",
                        satisfies("bonus_cost_eur >= 0 AND wellness_value_eur >= 0")));
    }

    /** Month {@code i} of {@code n} of an amount split evenly to the cent, the remainder on the last month. */
    static Column spread(Column amount, Column i, Column n) {
        Column cents = round(amount.multiply(100), 0).cast(DataTypes.LongType);
        Column base = floor(cents.divide(n)).cast(DataTypes.LongType);
        Column share = when(i.equalTo(n.minus(1)), cents.minus(base.multiply(n.minus(1)))).otherwise(base);
        return share.cast("decimal(14,0)").divide(100).cast(MONEY);
    }
}
