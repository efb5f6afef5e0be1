package com.sportdata.benefits.run;

import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.gold.GoldLayer;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.pipeline.TableRun;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.pipeline.WriteMode;
import com.sportdata.benefits.quality.AnomalyMonitor;
import com.sportdata.benefits.quality.CheckOutcome;
import com.sportdata.benefits.register.RulesRegister;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;

/**
 * Silver → gold for the run's benefit years (explicit, or every year with activities plus the as-of date's), then
 * the cost-drift and eligible-population anomalies of each year against previous runs.
 */
final class GoldStage implements Stage<Void> {
    static final String NAME = "gold";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageResult<Void> execute(StageContext context) {
        TableWriter writer = context.writer();
        String settings = Unchanged.settingsHash(context.config().reproducibleJson());
        String state = GoldYears.silverState(writer);
        boolean incremental = context.config().pipeline().incremental() && GoldLayer.ALL.stream().allMatch(j -> writer.exists(j.target()));
        Map<Integer, GoldYears.Recorded> recorded = incremental ? GoldYears.recorded(writer) : Map.of();
        RunContext run = context.run().withBenefitYears(benefitYears(context.run(), writer, context.config().lake().personalDataYears(),
                GoldYears.activityYears(recorded, state)));
        GoldYears.Inputs inputs = GoldYears.unchangedSince(recorded, run.benefitYears(), state).orElseGet(() -> GoldYears.inputs(writer));
        List<TableJob> jobs = GoldLayer.ALL;
        String plan = "benefit years " + run.benefitYears();
        if (incremental) {
            List<Integer> stale = GoldYears.stale(run.benefitYears(), inputs, recorded, run, settings);
            boolean dimension = GoldYears.dimensionStale(inputs, recorded, settings);
            if (stale.isEmpty() && !dimension) {
                // fingerprinted again because silver moved without moving gold: the years remember this state
                GoldYears.record(context.spark(), writer, List.of(), inputs, run, settings, state, recorded);
                // what an attempt killed after recording its years may have left undone (the crash drill found it):
                // pinning them in the rules register and the empty scenario table; both do nothing when done
                run = pinned(context, run);
                readableBeforeAnyScenario(context, run);
                return StageResult.skipped(run, "nothing new: benefit years " + run.benefitYears() + " were computed from these inputs,"
                        + " parameters and product (ops/gold_inputs)");
            }
            List<Integer> kept = run.benefitYears().stream().filter(y -> !stale.contains(y)).toList();
            jobs = stale.isEmpty() ? List.of(GoldLayer.DIMENSION) : dimension ? GoldLayer.ALL : GoldLayer.BY_PERIOD;
            plan = "benefit years " + stale + (kept.isEmpty() ? "" : " (unchanged, kept as they are: " + kept + ")")
                    + (dimension ? "" : "; dim_employee unchanged");
            run = run.withBenefitYears(stale);
        }
        org.slf4j.LoggerFactory.getLogger(GoldStage.class).info("run {} recomputes {}", run.runId(), plan);
        List<TableRun> gold = context.layerRunner(writer).runLayer(jobs, run);
        if (!run.benefitYears().isEmpty() && jobs.contains(GoldLayer.BY_PERIOD.get(0))) {
            GoldYears.record(context.spark(), writer, run.benefitYears(), inputs, run, settings, state, recorded);
        }
        run = pinned(context, run);
        readableBeforeAnyScenario(context, run);
        long started = System.currentTimeMillis();
        AnomalyMonitor monitor = new AnomalyMonitor(context.spark(), context.paths(), context.config().quality().anomalies());
        List<CheckOutcome> anomalies = new ArrayList<>();
        Dataset<Row> fct = writer.read(Tables.FCT_EMPLOYEE_BENEFITS);
        for (int year : run.benefitYears()) {
            anomalies.addAll(monitor.costs(Tables.FCT_EMPLOYEE_BENEFITS, fct.filter(col("benefit_year").equalTo(year)), year, run));
        }
        return StageResult.<Void>done(run, Pipeline.counts(gold), plan).withTables(gold).withChecks(anomalies)
                .plusCheckMillis(System.currentTimeMillis() - started);
    }

    /**
     * PowerBI's model reads gold/scenario_comparison, which only `scenario` fills: it is created empty with the first
     * gold, so a lake where nobody ran a scenario refreshes (a missing source fails the whole dataset's refresh).
     */
    private static void readableBeforeAnyScenario(StageContext context, RunContext run) {
        if (!context.writer().exists(Tables.SCENARIO_COMPARISON)) {
            // not journaled: it is no figure of the run (a replay has nothing of it to reproduce)
            context.writer().appendUnversioned(context.spark().createDataFrame(List.<Row>of(), Scenario.COMPARISON_SCHEMA),
                    Tables.SCENARIO_COMPARISON, new WriteMode.Append(List.of()),
                    run.commitMetadata("created empty: PowerBI reads it before any scenario", Map.of()));
        }
    }

    /** The years published for the first time are pinned in the rules register; the run goes on with its new version. */
    static RunContext pinned(StageContext context, RunContext run) {
        long version = new RulesRegister(context.spark(), context.paths()).pinUnrecorded(context.config().source(), run.benefitYears(),
                run.runId());
        return run.withRules(run.rules().asOfRegister(version));
    }

    /**
     * Explicit years from the configuration, else the as-of date's year and every year with activities that ended within
     * the retention of personal data ({@code lake.retention.personal-data-years}): an older year's per-employee figures
     * are what {@code purge} removes, and a run does not make them again.
     */
    private static List<Integer> benefitYears(RunContext run, TableWriter writer, int personalDataYears, Optional<List<Integer>> recorded) {
        if (!run.benefitYears().isEmpty()) {
            return run.benefitYears();
        }
        int horizon = PurgeStage.cutoff(run.startedAt(), personalDataYears).atOffset(java.time.ZoneOffset.UTC).getYear();
        TreeSet<Integer> years = new TreeSet<>();
        years.add(run.rules().periods().benefitYearOf(run.asOfDate()));
        List<Integer> held;
        if (recorded.isPresent()) {
            // silver is in the state ops/gold_inputs recorded them from: the same versions hold the same years
            writer.noteRead(writer.paths().relative(Tables.ACTIVITIES), writer.latestVersion(Tables.ACTIVITIES));
            held = recorded.get();
        } else {
            held = writer.read(Tables.ACTIVITIES).select("benefit_year").distinct().collectAsList().stream().map(r -> r.getInt(0)).toList();
        }
        held.stream().filter(y -> y >= horizon).forEach(years::add);
        return List.copyOf(years);
    }
}
