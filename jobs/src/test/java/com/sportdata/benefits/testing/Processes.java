package com.sportdata.benefits.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Real product processes for tests (the entry point on the test classpath), always stopped by PID. */
public final class Processes {
    private Processes() {
    }

    /** Starts {@code sport-benefits ARGS} as a separate JVM, output to {@code log}. */
    public static Process start(Path log, Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || a.startsWith("-Djdk.reflect")
                        || a.startsWith("-Djava.io.tmpdir"))
                .forEach(command::add);
        // the launcher's driver flags (scripts/sport-benefits): C1 only with C1's default 48 MB code cache filled up in a
        // second run of one process (31 000 methods), the JIT stopped and lambdas could no longer be deserialised in tasks
        command.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=240m", "-cp", System.getProperty("java.class.path"),
                "com.sportdata.benefits.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("SLACK_WEBHOOK_URL");
        builder.environment().remove("SLACK_ALERT_WEBHOOK_URL");
        builder.environment().putAll(environment);
        return builder.start();
    }

    /**
     * {@code sport-benefits ARGS} as a separate JVM run to its end (at most five minutes), stopped by PID whatever
     * happens; fails unless it exited 0. Returns what it printed.
     */
    public static String runToTheEnd(Path log, Map<String, String> environment, List<String> args) throws IOException, InterruptedException {
        Process process = start(log, environment, args.toArray(String[]::new));
        try {
            if (!process.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError(args + " did not finish within 300 s: " + java.nio.file.Files.readString(log));
            }
        } finally {
            kill(process);
        }
        String output = java.nio.file.Files.readString(log);
        if (process.exitValue() != 0) {
            throw new AssertionError(args + " exited " + process.exitValue() + ":\n" + output);
        }
        return output;
    }

    /** Kills a process and every process it started, by PID (SIGKILL), and waits for it to be gone. */
    public static void kill(Process process) {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The PIDs in the {@code *.pid} files of a folder where a script keeps them (none when it has no such files). */
    public static List<Long> pidsIn(Path folder) {
        List<Long> pids = new ArrayList<>();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pid")).sorted().toList()) {
                pids.add(Long.parseLong(java.nio.file.Files.readString(file).trim()));
            }
        } catch (IOException | NumberFormatException e) {
            // no PID files: nothing to stop
        }
        return pids;
    }

    /** Kills, by PID, whatever a script started and left running (its PID files in {@code folder}). */
    public static void killPidsIn(Path folder) {
        pidsIn(folder).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    /**
     * Kills, by PID, the processes whose command line holds {@code marker} — a path only this test's processes carry
     * (a browser's own profile folder), so orphans of a crashed driver are found too and nothing else is touched.
     */
    public static void killMatching(String marker) {
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }
}
