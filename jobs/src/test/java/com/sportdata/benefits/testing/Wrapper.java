package com.sportdata.benefits.testing;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's own scripts as a user runs them ({@code scripts/sport-benefits}, {@code scripts/cluster}), in
 * separate processes with their own environment, bounded in time; a process still running at the deadline is
 * killed with all its descendants, by PID.
 */
public final class Wrapper {
    public static final Path ROOT = Path.of(System.getProperty("sportbenefits.project.root", "..")).toAbsolutePath().normalize();

    private Wrapper() {
    }

    public record Outcome(int exitCode, String output, Duration took) {
    }

    /** Starts {@code scripts/NAME ARGS} in {@code workDir} with extra environment; output to {@code log}. */
    public static Process start(String script, Path workDir, Path log, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("scripts").resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("SLACK_WEBHOOK_URL");
        builder.environment().remove("SLACK_ALERT_WEBHOOK_URL");
        builder.environment().remove("SPARK_HOME");
        builder.environment().remove("SPARK_MASTER");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Runs a script to its end (at most {@code timeout}) and returns its exit code and output. */
    public static Outcome run(String script, Path workDir, Duration timeout, Map<String, String> env, String... args) {
        try {
            Files.createDirectories(workDir);
            Path log = Files.createTempFile(workDir, script + "-", ".log");
            long start = System.nanoTime();
            Process process = start(script, workDir, log, env, args);
            return finish(process, log, timeout, start);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits for a started process (killing it and its descendants at the deadline) and reads its output. */
    public static Outcome finish(Process process, Path log, Duration timeout, long startNanos) throws IOException {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Processes.kill(process);
                throw new AssertionError("timed out after " + timeout + ":\n" + tail(log));
            }
        } catch (InterruptedException e) {
            Processes.kill(process);
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return new Outcome(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Order-independent content hash of every gold table of a lake (run ids aside): equal hashes, equal figures. */
    public static Map<String, String> goldHashes(SparkSession spark, String lakeRoot) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (TableId table : Tables.GOLD) {
            String path = new com.sportdata.benefits.catalog.LakePaths(lakeRoot).table(table);
            hashes.put(table.name(), Lakes.contentHash(spark.read().format("delta").load(path), "run_id"));
        }
        return hashes;
    }

    /**
     * A Spark distribution as the launcher sees one: {@code jars/} holds the distribution's jars only (the stand-in of
     * jobs/spark-distribution), and {@code bin/spark-submit} does what a distribution's does — asks Spark's own
     * launcher library for the driver's command line (memory and Java options from the submit arguments) and runs it.
     */
    public static Path distribution(Path work) throws IOException {
        Path home = work.resolve("spark-distribution-home");
        Path jars = ROOT.resolve("jobs/spark-distribution/target/spark-home/jars");
        if (!Files.isDirectory(jars)) {
            throw new IllegalStateException(jars + " is missing: mvn package builds it");
        }
        Files.createDirectories(home.resolve("bin"));
        if (!Files.exists(home.resolve("jars"))) {
            Files.createSymbolicLink(home.resolve("jars"), jars);
        }
        Path submit = home.resolve("bin/spark-submit");
        Files.writeString(submit, String.join("\n",
                "#!/usr/bin/env bash",
                "# the launcher library prints NUL, newline, the command NUL-separated; then comes its own exit code",
                "export SPARK_HOME=\"$(cd \"$(dirname \"$0\")/..\" && pwd)\" SPARK_SCALA_VERSION=2.12",
                "JAVA=\"${JAVA_HOME:-/usr}/bin/java\"",
                "CMD=()",
                "while IFS= read -d '' -r ARG; do ARG=\"${ARG#$'\\n'}\"; [[ -n \"$ARG\" ]] && CMD+=(\"$ARG\"); done < <(\"$JAVA\" -cp \"$SPARK_HOME/jars/*\" org.apache.spark.launcher.Main"
                        + " org.apache.spark.deploy.SparkSubmit \"$@\"; printf '%d\\0' $?)",
                "COUNT=${#CMD[@]}; LAST=$((COUNT - 1)); CODE=${CMD[$LAST]}",
                "[[ $CODE == 0 ]] || exit $CODE",
                "echo \"spark-submit: ${CMD[*]:0:$LAST}\" | grep -o 'sport-benefits-app.jar' | head -1",
                "exec \"${CMD[@]:0:$LAST}\"", ""));
        submit.toFile().setExecutable(true);
        return home;
    }

    /** A loopback port free now (taken then released): for a server a test starts, or as a port nothing listens on. */
    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A lake's landing zone with the real files (never copied into the repository: from ../shared). */
    public static void realLanding(Path lake) throws IOException {
        Lakes.copyInto(lake, "hr", Lakes.REAL_DATA.resolve("DonneesRH.xlsx"));
        Lakes.copyInto(lake, "sports", Lakes.REAL_DATA.resolve("DonneesSportive.xlsx"));
        Lakes.copyInto(lake, "reference", Lakes.REAL_DATA.resolve("commute_distances_google.csv"), Lakes.REAL_DATA.resolve("laposte_hexasmal.csv"));
    }
}
