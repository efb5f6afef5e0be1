package com.sportdata.benefits.silver;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.pipeline.WriteMode;
import com.sportdata.benefits.quality.QualityCheck;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.Map;

import static com.sportdata.benefits.quality.QualityCheck.unique;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;

/** Helper: activity totals. Grain: one row per employee per benefit year with at least one activity. */
public final class IntActivitiesPerEmployeeYear implements TableJob {

    @Override
    public String grain() {
        return "one row per employee per benefit year with at least one activity";
    }

    @Override
    public TableId target() {
        return Tables.INT_ACTIVITIES_PER_EMPLOYEE_YEAR;
    }

    @Override
    public List<TableId> inputs() {
        return List.of(Tables.ACTIVITIES);
    }

    @Override
    public WriteMode writeMode(RunContext run) {
        return new WriteMode.Overwrite(List.of());
    }

    @Override
    public Dataset<Row> transform(Map<TableId, Dataset<Row>> inputs, RunContext run) {
        return inputs.get(Tables.ACTIVITIES)
                .groupBy("employee_id", "benefit_year")
                .agg(count(lit(1)).as("activity_count"),
                        round(coalesce(sum("distance_km"), lit(0.0)), 3).as("distance_km"),
                        sum("elapsed_s").as("elapsed_s"),
                        countDistinct("activity_date").as("active_days"),
                        min("activity_date").as("first_activity_date"),
                        max("activity_date").as("last_activity_date"));
    }

    @Override
    public List<QualityCheck> checks(Dataset<Row> published, Map<TableId, Dataset<Row>> inputs, RunContext run) {
        return List.of(QualityCheck.error("one row per employee and benefit year", "the helper's grain",
                unique("employee_id", "benefit_year")));
    }
}
