package com.sportdata.benefits.testing;

import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.generate.Generator;
import com.sportdata.benefits.run.Pipeline;
import com.sportdata.benefits.run.Scenario;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * One lake per Maven run, shared by its test JVMs, for the tests that only read gold (the PowerBI contract, the BI export, Delta protocol):
 * a generated company of 90 employees run once as of 2026-06-30, plus one scenario so every gold table exists.
 * Tests must not write into it (an export goes to a folder of its own). It stays at {@code jobs/target/bi-lake} after
 * the suite: CI runs the notebooks against it ({@code scripts/notebooks --lake jobs/target/bi-lake}).
 */
public final class BiLake extends SparkTest {
    private static Path lake;

    private BiLake() {
    }

    public static synchronized Path get() {
        if (lake == null) {
            Path dir = Path.of("target", "bi-lake").toAbsolutePath();
            // the suite runs its classes in several JVMs: the first to get here builds the lake for the Maven run
            // (sportbenefits.build.id, the same in each JVM), the others wait for it and read it
            String build = System.getProperty("sportbenefits.build.id", "");
            Path built = dir.resolveSibling("bi-lake.built");
            try (FileChannel channel = FileChannel.open(dir.resolveSibling("bi-lake.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                boolean current = !build.isEmpty() && Files.exists(built) && Files.readString(built).equals(build);
                if (!current) {
                    Files.deleteIfExists(built);
                    deleteTree(dir);
                    AppConfig config = config(dir);
                    new Generator(config).writeLanding(null, null);
                    new Pipeline(spark(), config).run("run");
                    AppConfig scenario = SparkTest.config(Map.of("lake.root", dir.toString(), "pipeline.as-of-date", "2026-06-30",
                            "rules.bonus.rate", "0.06", "rules.changes", "[]"));
                    new Scenario(spark(), scenario, "bi lake").run("taux-6");
                    Files.writeString(built, build);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            lake = dir;
        }
        return lake;
    }

    private static void deleteTree(Path dir) {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static AppConfig config(Path dir) {
        return SparkTest.config(Map.of("lake.root", dir.toString(), "pipeline.as-of-date", "2026-06-30",
                "generator.employees", "90", "generator.seed", "11"));
    }

    public static org.apache.spark.sql.SparkSession session() {
        return spark();
    }
}
