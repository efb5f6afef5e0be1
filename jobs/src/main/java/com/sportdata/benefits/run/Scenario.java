package com.sportdata.benefits.run;

import com.sportdata.benefits.quality.QualityReports;
import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.catalog.LakeFiles;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.gold.GoldFigures;
import com.sportdata.benefits.gold.GoldLayer;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.slack.Notifier;
import com.sportdata.benefits.pipeline.TableRun;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.pipeline.WriteMode;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * {@code scenario --name NAME --set key=value ...}: computes the period gold tables with other parameters into
 * {@code <lake>/scenarios/NAME/} (official gold untouched), then compares them with the official figures per
 * benefit year and BU (and "ALL" BUs): beneficiaries, bonus cost, wellness days and value, total cost, with
 * the difference and the ratio. The comparison is printed and stored in {@code gold.scenario_comparison}
 * (one slice per scenario, replaced when the scenario is computed again).
 */
public final class Scenario {
    public static final String ALL_BUS = "ALL";
    /** Grain: one row per scenario, benefit year, BU (or ALL) and measure. */
    public static final StructType COMPARISON_SCHEMA = new StructType()
            .add("scenario", DataTypes.StringType)
            .add("benefit_year", DataTypes.IntegerType)
            .add("bu", DataTypes.StringType)
            .add("measure", DataTypes.StringType)
            .add("official", DataTypes.createDecimalType(14, 2))
            .add("scenario_value", DataTypes.createDecimalType(14, 2))
            .add("difference", DataTypes.createDecimalType(14, 2))
            .add("ratio", DataTypes.createDecimalType(12, 4))
            .add("rules_hash", DataTypes.StringType)
            .add("official_rules_hash", DataTypes.StringType)
            .add("run_id", DataTypes.StringType);
    public static final List<String> MEASURES = List.of("beneficiaries", "bonus_cost_eur", "wellness_days", "wellness_value_eur",
            "total_cost_eur");

    private final CommandEnvelope envelope;
    private final SparkSession spark;
    private final AppConfig config;
    private final LakePaths paths;
    private final TableWriter writer;

    public Scenario holding(LakeLock held) {
        envelope.holding(held);
        return this;
    }

    public Scenario(SparkSession spark, AppConfig config, String arguments) {
        this(new CommandEnvelope(spark, config, arguments, Notifier.fromEnvironment(spark, config)));
    }

    public Scenario(CommandEnvelope envelope) {
        this.envelope = envelope;
        this.spark = envelope.spark();
        this.config = envelope.config();
        this.paths = envelope.paths();
        this.writer = envelope.writer();
    }

    public record Line(int benefitYear, String bu, String measure, BigDecimal official, BigDecimal scenario, BigDecimal difference,
                       BigDecimal ratio) {
    }

    public record Result(String name, String runId, String location, List<Integer> years, String rulesHash, List<Line> lines,
                         String reportPath, String metrics, long millis) {
        public String render() {
            StringBuilder out = new StringBuilder("\n=== Scenario '").append(name).append("' (run ").append(runId).append(") ===\n");
            out.append("Tables: ").append(location).append("  rules ").append(rulesHash).append(". Official → scenario:\n");
            out.append(table(lines));
            out.append(String.format(Locale.ROOT, "Stored in gold.scenario_comparison (scenario = '%s'). Time: %.1f s%n", name, millis / 1000.0));
            out.append("Quality report: ").append(reportPath).append('\n').append(metrics).append('\n');
            return out.toString();
        }
    }

    /** The comparison as a table: one line per year and BU, official → scenario for each measure. */
    static String table(List<Line> lines) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-5s %-10s %-13s %-27s %-11s %-27s %-27s %14s %7s%n", "year", "BU", "beneficiaries",
                "bonus cost (€)", "wellness d.", "wellness value (€)", "total cost (€)", "difference (€)", "ratio"));
        Map<String, Map<String, Line>> rows = new java.util.LinkedHashMap<>();
        lines.forEach(l -> rows.computeIfAbsent(l.benefitYear() + " " + l.bu(), k -> new java.util.HashMap<>()).put(l.measure(), l));
        rows.forEach((key, m) -> {
            Line total = m.get("total_cost_eur");
            out.append(String.format(Locale.ROOT, "%-5s %-10s %-13s %-27s %-11s %-27s %-27s %14s %7s%n", key.substring(0, 4),
                    key.substring(5), pair(m.get("beneficiaries"), 0), pair(m.get("bonus_cost_eur"), 2), pair(m.get("wellness_days"), 0),
                    pair(m.get("wellness_value_eur"), 2), pair(total, 2), signed(total.difference()),
                    total.ratio() == null ? "-" : String.format(Locale.FRANCE, "×%.3f", total.ratio())));
        });
        return out.toString();
    }

    static Line line(Row r) {
        return new Line(r.getInt(1), r.getString(2), r.getString(3), r.getDecimal(4), r.getDecimal(5), r.getDecimal(6),
                r.isNullAt(7) ? null : r.getDecimal(7));
    }

    private static String pair(Line l, int decimals) {
        return amount(l.official(), decimals) + " → " + amount(l.scenario(), decimals);
    }

    private static String amount(BigDecimal value, int decimals) {
        return String.format(Locale.FRANCE, "%,." + decimals + "f", value);
    }

    private static String signed(BigDecimal value) {
        return (value.signum() > 0 ? "+" : "") + amount(value, 2);
    }

    public Result run(String name) {
        long start = System.currentTimeMillis();
        checkName(name);
        if (!writer.exists(Tables.FCT_EMPLOYEE_BENEFITS)) {
            throw new IllegalStateException("no official gold to compare with in " + paths.root() + " (run the pipeline first)");
        }
        Dataset<Row> official = writer.read(Tables.FCT_EMPLOYEE_BENEFITS);
        List<Integer> years = config.pipeline().periods().isEmpty()
                ? com.sportdata.benefits.spark.SmallResults.sorted(official.select("benefit_year").distinct(), "benefit_year").stream().map(r -> r.getInt(0)).toList()
                : config.pipeline().periods();
        RunContext run = RunContext.start("scenario", config).withBenefitYears(years).withReason("scenario " + name);
        LakePaths scenarioPaths = paths.withGoldAt(paths.scenarioFolder(name));
        Stage<Void> scenario = Stage.of("scenario", context -> {
            // a scenario is recomputed whole: nothing of an earlier version of it may linger
            LakeFiles.delete(spark, paths.folder(paths.scenarioFolder(name)));
            TableWriter target = context.writer().at(scenarioPaths);
            List<TableRun> tables = context.layerRunner(target).runLayer(GoldLayer.BY_PERIOD, context.run());
            Dataset<Row> comparison = compare(name, context.run(), official.filter(col("benefit_year").isin(years.toArray())),
                    target.read(Tables.FCT_EMPLOYEE_BENEFITS));
            context.writer().write(comparison, Tables.SCENARIO_COMPARISON, new WriteMode.ReplaceWhere("scenario = '" + name + "'",
                    List.of()), context.run(), "comparison of scenario " + name);
            return StageResult.<Void>done(context.run(), Pipeline.counts(tables), "scenario " + name + " in "
                    + scenarioPaths.table(Tables.FCT_EMPLOYEE_BENEFITS)).withTables(tables);
        });
        StageRunner.Step<QualityReports.Written> quality = envelope.quality(false);
        CommandEnvelope.Result result = envelope.execute(envelope.plan(run, List.of(envelope.step(scenario), quality))).orThrow();
        List<Line> lines = writer.read(Tables.SCENARIO_COMPARISON).filter(col("scenario").equalTo(name))
                .orderBy(col("benefit_year"), when(col("bu").equalTo(ALL_BUS), 1).otherwise(0), col("bu"), col("measure"))
                .collectAsList().stream().map(Scenario::line).toList();
        return new Result(name, run.runId(), paths.scenarioFolder(name), years, run.rulesHashes(), lines,
                result.value(quality).map(QualityReports.Written::shown).orElse(null), result.metricsLine(),
                System.currentTimeMillis() - start);
    }

    /** A scenario name is a folder name: lower-case letters, digits, '-' or '_'. */
    public static void checkName(String name) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9_-]{0,40}")) {
            throw new IllegalArgumentException("a scenario needs --name: lower-case letters, digits, '-' or '_' (got '" + name + "')");
        }
    }

    /** Official vs scenario figures per year × BU and per year for all BUs, one row per measure. */
    static Dataset<Row> compare(String name, RunContext run, Dataset<Row> official, Dataset<Row> scenario) {
        Dataset<Row> o = measures(official, "official_value").withColumnRenamed("rules_hash", "official_rules_hash");
        Dataset<Row> s = measures(scenario, "scenario_value");
        Dataset<Row> joined = o.join(s, new String[] {"benefit_year", "bu", "measure"}, "full_outer")
                .na().fill(0, new String[] {"official_value", "scenario_value"});
        Column official0 = col("official_value").cast("decimal(14,2)");
        Column scenario0 = col("scenario_value").cast("decimal(14,2)");
        return joined.select(lit(name).as("scenario"), col("benefit_year"), col("bu"), col("measure"), official0.as("official"),
                        scenario0.as("scenario_value"), scenario0.minus(official0).cast("decimal(14,2)").as("difference"),
                        when(official0.notEqual(0), scenario0.divide(official0)).cast("decimal(12,4)").as("ratio"),
                        col("rules_hash"), col("official_rules_hash"), lit(run.runId()).as("run_id"))
                .toDF(COMPARISON_SCHEMA.fieldNames());
    }

    private static Dataset<Row> measures(Dataset<Row> fct, String valueColumn) {
        List<Column> figures = List.of(col("beneficiaries").cast("decimal(14,2)").as("beneficiaries"),
                col("bonus_eur").cast("decimal(14,2)").as("bonus_cost_eur"), col("wellness_days").cast("decimal(14,2)").as("wellness_days"),
                col("wellness_value_eur").cast("decimal(14,2)").as("wellness_value_eur"),
                col("total_eur").cast("decimal(14,2)").as("total_cost_eur"),
                org.apache.spark.sql.functions.concat_ws(",", col("rules_hashes")).as("rules_hash"));
        List<Column> byBuColumns = new java.util.ArrayList<>(List.of(col("benefit_year"), col("bu")));
        byBuColumns.addAll(figures);
        List<Column> allColumns = new java.util.ArrayList<>(List.of(col("benefit_year"), lit(ALL_BUS).as("bu")));
        allColumns.addAll(figures);
        Dataset<Row> byBu = GoldFigures.aggregate(fct, "benefit_year", "bu").select(byBuColumns.toArray(Column[]::new));
        Dataset<Row> all = GoldFigures.aggregate(fct, "benefit_year").select(allColumns.toArray(Column[]::new));
        String stacked = "stack(" + MEASURES.size() + ", " + String.join(", ", MEASURES.stream().map(m -> "'" + m + "', " + m).toList())
                + ") as (measure, value)";
        return byBu.unionByName(all).selectExpr("benefit_year", "bu", "rules_hash", stacked)
                .withColumnRenamed("value", valueColumn);
    }

}
