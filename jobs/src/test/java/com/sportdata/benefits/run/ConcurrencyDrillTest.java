package com.sportdata.benefits.run;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.cli.Main;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.generate.Generator;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.Processes;
import com.sportdata.benefits.testing.S3Proxy;
import com.sportdata.benefits.testing.SparkTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code run}, a {@code notify --follow} and a {@code backfill} started together on one lake, as real processes, for
 * a few rounds: each writer either finishes or is refused by the lock (exit 3, naming the holder), the follower keeps
 * taking turns, no Delta conflict or stack trace reaches anyone's output, and afterwards the lake is whole: a last
 * uninterrupted run succeeds and every gold table equals the one a lone run computes.
 *
 * <p>{@code -Ddrill.rounds} (default 3); {@code -Ddrill.lake-uri=s3proxy} puts the lake in a bucket of an s3proxy this
 * test starts and stops (the lock is then an object of the bucket, taken with a conditional write).
 */
@Tag("drill")
class ConcurrencyDrillTest extends SparkTest {
    private static final String AS_OF = "2026-06-30";

    @Test
    void a_run_a_follower_and_a_backfill_started_together_end_consistent_without_a_stack_trace() throws Exception {
        int rounds = Integer.getInteger("drill.rounds", 3);
        boolean onS3 = System.getProperty("drill.lake-uri", "").equals("s3proxy");
        Path work = newLake("concurrency");
        // the landing files are made in a local folder, then copied to the lake (a folder or a bucket prefix)
        Path source = work.resolve("source");
        AppConfig config = config(Map.of("lake.root", source.toString(), "pipeline.as-of-date", AS_OF, "generator.employees", "40",
                "generator.seed", "23"));
        new Generator(config).writeLanding(null, null);
        S3Proxy s3 = null;
        Map<String, String> environment = new HashMap<>();
        String lake = work.resolve("lake").toString();
        try {
            if (onS3) {
                s3 = S3Proxy.start(work.resolve("s3proxy"));
                s3.createBucket("drill");
                environment.putAll(s3.environment());
                s3.s3aProperties().forEach((k, v) -> spark().sparkContext().hadoopConfiguration().set(k, v));
                lake = "s3a://drill/concurrency";
            }
            drill(rounds, work, source, lake, environment);
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
    }

    private void drill(int rounds, Path work, Path source, String lake, Map<String, String> environment) throws Exception {
        AppConfig config = config(Map.of("lake.root", source.toString(), "pipeline.as-of-date", AS_OF, "generator.employees", "40",
                "generator.seed", "23"));
        Lakes.copy(spark(), source + "/landing", lake + "/landing");
        // the first run publishes the years a backfill recomputes
        assertThat(inThisJvm(environment, "run", "--lake", lake, "--as-of", AS_OF, "--master", "local[2]")).isZero();

        List<String> lines = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            new Generator(config).writeDay(20, java.time.LocalDate.parse(AS_OF));
            Lakes.copy(spark(), source + "/landing", lake + "/landing");
            Map<String, Process> started = new LinkedHashMap<>();
            Map<String, Path> logs = new LinkedHashMap<>();
            List<String> common = List.of("--lake", lake, "--master", "local[1]", "--set", "spark.local-dir=" + work.resolve("_spark"));
            for (Map.Entry<String, List<String>> command : Map.of(
                    "run", List.of("run", "--as-of", AS_OF),
                    "follow", List.of("notify", "--follow", "--max-seconds", "90"),
                    "backfill", List.of("backfill", "--from", "2025", "--to", "2026", "--as-of", AS_OF, "--reason", "concurrency drill")).entrySet()) {
                List<String> args = new ArrayList<>(command.getValue());
                args.addAll(common);
                Path log = work.resolve("round-" + round + "-" + command.getKey() + ".log");
                logs.put(command.getKey(), log);
                started.put(command.getKey(), Processes.start(log, environment, args.toArray(String[]::new)));
            }
            Map<String, Integer> exits = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, Process> p : started.entrySet()) {
                    assertThat(p.getValue().waitFor(600, TimeUnit.SECONDS)).as("%s finished in round %d", p.getKey(), round).isTrue();
                    exits.put(p.getKey(), p.getValue().exitValue());
                }
            } finally {
                started.values().forEach(Processes::kill);
            }
            lines.add("round " + round + ": " + exits);
            for (Map.Entry<String, Path> log : logs.entrySet()) {
                String text = Files.readString(log.getValue());
                assertThat(exits.get(log.getKey())).as("%s in round %d:%n%s", log.getKey(), round, text).isIn(0, 3);
                if (exits.get(log.getKey()) == 3) {
                    assertThat(text).as("a refused writer names the holder").contains("lake busy");
                }
                assertThat(text).as("%s in round %d: no stack trace, no Delta conflict", log.getKey(), round)
                        .doesNotContain("\tat ").doesNotContain("ConcurrentAppendException").doesNotContain("ConcurrentModificationException")
                        .doesNotContain("ProtocolChangedException");
            }
        }

        assertThat(inThisJvm(environment, "run", "--lake", lake, "--as-of", AS_OF, "--master", "local[2]")).isZero();
        Path alone = newLake("concurrency-alone");
        Lakes.copyTree(source.resolve("landing"), alone.resolve("landing"));
        assertThat(Main.execute("run", "--lake", alone.toString(), "--as-of", AS_OF, "--master", "local[2]")).isZero();
        for (var table : Tables.GOLD) {
            org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> shared = spark().read().format("delta").load(new LakePaths(lake).table(table));
            org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> lone = Lakes.read(spark(), alone, table);
            String hash = Lakes.contentHash(shared, "run_id");
            if (!hash.equals(Lakes.contentHash(lone, "run_id"))) {
                // what differs, for the report: the rows of each side the other does not have
                String[] kept = java.util.Arrays.stream(lone.columns()).filter(c -> !c.equals("run_id")).toArray(String[]::new);
                System.out.println(table.qualifiedName() + " on the shared lake only:\n" + String.join("\n",
                        shared.selectExpr(kept).except(lone.selectExpr(kept)).toJSON().collectAsList()) + "\nin the lone run only:\n"
                        + String.join("\n", lone.selectExpr(kept).except(shared.selectExpr(kept)).toJSON().collectAsList()));
            }
            assertThat(hash).as(table.qualifiedName()).isEqualTo(Lakes.contentHash(lone, "run_id"));
        }
        assertThat(new RunLedger(spark(), new LakePaths(lake), "").recent(1000).stream()
                .filter(e -> e.status() == RunLedger.Status.FAILED)).as("no attempt failed: each finished or was refused before it began").isEmpty();
        assertThat(Lakes.exists(spark(), new LakePaths(lake).lockFile())).isFalse();
        lines.add(0, "concurrency drill: " + rounds + " rounds of a run, a notify --follow and a backfill started together on " + lake
                + " (exit 0 = done, 3 = refused by the lock)");
        lines.add(rounds + "/" + rounds + " rounds consistent: every command finished or was refused by the lock, no stack trace,"
                + " no Delta conflict, gold equal to a lone run's on the same files, the lock released");
        String report = String.join(System.lineSeparator(), lines) + System.lineSeparator();
        System.out.print(report);
        Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "concurrency-drill-report.txt"), report);
    }

    /** A command in this JVM with the drill's environment (the S3 endpoint and keys) besides this process's own. */
    private static int inThisJvm(Map<String, String> environment, String... args) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(environment);
        return Main.execute(env, args);
    }
}
