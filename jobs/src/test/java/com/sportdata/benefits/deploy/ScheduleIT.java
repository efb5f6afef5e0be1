package com.sportdata.benefits.deploy;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.testing.Processes;
import com.sportdata.benefits.testing.SparkTest;
import com.sportdata.benefits.testing.Wrapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The `schedule` command for real: a 1-second Quartz cron firing `run` through scripts/sport-benefits on a small
 * generated lake. While the test holds the lake's lock the fires are skipped (busy); then it fires run after run,
 * never two at once; SIGTERM during a run lets that run finish, and the scheduler exits.
 */
@Tag("integration")
class ScheduleIT extends SparkTest {

    @Test
    void a_one_second_cron_skips_a_busy_lake_fires_without_overlap_and_stops_cleanly_on_sigterm() throws Exception {
        Path work = newLake("schedule-it");
        Path lake = work.resolve("lake");
        Wrapper.Outcome generated = Wrapper.run("sport-benefits", work, Duration.ofMinutes(2), Map.of(), "generate", "--lake",
                lake.toString(), "--employees", "20", "--seed", "3", "--as-of", "2026-06-30");
        assertThat(generated.exitCode()).as(generated.output()).isZero();

        Path log = work.resolve("schedule.log");
        Process scheduler;
        try (LakeLock held = LakeLock.acquire(new LakePaths(lake.toString()), "test", null, Duration.ofMinutes(5), Duration.ZERO)) {
            scheduler = Wrapper.start("sport-benefits", work, log, Map.of(), "schedule", "--lake", lake.toString(),
                    "--set", "schedule.run=* * * * * ?", "--set", "schedule.digest=", "--set", "schedule.vacuum=",
                    "--set", "pipeline.as-of-date=2026-06-30");
            try {
                awaitLog(scheduler, log, Duration.ofMinutes(2), l -> count(l, "schedule: run skipped: the lake is busy") >= 1);
            } catch (AssertionError | RuntimeException e) {
                Processes.kill(scheduler);
                throw e;
            }
        }
        try {
            awaitLog(scheduler, log, Duration.ofMinutes(5), l -> count(l, "schedule: run finished") >= 1
                    && count(l, "schedule: run fired") >= count(l, "schedule: run skipped") + 2);
            scheduler.destroy();  // SIGTERM, as systemctl stop or kill would send it
            assertThat(scheduler.waitFor(3, TimeUnit.MINUTES)).as("the scheduler did not stop").isTrue();
        } finally {
            Processes.kill(scheduler);
        }
        String output = Files.readString(log);
        // the JVM's exit code for SIGTERM once its shutdown hooks are done (systemd: SuccessExitStatus=143)
        assertThat(scheduler.exitValue()).as(output).isIn(0, 143);
        assertThat(output).contains("schedule: run on '* * * * * ?'").contains("schedule: stopping (no new fire)")
                .contains("schedule: waiting for run").contains("schedule: stopped");
        assertThat(count(output, "schedule: run finished")).as(output).isEqualTo(2);
        assertThat(output).doesNotContain("schedule: run failed");

        // two whole runs in the ledger (the second let finish after SIGTERM), one after the other
        RunLedger ledger = new RunLedger(spark(), new LakePaths(lake.toString()), "");
        List<List<RunLedger.Entry>> runs = new ArrayList<>(ledger.recent(10).stream()
                .collect(Collectors.groupingBy(RunLedger.Entry::runId, java.util.LinkedHashMap::new, Collectors.toList())).values());
        // (the second skips silver and gold: nothing new)
        assertThat(runs).hasSize(2).allSatisfy(stages -> {
            assertThat(stages).extracting(RunLedger.Entry::stage).containsExactly("ingest", "silver", "gold", "quality", "notify");
            assertThat(stages).allSatisfy(e -> assertThat(e.status().done()).as(e.stage() + " " + e.status()).isTrue());
        });
        runs.sort(java.util.Comparator.comparing(stages -> stages.get(0).startedAt()));
        for (int i = 1; i < runs.size(); i++) {
            Instant previousEnd = runs.get(i - 1).get(runs.get(i - 1).size() - 1).endedAt();
            assertThat(runs.get(i).get(0).startedAt()).isAfterOrEqualTo(previousEnd);
        }
        assertThat(Files.exists(lake.resolve("_lock/writer.lock"))).isFalse();
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }

    private static void awaitLog(Process process, Path log, Duration within, Predicate<String> condition) throws Exception {
        long deadline = System.currentTimeMillis() + within.toMillis();
        while (true) {
            String text = Files.readString(log);
            if (condition.test(text)) {
                return;
            }
            assertThat(process.isAlive()).as("the scheduler ended:\n" + text).isTrue();
            assertThat(System.currentTimeMillis()).as("waited " + within + ":\n" + text).isLessThan(deadline);
            Thread.sleep(250);
        }
    }
}
