package com.sportdata.benefits.silver;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.pipeline.WriteMode;
import com.sportdata.benefits.quality.QualityCheck;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

import java.util.List;
import java.util.Map;

import static com.sportdata.benefits.quality.QualityCheck.mostly;
import static com.sportdata.benefits.silver.SilverColumns.reasonWhen;
import static com.sportdata.benefits.silver.SilverColumns.reasons;
import static com.sportdata.benefits.spark.RuleUdfs.townKey;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;

/**
 * The La Poste postcode base, used to geocode a home address to its commune centroid. Grain: one row
 * per (INSEE code, postcode, line 5) of the most recently ingested postcode file (a new file replaces the
 * previous base). Rows without coordinates are kept
 * (the commune is still recognised; its distance stays unknown); rows without postcode or commune are rejected.
 */
public final class SilverPostcodes implements TableJob {

    @Override
    public String grain() {
        return "one row per (INSEE code, postcode, line 5) of the latest postcode file";
    }

    @Override
    public TableId target() {
        return Tables.POSTCODES;
    }

    @Override
    public List<TableId> inputs() {
        return List.of(Tables.REFERENCE_POSTCODES);
    }

    @Override
    public WriteMode writeMode(RunContext run) {
        return new WriteMode.Overwrite(List.of());
    }

    @Override
    public Dataset<Row> transform(Map<TableId, Dataset<Row>> inputs, RunContext run) {
        Dataset<Row> bronze = inputs.get(Tables.REFERENCE_POSTCODES);
        Dataset<Row> latest = SilverColumns.latestSnapshot(bronze, col("insee_code"), col("postcode"), col("line_5"))
                .drop(SilverColumns.DUPLICATES_IN_FILE);
        return latest.select(
                        trim(col("insee_code")).as("insee_code"),
                        trim(col("commune")).as("commune"),
                        trim(col("postcode")).as("postcode"),
                        trim(col("line_5")).as("line_5"),
                        townKey(col("commune")).as("town_key"),
                        townKey(col("line_5")).as("line_5_key"),
                        trim(split(col("gps"), ",").getItem(0)).cast(DataTypes.DoubleType).as("latitude"),
                        trim(split(col("gps"), ",").getItem(1)).cast(DataTypes.DoubleType).as("longitude"),
                        SilverColumns.rawRow(latest),
                        col("_source_file"), col("_source_row"), col("_ingested_at"), col("_run_id"))
                .withColumn(REJECT_REASONS, reasons(
                        reasonWhen(col("postcode").isNull().or(col("town_key").isNull()), "postcode or commune missing")))
                .dropDuplicates("insee_code", "postcode", "line_5");
    }

    @Override
    public List<QualityCheck> checks(Dataset<Row> published, Map<TableId, Dataset<Row>> inputs, RunContext run) {
        return List.of(QualityCheck.warning("coordinates mostly present", "La Poste leaves ~0.7 % of communes without coordinates; "
                + "more means a broken file", mostly("latitude IS NOT NULL AND longitude IS NOT NULL", 0.99)));
    }
}
