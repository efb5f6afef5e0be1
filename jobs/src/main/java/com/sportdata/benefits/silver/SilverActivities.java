package com.sportdata.benefits.silver;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.pipeline.RunContext;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.pipeline.WriteMode;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

import java.util.List;
import java.util.Map;

import static com.sportdata.benefits.silver.SilverColumns.DUPLICATES_IN_FILE;
import static com.sportdata.benefits.silver.SilverColumns.localDateTime;
import static com.sportdata.benefits.silver.SilverColumns.reasonWhen;
import static com.sportdata.benefits.silver.SilverColumns.reasons;
import static com.sportdata.benefits.silver.SilverColumns.wholeNumber;
import static com.sportdata.benefits.spark.RuleUdfs.benefitYear;
import static com.sportdata.benefits.spark.RuleUdfs.cleanName;
import static com.sportdata.benefits.spark.RuleUdfs.sport;
import static com.sportdata.benefits.spark.RuleUdfs.sportHasDistance;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.unix_timestamp;

/**
 * Activities from both landing shapes (the business's CSV and Strava-shaped JSON) in one typed table.
 * Grain: one row per activity id (a later file carrying the same id supersedes the earlier one).
 * Times are absolute ({@code started_at}, UTC); {@code activity_date} and {@code benefit_year} are read in
 * the office's time zone. Rejected: unreadable lines, unknown employee or sport, end before start,
 * negative distance, dates after the run's as-of date, an id repeated inside one file.
 */
public final class SilverActivities implements TableJob {

    @Override
    public TableId target() {
        return Tables.ACTIVITIES;
    }

    @Override
    public List<TableId> inputs() {
        return List.of(Tables.ACTIVITIES_CSV, Tables.STRAVA_ACTIVITIES, Tables.EMPLOYEES);
    }

    @Override
    public WriteMode writeMode(RunContext run) {
        return new WriteMode.Overwrite(List.of());
    }

    @Override
    public Dataset<Row> transform(Map<TableId, Dataset<Row>> inputs, RunContext run) {
        String tz = run.timeZone().getId();
        Dataset<Row> csv = inputs.get(Tables.ACTIVITIES_CSV);
        Dataset<Row> fromCsv = csv.select(
                trim(col("id")).as("activity_id"),
                wholeNumber(col("employee_id")).as("employee_id"),
                col("employee_id").as("_employee_raw"),
                cleanName(col("type")).as("sport_raw"),
                lit(null).cast(DataTypes.StringType).as("activity_name"),
                to_utc_timestamp(localDateTime(col("start_date")), tz).as("started_at"),
                col("start_date").as("_start_raw"),
                to_utc_timestamp(localDateTime(col("end_date")), tz).as("ended_at"),
                col("end_date").as("_end_raw"),
                trim(col("distance_m")).cast(DataTypes.DoubleType).as("distance_m"),
                cleanName(col("comment")).as("comment"),
                lit("csv").as("source_format"),
                lit(null).cast(DataTypes.StringType).as("_corrupt"),
                SilverColumns.rawRow(csv),
                col("_source_file"), col("_source_row"), col("_ingested_at"), col("_run_id"));

        Dataset<Row> strava = inputs.get(Tables.STRAVA_ACTIVITIES);
        Column start = coalesce(trim(col("start_date")).cast(DataTypes.TimestampType),
                to_utc_timestamp(localDateTime(SilverColumns.stripZone(col("start_date_local"))), tz));
        Dataset<Row> fromStrava = strava.select(
                col("id").cast(DataTypes.StringType).as("activity_id"),
                col("athlete_id").as("employee_id"),
                col("athlete_id").cast(DataTypes.StringType).as("_employee_raw"),
                cleanName(coalesce(col("sport_type"), col("type"))).as("sport_raw"),
                cleanName(col("name")).as("activity_name"),
                start.as("started_at"),
                coalesce(col("start_date"), col("start_date_local")).as("_start_raw"),
                timestamp_seconds(unix_timestamp(start).plus(col("elapsed_time"))).as("ended_at"),
                col("elapsed_time").cast(DataTypes.StringType).as("_end_raw"),
                col("distance").as("distance_m"),
                cleanName(col("description")).as("comment"),
                lit("strava_json").as("source_format"),
                col("_corrupt_record").as("_corrupt"),
                SilverColumns.rawRow(strava),
                col("_source_file"), col("_source_row"), col("_ingested_at"), col("_run_id"));

        Dataset<Row> employees = inputs.get(Tables.EMPLOYEES).select(col("employee_id").as("_known_employee"));
        Dataset<Row> all = SilverColumns.latestFilePerKey(fromCsv.unionByName(fromStrava), col("activity_id"))
                .join(broadcast(employees), col("employee_id").equalTo(col("_known_employee")), "left")
                .withColumn("sport", sport(col("sport_raw")))
                .withColumn("activity_date", to_date(from_utc_timestamp(col("started_at"), tz)))
                .withColumn("elapsed_s", unix_timestamp(col("ended_at")).minus(unix_timestamp(col("started_at"))))
                .withColumn("distance_km", col("distance_m").divide(1000))
                .withColumn("benefit_year", benefitYear(col("activity_date"), run.rules().periods()))
                .withColumn("sport_has_distance", sportHasDistance(col("sport")));

        Column corrupt = col("_corrupt").isNotNull();
        Column parsed = col("_corrupt").isNull();
        return all.withColumn(REJECT_REASONS, reasons(
                        reasonWhen(corrupt, concat(lit("malformed JSON line: "), col("_corrupt"))),
                        reasonWhen(parsed.and(col("activity_id").isNull().or(col("activity_id").equalTo(""))), "activity id missing"),
                        reasonWhen(parsed.and(col(DUPLICATES_IN_FILE).gt(1)), "activity id appears more than once in the same file"),
                        reasonWhen(parsed.and(col("employee_id").isNull()), concat(lit("employee id missing or not a whole number: '"),
                                coalesce(col("_employee_raw"), lit("")), lit("'"))),
                        reasonWhen(col("employee_id").isNotNull().and(col("_known_employee").isNull()),
                                concat(lit("employee "), col("employee_id"), lit(" is not in the HR file"))),
                        reasonWhen(parsed.and(col("sport").isNull()), concat(lit("unknown sport '"),
                                coalesce(col("sport_raw"), lit("")), lit("'"))),
                        reasonWhen(parsed.and(col("started_at").isNull()), concat(lit("start date missing or unreadable: '"),
                                coalesce(col("_start_raw"), lit("")), lit("'"))),
                        reasonWhen(parsed.and(col("ended_at").isNull()), concat(lit("end date or duration missing or unreadable: '"),
                                coalesce(col("_end_raw"), lit("")), lit("'"))),
                        reasonWhen(col("ended_at").lt(col("started_at")), "ends before it starts"),
                        reasonWhen(col("distance_m").lt(0), "negative distance"),
                        reasonWhen(col("activity_date").gt(lit(java.sql.Date.valueOf(run.asOfDate()))),
                                "dated after the run's as-of date " + run.asOfDate())))
                .drop("_employee_raw", "_start_raw", "_end_raw", "_corrupt", "_known_employee", DUPLICATES_IN_FILE);
    }
}
