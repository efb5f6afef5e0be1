package com.sportdata.benefits.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MainTest {

    private static String stderrOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString();
    }

    @Test
    void wrong_usage_and_wrong_configuration_exit_with_2_and_say_why() {
        int[] code = new int[1];
        assertThat(stderrOf(() -> code[0] = Main.execute())).contains("missing command").contains("usage: sport-benefits");
        assertThat(code[0]).isEqualTo(2);
        assertThat(stderrOf(() -> code[0] = Main.execute("fly"))).contains("unknown command 'fly'");
        assertThat(code[0]).isEqualTo(2);
        assertThat(stderrOf(() -> code[0] = Main.execute("run", "--set", "rules.bonus.rat=0.1")))
                .contains("Configuration key 'rules.bonus.rat': unknown key");
        assertThat(code[0]).isEqualTo(2);
        assertThat(stderrOf(() -> code[0] = Main.execute("run", "--lake"))).contains("option --lake needs a value");
        assertThat(code[0]).isEqualTo(2);
    }

    @Test
    void options_are_shorthands_for_configuration_keys() {
        CommandLine line = CommandLine.parse("run", "--lake", "/data/lake", "--periods", "2025,2026", "--set", "rules.bonus.rate=0.10",
                "--config", "conf/prod.conf");
        assertThat(line.overrides()).containsEntry("lake.root", "/data/lake").containsEntry("pipeline.periods", "2025,2026")
                .containsEntry("rules.bonus.rate", "0.10");
        assertThat(line.configFiles()).containsExactly(Path.of("conf/prod.conf"));
        assertThatThrownBy(() -> CommandLine.parse("run", "--set", "novalue")).hasMessageContaining("key=value");
    }

    @Test
    void generate_writes_the_landing_zone(@TempDir Path lake) {
        int code = Main.execute("generate", "--lake", lake.toString(), "--employees", "12", "--as-of", "2026-06-30");
        assertThat(code).isZero();
        assertThat(lake.resolve("landing/hr/DonneesRH_synthetic_seed42.xlsx")).exists();
        assertThat(lake.resolve("landing/activities/activities_seed42_2026-06-30.csv")).exists();
    }

    @Test
    void history_commands_take_their_own_options_and_refuse_bad_ones_with_2() {
        CommandLine backfill = CommandLine.parse("backfill", "--from", "2025", "--to", "2026-03", "--as-of", "2026-11-20T10:00",
                "--reason", "rate change");
        assertThat(backfill.options()).containsEntry("--from", "2025").containsEntry("--to", "2026-03")
                .containsEntry("--as-of", "2026-11-20T10:00").containsEntry("--reason", "rate change");
        // on `run`, --as-of stays the run's date (a configuration key)
        assertThat(CommandLine.parse("run", "--as-of", "2026-06-30").overrides()).containsEntry("pipeline.as-of-date", "2026-06-30");
        assertThat(CommandLine.parse("run", "--hr-snapshot", "period-end").overrides()).containsEntry("pipeline.hr-snapshot", "period-end");
        assertThatThrownBy(() -> CommandLine.parse("replay", "--from", "2025")).hasMessageContaining("unknown option --from");

        int[] code = new int[1];
        assertThat(stderrOf(() -> code[0] = Main.execute("backfill", "--lake", "target/no-lake", "--from", "2026", "--to", "2025")))
                .contains("--from 2026 is after --to 2025");
        assertThat(code[0]).isEqualTo(2);
        assertThat(stderrOf(() -> code[0] = Main.execute("backfill", "--lake", "target/no-lake", "--to", "2025")))
                .contains("backfill needs --from and --to");
        assertThat(code[0]).isEqualTo(2);
        assertThat(stderrOf(() -> code[0] = Main.execute("replay", "--lake", "target/no-lake"))).contains("replay needs --run ID");
        assertThat(code[0]).isEqualTo(2);
        assertThat(stderrOf(() -> code[0] = Main.execute("vacuum", "--lake", "target/no-lake", "--retain-days", "7")))
                .contains("vacuum refused").contains("reproducibility-days = 90");
        assertThat(code[0]).isEqualTo(2);
        assertThat(stderrOf(() -> code[0] = Main.execute("scenario", "--lake", "target/no-lake", "--name", "Bad Name")))
                .contains("lower-case letters");
        assertThat(code[0]).isEqualTo(2);
    }

    @Test
    void the_ledger_copy_of_a_command_line_masks_secret_values() {
        assertThat(CommandLine.forLedger("run", "--set", "spark.conf.spark.hadoop.fs.s3a.secret.key=abc123", "--set",
                "rules.bonus.rate=0.1", "--set", "slack.webhook-url=https://hooks.example/T0/B0/xyz"))
                .isEqualTo("run --set spark.conf.spark.hadoop.fs.s3a.secret.key=*** --set rules.bonus.rate=0.1 --set slack.webhook-url=***")
                .doesNotContain("abc123").doesNotContain("xyz");
    }

    @Test
    void notify_takes_a_follow_flag_and_live_generation_needs_a_landing_zone(@TempDir Path lake) {
        CommandLine notify = CommandLine.parse("notify", "--follow", "--max-seconds", "30", "--lake", "x");
        assertThat(notify.options()).containsEntry("--follow", "true").containsEntry("--max-seconds", "30");
        assertThat(notify.overrides()).containsEntry("lake.root", "x");
        int[] code = new int[1];
        assertThat(stderrOf(() -> code[0] = Main.execute("generate", "--lake", lake.toString(), "--live", "3")))
                .contains("run `generate` first");
        assertThat(code[0]).isEqualTo(2);
        assertThat(stderrOf(() -> code[0] = Main.execute("generate", "--lake", lake.toString(), "--live", "0")))
                .contains("between 1 and 10000");
        assertThat(code[0]).isEqualTo(2);
    }
}
