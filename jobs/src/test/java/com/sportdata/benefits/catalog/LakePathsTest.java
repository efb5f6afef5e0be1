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

    @Test
    void a_suggested_command_repeats_the_config_files_and_storage_settings_that_reach_the_lake(@org.junit.jupiter.api.io.TempDir
                                                                                                   java.nio.file.Path dir) throws Exception {
        java.nio.file.Path prod = java.nio.file.Files.writeString(dir.resolve("prod.conf"), "quality.max-activity-hours = 20\n");
        java.util.Map<String, String> overrides = new java.util.LinkedHashMap<>();
        overrides.put("lake.root", "s3a://bucket/prod");
        overrides.put("s3.endpoint", "http://127.0.0.1:9000");
        overrides.put("rules.bonus.rate", "0.06");
        overrides.put("spark.master", "local[2]");
        com.sportdata.benefits.config.AppConfig config = com.sportdata.benefits.config.ConfigLoader.load(
                java.util.List.of(prod), overrides);
        assertThat(config.lake().invocation()).isEqualTo("--config " + prod + " --set s3.endpoint=http://127.0.0.1:9000");
        assertThat(new LakePaths(config.lake()).command("landing ack --all --reason \"why\""))
                .isEqualTo("scripts/sport-benefits landing ack --lake s3a://bucket/prod --config " + prod
                        + " --set s3.endpoint=http://127.0.0.1:9000 --all --reason \"why\"");
        // what a command computes with is not how it reaches the lake: --set rules.*, --master are not repeated
        assertThat(config.lake().invocation()).doesNotContain("rules.").doesNotContain("master");
    }

    @Test
    void a_file_on_an_object_store_comes_with_the_command_that_copies_it_here() {
        assertThat(new LakePaths("/data/lake").openable("file:/data/lake/quality/reports/R1.html", "quality --run R1", "q.html"))
                .isEqualTo("/data/lake/quality/reports/R1.html");
        assertThat(new LakePaths("s3a://bucket/prod").openable("s3a://bucket/prod/reports/dashboard.html", "dashboard", "dashboard.html"))
                .isEqualTo("s3a://bucket/prod/reports/dashboard.html (on the object store; a copy to open here: "
                        + "`scripts/sport-benefits dashboard --lake s3a://bucket/prod --copy-to dashboard.html`)");
    }
}
