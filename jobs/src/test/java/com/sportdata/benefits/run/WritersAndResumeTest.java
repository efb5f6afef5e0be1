package com.sportdata.benefits.run;

import com.sportdata.benefits.lock.LakeLock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.cli.Main;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.generate.Generator;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.Processes;
import com.sportdata.benefits.testing.SparkTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real processes on one lake: two writers started at the same instant (exactly one writes, the other is told who
 * holds the lake and exits 3), and a run killed with SIGKILL in its silver and in its gold stage, then resumed:
 * its gold equals an uninterrupted run's, and the ledger shows the interrupted attempt and the one that finished.
 */
@Tag("drill")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WritersAndResumeTest extends SparkTest {
    private static final String AS_OF = "2026-06-30";
    private static final List<TableId> GOLD = List.of(Tables.FCT_EMPLOYEE_BENEFITS, Tables.KPI_BENEFITS_BY_PERIOD,
            Tables.DECLARATIONS_TO_REVIEW, Tables.DIM_EMPLOYEE);
    private final Map<TableId, String> reference = new java.util.HashMap<>();

    private static AppConfig company(Path lake) {
        return config(Map.of("lake.root", lake.toString(), "pipeline.as-of-date", AS_OF, "generator.employees", "40", "generator.seed", "7"));
    }

    @BeforeAll
    void anUninterruptedRun() {
        Path lake = newLake("uninterrupted");
        new Generator(company(lake)).writeLanding(null, null);
        new Pipeline(spark(), company(lake)).run("run");
        GOLD.forEach(t -> reference.put(t, Lakes.contentHash(Lakes.read(spark(), lake, t), "run_id")));
    }

    @Test
    void two_writers_started_together_one_writes_the_other_is_told_who_and_exits_3() throws Exception {
        for (int round = 0; round < 10; round++) {
            Path lake = newLake("contention-" + round);
            List<Process> both = new ArrayList<>();
            try {
                for (int p = 0; p < 2; p++) {
                    both.add(Processes.start(lake.resolve("writer-" + p + ".log"), Map.of(), "generate", "--lake", lake.toString(),
                            "--employees", "1500", "--as-of", AS_OF));
                }
                List<Integer> codes = new ArrayList<>();
                for (Process process : both) {
                    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
                    codes.add(process.exitValue());
                }
                assertThat(codes).as("round %d: %s", round, codes).containsExactlyInAnyOrder(0, 3);
                int loser = codes.indexOf(3);
                Process winner = both.get(1 - loser);
                String told = Files.readString(lake.resolve("writer-" + loser + ".log"));
                assertThat(told).contains("lake busy").contains("`generate`").contains("PID " + winner.pid());
                long loserMillis = both.get(loser).info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L);
                assertThat(loserMillis).as("the refused writer gave up quickly").isLessThan(10_000);
                assertThat(lake.resolve("landing/hr/DonneesRH_synthetic_seed42.xlsx")).exists();
                assertThat(lake.resolve("_lock/writer.lock")).doesNotExist();
            } finally {
                both.forEach(Processes::kill);
            }
        }
    }

    @Test
    void a_run_killed_in_silver_resumes_to_the_same_gold() throws Exception {
        killAndResume("silver");
    }

    @Test
    void a_run_killed_in_gold_resumes_to_the_same_gold() throws Exception {
        killAndResume("gold");
    }

    private void killAndResume(String stage) throws Exception {
        Path lake = newLake("killed-in-" + stage);
        new Generator(company(lake)).writeLanding(null, null);
        Path lock = lake.resolve("_lock/writer.lock");
        Process run = Processes.start(lake.resolve("run.log"), Map.of(), "run", "--lake", lake.toString(), "--as-of", AS_OF,
                "--master", "local[2]", "--set", "spark.local-dir=" + lake.resolve("_spark"));
        String runId;
        try {
            long deadline = System.currentTimeMillis() + 420_000;
            LakeLock.Holder holder = null;
            while (System.currentTimeMillis() < deadline && run.isAlive()) {
                if (Files.exists(lock)) {
                    try {
                        holder = new ObjectMapper().readValue(Files.readAllBytes(lock), LakeLock.Holder.class);
                    } catch (java.io.IOException beingRewritten) {
                        holder = null;
                    }
                    if (holder != null && stage.equals(holder.stage())) {
                        break;
                    }
                }
                Thread.sleep(100);
            }
            String seen = holder == null ? "no lock" : "stage " + holder.stage();
            assertThat(holder != null && stage.equals(holder.stage()))
                    .as("the run reached stage %s (last seen: %s, process alive: %s); its log ends with:%n%s", stage, seen, run.isAlive(),
                            tail(lake.resolve("run.log"), 30))
                    .isTrue();
            runId = holder.runId();
            Thread.sleep(1_500);
        } finally {
            Processes.kill(run);
        }
        assertThat(run.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(Files.exists(lock)).as("a killed holder leaves its lock").isTrue();

        int code = Main.execute("run", "--lake", lake.toString(), "--resume", "--set", "spark.master=local[2]");
        assertThat(code).isZero();
        for (TableId table : GOLD) {
            assertThat(Lakes.contentHash(Lakes.read(spark(), lake, table), "run_id")).as(table.qualifiedName()).isEqualTo(reference.get(table));
        }
        List<RunLedger.Entry> rows = new RunLedger(spark(), new LakePaths(lake.toString()), "").run(runId);
        assertThat(rows.stream().filter(e -> e.stage().equals(stage)).map(e -> e.status() + "#" + e.attempt()).toList())
                .containsExactly("INTERRUPTED#1", "SUCCEEDED#2");
        assertThat(rows.stream().filter(e -> e.stage().equals("ingest")).map(e -> e.status() + "#" + e.attempt()).toList())
                .containsExactly("SUCCEEDED#1");
        assertThat(rows).extracting(RunLedger.Entry::stage).contains("quality", "notify");
        assertThat(rows).allSatisfy(e -> assertThat(e.asOfDate()).hasToString(AS_OF));
        assertThat(Files.exists(lock)).isFalse();
    }

    private static String tail(Path log, int lines) throws java.io.IOException {
        List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
