package com.sportdata.benefits.run;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.gold.FctEmployeeBenefits;
import com.sportdata.benefits.history.PeriodRange;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.register.Parameters;
import com.sportdata.benefits.register.RulesRegister;
import com.typesafe.config.Config;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

/**
 * {@code rules set --from A [--to B] --set KEY=VALUE --reason TEXT [--dry-run]}: the one way a published year's
 * parameters change. The change is recorded in the rules register first (one version: the years, the whole
 * parameter set, the keys, why, who, when, the run that applies it), then applied: a backfill of the years it
 * touches, or the whole pipeline for a lake-wide parameter (silver computes those once for every year). Recording
 * first means a failed backfill leaves the register right and the next run or backfill applies it. With
 * {@code --dry-run}, nothing is written: the change's cost is computed in memory per year and BU and compared
 * with the official figures, the way {@code scenario} does.
 */
public final class RulesChange {
    private final CommandEnvelope envelope;
    private final SparkSession spark;
    private final AppConfig loaded;
    private final RulesRegister register;

    /** @param envelope the command's envelope: the run or backfill applying the change goes through it */
    public RulesChange(CommandEnvelope envelope) {
        this.envelope = envelope;
        this.spark = envelope.spark();
        this.loaded = envelope.config();
        this.register = new RulesRegister(spark, envelope.paths());
    }

    /** One year's parameters before and after, and the keys that change. */
    public record YearPlan(int year, Parameters before, Parameters after, Map<String, String[]> changes) {
    }

    /**
     * @param from  first benefit year ({@code null} with lake-wide keys only: every year of record)
     * @param to    last benefit year ({@code null}: the last year of record, or {@code from})
     * @param sets  the parameter keys to set, with their values
     */
    public List<YearPlan> plan(Integer from, Integer to, Config sets) {
        return plan(register.load(), from, to, sets);
    }

    private List<YearPlan> plan(RulesRegister.Snapshot now, Integer from, Integer to, Config sets) {
        boolean lakeWide = sets.entrySet().stream().anyMatch(e -> Parameters.lakeWide(e.getKey()));
        boolean perYear = sets.entrySet().stream().anyMatch(e -> !Parameters.lakeWide(e.getKey()));
        List<Integer> years = new ArrayList<>();
        if (lakeWide) {
            if (perYear || from != null || to != null) {
                throw new IllegalArgumentException("lake-wide parameters (" + String.join(", ", Parameters.LAKE_WIDE) + ") apply to every"
                        + " year at once (silver computes them once): set them alone and without --from/--to");
            }
            if (now.years().isEmpty()) {
                throw new IllegalArgumentException("no benefit year is published yet: change the default in conf/application.conf"
                        + " (or a --config file) instead");
            }
            years.addAll(now.years().keySet());
        } else {
            if (from == null) {
                throw new IllegalArgumentException("rules set needs --from YEAR (the first benefit year the change applies to)");
            }
            int last = to != null ? to : Math.max(from, now.years().isEmpty() ? from : now.years().lastKey());
            if (last < from) {
                throw new IllegalArgumentException("--to " + last + " is before --from " + from);
            }
            for (int y = from; y <= last; y++) {
                years.add(y);
            }
        }
        Config withRecord = now.applyTo(loaded.source());
        // the new values must make a valid configuration (a rate above 1, an unknown mode… are refused here)
        AppConfig.from(sets.withFallback(withRecord).resolve());
        List<YearPlan> plans = new ArrayList<>();
        for (int year : years) {
            Parameters before = now.year(year).map(RulesRegister.Entry::parameters).orElse(Parameters.inForce(withRecord, year));
            Parameters after = before.with(sets);
            plans.add(new YearPlan(year, before, after, before.differences(after)));
        }
        return plans;
    }

    /** What a change did (or, for a dry run, would do). */
    public record Result(List<YearPlan> plans, long registerVersion, List<Scenario.Line> costs, String applied, boolean dryRun) {
        public String render() {
            StringBuilder out = new StringBuilder();
            List<YearPlan> changing = plans.stream().filter(p -> !p.changes().isEmpty()).toList();
            if (changing.isEmpty()) {
                return "Nothing to change: years " + plans.stream().map(YearPlan::year).toList() + " already have these parameters"
                        + " (rules register v" + registerVersion + ").\n";
            }
            out.append(dryRun ? "\n=== Rules change (dry run: nothing recorded, nothing written) ===\n"
                    : "\n=== Rules change recorded: rules register v" + registerVersion + " ===\n");
            for (YearPlan p : changing) {
                out.append(p.year()).append(": ").append(p.changes().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()[0] + " → " + e.getValue()[1]).collect(Collectors.joining(", ")))
                        .append("   (parameters ").append(p.before().hash()).append(" → ").append(p.after().hash()).append(")\n");
            }
            if (!costs.isEmpty()) {
                out.append("Cost of the change, official → with the change:\n").append(Scenario.table(costs));
            }
            if (applied != null) {
                out.append(applied);
            }
            return out.toString();
        }
    }

    public Result apply(Integer from, Integer to, Config sets, String reason, boolean dryRun) {
        if (!dryRun && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("rules set needs --reason \"why\": it is recorded with the change");
        }
        RulesRegister.Snapshot now = register.load();
        List<YearPlan> plans = plan(now, from, to, sets);
        List<YearPlan> changing = plans.stream().filter(p -> !p.changes().isEmpty()).toList();
        if (changing.isEmpty()) {
            return new Result(plans, now.version(), List.of(), null, dryRun);
        }
        Map<Integer, Parameters> after = new TreeMap<>();
        changing.forEach(p -> after.put(p.year(), p.after()));
        boolean lakeWide = changing.stream().flatMap(p -> p.changes().keySet().stream()).anyMatch(Parameters::lakeWide);
        String keys = changing.stream().flatMap(p -> p.changes().keySet().stream()).distinct().sorted().collect(Collectors.joining(","));
        AppConfig changed = AppConfig.from(now.with(after, now.version() + 1).applyTo(loaded.source()));
        if (dryRun) {
            if (lakeWide) {
                throw new IllegalArgumentException("--dry-run prices per-year rules (rules.bonus.*, rules.wellness.*); lake-wide parameters"
                        + " change silver: compare them with `scenario` after recording, or on a copy of the lake");
            }
            return new Result(plans, now.version(), costs(changed, after.keySet()), null, true);
        }
        RulesRegister.Snapshot recorded;
        String applied;
        if (lakeWide) {
            // the whole run that applies it names itself: it is recorded with its run id once it has one
            Pipeline.Result result = new Pipeline(envelope.with(changed)).execute(new Pipeline.Request.Whole());
            recorded = register.record(register.load(), after.keySet(), after::get, RulesRegister.Action.CHANGED, keys, reason,
                    result.summary().runId());
            applied = result.summary().render();
            if (result.failure() != null) {
                throw new IllegalStateException("the change is recorded (rules register v" + recorded.version() + ") but the run applying"
                        + " it failed: " + Failures.firstLine(result.failure()) + " — the next `" + envelope.paths().command("run") + "` applies it", result.failure());
            }
        } else {
            String why = "rules change v" + (now.version() + 1) + " (" + keys + "): " + reason;
            RunContext run = RunContext.start("backfill", changed);
            recorded = register.record(now, after.keySet(), after::get, RulesRegister.Action.CHANGED, keys, reason, run.runId());
            List<Integer> years = new ArrayList<>(after.keySet());
            try {
                applied = new Backfill(envelope.with(changed))
                        .run(new PeriodRange(years, null), Optional.empty(), why, run.withBenefitYears(years)).render();
            } catch (RuntimeException failure) {
                throw new IllegalStateException("the change is recorded (rules register v" + recorded.version() + ") but the backfill"
                        + " applying it failed: " + Failures.firstLine(failure) + " — apply it with `" + envelope.paths().command("backfill") + " --from " + years.get(0)
                        + " --to " + years.get(years.size() - 1) + "`", failure);
            }
        }
        return new Result(plans, recorded.version(), List.of(), applied, false);
    }

    /** The benefits of the years with the new parameters, computed in memory and compared with the official ones. */
    private List<Scenario.Line> costs(AppConfig changed, java.util.Set<Integer> years) {
        TableWriter writer = new TableWriter(spark, new LakePaths(loaded.lake()));
        if (!writer.exists(Tables.FCT_EMPLOYEE_BENEFITS)) {
            return List.of();
        }
        FctEmployeeBenefits job = new FctEmployeeBenefits();
        RunContext run = RunContext.start("rules", changed).withBenefitYears(List.copyOf(years));
        Map<TableId, Dataset<Row>> inputs = new LinkedHashMap<>();
        job.inputs().stream().filter(writer::exists).forEach(t -> inputs.put(t, writer.read(t)));
        Dataset<Row> computed = job.transform(inputs, run);
        Dataset<Row> official = writer.read(Tables.FCT_EMPLOYEE_BENEFITS).filter(col("benefit_year").isin(years.toArray()));
        return Scenario.compare("dry-run", run, official, computed)
                .orderBy(col("benefit_year"), when(col("bu").equalTo(Scenario.ALL_BUS), 1).otherwise(0), col("bu"), col("measure"))
                .collectAsList().stream().map(Scenario::line).toList();
    }
}
