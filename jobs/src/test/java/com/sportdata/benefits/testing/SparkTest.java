package com.sportdata.benefits.testing;

import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.config.ConfigLoader;
import com.sportdata.benefits.spark.SparkSessions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One local SparkSession per test JVM (local[2], UI off, UTC), and helpers for tiny inline inputs. */
public abstract class SparkTest {
    private static SparkSession session;

    protected static synchronized SparkSession spark() {
        if (session == null) {
            Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "spark-local");
            AppConfig settings = config(Map.of("spark.local-dir", scratch.toString(), "spark.codegen", "off"));
            session = SparkSessions.create(settings.spark(), com.sportdata.benefits.catalog.LakeStorage.hadoopProperties(settings));
            // Test inputs are tiny and every query is new to the JVM: compiling its generated code (Janino, then the
            // JIT) cost more than running Spark's interpreted operators — a pipeline run of 60 employees took 20-30 %
            // less time without code generation. Runtime settings: a product command run in this JVM sets them by its
            // spark.codegen (auto: off for a test-sized lake), as the product's own processes do (spark/Codegen).
            com.sportdata.benefits.spark.Codegen.apply(session, settings.spark(), () -> 0L);
        }
        return session;
    }

    /**
     * Every Delta table a test class touched stays in Delta's log cache (its snapshot, cached state and encoders) for
     * an hour, up to 10 000 paths: across the suite's hundreds of throwaway lakes that filled a 3 GB heap and the
     * JVM spent more time in full GCs than in tests. After each class, forget them (the next read reloads the log).
     */
    @AfterAll
    static void forgetTheLakesOfThisClass() {
        synchronized (SparkTest.class) {
            if (session != null) {
                org.apache.spark.sql.delta.DeltaLog.clearCache();
                session.catalog().clearCache();
            }
        }
    }

    /** The project's configuration with test overrides: local[2], two shuffle partitions. */
    protected static AppConfig config(Map<String, String> overrides) {
        // the dashboard of every run is off unless a test asks for it: its own tests cover it, the others need not pay for it
        Map<String, String> all = new HashMap<>(Map.of("spark.master", "local[2]", "spark.shuffle-partitions", "2", "export.dashboard", "false",
                "metrics.publish", "false"));
        all.putAll(overrides);
        return ConfigLoader.load(List.of(), all);
    }

    /** A fresh, empty lake folder under target/ for one test class or method. */
    protected static Path newLake(String name) {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "test-lakes", name + "-" + System.nanoTime());
            Files.createDirectories(dir);
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    protected static Dataset<Row> frame(StructType schema, Object[]... rows) {
        List<Row> list = Arrays.stream(rows).map(RowFactory::create).toList();
        return spark().createDataFrame(list, schema);
    }

    protected static Dataset<Row> frame(String ddl, Object[]... rows) {
        return frame(StructType.fromDDL(ddl), rows);
    }

    protected static Object[] row(Object... values) {
        return values;
    }
}
