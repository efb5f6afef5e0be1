package com.sportdata.benefits.register;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Record;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.pipeline.WriteMode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * The rules register ({@code ops.rules_register}): the parameters of record of every published benefit year, as
 * data. Each act — a year's first publication ({@code PINNED}) or a recorded change ({@code CHANGED}) — is one
 * register version and adds one row per year it sets, with the whole parameter set, its hash, the keys changed,
 * why, who and when, and the run that applied it. A year's parameters of record are those of its latest row.
 * Grain: register_version × benefit_year. Rows are only ever appended: the history of a year's rules is its rows.
 */
public final class RulesRegister {
    public static final StructType SCHEMA = new StructType()
            .add("register_version", DataTypes.LongType, false)
            .add("benefit_year", DataTypes.IntegerType, false)
            .add("action", DataTypes.StringType, false)
            .add("parameters_json", DataTypes.StringType, false)
            .add("parameters_hash", DataTypes.StringType, false)
            .add("changed_keys", DataTypes.StringType)
            .add("reason", DataTypes.StringType)
            .add("changed_by", DataTypes.StringType)
            .add("changed_at", DataTypes.TimestampType)
            .add("run_id", DataTypes.StringType);

    public enum Action { PINNED, CHANGED }

    /** One year as one register version set it. */
    public record Entry(long version, int benefitYear, Action action, Parameters parameters, String changedKeys, String reason,
                        String changedBy, Instant changedAt, String runId) {
    }

    /** The register as of one version: every year of record with its latest entry. */
    public record Snapshot(long version, NavigableMap<Integer, Entry> years, Map<Integer, java.util.Set<String>> decided) {
        public static final Snapshot EMPTY = new Snapshot(0, new TreeMap<>());

        public Snapshot {
            years = Collections.unmodifiableNavigableMap(new TreeMap<>(years));
            decided = Map.copyOf(decided);
        }

        public Snapshot(long version, NavigableMap<Integer, Entry> years) {
            this(version, years, Map.of());
        }

        /**
         * Whether {@code key}'s value of record for {@code year} was set by a recorded change (`rules set`), not by
         * the year's first publication: then it differs from the defaults on purpose.
         */
        public boolean decided(int year, String key) {
            return decided.getOrDefault(year, java.util.Set.of()).stream().anyMatch(k -> k.equals(key) || key.startsWith(k + "."));
        }

        public Optional<Entry> year(int benefitYear) {
            return Optional.ofNullable(years.get(benefitYear));
        }

        /**
         * This register with other parameters for some years (unrecorded: a preview or a what-if), as of {@code asVersion}.
         */
        public Snapshot with(Map<Integer, Parameters> parameters, long asVersion) {
            TreeMap<Integer, Entry> changed = new TreeMap<>(years);
            parameters.forEach((y, p) -> {
                Entry e = changed.get(y);
                changed.put(y, e == null ? new Entry(asVersion, y, Action.CHANGED, p, "", "", "", Instant.now(), null)
                        : new Entry(e.version(), y, e.action(), p, e.changedKeys(), e.reason(), e.changedBy(), e.changedAt(), e.runId()));
            });
            return new Snapshot(asVersion, changed, decided);
        }

        /** The lake-wide parameters of record (every year shares them), if any year is recorded. */
        public Optional<Parameters> lakeWide() {
            return years.values().stream().max(java.util.Comparator.comparingLong(Entry::version)).map(Entry::parameters);
        }

        /**
         * A configuration computing with the parameters of record: each recorded year's own rules under
         * {@code rules.register}, the lake-wide ones of record, and the register version; other years keep the defaults.
         */
        public Config applyTo(Config source) {
            Config out = source.withoutPath("rules." + AppConfig.REGISTER_KEY)
                    .withValue("rules.register-version", ConfigValueFactory.fromAnyRef(version));
            for (Entry e : years.values()) {
                String at = "rules." + AppConfig.REGISTER_KEY + ".\"" + e.benefitYear() + "\".";
                for (String key : Parameters.PER_YEAR) {
                    out = out.withValue(at + key.substring("rules.".length()), e.parameters().tree().getValue(key));
                }
            }
            Optional<Parameters> lakeWide = lakeWide();
            if (lakeWide.isPresent()) {
                for (String key : Parameters.LAKE_WIDE) {
                    out = out.withValue(key, lakeWide.get().tree().getValue(key));
                }
            }
            return out.resolve();
        }
    }

    private final SparkSession spark;
    private final TableWriter writer;

    public RulesRegister(SparkSession spark, LakePaths paths) {
        this.spark = spark;
        this.writer = new TableWriter(spark, paths);
    }

    public boolean exists() {
        return writer.exists(Tables.RULES_REGISTER);
    }

    /** The register now. */
    public Snapshot load() {
        return snapshot(history());
    }

    /** Every row, oldest version first (read by Delta Kernel in this JVM: a small table, not worth a Spark plan). */
    public List<Entry> history() {
        return history(writer.smallRows(Tables.RULES_REGISTER));
    }

    static Snapshot snapshot(Collection<Entry> rows) {
        return snapshot(rows, Map.of());
    }

    /** The latest entry of each year in {@code rows}; the keys each year's recorded changes set, with {@code decidedBefore}'s. */
    private static Snapshot snapshot(Collection<Entry> rows, Map<Integer, java.util.Set<String>> decidedBefore) {
        TreeMap<Integer, Entry> years = new TreeMap<>();
        Map<Integer, java.util.Set<String>> decided = new TreeMap<>();
        decidedBefore.forEach((y, keys) -> decided.put(y, new java.util.TreeSet<>(keys)));
        long version = 0;
        for (Entry e : rows) {
            years.merge(e.benefitYear(), e, (a, b) -> b.version() >= a.version() ? b : a);
            version = Math.max(version, e.version());
            if (e.action() == Action.CHANGED && e.changedKeys() != null && !e.changedKeys().isBlank()) {
                decided.computeIfAbsent(e.benefitYear(), y -> new java.util.TreeSet<>())
                        .addAll(java.util.Arrays.stream(e.changedKeys().split(",")).map(String::trim).toList());
            }
        }
        return new Snapshot(version, years, decided);
    }

    /**
     * Records one act: the given years with their parameters. The caller holds the lake's writer lock, so the
     * version read before is still the latest.
     *
     * @return the snapshot after the act
     */
    public Snapshot record(Snapshot before, Collection<Integer> years, IntFunction<Parameters> parameters, Action action,
                           String changedKeys, String reason, String runId) {
        long version = before.version() + 1;
        Instant now = Instant.now();
        String who = Optional.ofNullable(System.getenv("USER")).orElse(System.getProperty("user.name"));
        List<Entry> entries = years.stream().sorted().distinct().map(y -> new Entry(version, y, action, parameters.apply(y), changedKeys,
                reason, who, now, runId)).toList();
        if (entries.isEmpty()) {
            return before;
        }
        String metadata = "{\"run_id\":\"" + (runId == null ? "" : runId) + "\",\"reason\":\"rules register v" + version + ": "
                + action + " " + entries.stream().map(e -> String.valueOf(e.benefitYear())).toList() + "\"}";
        writer.appendUnversioned(spark.createDataFrame(entries.stream().map(RulesRegister::row).toList(), SCHEMA), Tables.RULES_REGISTER,
                new WriteMode.Append(List.of(), WriteMode.Schema.FIXED), metadata);
        List<Entry> all = new java.util.ArrayList<>(before.years().values());
        all.addAll(entries);
        return snapshot(all, before.decided());
    }

    /**
     * The first publication of a benefit year pins the parameters it was computed with: every year of
     * {@code years} not yet in the register is recorded as {@code PINNED} (one register version for all of them).
     *
     * @param computedWith the configuration the years were computed with (the register applied)
     * @return the register version now in force
     */
    public long pinUnrecorded(Config computedWith, Collection<Integer> years, String runId) {
        Snapshot now = load();
        List<Integer> fresh = years.stream().filter(y -> now.year(y).isEmpty()).sorted().toList();
        if (fresh.isEmpty()) {
            return now.version();
        }
        org.slf4j.LoggerFactory.getLogger(RulesRegister.class).info("benefit years {} published for the first time: their parameters are"
                + " now of record (rules register v{})", fresh, now.version() + 1);
        return record(now, fresh, y -> Parameters.inForce(computedWith, y), Action.PINNED, "", "first publication", runId).version();
    }

    private static Row row(Entry e) {
        return RowFactory.create(e.version(), e.benefitYear(), e.action().name(), e.parameters().json(), e.parameters().hash(),
                e.changedKeys(), e.reason(), e.changedBy(), Timestamp.from(e.changedAt()), e.runId());
    }

    /** A register row, read by Spark or by Delta Kernel. */
    private static Entry entry(Record r) {
        return new Entry(r.<Long>get("register_version"), r.<Integer>get("benefit_year"), Action.valueOf(r.string("action")),
                Parameters.parse(r.string("parameters_json")), r.string("changed_keys"), r.string("reason"), r.string("changed_by"),
                r.instant("changed_at"), r.string("run_id"));
    }

    /** Every row of {@code rows} (the register read without Spark, by `rules`), oldest version first. */
    public static List<Entry> history(List<Record> rows) {
        return rows.stream().map(RulesRegister::entry).sorted(java.util.Comparator.comparingLong(Entry::version)
                .thenComparingInt(Entry::benefitYear)).toList();
    }

    /** The register now, from its rows read without Spark (every command reads it before it starts Spark's work). */
    public static Snapshot current(List<Record> rows) {
        return snapshot(history(rows));
    }

    /** Rows by year, for display: year → its entries, oldest first. */
    public static Map<Integer, List<Entry>> byYear(List<Entry> history) {
        Map<Integer, List<Entry>> out = new TreeMap<>();
        history.forEach(e -> out.computeIfAbsent(e.benefitYear(), k -> new java.util.ArrayList<>()).add(e));
        return out;
    }
}
