package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Layer;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a layer's tables are scheduled: each as soon as its own inputs are written, none after a failure. */
class LayerRunnerTest extends SparkTest {
    private static final TableId SLOW = new TableId(Layer.SILVER, "probe_slow");
    private static final TableId QUICK = new TableId(Layer.SILVER, "probe_quick");
    private static final TableId AFTER_QUICK = new TableId(Layer.SILVER, "probe_after_quick");
    private static final TableId AFTER_SLOW = new TableId(Layer.SILVER, "probe_after_slow");
    private static final TableId SOURCE = new TableId(Layer.BRONZE, "probe_source");
    private static final TableId MERGED = new TableId(Layer.SILVER, "probe_merged");
    private static final TableId NONE = new TableId(Layer.SILVER, "probe_none");

    /** A job writing {@code target} from what {@code body} returns, given its inputs' frames. */
    private static TableJob job(TableId target, List<TableId> inputs, Function<Map<TableId, Dataset<Row>>, Dataset<Row>> body) {
        return job(target, inputs, new WriteMode.Overwrite(List.of()), body);
    }

    private static TableJob job(TableId target, List<TableId> inputs, WriteMode mode, Function<Map<TableId, Dataset<Row>>, Dataset<Row>> body) {
        return new TableJob() {
            @Override
            public TableId target() {
                return target;
            }

            @Override
            public List<TableId> inputs() {
                return inputs;
            }

            @Override
            public WriteMode writeMode(RunContext run) {
                return mode;
            }

            @Override
            public Dataset<Row> transform(Map<TableId, Dataset<Row>> in, RunContext run) {
                return body.apply(in);
            }
        };
    }

    private static Dataset<Row> one() {
        return spark().sql("SELECT CAST(1 AS BIGINT) AS n");
    }

    private static RunContext run() {
        return RunContext.start("test", config(Map.of()));
    }

    @Test
    void a_table_starts_when_its_own_inputs_are_written_not_when_its_whole_wave_is() throws Exception {
        TableWriter writer = new TableWriter(spark(), new LakePaths(newLake("schedule").toString()));
        CountDownLatch laterStarted = new CountDownLatch(1);
        boolean[] released = {false};
        // SLOW and QUICK form the first wave; AFTER_QUICK reads QUICK only: it must start while SLOW still runs
        TableJob slow = job(SLOW, List.of(), in -> {
            try {
                released[0] = laterStarted.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return one();
        });
        TableJob quick = job(QUICK, List.of(), in -> one());
        TableJob afterQuick = job(AFTER_QUICK, List.of(QUICK), in -> {
            laterStarted.countDown();
            return in.get(QUICK).selectExpr("n + 1 AS n");
        });
        List<TableRun> runs = new LayerRunner(spark(), writer, 2).runLayer(List.of(slow, quick, afterQuick), run());
        assertThat(released[0]).as("the table reading QUICK started before SLOW ended").isTrue();
        assertThat(runs).extracting(TableRun::table).containsExactly(SLOW, QUICK, AFTER_QUICK);
        assertThat(writer.read(AFTER_QUICK).first().getLong(0)).isEqualTo(2L);
        // written whole: the command's later reads get the rows in memory, then Delta once the command released them
        assertThat(writer.read(QUICK).queryExecution().optimizedPlan().toString()).contains("InMemoryRelation");
        writer.releaseHandedOver();
        Dataset<Row> stored = writer.read(QUICK);
        assertThat(stored.queryExecution().optimizedPlan().toString()).doesNotContain("InMemoryRelation");
        assertThat(stored.collectAsList()).extracting(r -> r.getLong(0)).containsExactly(1L);
    }

    @Test
    void after_a_failure_no_other_table_starts_and_the_failure_is_thrown() {
        TableWriter writer = new TableWriter(spark(), new LakePaths(newLake("schedule-failure").toString()));
        Set<TableId> transformed = ConcurrentHashMap.newKeySet();
        TableJob broken = job(SLOW, List.of(), in -> {
            transformed.add(SLOW);
            throw new IllegalStateException("probe: the slow table's transform broke");
        });
        TableJob dependent = job(AFTER_SLOW, List.of(SLOW), in -> {
            transformed.add(AFTER_SLOW);
            return one();
        });
        TableJob quick = job(QUICK, List.of(), in -> {
            transformed.add(QUICK);
            return one();
        });
        assertThatThrownBy(() -> new LayerRunner(spark(), writer, 2).runLayer(List.of(broken, dependent, quick), run()))
                .isInstanceOf(IllegalStateException.class).hasMessage("probe: the slow table's transform broke");
        assertThat(transformed).contains(SLOW).doesNotContain(AFTER_SLOW);
        assertThat(writer.exists(SLOW)).isFalse();
        assertThat(writer.exists(AFTER_SLOW)).isFalse();
    }

    /**
     * A table recomputed from moved inputs into the rows it already has — a merge that changes nothing, an empty table
     * overwritten by nothing, a rebuild equal to what is published: Delta commits nothing for those, so without a
     * commit of its own the table kept naming its old inputs and every later run recomputed it (10 s per quiet demo run
     * for the commute distances, each run, after one HR change).
     */
    @Test
    void a_table_recomputed_into_the_same_rows_names_its_new_inputs_and_is_kept_by_the_next_run() {
        TableWriter writer = new TableWriter(spark(), new LakePaths(newLake("confirmed").toString()));
        Dataset<Row> source = spark().sql("SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(k, v)");
        List<TableJob> jobs = List.of(
                job(MERGED, List.of(SOURCE), new WriteMode.Merge(List.of("k"), "NOT (s.v <=> t.v)", List.of()), in -> in.get(SOURCE)),
                job(NONE, List.of(SOURCE), in -> in.get(SOURCE).filter("k > 9")),
                job(QUICK, List.of(SOURCE), in -> in.get(SOURCE).selectExpr("k * 10 AS k")),
                job(AFTER_QUICK, List.of(QUICK), in -> in.get(QUICK).selectExpr("k + 1 AS k")));
        RunContext first = run();
        writer.write(source, SOURCE, new WriteMode.Overwrite(List.of()), first, "probe source");
        new LayerRunner(spark(), writer, 2).runLayer(jobs, first, false);
        writer.releaseHandedOver();
        Map<TableId, Long> published = Map.of(MERGED, writer.latestVersion(MERGED), NONE, writer.latestVersion(NONE),
                QUICK, writer.latestVersion(QUICK));

        // the source moves (a new version, the same rows): each table is recomputed into the rows it has
        RunContext second = run();
        long moved = writer.write(source, SOURCE, new WriteMode.Overwrite(List.of()), second, "probe source again");
        for (boolean incremental : List.of(false, true)) {
            RunContext again = incremental ? run() : second;
            if (incremental) {
                moved = writer.write(source, SOURCE, new WriteMode.Overwrite(List.of()), again, "probe source, third time");
            }
            List<TableRun> runs = new LayerRunner(spark(), writer, 2).runLayer(jobs, again, incremental);
            writer.releaseHandedOver();
            assertThat(runs.subList(0, 3)).extracting(TableRun::publication).as("incremental " + incremental)
                    .doesNotContain(TableRun.Publication.KEPT);
            // a table reading one that was only confirmed (the same rows) has not moved: kept when the layer keeps tables
            assertThat(runs.get(3).publication()).isEqualTo(incremental ? TableRun.Publication.KEPT : TableRun.Publication.REBUILT);
            for (TableId table : List.of(MERGED, NONE, QUICK)) {
                TableWriter.Lineage lineage = writer.lineage(table).orElseThrow();
                assertThat(lineage.runId()).as(table + ", incremental " + incremental).isEqualTo(again.runId());
                assertThat(lineage.inputs()).as(table.toString()).containsEntry(writer.paths().relative(SOURCE), moved);
                assertThat(writer.latestVersion(table)).as(table + ": a commit of its own").isGreaterThan(published.get(table));
            }
        }
        assertThat(writer.read(MERGED).collectAsList()).extracting(r -> r.getInt(0) + r.getString(1)).containsExactlyInAnyOrder("1a", "2b");
        assertThat(writer.read(NONE).isEmpty()).isTrue();
        assertThat(writer.read(QUICK).collectAsList()).extracting(r -> r.getInt(0)).containsExactlyInAnyOrder(10, 20);

        assertThat(writer.read(AFTER_QUICK).collectAsList()).extracting(r -> r.getInt(0)).containsExactlyInAnyOrder(11, 21);
        assertThat(writer.sameRowsAs(QUICK, writer.latestVersion(QUICK) - 1)).as("a stamp keeps the rows").isTrue();
        assertThat(writer.sameRowsAs(SOURCE, moved - 1)).as("an overwrite does not, even with the same rows").isFalse();

        // nothing moved since: every table is kept, no commit
        Map<TableId, Long> confirmed = Map.of(MERGED, writer.latestVersion(MERGED), NONE, writer.latestVersion(NONE),
                QUICK, writer.latestVersion(QUICK), AFTER_QUICK, writer.latestVersion(AFTER_QUICK));
        List<TableRun> quiet = new LayerRunner(spark(), writer, 2).runLayer(jobs, run(), true);
        assertThat(quiet).extracting(TableRun::publication).containsOnly(TableRun.Publication.KEPT);
        confirmed.forEach((table, version) -> assertThat(writer.latestVersion(table)).as(table.toString()).isEqualTo(version));
    }

    /**
     * A layer run that rejects nothing, for tables with nothing in quarantine, does not touch the quarantine: no Spark
     * job replaces its rows (a replacement by nothing still scans the table, and on an increment joins the former rows
     * with the recomputed part's sources), no commit. One that rejects a row writes it, and the next clean run removes it
     * (a commit), after which clean runs leave it alone again. The lake's first validation creates it, even empty.
     */
    @Test
    void the_quarantine_is_touched_only_when_its_rows_change() {
        TableWriter writer = new TableWriter(spark(), new LakePaths(newLake("quarantine-commits").toString()));
        java.util.concurrent.atomic.AtomicInteger rejecting = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Supplier<List<TableJob>> validating = () -> List.of(job(QUICK, List.of(SOURCE), in -> in.get(SOURCE).selectExpr("k",
                "IF(k <= " + rejecting.get() + ", array('too small'), CAST(array() AS ARRAY<STRING>)) AS " + TableJob.REJECT_REASONS)));
        writer.write(spark().sql("SELECT * FROM VALUES (1), (2) AS t(k)"), SOURCE, new WriteMode.Overwrite(List.of()), run(), "probe source");
        java.util.function.LongSupplier quarantine = () -> writer.exists(Tables.QUARANTINE) ? writer.latestVersion(Tables.QUARANTINE) : -1;

        new LayerRunner(spark(), writer, 2).runLayer(validating.get(), run(), false);
        writer.releaseHandedOver();
        long created = quarantine.getAsLong();
        assertThat(created).as("created by the first validation").isZero();
        assertThat(writer.read(Tables.QUARANTINE).isEmpty()).isTrue();

        assertThat(quarantineJobs(() -> new LayerRunner(spark(), writer, 2).runLayer(validating.get(), run(), false)))
                .as("nothing rejected, nothing there: no job").isZero();
        writer.releaseHandedOver();
        assertThat(quarantine.getAsLong()).as("no commit").isEqualTo(created);

        rejecting.set(1);
        assertThat(quarantineJobs(() -> new LayerRunner(spark(), writer, 2).runLayer(validating.get(), run(), false))).isPositive();
        writer.releaseHandedOver();
        assertThat(quarantine.getAsLong()).isEqualTo(created + 1);
        assertThat(writer.read(Tables.QUARANTINE).collectAsList()).extracting(r -> r.getAs("target_table") + " " + r.getList(r.fieldIndex("reasons")))
                .containsExactly(QUICK.qualifiedName() + " [too small]");
        assertThat(writer.read(QUICK).collectAsList()).extracting(r -> r.getInt(0)).containsExactly(2);

        rejecting.set(0);
        new LayerRunner(spark(), writer, 2).runLayer(validating.get(), run(), false);
        writer.releaseHandedOver();
        assertThat(quarantine.getAsLong()).as("its row leaves the quarantine").isEqualTo(created + 2);
        assertThat(writer.read(Tables.QUARANTINE).isEmpty()).isTrue();
        assertThat(quarantineJobs(() -> new LayerRunner(spark(), writer, 2).runLayer(validating.get(), run(), false))).isZero();
        writer.releaseHandedOver();
        assertThat(quarantine.getAsLong()).isEqualTo(created + 2);
        assertThat(writer.read(QUICK).collectAsList()).extracting(r -> r.getInt(0)).containsExactlyInAnyOrder(1, 2);
    }

    /**
     * The Spark jobs a layer run starts in the calling thread once its tables are done — the quarantine's replacement
     * (each table runs its own jobs in a group of its own), waiting a moment for the status of jobs that ran.
     */
    private static int quarantineJobs(Runnable layerRun) {
        String group = "quarantine-probe-" + System.nanoTime();
        spark().sparkContext().setJobGroup(group, "layer run", false);
        try {
            layerRun.run();
        } finally {
            spark().sparkContext().clearJobGroup();
        }
        int seen = 0;
        for (int i = 0; i < 20; i++) {
            seen = spark().sparkContext().statusTracker().getJobIdsForGroup(group).length;
            if (seen > 0) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return seen;
    }
}
