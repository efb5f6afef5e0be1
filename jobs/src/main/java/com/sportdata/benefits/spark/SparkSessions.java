package com.sportdata.benefits.spark;

import com.sportdata.benefits.config.AppConfig;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/** Builds the SparkSession from the configuration, with Delta enabled. Sets a master only when configured. */
public final class SparkSessions {
    private SparkSessions() {
    }

    public static SparkSession create(AppConfig.SparkSettings settings) {
        SparkSession.Builder builder = SparkSession.builder()
                .appName(settings.appName())
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.shuffle.partitions", settings.shufflePartitions());
        // SPARK_LOCAL_DIRS (set by the launcher, or a cluster manager) wins over spark.local.dir anyway
        if (System.getenv("SPARK_LOCAL_DIRS") == null) {
            builder.config("spark.local.dir", Path.of(settings.localDir()).toAbsolutePath().toString());
        }
        settings.conf().forEach(builder::config);
        if (!settings.master().isEmpty()) {
            builder.master(settings.master());
        }
        return builder.getOrCreate();
    }
}
