package com.sportdata.benefits.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Layer;
import com.sportdata.benefits.catalog.PersonalData;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.cli.Main;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.generate.Generator;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.Processes;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash drill (scripts/drill-crash): a generated company is run once, uninterrupted, for reference. Then each trial
 * starts a real {@code run} process on a fresh lake with the same landing files, kills it with SIGKILL at a seeded
 * random moment (spread from JVM start to the end of a run: every stage, the commits between them, the Slack stage),
 * recovers as the README tells an operator ({@code run --resume}; a plain {@code run} when the kill came before the run
 * had started), and compares with the reference: the content of every silver and gold table (business columns; not
 * the run records {@code fct_runs} and {@code fct_quality_checks}, which rightly show the extra attempt), the quarantine
 * among them, the landing files byte for byte, the ledger showing the killed attempt, and the lock released. One line per trial,
 * then {@code N/N identical}.
 *
 * <p>{@code -Ddrill.trials} (default 3), {@code -Ddrill.seed} (default: the clock, printed), {@code -Ddrill.master}
 * (default local[2]; a standalone master URL runs every process on that cluster).
 */
@Tag("drill")
class CrashDrillTest extends SparkTest {
    private static final String AS_OF = "2026-06-30";
    /** Columns that name a run or the moment it ran: they differ between any two runs of the same inputs. */
    private static final List<String> RUN_COLUMNS = List.of("run_id", "quarantined_at", "valid_from", "valid_to", "computed_at",
            "computed_on", "enqueued_at", "first_run_id");

    @Test
    void a_run_killed_at_random_moments_recovers_to_the_uninterrupted_result() throws Exception {
        int trials = Integer.getInteger("drill.trials", 3);
        long seed = Long.getLong("drill.seed", System.currentTimeMillis());
        String master = System.getProperty("drill.master", "local[2]");
        List<String> report = new ArrayList<>();
        report.add("crash drill: " + trials + " trials, seed " + seed + ", master " + master);

        Path reference = newLake("crash-reference");
        new Generator(company(reference)).writeLanding(null, null);
        long started = System.nanoTime();
        assertThat(Main.execute("run", "--lake", reference.toString(), "--as-of", AS_OF, "--master", master, "--set",
                "spark.local-dir=" + reference.resolve("_spark"))).isZero();
        long referenceMillis = (System.nanoTime() - started) / 1_000_000;
        Map<String, String> expected = hashes(reference);
        String landing = landingHash(reference);
        report.add(String.format("reference: uninterrupted run in %.1f s (in the test JVM), %d tables", referenceMillis / 1000.0, expected.size()));

        Random random = new Random(seed);
        // a process pays its JVM and Spark start before the run's first stage (~10 s here): kill anywhere up to the end
        long window = referenceMillis + 12_000;
        int identical = 0;
        for (int trial = 1; trial <= trials; trial++) {
            long killAt = 1_000 + (long) (random.nextDouble() * window);
            String line = trial(trial, trials, reference, killAt, master, expected, landing);
            report.add(line);
            System.out.println(line);
            if (line.endsWith("IDENTICAL")) {
                identical++;
            }
        }
        report.add(identical + "/" + trials + " identical");
        String text = String.join(System.lineSeparator(), report) + System.lineSeparator();
        System.out.print(text);
        Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "crash-drill-report.txt"), text);
        assertThat(identical).as(text).isEqualTo(trials);
    }

    private String trial(int trial, int trials, Path reference, long killAt, String master, Map<String, String> expected, String landing)
            throws Exception {
        Path lake = newLake("crash-trial-" + trial);
        Lakes.copyTree(reference.resolve("landing"), lake.resolve("landing"));
        Path lock = lake.resolve("_lock/writer.lock");
        Process run = Processes.start(lake.resolve("killed-run.log"), Map.of(), "run", "--lake", lake.toString(), "--as-of", AS_OF,
                "--master", master, "--set", "spark.local-dir=" + lake.resolve("_spark"));
        LakeLock.Holder holder = null;
        boolean finishedFirst;
        try {
            long deadline = System.currentTimeMillis() + killAt;
            while (System.currentTimeMillis() < deadline && run.isAlive()) {
                holder = holderOf(lock, holder);
                Thread.sleep(50);
            }
            holder = holderOf(lock, holder);
            finishedFirst = !run.isAlive();
        } finally {
            Processes.kill(run);
        }
        String moment = finishedFirst ? "finished (exit " + run.exitValue() + ") before the kill"
                : holder == null ? "killed before the run took the lake" : "killed in stage " + holder.stage();
        String recovery;
        int code;
        if (finishedFirst) {
            recovery = "nothing to recover";
            code = run.exitValue();
        } else if (holder == null && !Files.exists(lake.resolve("ops/run_ledger"))) {
            recovery = "run";
            code = Main.execute("run", "--lake", lake.toString(), "--as-of", AS_OF, "--master", master, "--set",
                    "spark.local-dir=" + lake.resolve("_spark"));
        } else {
            recovery = "run --resume";
            code = Main.execute("run", "--lake", lake.toString(), "--resume", "--master", master, "--set", "spark.local-dir=" + lake.resolve("_spark"));
            if (code == 2 && !Files.exists(lake.resolve("ops/run_ledger"))) {
                // killed in its first stage before the ledger's first row: `run --resume` says so and points to `run`
                recovery = "run --resume (\"no run to resume\"), then run";
                code = Main.execute("run", "--lake", lake.toString(), "--as-of", AS_OF, "--master", master, "--set",
                        "spark.local-dir=" + lake.resolve("_spark"));
            }
        }
        List<String> problems = new ArrayList<>();
        if (code != 0) {
            problems.add("recovery exited " + code);
        }
        Map<String, String> actual = hashes(lake);
        expected.forEach((table, hash) -> {
            if (!hash.equals(actual.get(table))) {
                problems.add(table + " differs");
            }
        });
        if (!landing.equals(landingHash(lake))) {
            problems.add("landing files changed");
        }
        String ledger = "";
        if (holder != null && !finishedFirst && !recovery.endsWith("then run")) {
            String stage = holder.stage();
            List<RunLedger.Entry> rows = new RunLedger(spark(), new LakePaths(lake.toString()), "").run(holder.runId());
            List<String> attempts = rows.stream().filter(e -> e.stage().equals(stage)).map(e -> e.status() + "#" + e.attempt()).toList();
            ledger = ", ledger " + stage + " " + attempts;
            if (!attempts.contains("INTERRUPTED#1") && !attempts.contains("SUCCEEDED#1")) {
                problems.add("the ledger does not show the killed attempt of " + stage);
            }
        }
        if (Files.exists(lock)) {
            problems.add("the lock is still held");
        }
        return String.format("trial %d/%d: kill at %.1f s, %s, recovered by %s: %d tables compared%s: %s", trial, trials, killAt / 1000.0, moment,
                recovery, expected.size(), ledger, problems.isEmpty() ? "IDENTICAL" : "DIFFERENT (" + String.join("; ", problems) + ")");
    }

    private static LakeLock.Holder holderOf(Path lock, LakeLock.Holder last) {
        if (!Files.exists(lock)) {
            return last;
        }
        try {
            return new ObjectMapper().readValue(Files.readAllBytes(lock), LakeLock.Holder.class);
        } catch (IOException beingRewritten) {
            return last;
        }
    }

    /** The records of runs themselves: a killed and resumed run rightly records more attempts and checks than one that was not. */
    private static final List<TableId> RUN_RECORDS = List.of(com.sportdata.benefits.catalog.Tables.RUNS,
            com.sportdata.benefits.catalog.Tables.QUALITY_CHECKS);

    /** The content of every silver and gold table but the run records, run columns and lineage columns ({@code _…}) left out. */
    private static Map<String, String> hashes(Path lake) {
        Map<String, String> hashes = new TreeMap<>();
        for (TableId table : PersonalData.tables().keySet()) {
            if ((table.layer() == Layer.SILVER || table.layer() == Layer.GOLD) && !RUN_RECORDS.contains(table)
                    && Files.isDirectory(lake.resolve(table.layer().folder()).resolve(table.name()).resolve("_delta_log"))) {
                Dataset<Row> rows = Lakes.read(spark(), lake, table);
                String[] ignored = Arrays.stream(rows.columns()).filter(c -> c.startsWith("_") || RUN_COLUMNS.contains(c)).toArray(String[]::new);
                hashes.put(table.qualifiedName(), Lakes.contentHash(rows, ignored));
            }
        }
        return hashes;
    }

    private static String landingHash(Path lake) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.walk(lake.resolve("landing"))) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                digest.update(lake.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(file));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static AppConfig company(Path lake) {
        return config(Map.of("lake.root", lake.toString(), "pipeline.as-of-date", AS_OF, "generator.employees", "60", "generator.seed", "17"));
    }
}
