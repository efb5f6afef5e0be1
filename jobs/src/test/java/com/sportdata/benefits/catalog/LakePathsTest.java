package com.sportdata.benefits.catalog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands the product suggests name the lake in use, so they can be pasted as printed. */
class LakePathsTest {

    @Test
    void a_suggested_command_names_the_lake_as_a_shell_reads_it() {
        assertThat(new LakePaths("/data/lake").command("runs --run R1")).isEqualTo("scripts/sport-benefits runs --lake /data/lake --run R1");
        assertThat(new LakePaths("s3a://bucket/prod").command("run")).isEqualTo("scripts/sport-benefits run --lake s3a://bucket/prod");
        assertThat(new LakePaths("/data/my lake").command("rules set --from 2025 --set rules.bonus.rate=0.06"))
                .isEqualTo("scripts/sport-benefits rules set --lake '/data/my lake' --from 2025 --set rules.bonus.rate=0.06");
        assertThat(new LakePaths("/data/it's").command("quality")).isEqualTo("scripts/sport-benefits quality --lake '/data/it'\\''s'");
    }
}
