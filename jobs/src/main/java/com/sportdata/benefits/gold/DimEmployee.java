package com.sportdata.benefits.gold;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableContract;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.pipeline.WriteMode;
import com.sportdata.benefits.quality.QualityCheck;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.Map;

import static com.sportdata.benefits.quality.QualityCheck.unique;
import static com.sportdata.benefits.quality.QualityCheck.complete;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;

/**
 * Employees as PowerBI shows them: personal data (names), kept apart from the aggregate tables so access
 * to it can be granted separately. No salary, birth date or street address. Grain: one row per employee
 * (current state; replaced entirely each run).
 */
public final class DimEmployee implements TableJob {
    /** What PowerBI, the BI export and the notebooks read: checked before every write (see {@link TableContract}). */
    public static final TableContract CONTRACT = TableContract.of(Tables.DIM_EMPLOYEE, "one row per employee", String.join(",",
            "employee_id BIGINT NOT NULL", "first_name STRING", "last_name STRING", "full_name STRING", "bu STRING",
            "contract_type STRING", "hire_date DATE", "commute_mode STRING", "commute_mode_label STRING", "home_town STRING",
            "declared_sport STRING", "declared_sport_label STRING"));

    @Override
    public java.util.Optional<TableContract> contract() {
        return java.util.Optional.of(CONTRACT);
    }


    @Override
    public TableId target() {
        return Tables.DIM_EMPLOYEE;
    }

    @Override
    public List<TableId> inputs() {
        return List.of(Tables.EMPLOYEES, Tables.SPORT_DECLARATIONS);
    }

    @Override
    public WriteMode writeMode(RunContext run) {
        return new WriteMode.Overwrite(List.of());
    }

    @Override
    public Dataset<Row> transform(Map<TableId, Dataset<Row>> inputs, RunContext run) {
        Dataset<Row> sports = inputs.get(Tables.SPORT_DECLARATIONS) == null
                ? null
                : inputs.get(Tables.SPORT_DECLARATIONS).select(col("employee_id"), col("sport").as("declared_sport"),
                        col("sport_label").as("declared_sport_label"));
        Dataset<Row> employees = inputs.get(Tables.EMPLOYEES).select(
                col("employee_id"), col("first_name"), col("last_name"),
                concat_ws(" ", col("first_name"), col("last_name")).as("full_name"),
                col("bu"), col("contract_type"), col("hire_date"), col("commute_mode"), col("commute_mode_label"),
                col("town").as("home_town"));
        if (sports == null) {
            return employees.withColumn("declared_sport", org.apache.spark.sql.functions.lit(null).cast("string"))
                    .withColumn("declared_sport_label", org.apache.spark.sql.functions.lit(null).cast("string"));
        }
        return employees.join(sports, GoldColumns.joinKeys("employee_id"), "left");
    }

    @Override
    public List<QualityCheck> checks(Dataset<Row> published, Map<TableId, Dataset<Row>> inputs, RunContext run) {
        return List.of(QualityCheck.error("employee_id unique", "the dimension's key", unique("employee_id")),
                QualityCheck.error("full name present", "PowerBI shows people by name", complete("full_name")));
    }
}
