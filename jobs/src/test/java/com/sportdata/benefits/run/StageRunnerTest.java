package com.sportdata.benefits.run;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Layer;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.quality.Alerts;
import com.sportdata.benefits.quality.CheckOutcome;
import com.sportdata.benefits.quality.Level;
import com.sportdata.benefits.quality.QualityGateFailure;
import com.sportdata.benefits.testing.SparkTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The stage runner on stages that fail on purpose: retries, backoff, what is never retried, the ledger rows. */
class StageRunnerTest extends SparkTest {

    private record Fixture(AppConfig config, RunLedger ledger, TableWriter writer, Alerts alerts, List<Long> waits) {
        StageRunner runner() {
            return new StageRunner(spark(), config, writer, ledger, alerts, Progress.logOnly(), config.reproducibleJson())
                    .sleepingWith(waits::add);
        }
    }

    private static Fixture fixture() {
        Path lake = newLake("stages");
        AppConfig config = config(Map.of("lake.root", lake.toString()));
        LakePaths paths = new LakePaths(lake.toString());
        return new Fixture(config, new RunLedger(spark(), paths, "test"), new TableWriter(spark(), paths), new Alerts(), new ArrayList<>());
    }

    /** A stage that throws {@code failure} on its first {@code failures} attempts, then succeeds. */
    private static Stage flaky(String name, int failures, RuntimeException failure, AtomicInteger calls) {
        return Stage.of(name, context -> {
            if (calls.incrementAndGet() <= failures) {
                throw failure;
            }
            return StageResult.done(context.run(), RunLedger.Counts.NONE, "done after " + calls.get() + " calls");
        });
    }

    private static StageRunner.Step step(Stage stage, int attempts, boolean always) {
        return new StageRunner.Step(stage, new RetryPolicy(attempts, 100, 1000), always);
    }

    @Test
    void a_transient_failure_is_retried_with_exponential_backoff_and_every_attempt_is_in_the_ledger() {
        Fixture f = fixture();
        AtomicInteger calls = new AtomicInteger();
        RunContext run = RunContext.start("run", f.config());
        StageRunner.Outcome outcome = f.runner().execute(run, List.of(step(flaky("silver",
                2, new UncheckedIOException(new IOException("connection reset by peer")), calls), 3, false)));
        assertThat(outcome.succeeded()).isTrue();
        assertThat(calls.get()).isEqualTo(3);
        assertThat(f.waits()).containsExactly(100L, 200L);
        List<RunLedger.Entry> rows = f.ledger().run(run.runId());
        assertThat(rows).extracting(RunLedger.Entry::attempt).containsExactly(1, 2, 3);
        assertThat(rows).extracting(RunLedger.Entry::status)
                .containsExactly(RunLedger.Status.FAILED, RunLedger.Status.FAILED, RunLedger.Status.SUCCEEDED);
        assertThat(rows.get(0).error()).contains("connection reset by peer");
        assertThat(rows.get(0).detail()).contains("retried");
        assertThat(f.alerts().raised()).isEmpty();
    }

    @Test
    void a_transient_failure_that_outlasts_the_attempts_fails_the_run_once_alerted() {
        Fixture f = fixture();
        AtomicInteger calls = new AtomicInteger();
        RunContext run = RunContext.start("run", f.config());
        StageRunner.Outcome outcome = f.runner().execute(run, List.of(step(flaky("gold", 5,
                new Failures.TransientFailure("executor lost", null), calls), 2, false)));
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.failedStage()).isEqualTo("gold");
        assertThat(calls.get()).isEqualTo(2);
        assertThat(f.alerts().raised()).singleElement().asString().contains("run failed in stage gold").contains("executor lost");
    }

    @Test
    void bad_input_a_quality_gate_and_a_wrong_argument_are_never_retried() {
        TableId table = new TableId(Layer.SILVER, "employees");
        CheckOutcome failed = new CheckOutcome("silver", "employees", "employee_id unique", Level.ERROR, CheckOutcome.Status.FAILED,
                "isUnique(employee_id)", 0.9, "90 % unique", "why");
        for (RuntimeException failure : List.of(new BadInput("HR file rejected"), new QualityGateFailure(table, List.of(failed)),
                new IllegalArgumentException("no such year"), new IllegalStateException("a bug"))) {
            Fixture f = fixture();
            AtomicInteger calls = new AtomicInteger();
            StageRunner.Outcome outcome = f.runner().execute(RunContext.start("run", f.config()),
                    List.of(step(flaky("silver", 1, failure, calls), 5, false)));
            assertThat(calls.get()).as(failure.toString()).isOne();
            assertThat(f.waits()).isEmpty();
            assertThat(outcome.failure()).isSameAs(failure);
        }
    }

    @Test
    void after_a_failure_only_the_always_stages_run_and_they_see_the_failed_stage() {
        Fixture f = fixture();
        AtomicInteger silver = new AtomicInteger();
        AtomicInteger gold = new AtomicInteger();
        List<String> seen = new ArrayList<>();
        Stage quality = Stage.of("quality", context -> {
            context.allEarlier().forEach((name, result) -> seen.add(name + " " + result.status()));
            return StageResult.done(context.run(), RunLedger.Counts.NONE, null);
        });
        RunContext run = RunContext.start("run", f.config());
        StageRunner.Outcome outcome = f.runner().execute(run, List.of(step(flaky("silver", 1, new BadInput("no HR file"), silver), 1, false),
                step(flaky("gold", 0, null, gold), 1, false), step(quality, 1, true)));
        assertThat(gold.get()).isZero();
        assertThat(seen).containsExactly("silver FAILED");
        assertThat(outcome.results()).containsOnlyKeys("silver", "quality");
        assertThat(f.ledger().run(run.runId())).extracting(RunLedger.Entry::stage).containsExactly("silver", "quality");
    }

    @Test
    void transient_failures_are_told_apart_from_the_others() {
        assertThat(Failures.isTransient(new UncheckedIOException(new IOException("broken pipe")))).isTrue();
        assertThat(Failures.isTransient(new RuntimeException("Job aborted", new RuntimeException("ExecutorLostFailure (executor 1 exited)"))))
                .isTrue();
        assertThat(Failures.isTransient(new IllegalStateException("wrapped", new java.net.SocketTimeoutException("Read timed out")))).isTrue();
        assertThat(Failures.isTransient(new UncheckedIOException(new java.io.FileNotFoundException("landing/hr/x.xlsx")))).isFalse();
        assertThat(Failures.isTransient(new BadInput("x"))).isFalse();
        assertThat(Failures.isTransient(new RuntimeException("wrapped", new BadInput("x")))).isFalse();
        assertThat(Failures.isTransient(new IllegalStateException("a bug"))).isFalse();
        assertThat(new RetryPolicy(5, 1000, 5000).backoffMillis(1)).isEqualTo(1000);
        assertThat(new RetryPolicy(5, 1000, 5000).backoffMillis(3)).isEqualTo(4000);
        assertThat(new RetryPolicy(5, 1000, 5000).backoffMillis(4)).isEqualTo(5000);
    }
}
