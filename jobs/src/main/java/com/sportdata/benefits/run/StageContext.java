package com.sportdata.benefits.run;

import com.sportdata.benefits.bronze.BronzeSources;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.pipeline.LayerRunner;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.quality.Alerts;
import com.sportdata.benefits.quality.Findings;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a stage is given: the run, the configuration, Spark, the lake, the journaled writer (its reads and writes
 * go to the stage's ledger row), the alerts, and the results of the stages before it. Layer runners and other
 * checkers a stage creates through it are tracked, so their findings survive the stage's failure.
 */
public final class StageContext {
    private final RunContext run;
    private final AppConfig config;
    private final SparkSession spark;
    private final TableWriter writer;
    private final Alerts alerts;
    private final Progress progress;
    private final Map<String, StageResult<?>> earlier;
    private final List<Findings> tracked = Collections.synchronizedList(new ArrayList<>());

    StageContext(RunContext run, AppConfig config, SparkSession spark, TableWriter writer, Alerts alerts, Progress progress,
                 Map<String, StageResult<?>> earlier) {
        this.run = run;
        this.config = config;
        this.spark = spark;
        this.writer = writer;
        this.alerts = alerts;
        this.progress = progress;
        this.earlier = Map.copyOf(earlier);
    }

    public RunContext run() {
        return run;
    }

    public AppConfig config() {
        return config;
    }

    public SparkSession spark() {
        return spark;
    }

    public TableWriter writer() {
        return writer;
    }

    public LakePaths paths() {
        return writer.paths();
    }

    public Alerts alerts() {
        return alerts;
    }

    /** The result of an earlier stage of this run (in this process, or recorded by an earlier attempt). */
    public Optional<StageResult<?>> earlier(String stage) {
        return Optional.ofNullable(earlier.get(stage));
    }

    public Map<String, StageResult<?>> allEarlier() {
        return earlier;
    }

    /** A layer runner over {@code target}, reporting progress, whose findings the stage runner collects. */
    public LayerRunner layerRunner(TableWriter target) {
        return track(new LayerRunner(spark, target, config.pipeline().tableParallelism(), progress,
                id -> BronzeSources.byTarget(id).map(BronzeSources::bronzeSchema)));
    }

    public <F extends Findings> F track(F findings) {
        tracked.add(findings);
        return findings;
    }

    List<Findings> tracked() {
        synchronized (tracked) {
            return List.copyOf(tracked);
        }
    }
}
