package com.sportdata.benefits.spark;

import com.sportdata.benefits.config.AppConfig;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/** Builds the SparkSession from the configuration, with Delta enabled. Sets a master only when configured. */
public final class SparkSessions {
    private SparkSessions() {
    }

    public static SparkSession create(AppConfig.SparkSettings settings) {
        return create(settings, java.util.Map.of());
    }

    /**
     * @param hadoop Hadoop properties for the lake's file system (S3A's), set as {@code spark.hadoop.*} so executors
     *               get them too; Spark redacts the secret ones in its UI and event logs
     */
    public static SparkSession create(AppConfig.SparkSettings settings, java.util.Map<String, String> hadoop) {
        SparkSession.Builder builder = SparkSession.builder()
                .appName(settings.appName())
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.shuffle.partitions", settings.shufflePartitions());
        // SPARK_LOCAL_DIRS (set by the launcher, or a cluster manager) wins over spark.local.dir anyway
        if (System.getenv("SPARK_LOCAL_DIRS") == null) {
            builder.config("spark.local.dir", Path.of(settings.localDir()).toAbsolutePath().toString());
        }
        hadoop.forEach((key, value) -> builder.config("spark.hadoop." + key, value));
        // an empty value means "let Spark decide" (e.g. SPARK_DRIVER_HOST= on a cluster of several machines); what the
        // configuration's spark.conf says wins over the lake's derived Hadoop properties
        settings.conf().forEach((key, value) -> {
            if (!value.isBlank()) {
                builder.config(key, value);
            }
        });
        if (!settings.master().isEmpty()) {
            builder.master(settings.master());
        }
        return builder.getOrCreate();
    }
}
