package com.sportdata.benefits.gold;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableContract;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.pipeline.WriteMode;
import com.sportdata.benefits.quality.QualityCheck;
import com.sportdata.benefits.spark.ColumnMaps;
import com.sportdata.benefits.sport.Sport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.sportdata.benefits.quality.QualityCheck.satisfies;
import static com.sportdata.benefits.quality.QualityCheck.unique;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;

/**
 * Sport practice. Grain: one row per benefit year, month, BU and sport (only combinations with activities).
 * The BU is the employee's BU that benefit year (from {@code fct_employee_benefits}). {@code active_employees}
 * counts distinct people in that month and sport: it cannot be summed over months or sports — the year's
 * adoption is in {@code kpi_benefits_by_year_bu}. Distances are summed as decimals so a replay matches to the bit.
 */
public final class KpiActivitiesBySport implements TableJob {
    /** What PowerBI, the BI export and the notebooks read: checked before every write (see {@link TableContract}). */
    public static final TableContract CONTRACT = TableContract.of(Tables.KPI_ACTIVITIES_BY_SPORT, "one row per benefit year, month, BU and sport", String.join(",",
            "benefit_year INT NOT NULL", "month_start_date DATE NOT NULL", "bu STRING NOT NULL", "sport STRING NOT NULL",
            "sport_label STRING", "activity_count BIGINT", "active_employees BIGINT", "distance_km DOUBLE", "duration_hours DOUBLE",
            "run_id STRING NOT NULL"));

    @Override
    public java.util.Optional<TableContract> contract() {
        return java.util.Optional.of(CONTRACT);
    }


    @Override
    public TableId target() {
        return Tables.KPI_ACTIVITIES_BY_SPORT;
    }

    @Override
    public List<TableId> inputs() {
        return List.of(Tables.ACTIVITIES, Tables.FCT_EMPLOYEE_BENEFITS);
    }

    @Override
    public WriteMode writeMode(RunContext run) {
        return new WriteMode.ReplaceWhere(Periods.predicate(run), List.of());
    }

    @Override
    public Dataset<Row> transform(Map<TableId, Dataset<Row>> inputs, RunContext run) {
        Dataset<Row> buOfYear = Periods.only(inputs.get(Tables.FCT_EMPLOYEE_BENEFITS), run).select("employee_id", "benefit_year", "bu");
        Map<String, String> labels = Arrays.stream(Sport.values()).collect(Collectors.toMap(Enum::name, Sport::label));
        return Periods.only(inputs.get(Tables.ACTIVITIES), run)
                .join(buOfYear, GoldColumns.joinKeys("employee_id", "benefit_year"), "inner")
                .withColumn("month_start_date", trunc(col("activity_date"), "month"))
                .groupBy("benefit_year", "month_start_date", "bu", "sport")
                .agg(count(lit(1)).as("activity_count"),
                        countDistinct("employee_id").as("active_employees"),
                        round(sum(col("distance_km").cast("decimal(18,6)")), 3).cast(DataTypes.DoubleType).as("distance_km"),
                        round(sum(col("elapsed_s").cast("decimal(18,0)")).divide(3600), 2).cast(DataTypes.DoubleType).as("duration_hours"))
                .withColumn("sport_label", ColumnMaps.lookup(col("sport"), labels, DataTypes.StringType))
                .withColumn("run_id", lit(run.runId()))
                .select("benefit_year", "month_start_date", "bu", "sport", "sport_label", "activity_count", "active_employees",
                        "distance_km", "duration_hours", "run_id");
    }

    @Override
    public List<QualityCheck> checks(Dataset<Row> published, Map<TableId, Dataset<Row>> inputs, RunContext run) {
        Dataset<Row> fct = Periods.only(inputs.get(Tables.FCT_EMPLOYEE_BENEFITS), run)
                .groupBy("benefit_year").agg(sum("activity_count").as("fct_activities"));
        Dataset<Row> reconciliation = published.groupBy("benefit_year").agg(sum("activity_count").as("sport_activities"))
                .join(fct, GoldColumns.joinKeys("benefit_year"), "full_outer");
        return List.of(
                QualityCheck.error("one row per year, month, BU and sport", "the grain the practice views rely on",
                        unique("benefit_year", "month_start_date", "bu", "sport")),
                QualityCheck.error("activities reconcile with fct_employee_benefits", "every counted activity is in one sport and month",
                        satisfies("coalesce(sport_activities, 0) = coalesce(fct_activities, 0)")).on(reconciliation),
                QualityCheck.error("active employees within activities", "each active employee did at least one activity",
                        satisfies("active_employees <= activity_count")));
    }
}
