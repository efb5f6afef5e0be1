package com.sportdata.benefits.slack;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.bronze.BronzeSources;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.silver.SilverActivities;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;

/**
 * Turns newly ingested bronze activity rows into celebration posts. The rows go through the very transform
 * that builds {@code silver.activities} (so a row silver would quarantine is never announced), then only
 * activities that started within {@code announce-max-age-hours} are kept, and only the employee's first and
 * last name are taken from HR.
 */
public final class ActivityAnnouncer {
    private final SparkSession spark;
    private final MessageTemplates templates;
    private final Duration maxAge;

    public ActivityAnnouncer(SparkSession spark, MessageTemplates templates, Duration maxAge) {
        this.spark = spark;
        this.templates = templates;
        this.maxAge = maxAge;
    }

    /**
     * @param bronzeTable the bronze activity table the rows come from
     * @param newRows     its rows added since the last time
     * @param employees   silver employees (names)
     */
    public List<Outbox.NewPost> announce(TableId bronzeTable, Dataset<Row> newRows, Dataset<Row> employees, RunContext run, Instant now) {
        Map<TableId, Dataset<Row>> inputs = new HashMap<>();
        for (TableId table : List.of(Tables.ACTIVITIES_CSV, Tables.STRAVA_ACTIVITIES)) {
            inputs.put(table, table.equals(bronzeTable) ? newRows
                    : spark.createDataFrame(List.of(), BronzeSources.bronzeSchema(BronzeSources.byTarget(table).orElseThrow())));
        }
        inputs.put(Tables.EMPLOYEES, employees);
        Dataset<Row> typed = new SilverActivities().transform(inputs, run);
        Dataset<Row> valid = typed.filter(size(col(TableJob.REJECT_REASONS)).equalTo(0))
                .filter(col("started_at").geq(Timestamp.from(now.minus(maxAge))));
        Dataset<Row> named = valid.join(employees.select(col("employee_id").as("_e"), col("first_name"), col("last_name")),
                col("employee_id").equalTo(col("_e")), "inner");
        return named.select("activity_id", "employee_id", "first_name", "last_name", "sport", "distance_m", "elapsed_s", "comment",
                        "activity_date").collectAsList().stream()
                .map(r -> {
                    String activityId = r.getAs("activity_id");
                    long employeeId = r.getAs("employee_id");
                    ActivityEvent event = new ActivityEvent(ActivityEvent.eventIdOf(activityId, employeeId), activityId, employeeId,
                            r.getAs("first_name"), r.getAs("last_name"), r.getAs("sport"), r.getAs("distance_m"),
                            r.isNullAt(r.fieldIndex("elapsed_s")) ? 0 : r.<Long>getAs("elapsed_s"), r.getAs("comment"),
                            r.isNullAt(r.fieldIndex("activity_date")) ? null : r.<Date>getAs("activity_date").toLocalDate());
                    MessageTemplates.Message message = templates.render(event);
                    Post post = new Post(event.eventId(), Post.Channel.ACTIVITIES, "ACTIVITY", message.fallback(),
                            Payloads.json(Payloads.of(event.eventId(), message.main(), message.context(), message.fallback())), 0, false);
                    return new Outbox.NewPost(post, activityId, employeeId, run.runId());
                })
                .toList();
    }
}
