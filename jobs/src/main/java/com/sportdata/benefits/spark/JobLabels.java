package com.sportdata.benefits.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The labels the Spark UI and the event log show for the jobs of a piece of work (job group and description), set
 * for a block and then given back as they were — so a table's write inside a stage's labelled work does not leave the
 * stage's later jobs unlabelled or wrongly labelled. Labels are thread-local in Spark, as is this.
 */
public final class JobLabels implements AutoCloseable {
    private static final String GROUP = "spark.jobGroup.id";
    private static final String DESCRIPTION = "spark.job.description";
    private static final String INTERRUPT = "spark.job.interruptOnCancel";

    private final SparkContext context;
    private final String group;
    private final String description;
    private final String interrupt;

    private JobLabels(SparkContext context) {
        this.context = context;
        this.group = context.getLocalProperty(GROUP);
        this.description = context.getLocalProperty(DESCRIPTION);
        this.interrupt = context.getLocalProperty(INTERRUPT);
    }

    /** Labels the jobs that follow with {@code description} until {@link #close}. */
    public static JobLabels describing(SparkSession spark, String description) {
        JobLabels saved = new JobLabels(spark.sparkContext());
        spark.sparkContext().setJobDescription(description);
        return saved;
    }

    /** Puts the jobs that follow in group {@code id} with {@code description} until {@link #close}. */
    public static JobLabels grouping(SparkSession spark, String id, String description) {
        JobLabels saved = new JobLabels(spark.sparkContext());
        spark.sparkContext().setJobGroup(id, description, false);
        return saved;
    }

    /** Gives the labels back as they were before. */
    @Override
    public void close() {
        context.setLocalProperty(GROUP, group);
        context.setLocalProperty(DESCRIPTION, description);
        context.setLocalProperty(INTERRUPT, interrupt);
    }
}
