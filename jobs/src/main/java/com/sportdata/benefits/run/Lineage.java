package com.sportdata.benefits.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sportdata.benefits.bronze.BronzeIngestion;
import com.sportdata.benefits.bronze.BronzeSource;
import com.sportdata.benefits.bronze.BronzeSources;
import com.sportdata.benefits.catalog.Layer;
import com.sportdata.benefits.catalog.PersonalData;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.gold.GoldLayer;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.landing.LandingSource;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.pipeline.WriteMode;
import com.sportdata.benefits.quality.QualityCheck;
import com.sportdata.benefits.silver.SilverLayer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The product's structure as the code declares it, so diagrams cannot drift: the stage graph of each command that
 * writes, and every table with its inputs, the stage that writes it, its write mode, its grain and its checks.
 *
 * <p>The tables of silver and gold come from their jobs ({@link SilverLayer#JOBS}, {@link GoldLayer#ALL}): inputs and
 * write mode as the runner uses them, and the checks each job declares, built the way the runner builds them (on empty
 * frames of the inputs' schemas, so no data is needed). Bronze comes from {@link BronzeSources}. The tables written
 * outside a layer (ledger, quality results, outbox…) are declared here; a table of {@link Tables} that none of these
 * covers fails at class load.
 */
public final class Lineage {

    /** One table: what it is computed from, who writes it and how, its grain and its checks. */
    public record Table(String name, String layer, List<String> inputs, String writtenBy, String mode, String grain,
                        List<String> checks, String personalData) {
    }

    /** One command's stages, in the order they run. */
    public record Command(String name, List<String> stages, String what) {
    }

    public record Graph(List<Command> commands, List<Table> tables) {
        public String json() {
            try {
                return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this) + "\n";
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The tables as a Graphviz digraph: one cluster per layer, an edge from each input to the table it feeds. */
        public String tablesDot() {
            StringBuilder out = new StringBuilder("digraph tables {\n  rankdir=LR;\n  labelloc=t;\n"
                    + "  label=\"Tables and their inputs (tinted: holds names, salaries, birth dates or home addresses)\";\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n"
                    + "  edge [color=\"#555555\"];\n");
            out.append("  subgraph cluster_landing {\n    label=\"landing (files as delivered)\";\n    style=dashed;\n");
            tables.stream().flatMap(t -> t.inputs().stream()).filter(i -> i.startsWith("landing/")).distinct()
                    .forEach(i -> out.append("    ").append(quote(i)).append(" [shape=folder];\n"));
            out.append("  }\n");
            for (Layer layer : Layer.values()) {
                List<Table> inLayer = tables.stream().filter(t -> t.layer().equals(layer.folder())).toList();
                if (inLayer.isEmpty()) {
                    continue;
                }
                out.append("  subgraph cluster_").append(layer.folder()).append(" {\n    label=\"").append(layer.folder()).append("\";\n");
                for (Table t : inLayer) {
                    out.append("    ").append(quote(t.name())).append(" [label=").append(quote(t.name() + "\\n" + t.mode()))
                            .append(t.personalData().equals("none") ? "" : ", style=filled, fillcolor=\"#fde2e2\"").append("];\n");
                }
                out.append("  }\n");
            }
            for (Table t : tables) {
                for (String input : t.inputs()) {
                    out.append("  ").append(quote(input)).append(" -> ").append(quote(t.name())).append(";\n");
                }
            }
            return out.append("}\n").toString();
        }

        /** The commands as a Graphviz digraph: one cluster per command, its stages in order. */
        public String commandsDot() {
            StringBuilder out = new StringBuilder("digraph commands {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n");
            for (Command c : commands) {
                String id = c.name().replaceAll("[^a-z]", "_");
                out.append("  subgraph cluster_").append(id).append(" {\n    label=").append(quote(c.name() + ": " + c.what())).append(";\n");
                for (String stage : c.stages()) {
                    out.append("    ").append(quote(id + "." + stage)).append(" [label=").append(quote(stage)).append("];\n");
                }
                for (int i = 1; i < c.stages().size(); i++) {
                    out.append("    ").append(quote(id + "." + c.stages().get(i - 1))).append(" -> ").append(quote(id + "." + c.stages().get(i)))
                            .append(";\n");
                }
                out.append("  }\n");
            }
            return out.append("}\n").toString();
        }

        private static String quote(String s) {
            return "\"" + s.replace("\"", "\\\"") + "\"";
        }
    }

    /** A table written outside the silver and gold jobs. */
    private record Declared(List<String> inputs, String writtenBy, String mode, String grain) {
    }

    private static final String EVERY_COMMAND = "every command (its envelope)";
    private static final Map<TableId, Declared> DECLARED = new LinkedHashMap<>();

    static {
        DECLARED.put(Tables.INGESTION_LOG, new Declared(landingFolders(), IngestStage.NAME, "append",
                "one row per landing file and run that met it (ingested, duplicate, rejected)"));
        DECLARED.put(Tables.QUARANTINE, new Declared(List.of(), SilverStage.NAME + ", " + GoldStage.NAME,
                "replace the rows of the tables it republished", "one row per rejected source row, with its reasons"));
        DECLARED.put(Tables.QUARANTINE_RELEASES, new Declared(List.of(Tables.QUARANTINE.qualifiedName()), SilverStage.NAME + ", "
                + GoldStage.NAME, "append", "one row per quarantined row a later input made valid"));
        DECLARED.put(Tables.QUALITY_CHECKS, new Declared(List.of(), QualityStage.NAME, "replace the run's rows",
                "one row per check and run (every table's checks, as the report shows them)"));
        DECLARED.put(Tables.QUARANTINE_SUMMARY, new Declared(List.of(Tables.QUARANTINE.qualifiedName()), QualityStage.NAME,
                "replace the run's rows", "one row per run, table and reason"));
        DECLARED.put(Tables.RUNS, new Declared(List.of(Tables.RUN_LEDGER.qualifiedName()), EVERY_COMMAND, "append",
                "one row per run, stage and attempt (flat, for BI)"));
        DECLARED.put(Tables.SCENARIO_COMPARISON, new Declared(List.of(Tables.FCT_EMPLOYEE_BENEFITS.qualifiedName()), "scenario, " + GoldStage.NAME,
                "replace the scenario's rows", "one row per scenario, benefit year, BU and measure (gold creates it empty for BI)"));
        DECLARED.put(Tables.RUN_LEDGER, new Declared(List.of(), EVERY_COMMAND, "append",
                "one row per run, stage and attempt: inputs and versions read and written, outcome"));
        DECLARED.put(Tables.RULES_REGISTER, new Declared(List.of(), GoldStage.NAME + ", rules set", "append",
                "one row per register version and benefit year it set"));
        DECLARED.put(Tables.GOLD_INPUTS, new Declared(GoldLayer.silverInputs(GoldLayer.ALL).stream().map(TableId::qualifiedName).toList(),
                GoldStage.NAME, "replace the run's years", "one row per benefit year: the silver versions it was computed from"));
        DECLARED.put(Tables.SLACK_OUTBOX, new Declared(List.of(Tables.ACTIVITIES.qualifiedName(), Tables.EMPLOYEES.qualifiedName()),
                NotifyStage.NAME, "merge on event_id", "one row per activity post or alert: state, attempts"));
        DECLARED.put(Tables.ACKNOWLEDGEMENTS, new Declared(List.of(), "rules ack, landing ack", "append",
                "one row per acknowledgement: what, for which exact state, who and why"));
        DECLARED.put(Tables.RUN_METRICS, new Declared(List.of(Tables.RUN_LEDGER.qualifiedName()), EVERY_COMMAND, "append",
                "one row per run and metric sample"));
        List<String> undeclared = new ArrayList<>();
        List<TableId> covered = Stream.of(jobTables(), BronzeSources.ALL.stream().map(BronzeSource::target).toList(),
                List.copyOf(DECLARED.keySet())).flatMap(List::stream).toList();
        for (TableId table : Tables.all()) {
            if (!covered.contains(table)) {
                undeclared.add(table.qualifiedName());
            }
        }
        if (!undeclared.isEmpty()) {
            throw new IllegalStateException("tables without a lineage (a job of silver or gold, a bronze source, or run/Lineage): " + undeclared);
        }
    }

    private Lineage() {
    }

    private static List<TableId> jobTables() {
        return Stream.concat(SilverLayer.JOBS.stream(), GoldLayer.ALL.stream()).map(TableJob::target).toList();
    }

    private static List<String> landingFolders() {
        return Arrays.stream(LandingSource.values()).map(s -> "landing/" + s.folder() + "/").toList();
    }

    /** The stage graph of each command that writes, from the stage names the commands run. */
    public static List<Command> commands() {
        return List.of(
                new Command("run", Pipeline.STAGES, "a new day: landing to gold, checked, posted (export only when configured)"),
                new Command("backfill", List.of(RunLedger.GOLD_STAGE, QualityStage.NAME), "benefit years again, with their rules of record"),
                new Command("scenario", List.of("scenario", QualityStage.NAME), "gold under other rules, beside the official figures"),
                new Command("replay", List.of("replay"), "a past run recomputed from its inputs, compared"),
                new Command("notify --follow", List.of(Follow.INGEST, NotifyStage.NAME), "new activity files posted as they land"),
                new Command("export", List.of(ExportStage.NAME), "the BI snapshot"),
                new Command("purge", List.of(PurgeStage.NAME), "personal data past the retention horizon"),
                new Command("vacuum", List.of(VacuumStage.NAME), "files no retained version reads"),
                new Command("digest", List.of(DigestStage.NAME), "the week's summary to Slack"));
    }

    /**
     * The graph, the checks of each silver and gold table built as the runner builds them (on empty frames: no lake is
     * read). {@code config} gives the rules a job's checks name.
     */
    public static Graph of(SparkSession spark, AppConfig config) {
        RunContext run = RunContext.of("lineage", "lineage", Instant.parse("2026-01-01T00:00:00Z"), config)
                .withBenefitYears(List.of(2026));
        Map<TableId, StructType> schemas = new LinkedHashMap<>();
        BronzeSources.ALL.forEach(s -> schemas.put(s.target(), BronzeSources.bronzeSchema(s)));
        Map<TableId, Table> tables = new LinkedHashMap<>();
        for (BronzeSource source : BronzeSources.ALL) {
            TableId t = source.target();
            tables.put(t, new Table(t.qualifiedName(), t.layer().folder(), List.of(landingOf(t)), IngestStage.NAME, "append",
                    "one row per row of a delivered file, as received, with its file, hash and run",
                    BronzeIngestion.checks(t).stream().map(QualityCheck::name).toList(), kinds(t)));
        }
        List<TableJob> pending = new ArrayList<>(Stream.concat(SilverLayer.JOBS.stream(), GoldLayer.ALL.stream()).toList());
        List<TableId> produced = jobTables();
        while (!pending.isEmpty()) {
            // a job whose job-made inputs are known (the runner's waves, without the concurrency)
            TableJob job = pending.stream().filter(j -> j.inputs().stream().noneMatch(i -> !i.equals(j.target()) && produced.contains(i) && !schemas.containsKey(i)))
                    .findFirst().orElseThrow(() -> new IllegalStateException("a cycle among the jobs of " + pending));
            pending.remove(job);
            Map<TableId, Dataset<Row>> inputs = new LinkedHashMap<>();
            for (TableId input : job.inputs()) {
                StructType schema = schemas.get(input);
                if (schema != null) {
                    inputs.put(input, spark.createDataFrame(List.of(), schema));
                }
            }
            Dataset<Row> out = job.transform(inputs, run);
            Dataset<Row> published = out.drop(TableJob.REJECT_REASONS, TableJob.RAW_ROW);
            schemas.put(job.target(), published.schema());
            List<String> checks = new ArrayList<>(job.checks(published, inputs, run).stream().map(QualityCheck::name).toList());
            job.contract().ifPresent(c -> {
                checks.add(0, com.sportdata.benefits.pipeline.TableContract.CHECK);
                checks.addAll(c.checks().stream().map(QualityCheck::name).toList());
            });
            checks.add("nothing lost");
            TableId t = job.target();
            String writer = t.layer() == Layer.SILVER ? SilverStage.NAME : GoldStage.NAME;
            tables.put(t, new Table(t.qualifiedName(), t.layer().folder(), job.inputs().stream().map(TableId::qualifiedName).toList(),
                    writer, mode(job.writeMode(run)) + (job instanceof com.sportdata.benefits.pipeline.IncrementalJob
                    ? "; incremental: merges the part new inputs touch" : ""), job.grain(), checks, kinds(t)));
        }
        DECLARED.forEach((t, d) -> tables.put(t, new Table(t.qualifiedName(), t.layer().folder(), d.inputs(), d.writtenBy(), d.mode(),
                d.grain(), List.of(), kinds(t))));
        List<Table> ordered = Tables.all().stream().map(tables::get).toList();
        return new Graph(commands(), ordered);
    }

    private static String landingOf(TableId bronze) {
        if (bronze.equals(Tables.HR_EMPLOYEES)) {
            return "landing/" + LandingSource.HR.folder() + "/";
        }
        if (bronze.equals(Tables.HR_SPORT_DECLARATIONS)) {
            return "landing/" + LandingSource.SPORTS.folder() + "/";
        }
        if (bronze.equals(Tables.ACTIVITIES_CSV) || bronze.equals(Tables.STRAVA_ACTIVITIES)) {
            return "landing/" + LandingSource.ACTIVITIES.folder() + "/";
        }
        return "landing/" + LandingSource.REFERENCE.folder() + "/";
    }

    private static String kinds(TableId t) {
        PersonalData.Classification c = PersonalData.of(t);
        return c.kinds().isEmpty() ? "none" : c.kinds().stream().map(k -> k.label).collect(Collectors.joining(", "));
    }

    static String mode(WriteMode mode) {
        String partitions = mode.partitionBy().isEmpty() ? "" : ", partitioned by " + String.join(", ", mode.partitionBy());
        if (mode instanceof WriteMode.Append) {
            return "append" + partitions;
        }
        if (mode instanceof WriteMode.Overwrite) {
            return "overwrite" + partitions;
        }
        if (mode instanceof WriteMode.ReplaceWhere r) {
            String column = r.predicate().replaceAll("^\\W*(\\w+).*$", "$1");
            return "replace the run's " + column + partitions;
        }
        WriteMode.Merge m = (WriteMode.Merge) mode;
        return "merge on " + String.join(", ", m.keys()) + partitions;
    }
}
