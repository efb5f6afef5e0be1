package com.sportdata.benefits.silver;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.quality.QualityCheck;
import com.sportdata.benefits.spark.ColumnMaps;
import com.sportdata.benefits.sport.Sport;
import org.apache.spark.sql.expressions.Window;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.IncrementalJob;
import com.sportdata.benefits.pipeline.WriteMode;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
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
import static com.sportdata.benefits.quality.QualityCheck.complete;
import static com.sportdata.benefits.quality.QualityCheck.containedIn;
import static com.sportdata.benefits.quality.QualityCheck.satisfies;
import static com.sportdata.benefits.quality.QualityCheck.unique;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
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
public final class SilverActivities implements IncrementalJob {
    private static final Map<String, Integer> MAX_SPEED = Arrays.stream(Sport.values()).filter(Sport::hasDistance)
            .collect(Collectors.toMap(Enum::name, Sport::maxSpeedKmh));

    @Override
    public List<QualityCheck> checks(Dataset<Row> published, Map<TableId, Dataset<Row>> inputs, RunContext run) {
        Dataset<Row> withEmployees = published.join(inputs.get(Tables.EMPLOYEES).select(col("employee_id"), lit(true).as("_in_hr")),
                new String[] {"employee_id"}, "left");
        Dataset<Row> withPrevious = published.withColumn("_previous_end",
                lag("ended_at", 1).over(Window.partitionBy("employee_id").orderBy("started_at", "activity_id")));
        String maxSpeed = "CASE sport " + MAX_SPEED.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> "WHEN '" + e.getKey() + "' THEN " + e.getValue()).collect(Collectors.joining(" ")) + " END";
        return List.of(
                QualityCheck.error("activity id unique", "an activity counts once towards wellness days", unique("activity_id")),
                QualityCheck.error("employee exists in HR", "join coherence: an activity belongs to an employee",
                        satisfies("_in_hr")).on(withEmployees),
                QualityCheck.error("sport known", "messages and KPIs are per sport",
                        containedIn("sport", Arrays.stream(Sport.values()).map(Enum::name).toList())),
                QualityCheck.error("distance not negative", "distances add up in KPIs", satisfies("distance_m IS NULL OR distance_m >= 0")),
                QualityCheck.warning("distance present exactly for distance sports", "a run without distance, or tennis with one, "
                        + "is usually a mis-typed sport", satisfies("sport_has_distance = (distance_m IS NOT NULL AND distance_m > 0)")),
                QualityCheck.error("ends after it starts", "a negative duration is a broken record", satisfies("ended_at >= started_at")),
                QualityCheck.error("within the benefit window", "no future activity, none older than the window",
                        satisfies("activity_date <= DATE'" + run.asOfDate() + "' AND activity_date >= DATE'"
                                + run.asOfDate().minusDays(run.quality().activityMaxAgeDays()) + "'")),
                QualityCheck.error("benefit year assigned", "every activity counts in exactly one benefit year", complete("benefit_year")),
                QualityCheck.error("duration plausible", "an activity lasts between a minute and " + run.quality().maxActivityHours() + " h",
                        satisfies("elapsed_s BETWEEN 60 AND " + run.quality().maxActivityHours() * 3600L)),
                QualityCheck.error("speed plausible for the sport", "a 100 km run in 20 min is not an activity",
                        satisfies("NOT coalesce(sport_has_distance, false) OR distance_km IS NULL OR elapsed_s <= 0 "
                                + "OR distance_km / (elapsed_s / 3600.0) <= " + maxSpeed)),
                QualityCheck.error("no overlapping activities", "one person does one activity at a time",
                        satisfies("_previous_end IS NULL OR _previous_end <= started_at")).on(withPrevious));
    }

    @Override
    public String grain() {
        return "one row per activity id (a later file carrying the same id supersedes the earlier one)";
    }

    @Override
    public TableId target() {
        return Tables.ACTIVITIES;
    }

    @Override
    public List<TableId> inputs() {
        return List.of(Tables.ACTIVITIES_CSV, Tables.STRAVA_ACTIVITIES, Tables.EMPLOYEES);
    }

    @Override
    public boolean dependsOnAsOfDate() {
        return true;
    }

    @Override
    public WriteMode writeMode(RunContext run) {
        return new WriteMode.Overwrite(List.of());
    }

    /** The activity id and the employee id of a row of each landing shape, as read here. */
    static Column csvId() {
        return trim(col("id"));
    }

    static Column csvEmployee() {
        return wholeNumber(col("employee_id"));
    }

    static Column stravaId() {
        return col("id").cast(DataTypes.StringType);
    }

    static Column stravaEmployee() {
        return col("athlete_id");
    }

    /** New activities: only the employees they (or a new HR snapshot, or a later as-of date) touch ({@link ActivitiesIncrement}). */
    @Override
    public java.util.Optional<Increment> increment(Map<TableId, Dataset<Row>> inputs, Published published, RunContext run) {
        return ActivitiesIncrement.of(inputs, published, run);
    }

    @Override
    public Dataset<Row> transform(Map<TableId, Dataset<Row>> inputs, RunContext run) {
        String tz = run.timeZone().getId();
        AppConfig.Quality q = run.quality();
        Dataset<Row> csv = inputs.get(Tables.ACTIVITIES_CSV);
        Dataset<Row> fromCsv = csv.select(
                csvId().as("activity_id"),
                csvEmployee().as("employee_id"),
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
                lit(false).as("_deleted"),
                lit(null).cast(DataTypes.StringType).as("_corrupt"),
                SilverColumns.rawRow(csv),
                col("_source_file"), col("_source_row"), col("_ingested_at"), col("_run_id"));

        Dataset<Row> strava = inputs.get(Tables.STRAVA_ACTIVITIES);
        Column start = coalesce(trim(col("start_date")).cast(DataTypes.TimestampType),
                to_utc_timestamp(localDateTime(SilverColumns.stripZone(col("start_date_local"))), tz));
        Dataset<Row> fromStrava = strava.select(
                stravaId().as("activity_id"),
                stravaEmployee().as("employee_id"),
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
                // a bronze table ingested before the webhook existed has no tombstone column
                (java.util.Arrays.asList(strava.columns()).contains("deleted") ? coalesce(col("deleted"), lit(false)) : lit(false)).as("_deleted"),
                col("_corrupt_record").as("_corrupt"),
                SilverColumns.rawRow(strava),
                col("_source_file"), col("_source_row"), col("_ingested_at"), col("_run_id"));

        Dataset<Row> employees = inputs.get(Tables.EMPLOYEES).select(col("employee_id").as("_known_employee"));
        // an activity whose latest file is a tombstone (deleted on Strava) leaves silver, as a corrected file replaces one
        Dataset<Row> all = SilverColumns.latestFilePerKey(fromCsv.unionByName(fromStrava), col("activity_id"))
                .filter(not(col("_deleted"))).drop("_deleted")
                .join(broadcast(employees), col("employee_id").equalTo(col("_known_employee")), "left")
                .withColumn("sport", sport(col("sport_raw"), run.activities().sportAliases()))
                .withColumn("activity_date", to_date(from_utc_timestamp(col("started_at"), tz)))
                .withColumn("elapsed_s", unix_timestamp(col("ended_at")).minus(unix_timestamp(col("started_at"))))
                .withColumn("distance_km", col("distance_m").divide(1000))
                .withColumn("benefit_year", benefitYear(col("activity_date"), run.rules().periods()))
                .withColumn("sport_has_distance", sportHasDistance(col("sport")))
                .withColumn("_max_kmh", ColumnMaps.lookup(col("sport"), MAX_SPEED, DataTypes.IntegerType))
                // the exact speed decides (the check on the published table holds it to the same bound); the message rounds it
                .withColumn("_kmh", when(col("elapsed_s").gt(0), col("distance_km").divide(col("elapsed_s").divide(3600.0))));

        Column corrupt = col("_corrupt").isNotNull();
        Column parsed = col("_corrupt").isNull();
        Dataset<Row> checked = all.withColumn(REJECT_REASONS, reasons(
                        reasonWhen(corrupt, concat(lit("malformed JSON line: "), col("_corrupt"))),
                        reasonWhen(parsed.and(col("activity_id").isNull().or(col("activity_id").equalTo(""))), "activity id missing"),
                        reasonWhen(parsed.and(col(DUPLICATES_IN_FILE).gt(1)), "activity id appears more than once in the same file"),
                        reasonWhen(parsed.and(col("employee_id").isNull()), concat(lit("employee id missing or not a whole number: '"),
                                coalesce(col("_employee_raw"), lit("")), lit("'"))),
                        reasonWhen(col("employee_id").isNotNull().and(col("_known_employee").isNull()),
                                concat(lit("employee "), col("employee_id"), lit(" is not in the HR file"))),
                        reasonWhen(parsed.and(col("sport").isNull()), SilverColumns.unknownSport(col("sport_raw"))),
                        reasonWhen(parsed.and(col("started_at").isNull()), concat(lit("start date missing or unreadable: '"),
                                coalesce(col("_start_raw"), lit("")), lit("'"))),
                        reasonWhen(parsed.and(col("ended_at").isNull()), concat(lit("end date or duration missing or unreadable: '"),
                                coalesce(col("_end_raw"), lit("")), lit("'"))),
                        reasonWhen(col("ended_at").lt(col("started_at")), "ends before it starts"),
                        reasonWhen(col("distance_m").lt(0), "negative distance"),
                        reasonWhen(col("activity_date").gt(lit(java.sql.Date.valueOf(run.asOfDate()))),
                                "dated after the run's as-of date " + run.asOfDate()),
                        reasonWhen(col("activity_date").lt(lit(java.sql.Date.valueOf(run.asOfDate().minusDays(q.activityMaxAgeDays())))),
                                "older than the benefit window (" + q.activityMaxAgeDays() + " days before " + run.asOfDate() + ")"),
                        reasonWhen(col("elapsed_s").gt(q.maxActivityHours() * 3600L), "lasts more than " + q.maxActivityHours() + " hours"),
                        reasonWhen(col("_max_kmh").gt(0).and(col("_kmh").gt(col("_max_kmh"))), concat(lit("average speed "),
                                round(col("_kmh"), 1).cast("string"), lit(" km/h is not plausible for "), col("sport"), lit(" (max "),
                                col("_max_kmh").cast("string"), lit(" km/h)")))));
        // An activity overlaps when it starts before an earlier valid activity of the same employee has ended — any
        // earlier one, not only the one just before it (which may itself be rejected, or end first): the published
        // rows of an employee then never overlap, as the check on the table requires. Rejected rows overlap nothing;
        // rows without an employee id are nobody's.
        Column validSoFar = functions.size(col(REJECT_REASONS)).equalTo(0).and(col("employee_id").isNotNull());
        WindowSpec earlier = Window.partitionBy(col("employee_id"), validSoFar).orderBy("started_at", "activity_id")
                .rowsBetween(Window.unboundedPreceding(), -1);
        return checked
                .withColumn("_previous_end", when(validSoFar, functions.max(col("ended_at")).over(earlier)))
                .withColumn("_previous_id", functions.max_by(col("activity_id"), col("ended_at")).over(earlier))
                .withColumn(REJECT_REASONS, when(col("_previous_end").gt(col("started_at")), functions.concat(col(REJECT_REASONS),
                        functions.array(concat(lit("overlaps activity "), col("_previous_id"), lit(" of the same employee")))))
                        .otherwise(col(REJECT_REASONS)))
                .drop("_employee_raw", "_start_raw", "_end_raw", "_corrupt", "_known_employee", DUPLICATES_IN_FILE,
                        "_max_kmh", "_kmh", "_previous_end", "_previous_id");
    }
}
