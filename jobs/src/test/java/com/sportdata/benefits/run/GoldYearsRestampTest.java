package com.sportdata.benefits.run;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.testing.SparkTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ops/gold_inputs remembers the silver state each year's fingerprints were taken from: when silver moved without moving
 * gold (a table confirmed by a new commit, the same rows), the years found unchanged take the new state, so the next
 * quiet run fingerprints nothing (before, every later run fingerprinted silver again: 10–12 s per quiet demo run).
 */
class GoldYearsRestampTest extends SparkTest {
    private static final String STATE_A = "activities=7@1000,employees=3@900";
    private static final String STATE_B = "activities=8@2000,employees=3@900";
    private static final String STATE_C = "activities=9@3000,employees=3@900";

    @Test
    void years_found_unchanged_take_the_new_silver_state_and_keep_their_run_the_others_are_left() {
        TableWriter writer = new TableWriter(spark(), new LakePaths(newLake("gold-inputs").toString()));
        RunContext computing = RunContext.start("test", config(Map.of()));
        GoldYears.Inputs inputs = new GoldYears.Inputs(Map.of(2025, "a25", 2026, "a26"), "shared-1");
        GoldYears.record(spark(), writer, List.of(2025, 2026), inputs, computing, "settings", STATE_A, Map.of());
        Map<Integer, GoldYears.Recorded> first = GoldYears.recorded(writer);
        assertThat(first).containsOnlyKeys(2025, 2026);
        assertThat(first.values()).allSatisfy(r -> {
            assertThat(r.silverVersions()).isEqualTo(STATE_A);
            assertThat(r.activityYears()).isEqualTo("2025,2026");
            assertThat(r.runId()).isEqualTo(computing.runId());
        });
        long version = writer.latestVersion(Tables.GOLD_INPUTS);

        // a quiet run: the same state, nothing computed — no commit
        RunContext quiet = RunContext.start("test", config(Map.of()));
        GoldYears.record(spark(), writer, List.of(), inputs, quiet, "settings", STATE_A, first);
        assertThat(writer.latestVersion(Tables.GOLD_INPUTS)).isEqualTo(version);

        // silver moved, the fingerprints did not: both years take state B, still computed by the first run
        GoldYears.record(spark(), writer, List.of(), inputs, quiet, "settings", STATE_B, first);
        Map<Integer, GoldYears.Recorded> second = GoldYears.recorded(writer);
        assertThat(writer.latestVersion(Tables.GOLD_INPUTS)).isEqualTo(version + 1);
        assertThat(second.values()).allSatisfy(r -> {
            assertThat(r.silverVersions()).isEqualTo(STATE_B);
            assertThat(r.runId()).isEqualTo(computing.runId());
            assertThat(r.computedAt()).isEqualTo(first.get(2025).computedAt());
        });
        assertThat(GoldYears.unchangedSince(second, List.of(2025, 2026), STATE_B)).contains(inputs);

        // silver moved and 2026's activities changed: 2025 takes state C, 2026 keeps what it was computed from
        GoldYears.Inputs changed = new GoldYears.Inputs(Map.of(2024, "a24", 2025, "a25", 2026, "a26-new"), "shared-1");
        GoldYears.record(spark(), writer, List.of(), changed, quiet, "settings", STATE_C, second);
        Map<Integer, GoldYears.Recorded> third = GoldYears.recorded(writer);
        assertThat(third.get(2025).silverVersions()).isEqualTo(STATE_C);
        assertThat(third.get(2025).activityYears()).as("the years silver holds in state C").isEqualTo("2024,2025,2026");
        assertThat(third.get(2026).silverVersions()).isEqualTo(STATE_B);
        assertThat(third.get(2026).activities()).isEqualTo("a26");
        assertThat(GoldYears.unchangedSince(third, List.of(2025, 2026), STATE_C)).isEmpty();
    }
}
