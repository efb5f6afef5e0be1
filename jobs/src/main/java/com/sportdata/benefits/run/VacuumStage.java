package com.sportdata.benefits.run;

import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.history.Vacuum;

import java.util.List;

/** {@code vacuum}: Delta files no version of the retention window needs are removed, table by table. */
final class VacuumStage implements Stage<List<Vacuum.TableResult>> {
    static final String NAME = "vacuum";
    private final Integer retainDays;

    /** @param retainDays days of versions to keep (null: the reproducibility window) */
    VacuumStage(Integer retainDays) {
        this.retainDays = retainDays;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageResult<List<Vacuum.TableResult>> execute(StageContext context) {
        int window = context.config().lake().reproducibilityDays();
        List<Vacuum.TableResult> results = new Vacuum(context.spark(), context.paths(), window).run(retainDays);
        long removed = results.stream().mapToLong(Vacuum.TableResult::filesRemoved).sum();
        return StageResult.<List<Vacuum.TableResult>>done(context.run(), new RunLedger.Counts(results.size(), removed, 0),
                removed + " files removed from " + results.size() + " tables, keeping " + (retainDays == null ? window : retainDays)
                        + " days of versions").withValue(results);
    }
}
