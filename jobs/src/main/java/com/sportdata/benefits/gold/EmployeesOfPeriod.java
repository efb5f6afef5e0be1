package com.sportdata.benefits.gold;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.context.RunContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Map;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.when;

/**
 * The employees counted in each benefit period, with the HR data the run chose ({@code pipeline.hr-snapshot}):
 * the latest HR file, or the HR file in force when the period ended. One row per employee hired before the
 * period ends, with the period's columns.
 */
final class EmployeesOfPeriod {
    private EmployeesOfPeriod() {
    }

    static Dataset<Row> frame(Map<TableId, Dataset<Row>> inputs, Dataset<Row> periods, RunContext run) {
        Dataset<Row> employees = inputs.get(Tables.EMPLOYEES);
        Dataset<Row> perPeriod;
        if (run.hrSnapshot() == AppConfig.HrSnapshot.PERIOD_END) {
            Dataset<Row> history = inputs.get(Tables.EMPLOYEES_HISTORY);
            if (history == null) {
                throw new IllegalStateException("hr-snapshot = period-end needs " + Tables.EMPLOYEES_HISTORY + ": run the pipeline first");
            }
            // the period ends at midnight, office time, of its first day after
            Dataset<Row> snapshotOfPeriod = periods.select("benefit_year", "period_end_exclusive")
                    .crossJoin(history.select("snapshot_seq", "valid_from").distinct())
                    .groupBy("benefit_year")
                    .agg(max(when(col("valid_from").lt(to_utc_timestamp(col("period_end_exclusive").cast("timestamp"),
                            run.timeZone().getId())), col("snapshot_seq"))).as("_in_force"), min("snapshot_seq").as("_earliest"))
                    .select(col("benefit_year"), coalesce(col("_in_force"), col("_earliest")).as("snapshot_seq"));
            perPeriod = history.join(snapshotOfPeriod, GoldColumns.joinKeys("snapshot_seq"))
                    .selectExpr(withYear(employees.columns()))
                    .join(periods, GoldColumns.joinKeys("benefit_year"));
        } else {
            perPeriod = employees.crossJoin(periods);
        }
        return perPeriod.filter(col("hire_date").lt(col("period_end_exclusive")));
    }

    private static String[] withYear(String[] columns) {
        String[] all = java.util.Arrays.copyOf(columns, columns.length + 1);
        all[columns.length] = "benefit_year";
        return all;
    }
}
