package com.sportdata.benefits.cli;

import com.sportdata.benefits.testing.Commands;
import com.sportdata.benefits.testing.Commands.Ran;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    private static Ran run(String... args) {
        return Commands.run(args);
    }

    @Test
    void help_in_every_spelling_prints_usage_and_exits_0() {
        for (String[] args : new String[][] {{"--help"}, {"-h"}, {"help"}}) {
            Ran ran = run(args);
            assertThat(ran.code()).as(String.join(" ", args)).isZero();
            assertThat(ran.out()).contains("Usage: sport-benefits").contains("backfill").contains("lock").contains("Exit codes:")
                    .contains("3  lake busy");
        }
        Ran helpRun = run("help", "run");
        assertThat(helpRun.code()).isZero();
        assertThat(helpRun.out()).contains("Usage: sport-benefits run").contains("--resume");
    }

    @ParameterizedTest
    @ValueSource(strings = {"generate", "run", "notify", "digest", "quality", "runs", "backfill", "replay", "scenario", "vacuum", "lock"})
    void every_command_has_its_own_help(String command) {
        Ran ran = run(command, "--help");
        assertThat(ran.code()).isZero();
        assertThat(ran.out()).contains("Usage: sport-benefits " + command);
        if (!command.equals("lock")) {
            assertThat(ran.out()).contains("--lake=DIR").contains("--set=KEY=VALUE").contains("--log-format");
        }
    }

    @Test
    void wrong_usage_and_wrong_configuration_exit_with_2_and_say_why(@TempDir Path lake) {
        Ran none = run();
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("missing command").contains("Usage: sport-benefits");

        Ran typo = run("backfil");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("error: unknown command 'backfil'. Did you mean: backfill?");
        Ran shortTypo = run("rn", "--lake", lake.toString());
        assertThat(shortTypo.code()).isEqualTo(2);
        assertThat(shortTypo.err().strip()).startsWith("error: unknown command 'rn'. Did you mean: run, runs")
                .doesNotContain("Usage:");
        Ran nothingNear = run("frobnicate");
        assertThat(nothingNear.code()).isEqualTo(2);
        assertThat(nothingNear.err()).contains("unknown command 'frobnicate'").doesNotContain("Did you mean");

        Ran option = run("run", "--lake", lake.toString(), "--lak", "x");
        assertThat(option.code()).isEqualTo(2);
        assertThat(option.err()).contains("--lak").contains("Possible solutions: --lake");

        Ran key = run("run", "--lake", lake.toString(), "--set", "rules.bonus.rat=0.1");
        assertThat(key.code()).isEqualTo(2);
        assertThat(key.err()).contains("Configuration key 'rules.bonus.rat': unknown key");

        Ran repeated = run("runs", "--lake", lake.toString(), "--set", "rules.bonus.rate=0.1", "--set", "rules.bonus.rat=0.2");
        assertThat(repeated.code()).isEqualTo(2);
        assertThat(repeated.err()).contains("Configuration key 'rules.bonus.rat': unknown key");

        Ran missingValue = run("run", "--lake");
        assertThat(missingValue.code()).isEqualTo(2);
        assertThat(missingValue.err()).contains("Missing required parameter for option '--lake'");

        Ran badSet = run("run", "--lake", lake.toString(), "--set", "novalue");
        assertThat(badSet.code()).isEqualTo(2);
        assertThat(badSet.err()).contains("key=value");

        Ran format = run("runs", "--lake", lake.toString(), "--log-format", "xml");
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err()).contains("logging.format").contains("text or json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "notify", "digest", "quality", "runs", "backfill", "replay", "scenario", "vacuum"})
    void a_lake_that_does_not_exist_is_refused_and_nothing_is_created(String command, @TempDir Path parent) {
        Path mistyped = parent.resolve("lkae");
        Ran ran = run(command, "--lake", mistyped.toString());
        assertThat(ran.code()).isEqualTo(2);
        assertThat(ran.err()).contains("no lake at " + mistyped).doesNotContain("Exception");
        assertThat(mistyped).doesNotExist();
    }

    @Test
    void lock_commands_refuse_a_missing_lake_and_a_release_without_force(@TempDir Path lake) throws Exception {
        assertThat(run("lock", "status", "--lake", lake.resolve("nope").toString()).code()).isEqualTo(2);
        Ran status = run("lock", "status", "--lake", lake.toString());
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("not locked");
        Ran release = run("lock", "release", "--lake", lake.toString());
        assertThat(release.code()).isEqualTo(2);
        assertThat(release.err()).contains("--force");
        Ran lockAlone = run("lock", "--lake", lake.toString());
        assertThat(lockAlone.code()).isEqualTo(2);
        assertThat(Files.exists(lake.resolve("_lock/writer.lock"))).isFalse();
    }

    @Test
    void generate_creates_the_lake_and_writes_the_landing_zone(@TempDir Path parent) {
        Path lake = parent.resolve("new-lake");
        Ran ran = run("generate", "--lake", lake.toString(), "--employees", "12", "--as-of", "2026-06-30");
        assertThat(ran.code()).as(ran.all()).isZero();
        assertThat(lake.resolve("landing/hr/DonneesRH_synthetic_seed42.xlsx")).exists();
        assertThat(lake.resolve("landing/activities/activities_seed42_2026-06-30.csv")).exists();
        // the writer lock was taken and released
        assertThat(lake.resolve("_lock/writer.lock")).doesNotExist();
    }

    @Test
    void history_commands_check_their_own_options_with_2(@TempDir Path lake) {
        Ran order = run("backfill", "--lake", lake.toString(), "--from", "2026", "--to", "2025");
        assertThat(order.code()).isEqualTo(2);
        assertThat(order.err()).contains("--from 2026 is after --to 2025");
        Ran missing = run("backfill", "--lake", lake.toString(), "--to", "2025");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("backfill needs --from and --to");
        Ran replay = run("replay", "--lake", lake.toString());
        assertThat(replay.code()).isEqualTo(2);
        assertThat(replay.err()).contains("replay needs --run ID");
        Ran vacuum = run("vacuum", "--lake", lake.toString(), "--retain-days", "7");
        assertThat(vacuum.code()).isEqualTo(2);
        assertThat(vacuum.err()).contains("vacuum refused").contains("reproducibility-days = 90");
        Ran scenario = run("scenario", "--lake", lake.toString(), "--name", "Bad Name");
        assertThat(scenario.code()).isEqualTo(2);
        assertThat(scenario.err()).contains("lower-case letters");
        Ran stages = run("run", "--lake", lake.toString(), "--resume", "--stage", "gold");
        assertThat(stages.code()).isEqualTo(2);
        assertThat(stages.err()).contains("--resume and --stage do not go together");
        Ran live = run("generate", "--lake", lake.toString(), "--live", "3");
        assertThat(live.code()).isEqualTo(2);
        assertThat(live.err()).contains("run `generate` first");
    }

    @Test
    void the_ledger_copy_of_a_command_line_masks_secret_values() {
        assertThat(Cli.forLedger("run", "--set", "spark.conf.spark.hadoop.fs.s3a.secret.key=abc123", "--set",
                "rules.bonus.rate=0.1", "--set", "slack.webhook-url=https://hooks.example/T0/B0/xyz"))
                .isEqualTo("run --set spark.conf.spark.hadoop.fs.s3a.secret.key=*** --set rules.bonus.rate=0.1 --set slack.webhook-url=***")
                .doesNotContain("abc123").doesNotContain("xyz");
    }
}
