package com.sportdata.benefits.run;

import com.sportdata.benefits.support.Fingerprint;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.support.ProductVersion;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.pipeline.WriteMode;
import com.sportdata.benefits.spark.Fingerprints;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;

/**
 * What each benefit year of gold was last computed from ({@code ops.gold_inputs}, one row per year, replaced when
 * the year is recomputed): a fingerprint of that year's silver activities, one of the silver tables every year
 * shares (employees and their history, declarations, commute distances, postcodes), the year's rules hash, the
 * settings that decide gold, and the product commit. A run recomputes the years whose fingerprints moved — new
 * activities of 2026 recompute 2026 only; a new HR snapshot, every year — and leaves the others' files as they
 * are. Fingerprints are distributed aggregates (row count, sum and xor of two row hashes of the business
 * columns), computed where the data is: nothing is collected but one line per year.
 */
final class GoldYears {
    static final StructType SCHEMA = new StructType()
            .add("benefit_year", DataTypes.IntegerType, false)
            .add("activities_fingerprint", DataTypes.StringType)
            .add("shared_fingerprint", DataTypes.StringType)
            .add("rules_hash", DataTypes.StringType)
            .add("settings_hash", DataTypes.StringType)
            .add("product_commit", DataTypes.StringType)
            .add("run_id", DataTypes.StringType)
            .add("computed_at", DataTypes.TimestampType)
            .add("silver_versions", DataTypes.StringType)
            .add("activity_years", DataTypes.StringType);
    /** Tables every year's gold reads as a whole. */
    static final List<TableId> SHARED = List.of(Tables.EMPLOYEES, Tables.EMPLOYEES_HISTORY, Tables.SPORT_DECLARATIONS,
            Tables.COMMUTE_DISTANCES, Tables.POSTCODES);
    /** Columns that say when or by which run a row was computed, not what it holds. */
    private static final Set<String> NOT_CONTENT = Set.of("run_id", "computed_at");

    /**
     * The fingerprints of gold's inputs now; {@code years}: the benefit years silver's activities hold (those of the
     * fingerprints when they were computed; null when not known).
     */
    record Inputs(Map<Integer, String> activities, String shared, List<Integer> years) {
        Inputs(Map<Integer, String> activities, String shared) {
            this(activities, shared, List.copyOf(new java.util.TreeSet<>(activities.keySet())));
        }

        String activities(int year) {
            return activities.getOrDefault(year, "none");
        }
    }

    /**
     * One recorded year; {@code silverVersions} names the state of the silver tables its fingerprints were taken from
     * (null for rows written before that column).
     */
    record Recorded(String activities, String shared, String rulesHash, String settingsHash, String commit, String runId,
                    Timestamp computedAt, String silverVersions, String activityYears) {
    }

    /**
     * The benefit years silver's activities hold, as recorded, when every recorded year was recorded from silver in
     * exactly this state (the same versions hold the same rows): a quiet run need not read silver for them. Empty
     * otherwise, or for rows written before the years were recorded.
     */
    static java.util.Optional<List<Integer>> activityYears(Map<Integer, Recorded> recorded, String state) {
        if (recorded.isEmpty() || recorded.values().stream().anyMatch(r -> !state.equals(r.silverVersions()) || r.activityYears() == null)
                || recorded.values().stream().map(Recorded::activityYears).distinct().count() != 1) {
            return java.util.Optional.empty();
        }
        String years = recorded.values().iterator().next().activityYears();
        return java.util.Optional.of(years.isBlank() ? List.of()
                : java.util.Arrays.stream(years.split(",")).map(String::trim).map(Integer::valueOf).sorted().toList());
    }

    private GoldYears() {
    }

    /**
     * The state of every silver table gold reads: each one's latest version and commit time ({@code absent} for a
     * missing table). Read from the Delta logs' file names, no Spark job.
     */
    static String silverState(TableWriter silver) {
        List<String> parts = new ArrayList<>();
        for (TableId table : inputTables()) {
            parts.add(table.name() + "=" + silver.head(table).map(h -> h.identity()).orElse("absent"));
        }
        return String.join(",", parts);
    }

    private static List<TableId> inputTables() {
        List<TableId> all = new ArrayList<>(SHARED);
        all.add(0, Tables.ACTIVITIES);
        return all;
    }

    /**
     * The fingerprints of gold's inputs now, without computing them, when every candidate year was recorded from
     * silver in exactly this state (a quiet run): the same table versions hold the same rows.
     */
    static java.util.Optional<Inputs> unchangedSince(Map<Integer, Recorded> recorded, Collection<Integer> candidates, String state) {
        if (recorded.isEmpty() || candidates.stream().anyMatch(y -> !recorded.containsKey(y))
                || recorded.values().stream().anyMatch(r -> !state.equals(r.silverVersions()))) {
            return java.util.Optional.empty();
        }
        Map<Integer, String> perYear = new TreeMap<>();
        recorded.forEach((year, r) -> perYear.put(year, r.activities()));
        String shared = recorded.values().iterator().next().shared();
        // the years silver holds, when recorded (else unknown here: the next record leaves them unsaid)
        return java.util.Optional.of(new Inputs(perYear, shared, activityYears(recorded, state).orElse(null)));
    }

    /**
     * Fingerprints every input of gold in one Spark job: the per-year activities and each shared table are aggregated
     * where they are, the few result lines unioned under a key ({@code activities/<year>} or the table's name).
     */
    static Inputs inputs(TableWriter silver) {
        List<Dataset<Row>> parts = new ArrayList<>();
        if (silver.exists(Tables.ACTIVITIES)) {
            Dataset<Row> activities = silver.read(Tables.ACTIVITIES);
            parts.add(keyed(fingerprint(activities.groupBy("benefit_year"), activities),
                    org.apache.spark.sql.functions.concat(org.apache.spark.sql.functions.lit("activities/"), col("benefit_year").cast("string"))));
        }
        for (TableId table : SHARED) {
            if (silver.exists(table)) {
                Dataset<Row> rows = silver.read(table);
                parts.add(keyed(fingerprint(rows.groupBy(), rows), org.apache.spark.sql.functions.lit(table.name())));
            }
        }
        Map<String, String> found = new TreeMap<>();
        parts.stream().reduce(Dataset::union).ifPresent(all -> all.collectAsList().forEach(r -> found.put(r.getString(0), text(r, 1))));
        Map<Integer, String> perYear = new TreeMap<>();
        found.forEach((key, print) -> {
            if (key.startsWith("activities/")) {
                perYear.put(Integer.parseInt(key.substring("activities/".length())), print);
            }
        });
        List<String> shared = new ArrayList<>();
        for (TableId table : SHARED) {
            shared.add(table.name() + "=" + found.getOrDefault(table.name(), "absent"));
        }
        return new Inputs(perYear, Fingerprint.sha256(String.join("|", shared), 16));
    }

    /** An aggregate's four fingerprint columns under {@code key}. */
    private static Dataset<Row> keyed(Dataset<Row> aggregate, org.apache.spark.sql.Column key) {
        return aggregate.select(key.as("key"), col("n"), col("s"), col("x"), col("y"));
    }

    private static Dataset<Row> fingerprint(org.apache.spark.sql.RelationalGroupedDataset groups, Dataset<Row> rows) {
        return Fingerprints.aggregate(groups, rows, NOT_CONTENT);
    }

    private static String text(Row r, int first) {
        return Fingerprints.text(r, first);
    }

    /** What ops/gold_inputs says each year was computed from (a row per year: read by Delta Kernel, without a Spark plan). */
    static Map<Integer, Recorded> recorded(TableWriter writer) {
        Map<Integer, Recorded> out = new TreeMap<>();
        for (com.sportdata.benefits.catalog.Record r : writer.smallRows(Tables.GOLD_INPUTS)) {
            out.put(r.<Integer>get("benefit_year"), new Recorded(r.string("activities_fingerprint"), r.string("shared_fingerprint"),
                    r.string("rules_hash"), r.string("settings_hash"), r.string("product_commit"), r.string("run_id"),
                    r.<Timestamp>get("computed_at"), r.string("silver_versions"), r.string("activity_years")));
        }
        return out;
    }

    /** The years among {@code candidates} whose gold is not what these inputs, rules, settings and product give. */
    static List<Integer> stale(Collection<Integer> candidates, Inputs now, Map<Integer, Recorded> recorded, RunContext run,
                               String settingsHash) {
        String commit = ProductVersion.current().gitCommit();
        return candidates.stream().filter(year -> {
            Recorded r = recorded.get(year);
            return r == null || commit == null || !commit.equals(r.commit()) || !settingsHash.equals(r.settingsHash())
                    || !run.rules().forYear(year).hash().equals(r.rulesHash()) || !now.shared().equals(r.shared())
                    || !now.activities(year).equals(r.activities());
        }).sorted().toList();
    }

    /**
     * Whether the current-state dimension must be rebuilt: the shared inputs, the settings or the product moved since
     * a recorded year was computed (or nothing is recorded).
     */
    static boolean dimensionStale(Inputs now, Map<Integer, Recorded> recorded, String settingsHash) {
        String commit = ProductVersion.current().gitCommit();
        return recorded.isEmpty() || recorded.values().stream().anyMatch(r -> !now.shared().equals(r.shared())
                || !settingsHash.equals(r.settingsHash()) || !java.util.Objects.equals(commit, r.commit()));
    }

    /**
     * Records the years just computed, from the inputs they were computed from and the silver state those were taken
     * from; the other recorded years whose fingerprints this run found unchanged are restamped with that state (their
     * run and time stay those of their computation), so the next quiet run needs no fingerprint at all. With no year
     * computed (every year found unchanged), only that restamp: else each later run would fingerprint silver again.
     */
    static void record(org.apache.spark.sql.SparkSession spark, TableWriter writer, Collection<Integer> years, Inputs inputs,
                       RunContext run, String settingsHash, String state, Map<Integer, Recorded> recorded) {
        String commit = ProductVersion.current().gitCommit();
        Timestamp now = Timestamp.from(Instant.now());
        TreeMap<Integer, Row> rows = new TreeMap<>();
        String activityYears = inputs.years() == null ? null : inputs.years().stream().map(String::valueOf).collect(Collectors.joining(","));
        recorded.forEach((y, r) -> {
            if (!state.equals(r.silverVersions()) && r.activities().equals(inputs.activities(y)) && r.shared().equals(inputs.shared())) {
                rows.put(y, RowFactory.create(y, r.activities(), r.shared(), r.rulesHash(), r.settingsHash(), r.commit(), r.runId(),
                        r.computedAt(), state, activityYears));
            }
        });
        years.forEach(y -> rows.put(y, RowFactory.create(y, inputs.activities(y), inputs.shared(), run.rules().forYear(y).hash(),
                settingsHash, commit, run.runId(), now, state, activityYears)));
        if (rows.isEmpty()) {
            return;
        }
        String predicate = "benefit_year IN (" + rows.keySet().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
        // its own writer: this bookkeeping is not one of the tables the stage publishes (nor in its ledger row)
        new TableWriter(spark, writer.paths()).write(spark.createDataFrame(List.copyOf(rows.values()), SCHEMA), Tables.GOLD_INPUTS,
                new WriteMode.ReplaceWhere(predicate, List.of(), WriteMode.Schema.ADD_NEW_COLUMNS), run,
                years.isEmpty() ? "silver state of gold years " + rows.keySet() + ": their inputs' fingerprints are unchanged"
                        : "inputs of gold years " + years);
    }
}
