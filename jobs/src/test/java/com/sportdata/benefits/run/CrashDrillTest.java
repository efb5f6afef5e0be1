package com.sportdata.benefits.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.LakeStorage;
import com.sportdata.benefits.catalog.Layer;
import com.sportdata.benefits.catalog.PersonalData;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.cli.Main;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.config.ConfigLoader;
import com.sportdata.benefits.generate.Generator;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.Processes;
import com.sportdata.benefits.testing.S3Proxy;
import com.sportdata.benefits.testing.SparkTest;
import com.sportdata.benefits.testing.Wrapper;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

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
 * <p>Where it runs:
 * <ul>
 * <li>{@code -Ddrill.master}: local[2] (default: the killed run is a separate JVM, the reference and the recovery run in
 * this one) or a standalone master URL (spark://…, from scripts/cluster): every run goes through
 * {@code scripts/sport-benefits} with {@code SPARK_MASTER} set, as an operator runs it there;</li>
 * <li>{@code -Ddrill.lake-uri}: empty for local folders (default); {@code s3proxy} for a bucket on an s3proxy this test
 * starts and stops; or {@code s3a://bucket/prefix} for the S3 the {@code AWS_*} environment names (MinIO, AWS). On S3
 * every run is a separate process with that environment.</li>
 * </ul>
 * {@code -Ddrill.trials} (default 3), {@code -Ddrill.seed} (default: the clock, printed).
 */
@Tag("drill")
class CrashDrillTest extends SparkTest {
    private static final String AS_OF = "2026-06-30";
    private static final Duration RUN_LIMIT = Duration.ofMinutes(20);
    /** Columns that name a run or the moment it ran: they differ between any two runs of the same inputs. */
    private static final List<String> RUN_COLUMNS = List.of("run_id", "quarantined_at", "valid_from", "valid_to", "computed_at",
            "computed_on", "enqueued_at", "first_run_id");
    /** The records of runs themselves: a killed and resumed run rightly records more attempts and checks than one that was not. */
    private static final List<TableId> RUN_RECORDS = List.of(Tables.RUNS, Tables.QUALITY_CHECKS);

    private Path work;
    private String master;
    private boolean cluster;
    /** The environment of every product process: the S3 endpoint and keys, the cluster's master. */
    private final Map<String, String> environment = new HashMap<>();

    @Test
    void a_run_killed_at_random_moments_recovers_to_the_uninterrupted_result() throws Exception {
        int trials = Integer.getInteger("drill.trials", 3);
        long seed = Long.getLong("drill.seed", System.currentTimeMillis());
        master = System.getProperty("drill.master", "local[2]");
        cluster = master.startsWith("spark://");
        String lakeUri = System.getProperty("drill.lake-uri", "").trim();
        work = newLake("crash-drill");
        S3Proxy s3 = null;
        try {
            String base = work.toString();
            if (lakeUri.equals("s3proxy")) {
                s3 = S3Proxy.start(work.resolve("s3proxy"));
                s3.createBucket("drill");
                environment.putAll(s3.environment());
                s3.s3aProperties().forEach((k, v) -> spark().sparkContext().hadoopConfiguration().set(k, v));
                base = "s3a://drill/crash";
            } else if (!lakeUri.isEmpty()) {
                AppConfig user = ConfigLoader.load(List.of(), Map.of("lake.root", lakeUri));
                LakeStorage.hadoopProperties(user).forEach((k, v) -> spark().sparkContext().hadoopConfiguration().set(k, v));
                System.getenv().forEach((k, v) -> {
                    if (k.startsWith("AWS_")) {
                        environment.put(k, v);
                    }
                });
                base = lakeUri.replaceAll("/+$", "") + "/crash-drill-" + seed;
            }
            if (cluster) {
                environment.putAll(Map.of("SPARK_MASTER", master, "SPARK_DRIVER_MEMORY", "1g", "SPARK_EXECUTOR_MEMORY", "1g",
                        "SPORT_BENEFITS_EXECUTOR_JVM_OPTS", "-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=240m -XX:+UseParallelGC"));
            }
            drill(trials, seed, lakeUri.isEmpty() ? "local folders" : base, base);
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
    }

    private void drill(int trials, long seed, String lakeKind, String base) throws Exception {
        List<String> report = new ArrayList<>();
        report.add("crash drill: " + trials + " trials, seed " + seed + ", master " + master + ", lake on " + lakeKind);

        Path generated = work.resolve("generated");
        new Generator(company(generated)).writeLanding(null, null);
        String reference = base + "/reference";
        copy(generated + "/landing", reference + "/landing");
        long started = System.nanoTime();
        int referenceCode = runToEnd(work.resolve("reference.log"), run(reference, 0));
        assertThat(referenceCode).as("the uninterrupted reference run").isZero();
        long referenceMillis = (System.nanoTime() - started) / 1_000_000;
        Map<String, String> expected = hashes(reference);
        String landing = landingHash(reference);
        boolean inThisJvm = inThisJvm();
        report.add(String.format("reference: uninterrupted run in %.1f s (%s), %d tables", referenceMillis / 1000.0,
                inThisJvm ? "in the test JVM" : "a process of its own", expected.size()));

        Random random = new Random(seed);
        // a process pays its JVM and Spark start before the run's first stage (~10 s here), which a run in this JVM did
        // not: kill anywhere up to the end
        long window = referenceMillis + (inThisJvm ? 12_000 : 2_000);
        int identical = 0;
        for (int trial = 1; trial <= trials; trial++) {
            long killAt = 1_000 + (long) (random.nextDouble() * window);
            String line = trial(trial, trials, base + "/trial-" + trial, reference, killAt, expected, landing);
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

    private String trial(int trial, int trials, String lake, String reference, long killAt, Map<String, String> expected, String landing)
            throws Exception {
        copy(reference + "/landing", lake + "/landing");
        LakePaths paths = new LakePaths(lake);
        Process run = start(work.resolve("killed-run-" + trial + ".log"), run(lake, trial));
        LakeLock.Holder holder = null;
        boolean finishedFirst;
        try {
            long deadline = System.currentTimeMillis() + killAt;
            while (System.currentTimeMillis() < deadline && run.isAlive()) {
                holder = holderOf(paths, holder);
                Thread.sleep(50);
            }
            holder = holderOf(paths, holder);
            finishedFirst = !run.isAlive();
        } finally {
            Processes.kill(run);
        }
        String moment = finishedFirst ? "finished (exit " + run.exitValue() + ") before the kill"
                : holder == null ? "killed before the run took the lake" : "killed in stage " + holder.stage();
        String recovery;
        int code;
        Path log = work.resolve("recovery-" + trial + ".log");
        if (finishedFirst) {
            recovery = "nothing to recover";
            code = run.exitValue();
        } else if (holder == null && !exists(lake + "/ops/run_ledger")) {
            recovery = "run";
            code = runToEnd(log, run(lake, trial));
        } else {
            recovery = "run --resume";
            code = runToEnd(log, resume(lake, trial));
            if (code == 2 && !exists(lake + "/ops/run_ledger")) {
                // killed in its first stage before the ledger's first row: `run --resume` says so and points to `run`
                recovery = "run --resume (\"no run to resume\"), then run";
                code = runToEnd(log, run(lake, trial));
            }
        }
        List<String> problems = new ArrayList<>();
        if (code != 0) {
            problems.add("recovery exited " + code + " (" + log + ")");
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
            List<RunLedger.Entry> rows = new RunLedger(spark(), paths, "").run(holder.runId());
            List<String> attempts = rows.stream().filter(e -> e.stage().equals(stage)).map(e -> e.status() + "#" + e.attempt()).toList();
            ledger = ", ledger " + stage + " " + attempts;
            if (!attempts.contains("INTERRUPTED#1") && !attempts.contains("SUCCEEDED#1")) {
                problems.add("the ledger does not show the killed attempt of " + stage);
            }
        }
        if (exists(paths.lockFile())) {
            problems.add("the lock is still held");
        }
        return String.format("trial %d/%d: kill at %.1f s, %s, recovered by %s: %d tables compared%s: %s", trial, trials, killAt / 1000.0, moment,
                recovery, expected.size(), ledger, problems.isEmpty() ? "IDENTICAL" : "DIFFERENT (" + String.join("; ", problems) + ")");
    }

    /** The reference and the recoveries of a local-folder, local[2] drill run in this JVM (a warm start); any other is a process. */
    private boolean inThisJvm() {
        return environment.isEmpty();
    }

    private String[] run(String lake, int trial) {
        return arguments(trial, "run", "--lake", lake, "--as-of", AS_OF);
    }

    private String[] resume(String lake, int trial) {
        return arguments(trial, "run", "--lake", lake, "--resume");
    }

    /** On a cluster the launcher's SPARK_MASTER names the master; elsewhere --master, and Spark's scratch space in the drill's folder. */
    private String[] arguments(int trial, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        if (!cluster) {
            args.addAll(List.of("--master", master, "--set", "spark.local-dir=" + work.resolve("spark-" + trial)));
        }
        return args.toArray(String[]::new);
    }

    private Process start(Path log, String... args) throws IOException {
        return cluster ? Wrapper.start("sport-benefits", work, log, environment, args) : Processes.start(log, environment, args);
    }

    private int runToEnd(Path log, String... args) throws IOException {
        if (inThisJvm()) {
            return Main.execute(args);
        }
        return Wrapper.finish(start(log, args), log, RUN_LIMIT, System.nanoTime()).exitCode();
    }

    private FileSystem fileSystem(String location) throws IOException {
        return FileSystem.get(URI.create(location), spark().sparkContext().hadoopConfiguration());
    }

    private boolean exists(String location) throws IOException {
        return fileSystem(location).exists(new org.apache.hadoop.fs.Path(location));
    }

    /** Copies a landing zone (a local folder, a bucket prefix) to another lake's. */
    private void copy(String from, String to) throws IOException {
        if (!from.contains("://") && !to.contains("://")) {
            Lakes.copyTree(Path.of(from), Path.of(to));
            return;
        }
        FileSystem source = fileSystem(from);
        FileSystem target = fileSystem(to);
        for (var child : source.listStatus(new org.apache.hadoop.fs.Path(from))) {
            FileUtil.copy(source, child.getPath(), target, new org.apache.hadoop.fs.Path(to, child.getPath().getName()), false, true,
                    spark().sparkContext().hadoopConfiguration());
        }
    }

    private LakeLock.Holder holderOf(LakePaths paths, LakeLock.Holder last) {
        try (InputStream in = fileSystem(paths.lockFile()).open(new org.apache.hadoop.fs.Path(paths.lockFile()))) {
            return new ObjectMapper().readValue(in.readAllBytes(), LakeLock.Holder.class);
        } catch (IOException absentOrBeingRewritten) {
            return last;
        }
    }

    /** The content of every silver and gold table but the run records, run columns and lineage columns ({@code _…}) left out. */
    private Map<String, String> hashes(String lake) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        LakePaths paths = new LakePaths(lake);
        for (TableId table : PersonalData.tables().keySet()) {
            if ((table.layer() == Layer.SILVER || table.layer() == Layer.GOLD) && !RUN_RECORDS.contains(table)
                    && exists(paths.table(table) + "/_delta_log")) {
                Dataset<Row> rows = spark().read().format("delta").load(paths.table(table));
                String[] ignored = Arrays.stream(rows.columns()).filter(c -> c.startsWith("_") || RUN_COLUMNS.contains(c)).toArray(String[]::new);
                hashes.put(table.qualifiedName(), Lakes.contentHash(rows, ignored));
            }
        }
        return hashes;
    }

    /** Every landing file's path (relative to the landing zone) and bytes. */
    private String landingHash(String lake) throws Exception {
        String root = lake + "/landing";
        FileSystem fs = fileSystem(root);
        String prefix = fs.makeQualified(new org.apache.hadoop.fs.Path(root)).toString();
        Map<String, org.apache.hadoop.fs.Path> files = new TreeMap<>();
        RemoteIterator<LocatedFileStatus> listing = fs.listFiles(new org.apache.hadoop.fs.Path(root), true);
        while (listing.hasNext()) {
            org.apache.hadoop.fs.Path file = listing.next().getPath();
            files.put(file.toString().substring(prefix.length()), file);
        }
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (Map.Entry<String, org.apache.hadoop.fs.Path> file : files.entrySet()) {
            digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
            try (InputStream in = fs.open(file.getValue())) {
                digest.update(in.readAllBytes());
            }
        }
        return files.size() + " files " + HexFormat.of().formatHex(digest.digest());
    }

    private static AppConfig company(Path lake) {
        return config(Map.of("lake.root", lake.toString(), "pipeline.as-of-date", AS_OF, "generator.employees", "60", "generator.seed", "17"));
    }
}
