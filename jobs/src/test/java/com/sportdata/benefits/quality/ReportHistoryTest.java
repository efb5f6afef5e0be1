package com.sportdata.benefits.quality;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.support.Language;
import com.sportdata.benefits.support.Messages;
import com.sportdata.benefits.testing.SparkTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's report shows each metric's values in the runs before it, newest first, read back from gold.fct_quality_checks. */
class ReportHistoryTest extends SparkTest {

    private static CheckOutcome check(String check, Double value) {
        return new CheckOutcome("silver", "silver.activities", check, Level.ERROR, CheckOutcome.Status.PASSED, "c", value, null, null);
    }

    @Test
    void earlier_runs_values_newest_first_none_of_the_run_itself_or_later() {
        Path lake = newLake("report-history");
        AppConfig config = config(Map.of("lake.root", lake.toString()));
        LakePaths paths = new LakePaths(lake.toString());
        QualityStore store = new QualityStore(spark(), new TableWriter(spark(), paths));
        store.record(RunContext.of("r1", "run", Instant.parse("2026-06-01T08:00:00Z"), config), List.of(check("rows", 10.0), check("unique", null)), List.of());
        store.record(RunContext.of("r2", "run", Instant.parse("2026-06-02T08:00:00Z"), config), List.of(check("rows", 12.0)), List.of());
        store.record(RunContext.of("r4", "run", Instant.parse("2026-06-04T08:00:00Z"), config), List.of(check("rows", 99.0)), List.of());

        QualityReport report = new QualityReports(spark(), paths, store, Messages.of(Language.EN))
                .build("r3", java.sql.Timestamp.from(Instant.parse("2026-06-03T08:00:00Z")), List.of(check("rows", 13.0), check("unique", 1.0)), List.of());

        assertThat(report.previousMetrics()).containsOnlyKeys(QualityReport.key("silver", "silver.activities", "rows"));
        assertThat(report.previousMetrics().get(QualityReport.key("silver", "silver.activities", "rows"))).containsExactly(12.0, 10.0);
    }
}
