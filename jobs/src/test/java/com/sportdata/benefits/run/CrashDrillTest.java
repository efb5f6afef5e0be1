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
import com.sportdata.benefits.slack.Outbox;
import com.sportdata.benefits.testing.FakeSlack;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.Processes;
import com.sportdata.benefits.testing.S3Proxy;
import com.sportdata.benefits.testing.SparkTest;
import com.sportdata.benefits.testing.Wrapper;
import org.apache.hadoop.fs.FileSystem;
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
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash drill (scripts/drill-crash): a generated company is run once, uninterrupted, for reference, and each of the
 * other commands that write — {@code backfill}, {@code export}, {@code notify --follow} (new activities, a Slack on
 * loopback) — once on a copy of that lake. Then each trial takes the next command in turn, starts it as a real process
 * on a fresh lake with the same inputs, kills it with SIGKILL at a seeded random moment (spread from JVM start to the
 * end of the command: every stage, the commits between them, the Slack delivery), recovers as the README tells an
 * operator ({@code run --resume}, or a plain {@code run} when the kill came before the run had started; the other
 * commands are run again, {@code notify} once for a follower), and compares with that command's reference: the content
 * of every silver and gold table (business columns; not the run records {@code fct_runs} and {@code fct_quality_checks},
 * which rightly show the extra attempt), the quarantine among them, the landing files byte for byte, the BI snapshot's
 * tables, the Slack outbox (every event once, SENT; a post Slack received twice only if flagged as in flight at the
 * kill), the ledger showing the killed attempt, and the lock released. One line per trial, then {@code N/N identical}.
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
 * {@code -Ddrill.trials} (default 3), {@code -Ddrill.seed} (default: the clock, printed), {@code -Ddrill.company=real} for the
 * real HR, declaration and reference files (../shared/data/real) with generated activities instead of a generated company.
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
    /** The commands a trial kills, in turn. */
    private static final List<String> COMMANDS = List.of("run", "backfill", "export", "notify --follow");
    private static final String SLACK_PATH = "/services/T000/B000/crash";

    private Path work;
    private String master;
    private boolean cluster;
    private boolean realFiles;
    /** The environment of every product process: the S3 endpoint and keys, the cluster's master. */
    private final Map<String, String> environment = new HashMap<>();
    private FakeSlack slack;
    /** Per command: its reference lake (the uninterrupted command), how long it took, what a trial compares with. */
    private final Map<String, Reference> references = new java.util.LinkedHashMap<>();

    private record Reference(String lake, long millis, Map<String, String> tables, String landing, String exports, Set<String> events) {
    }

    @Test
    void a_run_killed_at_random_moments_recovers_to_the_uninterrupted_result() throws Exception {
        int trials = Integer.getInteger("drill.trials", 3);
        long seed = Long.getLong("drill.seed", System.currentTimeMillis());
        master = System.getProperty("drill.master", "local[2]");
        cluster = master.startsWith("spark://");
        realFiles = System.getProperty("drill.company", "generated").equals("real");
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
        report.add("crash drill: " + trials + " trials, seed " + seed + ", master " + master + ", lake on " + lakeKind + ", "
                + (realFiles ? "the real HR files (" + Lakes.REAL_DATA + ")" : "a generated company"));
        try (FakeSlack fake = new FakeSlack()) {
            slack = fake;
            Path generated = work.resolve("generated");
            if (realFiles) {
                // the real HR and declaration files with the real reference files, and a year of generated activities for their employees
                Path real = Lakes.REAL_DATA;
                assertThat(real.resolve("DonneesRH.xlsx")).as("--company real needs the real files in " + real).exists();
                new Generator(company(generated)).writeLanding(real.resolve("DonneesRH.xlsx"), real.resolve("DonneesSportive.xlsx"));
                Lakes.copyInto(generated, "reference", real.resolve("commute_distances_google.csv"), real.resolve("laposte_hexasmal.csv"));
            } else {
                new Generator(company(generated)).writeLanding(null, null);
            }
            String reference = base + "/reference";
            copy(generated + "/landing", reference + "/landing");
            references.put("run", reference("run", reference, run(reference, 0)));
            boolean inThisJvm = inThisJvm();
            int commands = Math.min(trials, COMMANDS.size());
            for (String command : COMMANDS.subList(1, commands)) {
                String lake = base + "/reference-" + command.replace(" --", "-");
                copy(reference, lake);
                if (command.startsWith("notify")) {
                    // the new activities a follower posts: written once, copied into every lake that needs them
                    Path live = work.resolve("live");
                    Lakes.copyTree(generated.resolve("landing"), live.resolve("landing"));
                    new Generator(company(live)).writeLive(6);
                    copy(live + "/landing/activities", lake + "/landing/activities");
                }
                references.put(command, reference(command, lake, uninterrupted(command, lake, 0)));
            }
            references.forEach((command, r) -> report.add(String.format("reference %s: uninterrupted in %.1f s (%s), %d tables%s", command,
                    r.millis() / 1000.0, inThisJvm ? "in the test JVM" : "a process of its own", r.tables().size(),
                    r.events().isEmpty() ? "" : ", " + r.events().size() + " posts")));

            Random random = new Random(seed);
            int identical = 0;
            for (int trial = 1; trial <= trials; trial++) {
                String command = COMMANDS.get((trial - 1) % COMMANDS.size());
                // a process pays its JVM and Spark start before the command's first stage (~10 s here), which a command in
                // this JVM did not: kill anywhere up to the end
                long window = references.get(command).millis() + (inThisJvm ? 12_000 : 2_000);
                long killAt = 1_000 + (long) (random.nextDouble() * window);
                String line = trial(trial, trials, command, base + "/trial-" + trial, killAt);
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
    }

    /** Runs a command uninterrupted on its reference lake and records what trials compare with. */
    private Reference reference(String command, String lake, String[] args) throws Exception {
        long started = System.nanoTime();
        int code = runToEnd(work.resolve("reference-" + command.replace(" --", "-") + ".log"), args);
        assertThat(code).as("the uninterrupted " + command).isZero();
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (command.startsWith("notify")) {
            // a follower idles after its posts until it stops: the moments worth a kill end with the last post
            millis = slack.calls().stream().filter(c -> c.path().equals(webhookPath(lake))).mapToLong(FakeSlack.Call::atNanos).max()
                    .orElseThrow(() -> new AssertionError("the reference follower posted nothing")) / 1_000_000 - started / 1_000_000;
        }
        return new Reference(lake, millis, hashes(lake), landingHash(lake), exportHash(lake), events(lake));
    }

    /** How long a follower runs when it is not killed: its first cycle posts the new activities, then it stops. */
    private static final String FOLLOW_SECONDS = "30";

    /** The arguments of a command run to its end; a follower stops after {@link #FOLLOW_SECONDS}. */
    private String[] uninterrupted(String command, String lake, int trial) {
        switch (command) {
            case "run":
                return run(lake, trial);
            case "backfill":
                return arguments(trial, "backfill", "--lake", lake, "--from", "2025", "--to", "2026", "--reason", "crash drill");
            case "export":
                return arguments(trial, "export", "--lake", lake);
            default:
                return arguments(trial, "notify", "--follow", "--max-seconds", FOLLOW_SECONDS, "--lake", lake);
        }
    }

    /** The arguments of the process a trial kills. */
    private String[] killed(String command, String lake, int trial) {
        return command.startsWith("notify") ? arguments(trial, "notify", "--follow", "--max-seconds", "300", "--lake", lake)
                : uninterrupted(command, lake, trial);
    }

    private String trial(int trial, int trials, String command, String lake, long killAt) throws Exception {
        Reference expected = references.get(command);
        if (command.equals("run")) {
            copy(expected.lake() + "/landing", lake + "/landing");
        } else {
            // the lake as the uninterrupted run left it (and, for a follower, the new activities)
            copy(references.get("run").lake(), lake);
            if (command.startsWith("notify")) {
                copy(work.resolve("live") + "/landing/activities", lake + "/landing/activities");
            }
        }
        LakePaths paths = new LakePaths(lake);
        Process process = start(work.resolve("killed-" + trial + ".log"), killed(command, lake, trial));
        LakeLock.Holder holder = null;
        boolean finishedFirst;
        try {
            long deadline = System.currentTimeMillis() + killAt;
            while (System.currentTimeMillis() < deadline && process.isAlive()) {
                holder = holderOf(paths, holder);
                Thread.sleep(50);
            }
            holder = holderOf(paths, holder);
            finishedFirst = !process.isAlive();
        } finally {
            Processes.kill(process);
        }
        // a follower holds the lake only while a cycle works: a kill between cycles leaves no attempt to show
        boolean heldAtKill = !finishedFirst && exists(paths.lockFile());
        String moment = finishedFirst ? "finished (exit " + process.exitValue() + ") before the kill"
                : holder == null ? "killed before it took the lake"
                : holder.stage() == null ? "killed holding the lake before its first stage" : "killed in stage " + holder.stage();
        String recovery;
        int code;
        Path log = work.resolve("recovery-" + trial + ".log");
        if (finishedFirst) {
            recovery = "nothing to recover";
            code = process.exitValue();
        } else if (!command.equals("run")) {
            recovery = command + " again";
            code = runToEnd(log, uninterrupted(command, lake, trial));
        } else if (holder == null && !exists(lake + "/ops/run_ledger")) {
            recovery = "run";
            code = runToEnd(log, run(lake, trial));
        } else {
            recovery = "run --resume";
            code = runToEnd(log, resume(lake, trial));
            if (code == 2 && new RunLedger(spark(), paths, "").recent(1).isEmpty()) {
                // killed in its first stage before the ledger's first row: `run --resume` says so and points to `run`
                // (the ledger's folder may exist without a row: the cluster drill met it)
                recovery = "run --resume (\"no run to resume\"), then run";
                code = runToEnd(log, run(lake, trial));
            }
        }
        List<String> problems = new ArrayList<>();
        if (code != 0) {
            problems.add("recovery exited " + code + " (" + log + ")");
        }
        Map<String, String> actual = hashes(lake);
        expected.tables().forEach((table, hash) -> {
            if (!hash.equals(actual.get(table))) {
                problems.add(table + " differs");
            }
        });
        if (!expected.landing().equals(landingHash(lake))) {
            problems.add("landing files changed");
        }
        if (!expected.exports().equals(exportHash(lake))) {
            problems.add("the BI snapshot differs: " + exportHash(lake) + " instead of " + expected.exports());
        }
        String slackLine = "";
        if (command.startsWith("notify")) {
            slackLine = slackProblems(lake, expected.events(), problems);
        }
        String ledger = "";
        if (holder != null && heldAtKill && holder.stage() != null && !recovery.endsWith("then run")) {
            String stage = holder.stage();
            List<RunLedger.Entry> rows = new RunLedger(spark(), paths, "").run(holder.runId());
            List<String> attempts = rows.stream().filter(e -> e.stage().equals(stage)).map(e -> e.status() + "#" + e.attempt()).toList();
            ledger = ", ledger " + stage + " " + attempts;
            if (!attempts.contains("INTERRUPTED#" + holder.attempt()) && !attempts.contains("SUCCEEDED#" + holder.attempt())) {
                problems.add("the ledger does not show the killed attempt of " + stage);
            }
        }
        if (exists(paths.lockFile())) {
            problems.add("the lock is still held");
        }
        return String.format("trial %d/%d: %s, kill at %.1f s, %s, recovered by %s: %d tables compared%s%s: %s", trial, trials, command,
                killAt / 1000.0, moment, recovery, expected.tables().size(), slackLine, ledger,
                problems.isEmpty() ? "IDENTICAL" : "DIFFERENT (" + String.join("; ", problems) + ")");
    }

    /**
     * The outbox of a follower's lake against its reference: the same events, each SENT; Slack received each at least
     * once, and twice only a post the outbox flags as in flight at the kill.
     */
    private String slackProblems(String lake, Set<String> expected, List<String> problems) {
        Map<String, Row> rows = new HashMap<>();
        new Outbox(spark(), new LakePaths(lake)).rows().filter("kind = 'ACTIVITY'").collectAsList()
                .forEach(r -> rows.put(r.getAs("event_id"), r));
        if (!rows.keySet().equals(expected)) {
            problems.add("outbox events " + rows.keySet() + " instead of " + expected);
        }
        List<String> unsent = rows.values().stream().filter(r -> !"SENT".equals(r.getAs("state"))).map(r -> (String) r.getAs("event_id")).toList();
        if (!unsent.isEmpty()) {
            problems.add("not SENT: " + unsent);
        }
        Map<String, Long> accepted = new HashMap<>(slack.acceptedByEvent(webhookPath(lake)));
        List<String> never = expected.stream().filter(e -> !accepted.containsKey(e)).toList();
        List<String> twice = accepted.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        List<String> unflagged = twice.stream().filter(e -> rows.containsKey(e) && !Boolean.TRUE.equals(rows.get(e).getAs("possible_duplicate"))).toList();
        if (!never.isEmpty()) {
            problems.add("never posted: " + never);
        }
        if (!unflagged.isEmpty()) {
            problems.add("posted twice without the in-flight flag: " + unflagged);
        }
        return String.format(", Slack %d posts (%d twice, flagged)", accepted.size(), twice.size());
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
        Map<String, String> env = environment(args);
        return cluster ? Wrapper.start("sport-benefits", work, log, env, args) : Processes.start(log, env, args);
    }

    private int runToEnd(Path log, String... args) throws IOException {
        if (inThisJvm()) {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.remove("SLACK_WEBHOOK_URL");
            env.remove("SLACK_ALERT_WEBHOOK_URL");
            env.putAll(environment(args));
            return Main.execute(env, args);
        }
        return Wrapper.finish(start(log, args), log, RUN_LIMIT, System.nanoTime()).exitCode();
    }

    /** The drill's environment, and for `notify` a webhook of the loopback Slack of its own per lake. */
    private Map<String, String> environment(String... args) {
        Map<String, String> env = new HashMap<>(environment);
        if (args[0].equals("notify")) {
            String lake = args[List.of(args).indexOf("--lake") + 1];
            env.put("SLACK_WEBHOOK_URL", slack.url(webhookPath(lake)));
        }
        return env;
    }

    private static String webhookPath(String lake) {
        return SLACK_PATH + "/" + Integer.toHexString(new LakePaths(lake).root().hashCode());
    }

    /**
     * The BI snapshot's tables (content, run columns aside; not the run records, which rightly show the killed attempt),
     * and any half-built snapshot left behind; empty without one.
     */
    private String exportHash(String lake) throws IOException {
        String exports = lake + "/exports";
        if (!exists(exports)) {
            return "";
        }
        FileSystem fs = fileSystem(exports);
        Map<String, String> tables = new TreeMap<>();
        for (String side : List.of("aggregate", "personal")) {
            org.apache.hadoop.fs.Path parquet = new org.apache.hadoop.fs.Path(exports + "/" + side + "/parquet");
            if (fs.exists(parquet)) {
                for (var table : fs.listStatus(parquet)) {
                    if (RUN_RECORDS.stream().anyMatch(t -> t.name().equals(table.getPath().getName()))) {
                        continue;
                    }
                    Dataset<Row> rows = spark().read().parquet(table.getPath().toString());
                    String[] ignored = Arrays.stream(rows.columns()).filter(c -> c.startsWith("_") || RUN_COLUMNS.contains(c)).toArray(String[]::new);
                    tables.put(side + "/" + table.getPath().getName(), Lakes.contentHash(rows, ignored));
                }
            }
        }
        List<String> leftovers = new ArrayList<>();
        for (String folder : List.of(lake, exports)) {
            for (var child : fs.listStatus(new org.apache.hadoop.fs.Path(folder))) {
                if (child.getPath().getName().startsWith(".incoming")) {
                    leftovers.add(child.getPath().getName());
                }
            }
        }
        return tables + (fs.exists(new org.apache.hadoop.fs.Path(exports + "/manifest.json")) ? "" : " no manifest")
                + (leftovers.isEmpty() ? "" : " left behind: " + leftovers);
    }

    /** The activity posts in a lake's outbox (their event ids). */
    private Set<String> events(String lake) throws IOException {
        if (!exists(new LakePaths(lake).table(Tables.SLACK_OUTBOX) + "/_delta_log")) {
            return Set.of();
        }
        return new java.util.TreeSet<>(new Outbox(spark(), new LakePaths(lake)).rows().filter("kind = 'ACTIVITY'").select("event_id")
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    }

    private FileSystem fileSystem(String location) throws IOException {
        return FileSystem.get(URI.create(location), spark().sparkContext().hadoopConfiguration());
    }

    private boolean exists(String location) throws IOException {
        return Lakes.exists(spark(), location);
    }

    /** Copies a landing zone or a whole lake (a local folder, a bucket prefix) to another lake's. */
    private void copy(String from, String to) throws IOException {
        Lakes.copy(spark(), from, to);
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
