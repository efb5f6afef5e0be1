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
import static com.sportdata.benefits.quality.QualityCheck.satisfies;
import static com.sportdata.benefits.silver.SilverColumns.DUPLICATES_IN_FILE;
import static com.sportdata.benefits.silver.SilverColumns.reasonWhen;
import static com.sportdata.benefits.silver.SilverColumns.reasons;
import static com.sportdata.benefits.silver.SilverColumns.wholeNumber;
import static com.sportdata.benefits.spark.RuleUdfs.cleanName;
import static com.sportdata.benefits.spark.RuleUdfs.sport;
import static com.sportdata.benefits.spark.RuleUdfs.sportLabel;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;

/**
 * Declared sports, normalised to the canonical list ({@code Runing} → RUNNING). Grain: one row per
 * employee listed in the latest declarations file; {@code sport} is null when the employee declares none.
 */
public final class SilverSportDeclarations implements TableJob {

    @Override
    public String grain() {
        return "one row per employee listed in the latest declarations file";
    }

    @Override
    public TableId target() {
        return Tables.SPORT_DECLARATIONS;
    }

    @Override
    public List<TableId> inputs() {
        return List.of(Tables.HR_SPORT_DECLARATIONS);
    }

    @Override
    public WriteMode writeMode(RunContext run) {
        return new WriteMode.Overwrite(List.of());
    }

    @Override
    public Dataset<Row> transform(Map<TableId, Dataset<Row>> inputs, RunContext run) {
        Dataset<Row> latest = SilverColumns.latestSnapshot(inputs.get(Tables.HR_SPORT_DECLARATIONS), trim(col("employee_id")));
        return latest.withColumn(RAW_ROW, SilverColumns.rawRow(latest))
                .select(
                        wholeNumber(col("employee_id")).as("employee_id"),
                        cleanName(col("sport")).as("sport_raw"),
                        sport(col("sport"), run.activities().sportAliases()).as("sport"),
                        col("employee_id").as("_employee_id_raw"),
                        col(DUPLICATES_IN_FILE),
                        col(RAW_ROW),
                        col("_source_file"), col("_source_row"), col("_ingested_at"), col("_run_id"))
                .withColumn("sport_label", sportLabel(col("sport")))
                .withColumn("has_declared_sport", col("sport").isNotNull())
                .withColumn(REJECT_REASONS, reasons(
                        reasonWhen(col("employee_id").isNull(), concat(lit("employee_id missing or not a whole number: '"),
                                coalesce(col("_employee_id_raw"), lit("")), lit("'"))),
                        reasonWhen(col(DUPLICATES_IN_FILE).gt(1), "employee_id appears more than once in the same declarations file"),
                        reasonWhen(col("sport_raw").isNotNull().and(col("sport").isNull()), SilverColumns.unknownSport(col("sport_raw")))))
                .drop("_employee_id_raw", DUPLICATES_IN_FILE);
    }

    @Override
    public List<QualityCheck> checks(Dataset<Row> published, Map<TableId, Dataset<Row>> inputs, RunContext run) {
        return List.of(QualityCheck.error("employee_id unique", "one declaration per employee", unique("employee_id")),
                QualityCheck.warning("declarations match HR", "a declaration for someone not in HR is ignored",
                        satisfies("employee_id IS NOT NULL")));
    }
}
