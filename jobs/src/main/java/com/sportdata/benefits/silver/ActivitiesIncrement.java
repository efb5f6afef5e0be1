package com.sportdata.benefits.silver;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.pipeline.IncrementalJob;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.pipeline.TableWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Date;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.lit;

/**
 * Which part of {@code silver.activities} new inputs touch, so that only that part is recomputed and merged in —
 * with exactly the rows a whole recomputation would give. An activity's row depends on the other versions of its
 * id (the latest file wins), on its employee being in HR, on the employee's other activities (overlaps) and on the
 * as-of date; so the part is a set of employees, whole:
 * <ul>
 *   <li>the employees of the rows that arrived since the table's publication (bronze rows of files it did not read);</li>
 *   <li>the employees of every earlier version of those rows' ids (an activity moved to another employee, or
 *   superseded by an unreadable row);</li>
 *   <li>the employees a new HR snapshot adds or removes (their quarantined activities are released, or theirs are
 *   quarantined);</li>
 *   <li>for a later as-of date: the employees with an activity leaving the benefit window, or one quarantined for a
 *   date now reached.</li>
 * </ul>
 * The transform then sees every bronze row of those employees and of the ids they share; rows without a readable
 * employee id follow their file. When the part is more than half the company, the whole table is recomputed.
 */
final class ActivitiesIncrement {
    private static final Logger LOG = LoggerFactory.getLogger(ActivitiesIncrement.class);
    private static final String ID = "_id";

    private ActivitiesIncrement() {
    }

    static Optional<IncrementalJob.Increment> of(Map<TableId, Dataset<Row>> inputs, IncrementalJob.Published published, RunContext run) {
        TableWriter writer = published.writer();
        Map<String, Long> then = published.lineage().inputs();
        String employeesKey = writer.paths().relative(Tables.EMPLOYEES);
        Dataset<Row> csv = inputs.get(Tables.ACTIVITIES_CSV);
        Dataset<Row> strava = inputs.get(Tables.STRAVA_ACTIVITIES);
        Dataset<Row> employees = inputs.get(Tables.EMPLOYEES);
        Dataset<Row> read = filesRead(writer, then);
        if (csv == null || strava == null || employees == null || !then.containsKey(employeesKey) || read == null) {
            return Optional.empty();
        }
        Dataset<Row> keys = keys(csv, SilverActivities.csvId(), SilverActivities.csvEmployee())
                .unionByName(keys(strava, SilverActivities.stravaId(), SilverActivities.stravaEmployee()));
        Dataset<Row> fresh = keys.join(read, new String[] {"_source_file", "_ingested_at"}, "left_anti");
        Dataset<Row> freshIds = fresh.select(col("activity_id").as(ID)).distinct();

        List<Dataset<Row>> touched = new ArrayList<>();
        touched.add(fresh.select("employee_id"));
        touched.add(keys.join(freshIds, keys.col("activity_id").eqNullSafe(freshIds.col(ID))).select("employee_id"));
        Dataset<Row> before = writer.readAt(Tables.EMPLOYEES, then.get(employeesKey)).select("employee_id");
        Dataset<Row> now = employees.select("employee_id");
        touched.add(before.except(now).union(now.except(before)));
        if (run.asOfDate().isAfter(published.lineage().asOfDate())) {
            Date windowStart = Date.valueOf(run.asOfDate().minusDays(run.quality().activityMaxAgeDays()));
            touched.add(published.rows().filter(col("activity_date").lt(lit(windowStart))).select("employee_id"));
            if (published.quarantined() != null) {
                Dataset<Row> waiting = published.quarantined().filter(exists(col("reasons"), r -> r.contains("as-of date")));
                touched.add(keys.join(waiting, keys.col("_source_file").equalTo(waiting.col("source_file"))
                        .and(keys.col(TableJob.RAW_ROW).equalTo(waiting.col("row_as_received")))).select(keys.col("employee_id")));
            }
        }
        List<Long> part = touched.stream().reduce(Dataset::union).orElseThrow().filter(col("employee_id").isNotNull()).distinct()
                .as(Encoders.LONG()).collectAsList();
        long company = now.count();
        if (part.size() * 2L > Math.max(company, 1)) {
            LOG.info("silver.activities: the new inputs touch {} of {} employees: recomputed whole", part.size(), company);
            return Optional.empty();
        }
        Dataset<Row> inPart = csv.sparkSession().createDataset(part, Encoders.LONG()).toDF("employee_id");
        Dataset<Row> ids = keys.join(broadcast(inPart), new String[] {"employee_id"}).select(col("activity_id").as(ID))
                .union(freshIds).distinct();
        Dataset<Row> covered = ofPart(keys.join(ids, keys.col("activity_id").eqNullSafe(ids.col(ID))), inPart)
                .select(col("_source_file"), col(TableJob.RAW_ROW));

        Map<TableId, Dataset<Row>> restricted = new LinkedHashMap<>(inputs);
        restricted.put(Tables.ACTIVITIES_CSV, csv.join(ids, SilverActivities.csvId().eqNullSafe(ids.col(ID)), "left_semi"));
        restricted.put(Tables.STRAVA_ACTIVITIES, strava.join(ids, SilverActivities.stravaId().eqNullSafe(ids.col(ID)), "left_semi"));
        Dataset<Row> replaced = published.rows().join(broadcast(inPart), new String[] {"employee_id"}, "left_semi").select("activity_id");
        String description = part.size() + " employee" + (part.size() == 1 ? "" : "s") + " of " + company;
        return Optional.of(new IncrementalJob.Increment(restricted, out -> ofPart(out, inPart), replaced, covered, List.of("activity_id"),
                description));
    }

    /** The rows of the part's employees, and those without an employee id (they follow their file), columns as they were. */
    private static Dataset<Row> ofPart(Dataset<Row> rows, Dataset<Row> part) {
        Column[] columns = java.util.Arrays.stream(rows.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
        return rows.join(broadcast(part.withColumn("_in_part", lit(true))), new String[] {"employee_id"}, "left")
                .filter(col("_in_part").or(col("employee_id").isNull()))
                .select(columns);
    }

    /** Per bronze row: the activity id and employee id as the transform reads them, and where the row came from. */
    private static Dataset<Row> keys(Dataset<Row> bronze, Column id, Column employee) {
        return bronze.select(id.as("activity_id"), employee.cast(DataTypes.LongType).as("employee_id"), col("_source_file"),
                col("_ingested_at"), SilverColumns.rawRow(bronze));
    }

    /** The (file, ingestion time) pairs of the bronze activity tables at the versions the publication read. */
    private static Dataset<Row> filesRead(TableWriter writer, Map<String, Long> then) {
        Dataset<Row> files = null;
        for (TableId table : List.of(Tables.ACTIVITIES_CSV, Tables.STRAVA_ACTIVITIES)) {
            Long version = then.get(writer.paths().relative(table));
            if (version != null) {
                Dataset<Row> read = writer.readAt(table, version).select("_source_file", "_ingested_at").distinct();
                files = files == null ? read : files.union(read);
            }
        }
        return files == null ? null : broadcast(files.distinct());
    }
}
