package com.sportdata.benefits.gold;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableContract;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.pipeline.WriteMode;
import com.sportdata.benefits.rules.BonusStatus;
import com.sportdata.benefits.rules.Rules;
import com.sportdata.benefits.quality.QualityCheck;
import com.sportdata.benefits.spark.ColumnMaps;
import com.sportdata.benefits.spark.RuleUdfs;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.sportdata.benefits.quality.QualityCheck.complete;
import static com.sportdata.benefits.quality.QualityCheck.satisfies;
import static com.sportdata.benefits.quality.QualityCheck.unique;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

/**
 * The benefits of each employee. Grain: one row per employee per benefit year (employees hired before the
 * period ends). Bonus and wellness are decided by the {@link Rules} in force that year (the same code the
 * unit tests cover); {@code rules_hash} names that year's parameter set. Written with replaceWhere on the run's benefit years.
 */
public final class FctEmployeeBenefits implements TableJob {
    /** What PowerBI, the BI export and the notebooks read: checked before every write (see {@link TableContract}). */
    public static final TableContract CONTRACT = TableContract.of(Tables.FCT_EMPLOYEE_BENEFITS, "one row per employee per benefit year", String.join(",",
            "employee_id BIGINT NOT NULL", "benefit_year INT NOT NULL", "period_start_date DATE", "period_end_date DATE",
            "bu STRING NOT NULL", "contract_type STRING", "commute_mode STRING", "commute_distance_km DOUBLE",
            "distance_provider STRING", "distance_confidence STRING", "geocode_method STRING", "home_insee_code STRING",
            "distance_limit_km DECIMAL(8,2)", "is_bonus_eligible BOOLEAN", "bonus_status STRING", "bonus_status_label STRING",
            "bonus_rate DECIMAL(6,4)", "bonus_eur DECIMAL(12,2)", "activity_count BIGINT", "activity_distance_km DOUBLE",
            "is_wellness_eligible BOOLEAN", "wellness_days INT", "wellness_value_eur DECIMAL(12,2)", "wellness_earned_date DATE",
            "total_benefit_eur DECIMAL(12,2)", "rules_hash STRING", "run_id STRING NOT NULL",
            // the chain behind the figures, for the per-employee page (what `explain` says in words)
            "distance_margin_km DOUBLE", "wellness_threshold INT", "activities_short INT"));

    @Override
    public java.util.Optional<TableContract> contract() {
        return java.util.Optional.of(CONTRACT);
    }

    static final String MONEY_TYPE = "decimal(12,2)";

    @Override
    public TableId target() {
        return Tables.FCT_EMPLOYEE_BENEFITS;
    }

    @Override
    public List<TableId> inputs() {
        return List.of(Tables.EMPLOYEES, Tables.EMPLOYEES_HISTORY, Tables.COMMUTE_DISTANCES, Tables.INT_ACTIVITIES_PER_EMPLOYEE_YEAR,
                Tables.ACTIVITIES);
    }

    @Override
    public WriteMode writeMode(RunContext run) {
        // new columns: a lake written by an older version gains them (its other years read them as null until recomputed)
        return new WriteMode.ReplaceWhere(Periods.predicate(run), List.of("benefit_year"), WriteMode.Schema.ADD_NEW_COLUMNS);
    }

    @Override
    public Dataset<Row> transform(Map<TableId, Dataset<Row>> inputs, RunContext run) {
        Dataset<Row> periods = broadcast(Periods.frame(inputs.get(Tables.EMPLOYEES).sparkSession(), run));
        Dataset<Row> distances = inputs.get(Tables.COMMUTE_DISTANCES);
        Dataset<Row> perYear = EmployeesOfPeriod.frame(inputs, periods, run);
        Dataset<Row> withDistance = distances == null
                ? perYear.withColumn("distance_km", lit(null).cast(DataTypes.DoubleType))
                        .withColumn("provider", lit(null).cast(DataTypes.StringType))
                        .withColumn("confidence", lit(null).cast(DataTypes.StringType))
                        .withColumn("geocode_method", lit(null).cast(DataTypes.StringType))
                        .withColumn("insee_code", lit(null).cast(DataTypes.StringType))
                : perYear.join(distances.select("address_key", "travel_mode", "distance_km", "provider", "confidence",
                        "geocode_method", "insee_code"), GoldColumns.joinKeys("address_key", "travel_mode"), "left");
        Dataset<Row> counts = inputs.get(Tables.INT_ACTIVITIES_PER_EMPLOYEE_YEAR)
                .select(col("employee_id"), col("benefit_year"), col("activity_count"), col("distance_km").as("activity_distance_km"));
        Dataset<Row> earned = wellnessEarnedDates(inputs.get(Tables.ACTIVITIES), periods.select("benefit_year", "wellness_threshold"));

        Dataset<Row> joined = withDistance
                .join(counts, GoldColumns.joinKeys("employee_id", "benefit_year"), "left")
                .join(earned, GoldColumns.joinKeys("employee_id", "benefit_year"), "left")
                .withColumn("activity_count", coalesce(col("activity_count"), lit(0L)))
                .withColumn("activity_distance_km", coalesce(col("activity_distance_km"), lit(0.0)))
                .withColumn("_b", RuleUdfs.benefits(run.rules(), col("benefit_year"), col("commute_mode"), col("distance_km"),
                        col("gross_salary_eur"), col("activity_count")));

        return joined.select(
                col("employee_id"),
                col("benefit_year"),
                col("period_start_date"),
                date_sub(col("period_end_exclusive"), 1).as("period_end_date"),
                col("bu"),
                col("contract_type"),
                col("commute_mode"),
                col("distance_km").as("commute_distance_km"),
                col("provider").as("distance_provider"),
                col("confidence").as("distance_confidence"),
                col("geocode_method"),
                col("insee_code").as("home_insee_code"),
                element_at(col("distance_limits_km"), col("commute_mode")).cast(DataTypes.createDecimalType(8, 2)).as("distance_limit_km"),
                col("_b.is_bonus_eligible").as("is_bonus_eligible"),
                col("_b.bonus_status").as("bonus_status"),
                ColumnMaps.lookup(col("_b.bonus_status"), Arrays.stream(BonusStatus.values())
                        .collect(Collectors.toMap(Enum::name, BonusStatus::label)), DataTypes.StringType).as("bonus_status_label"),
                col("bonus_rate").cast("decimal(6,4)").as("bonus_rate"),
                col("_b.bonus_eur").as("bonus_eur"),
                col("activity_count"),
                col("activity_distance_km"),
                col("_b.is_wellness_eligible").as("is_wellness_eligible"),
                col("_b.wellness_days").as("wellness_days"),
                col("_b.wellness_value_eur").as("wellness_value_eur"),
                when(col("_b.is_wellness_eligible"), col("wellness_earned_date")).as("wellness_earned_date"),
                col("_b.bonus_eur").plus(col("_b.wellness_value_eur")).cast(MONEY_TYPE).as("total_benefit_eur"),
                col("rules_hash"),
                lit(run.runId()).as("run_id"),
                // within the limit when positive, over it when negative; null without a limit or a distance
                round(element_at(col("distance_limits_km"), col("commute_mode")).cast(DataTypes.DoubleType).minus(col("distance_km")), 3)
                        .as("distance_margin_km"),
                col("wellness_threshold").cast(DataTypes.IntegerType).as("wellness_threshold"),
                greatest(col("wellness_threshold").cast(DataTypes.LongType).minus(col("activity_count")), lit(0L))
                        .cast(DataTypes.IntegerType).as("activities_short"));
    }

    /**
     * Re-checks the figures independently of the Java rule code: plain SQL from the parameters in force each
     * year and the salaries in silver. A difference means the rule code and the parameters disagree.
     */
    @Override
    public List<QualityCheck> checks(Dataset<Row> published, Map<TableId, Dataset<Row>> inputs, RunContext run) {
        Dataset<Row> periods = Periods.frame(published.sparkSession(), run);
        Dataset<Row> params = periods.drop("period_start_date", "period_end_exclusive");
        // the stored threshold apart from the year's, which the checks read as wellness_threshold
        Dataset<Row> withParams = published.drop("bonus_rate").withColumnRenamed("wellness_threshold", "_stored_threshold")
                .join(params.withColumnRenamed("rules_hash", "_expected_hash"),
                GoldColumns.joinKeys("benefit_year"), "left");
        Dataset<Row> salaries = EmployeesOfPeriod.frame(inputs, periods, run).select("employee_id", "benefit_year", "gross_salary_eur");
        Dataset<Row> withSalary = withParams.join(salaries, GoldColumns.joinKeys("employee_id", "benefit_year"), "left");
        String limit = "element_at(distance_limits_km, commute_mode)";
        return List.of(
                QualityCheck.error("one row per employee per benefit year", "the grain PowerBI relies on",
                        unique("employee_id", "benefit_year")),
                QualityCheck.error("rules of the year applied", "each year carries the hash of the parameters in force that year",
                        satisfies("rules_hash IS NULL OR rules_hash = _expected_hash")).on(withParams),
                QualityCheck.error("eligibility re-derived from the limits", "eligible ⇔ sporty mode and known distance within its limit",
                        satisfies("is_bonus_eligible = coalesce(commute_distance_km <= " + limit + ", false)")).on(withParams),
                QualityCheck.error("eligible implies distance within limit", "no bonus on a declaration the distance does not back",
                        satisfies("NOT is_bonus_eligible OR commute_distance_km <= distance_limit_km")),
                QualityCheck.error("bonus recomputed equals stored", "rate × salary for the eligible, 0 otherwise",
                        satisfies("bonus_eur = CASE WHEN is_bonus_eligible THEN round(gross_salary_eur * bonus_rate, 2) ELSE 0 END"))
                        .on(withSalary),
                QualityCheck.error("wellness days are 0 or the configured days", "days are granted whole",
                        satisfies("wellness_days IN (0, wellness_days_granted)")).on(withParams),
                QualityCheck.error("wellness eligibility re-derived from the count", "threshold of the year",
                        satisfies("is_wellness_eligible = (activity_count >= wellness_threshold)")).on(withParams),
                QualityCheck.error("wellness value recomputed equals stored", "salary × days / working days, to the cent",
                        satisfies("wellness_value_eur = CASE WHEN is_wellness_eligible THEN round(gross_salary_eur * "
                                + "wellness_days_granted / working_days_per_year, 2) ELSE 0 END")).on(withSalary),
                QualityCheck.error("rules hash set", "every figure names the parameters that produced it", complete("rules_hash")),
                QualityCheck.error("activities short re-derived", "what the per-employee page says is missing: threshold minus count, 0 once reached",
                        satisfies("_stored_threshold = wellness_threshold AND activities_short = greatest(wellness_threshold - activity_count, 0)"))
                        .on(withParams));
    }

    /** The date of the activity that reached the wellness threshold, per employee and benefit year. */
    static Dataset<Row> wellnessEarnedDates(Dataset<Row> activities, Dataset<Row> thresholds) {
        return activities
                .withColumn("_n", row_number().over(Window.partitionBy("employee_id", "benefit_year")
                        .orderBy(col("started_at"), col("activity_id"))))
                .join(thresholds, GoldColumns.joinKeys("benefit_year"), "inner")
                .filter(col("_n").equalTo(col("wellness_threshold")))
                .select(col("employee_id"), col("benefit_year"), col("activity_date").as("wellness_earned_date"));
    }
}
