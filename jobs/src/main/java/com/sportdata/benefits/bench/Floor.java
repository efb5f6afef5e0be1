package com.sportdata.benefits.bench;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.year;

/**
 * The floor of the scale benchmark: the least a Spark job must do with the same activity files — read the CSV,
 * keep one row per activity id, count activities per employee and year, write the counts as Delta. No typing
 * beyond that, no quality, no quarantine, no HR join: what the product costs above this is its own work.
 */
public final class Floor {
    private Floor() {
    }

    /** @return the number of (employee, year) counts written */
    public static long run(SparkSession spark, String activitiesGlob, String target) {
        Dataset<Row> activities = spark.read().option("header", "true").option("sep", ",").csv(activitiesGlob);
        Dataset<Row> counts = activities.dropDuplicates("ID")
                .withColumn("year", year(to_timestamp(col("Date de début de l'activité"), "yyyy-MM-dd HH:mm:ss")))
                .groupBy(col("ID salarié").as("employee_id"), col("year"))
                .agg(count(lit(1)).as("activities"));
        counts.write().format("delta").mode("overwrite").save(target);
        return spark.read().format("delta").load(target).count();
    }
}
