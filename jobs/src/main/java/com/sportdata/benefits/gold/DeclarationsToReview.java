package com.sportdata.benefits.gold;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableContract;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.pipeline.WriteMode;
import com.sportdata.benefits.quality.QualityCheck;
import com.sportdata.benefits.rules.BonusStatus;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.Map;

import static com.sportdata.benefits.quality.QualityCheck.unique;
import static com.sportdata.benefits.quality.QualityCheck.complete;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

/**
 * Declarations HR should check. Grain: one row per employee, benefit year and reason:
 * a sporty mode over its distance limit, a sporty mode whose distance is unknown, an address matched
 * to no commune, or an address whose postcode is missing or contradicts the town (matched by one alone).
 */
public final class DeclarationsToReview implements TableJob {
    /** What PowerBI, the BI export and the notebooks read: checked before every write (see {@link TableContract}). */
    public static final TableContract CONTRACT = TableContract.of(Tables.DECLARATIONS_TO_REVIEW, "one row per employee, benefit year and reason", String.join(",",
            "employee_id BIGINT NOT NULL", "benefit_year INT NOT NULL", "bu STRING NOT NULL", "commute_mode STRING",
            "commute_distance_km DOUBLE", "distance_limit_km DECIMAL(8,2)", "distance_provider STRING", "distance_confidence STRING",
            "geocode_method STRING", "bonus_status STRING", "reason_code STRING NOT NULL", "reason STRING", "rules_hash STRING",
            "run_id STRING NOT NULL"));

    @Override
    public java.util.Optional<TableContract> contract() {
        return java.util.Optional.of(CONTRACT);
    }

    public static final String OVER_DISTANCE_LIMIT = "OVER_DISTANCE_LIMIT";
    public static final String DISTANCE_UNKNOWN = "DISTANCE_UNKNOWN";
    public static final String ADDRESS_UNRESOLVED = "ADDRESS_UNRESOLVED";
    public static final String ADDRESS_POSTCODE_MISMATCH = "ADDRESS_POSTCODE_MISMATCH";

    @Override
    public TableId target() {
        return Tables.DECLARATIONS_TO_REVIEW;
    }

    @Override
    public List<TableId> inputs() {
        return List.of(Tables.FCT_EMPLOYEE_BENEFITS);
    }

    @Override
    public WriteMode writeMode(RunContext run) {
        return new WriteMode.ReplaceWhere(Periods.predicate(run), List.of());
    }

    @Override
    public Dataset<Row> transform(Map<TableId, Dataset<Row>> inputs, RunContext run) {
        Dataset<Row> fct = Periods.only(inputs.get(Tables.FCT_EMPLOYEE_BENEFITS), run);
        Column km = format_number(col("commute_distance_km"), 1);
        Column limit = format_number(col("distance_limit_km"), 0);
        Column reasons = array_compact(array(
                when(col("bonus_status").equalTo(BonusStatus.OVER_DISTANCE_LIMIT.name()), struct(lit(OVER_DISTANCE_LIMIT).as("code"),
                        concat(lit("declared "), col("commute_mode"), lit(" but lives "), km, lit(" km from the office (limit "),
                                limit, lit(" km)")).as("text"))),
                when(col("bonus_status").equalTo(BonusStatus.DISTANCE_UNKNOWN.name()), struct(lit(DISTANCE_UNKNOWN).as("code"),
                        concat(lit("declared "), col("commute_mode"), lit(" but the home-office distance could not be determined"))
                                .as("text"))),
                when(col("home_insee_code").isNull(), struct(lit(ADDRESS_UNRESOLVED).as("code"),
                        lit("home address matched to no commune").as("text"))),
                when(col("geocode_method").isin("TOWN_ONLY", "POSTCODE_ONLY"), struct(lit(ADDRESS_POSTCODE_MISMATCH).as("code"),
                        concat(lit("postcode missing or inconsistent with the town; commune found by "),
                                when(col("geocode_method").equalTo("TOWN_ONLY"), lit("town name")).otherwise(lit("postcode")),
                                lit(" only")).as("text")))));
        return fct.withColumn("_reason", explode(reasons))
                .select(col("employee_id"), col("benefit_year"), col("bu"), col("commute_mode"), col("commute_distance_km"),
                        col("distance_limit_km"), col("distance_provider"), col("distance_confidence"), col("geocode_method"),
                        col("bonus_status"), col("_reason.code").as("reason_code"), col("_reason.text").as("reason"),
                        col("rules_hash"), lit(run.runId()).as("run_id"));
    }

    @Override
    public List<QualityCheck> checks(Dataset<Row> published, Map<TableId, Dataset<Row>> inputs, RunContext run) {
        return List.of(QualityCheck.error("one row per employee, year and reason", "the grain HR works from",
                        unique("employee_id", "benefit_year", "reason_code")),
                QualityCheck.error("reason given", "HR must know what to check", complete("reason")));
    }
}
