package com.sportdata.benefits.gold;

import com.sportdata.benefits.catalog.Layer;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.pipeline.TableJob;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The gold layer's tables: those cut by benefit period, and every one (with the current-state dimension). */
public final class GoldLayer {
    /** Gold tables cut by benefit period: what a backfill, a replay or a scenario recomputes. */
    public static final List<TableJob> BY_PERIOD = List.of(new FctEmployeeBenefits(), new KpiBenefitsByPeriod(), new DeclarationsToReview(),
            new KpiBenefitsByYearBu(), new KpiActivitiesBySport());
    /** The current-state dimension: not per period. */
    public static final TableJob DIMENSION = new DimEmployee();
    public static final List<TableJob> ALL = Stream.concat(BY_PERIOD.stream(), Stream.of(DIMENSION)).toList();

    private GoldLayer() {
    }

    /** Silver tables the given gold jobs read. */
    public static List<TableId> silverInputs(List<TableJob> jobs) {
        Set<TableId> inputs = new LinkedHashSet<>();
        jobs.forEach(j -> j.inputs().stream().filter(t -> t.layer() == Layer.SILVER).forEach(inputs::add));
        return new ArrayList<>(inputs);
    }
}
