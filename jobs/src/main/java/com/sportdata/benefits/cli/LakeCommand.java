package com.sportdata.benefits.cli;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.LakeStorage;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.config.ConfigLoader;
import com.sportdata.benefits.history.Acknowledgements;
import com.sportdata.benefits.register.OfRecord;
import com.sportdata.benefits.register.RulesRegister;
import com.sportdata.benefits.run.CommandEnvelope;
import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.run.Progress;
import com.sportdata.benefits.slack.Notifier;
import com.sportdata.benefits.spark.SparkSessions;
import com.sportdata.benefits.landing.LandingSource;
import com.sportdata.benefits.landing.LandingZone;
import com.sportdata.benefits.spark.Codegen;
import com.sportdata.benefits.spark.ShufflePartitions;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** What every command shares: its options, the configuration, Spark, the lake check and the lock. */
abstract class LakeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(LakeCommand.class);

    @ParentCommand
    Main main;
    @Mixin
    CommonOptions common;
    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    AppConfig config;
    private SparkSession spark;
    private com.sportdata.benefits.catalog.DeltaRows smallTables;

    /** Whether the command writes to the lake (then it takes the lock). */
    abstract boolean writes();

    /** Whether the lake may not exist yet (only `generate` creates one). */
    boolean createsLake() {
        return false;
    }

    abstract int execute(LakeLock lock) throws Exception;

    @Override
    public final Integer call() throws Exception {
        spec.mixins().values().forEach(m -> {
            if (m.userObject() instanceof AsOfDate date) {
                date.applyTo(common.overrides);
            }
        });
        config = ConfigLoader.load(common.configFiles, common.overrides, main.environment());
        Logging.apply(config.operations().logFormat());
        LakePaths paths = new LakePaths(config.lake());
        // an object store is checked first (endpoint, credentials, bucket): a clear line in seconds, nothing written
        LakeStorage.probe(config, createsLake());
        if (!createsLake()) {
            Cli.requireLake(paths);
        } else if ("file".equals(URI.create(paths.root()).getScheme())) {
            Files.createDirectories(Path.of(URI.create(paths.root())));
        }
        if (!writes()) {
            return execute(null);
        }
        try (LakeLock lock = CommandEnvelope.acquire(config, spec.name(), Duration.ofSeconds(config.operations().lockWaitSeconds()))) {
            return execute(lock);
        }
    }

    /**
     * Computes with the parameters of record (the rules register): refuses a command line that disagrees with
     * them for one of {@code years} ({@code null}: every year of record), and says which years keep theirs.
     */
    void useParametersOfRecord(java.util.Collection<Integer> years) {
        // the register and the acknowledgements by Delta Kernel: small ops tables, not worth a Spark plan each
        OfRecord.Resolved resolved = OfRecord.resolve(config, RulesRegister.current(ops(com.sportdata.benefits.catalog.Tables.RULES_REGISTER)),
                common.userKeys(), years);
        java.util.Set<Acknowledgements.Item> quiet = acknowledged(resolved.notes());
        for (OfRecord.Note note : resolved.notes()) {
            if (quiet.contains(note.item())) {
                LOG.info("acknowledged: {}", note.text());
            } else {
                LOG.warn(note.text());
                out().println("Note: " + note.text());
            }
        }
        config = resolved.config();
    }

    SparkSession spark() {
        if (spark == null) {
            spark = SparkSessions.create(config.spark(), LakeStorage.hadoopProperties(config));
            // listed once: both choices follow the size of the activity files in landing
            long[] listed = {-1};
            java.util.function.LongSupplier activityBytes = () -> {
                if (listed[0] < 0) {
                    listed[0] = new LandingZone(paths(), spark.sparkContext().hadoopConfiguration()).bytes(LandingSource.ACTIVITIES);
                }
                return listed[0];
            };
            Codegen.apply(spark, config.spark(), activityBytes);
            ShufflePartitions.apply(spark, config.spark(), activityBytes);
        }
        return spark;
    }

    /** The items of {@code notes} already acknowledged with `rules ack`: those are not said again. */
    java.util.Set<Acknowledgements.Item> acknowledged(java.util.List<OfRecord.Note> notes) {
        java.util.List<Acknowledgements.Item> items = notes.stream().map(OfRecord.Note::item).toList();
        return items.isEmpty() ? java.util.Set.of() : Acknowledgements.acknowledged(items, ops(com.sportdata.benefits.catalog.Tables.ACKNOWLEDGEMENTS));
    }

    /**
     * The current rows of a small ops table (the run ledger, the rules register), read by Delta Kernel in this JVM: a
     * read-only command that needs only such a table never starts Spark.
     */
    java.util.List<com.sportdata.benefits.catalog.Record> ops(com.sportdata.benefits.catalog.TableId table) {
        if (smallTables == null) {
            smallTables = new com.sportdata.benefits.catalog.DeltaRows(LakeStorage.hadoopConfiguration(config));
        }
        return smallTables.read(paths().table(table));
    }

    LakePaths paths() {
        return new LakePaths(config.lake());
    }

    String arguments() {
        return Cli.forLedger(main.arguments());
    }

    /** Slack as this process's environment configures it (dry runs without webhooks). */
    Notifier notifier() {
        return Notifier.fromEnvironment(spark(), config, main.environment());
    }

    /** The envelope of a command that computes: ledger, checks, alerts to Slack, metrics, around its graph of stages. */
    CommandEnvelope envelope(LakeLock lock) {
        return new CommandEnvelope(spark(), config, arguments(), notifier()).holding(lock).reporting(progress());
    }

    Progress progress() {
        return Progress.forConsole("json".equals(config.operations().logFormat()));
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
