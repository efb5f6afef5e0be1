package com.sportdata.benefits.config;

import com.sportdata.benefits.rules.CommuteMode;
import com.sportdata.benefits.rules.PeriodKind;
import com.sportdata.benefits.rules.TravelMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @Test
    void reads_the_defaults_of_conf_application_conf() {
        AppConfig config = ConfigLoader.load(List.of(), Map.of());
        assertThat(config.rules().base().bonus().rate()).isEqualByComparingTo("0.05");
        assertThat(config.rules().base().bonus().maxDistanceKm()).containsOnly(
                Map.entry(CommuteMode.WALK_RUN, new BigDecimal("15")), Map.entry(CommuteMode.BIKE_OTHER, new BigDecimal("25")));
        assertThat(config.rules().base().wellness().activityThreshold()).isEqualTo(15);
        assertThat(config.rules().base().wellness().days()).isEqualTo(5);
        assertThat(config.rules().base().periods().kind()).isEqualTo(PeriodKind.CALENDAR_YEAR);
        assertThat(config.commute().detourFactors()).containsKeys(TravelMode.values());
        assertThat(config.office().address()).isEqualTo("1362 Av. des Platanes, 34970 Lattes");
        assertThat(config.pipeline().periods()).isEmpty();
        assertThat(config.lake().root()).isEqualTo(System.getenv().getOrDefault("SPORT_BENEFITS_LAKE", "lake"));
    }

    @Test
    void set_overrides_any_key_without_editing_files() {
        AppConfig config = ConfigLoader.load(List.of(), Map.of("rules.bonus.rate", "0.10",
                "rules.wellness.activity-threshold", "20", "pipeline.periods", "[2025, 2026]",
                "pipeline.as-of-date", "2026-06-30", "lake.root", "s3a://bucket/lake"));
        assertThat(config.rules().base().bonus().rate()).isEqualByComparingTo("0.10");
        assertThat(config.rules().base().wellness().activityThreshold()).isEqualTo(20);
        assertThat(config.pipeline().periods()).containsExactly(2025, 2026);
        assertThat(config.pipeline().asOfDate()).contains(LocalDate.of(2026, 6, 30));
        assertThat(config.lake().root()).isEqualTo("s3a://bucket/lake");
    }

    @Test
    void a_second_file_overrides_the_defaults_and_set_overrides_the_file(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prod.conf");
        Files.writeString(file, "rules.bonus.rate = 0.06\nrules.wellness.days = 4\n");
        AppConfig config = ConfigLoader.load(List.of(file), Map.of("rules.wellness.days", "3"));
        assertThat(config.rules().base().bonus().rate()).isEqualByComparingTo("0.06");
        assertThat(config.rules().base().wellness().days()).isEqualTo(3);
    }

    @Test
    void a_wrong_value_fails_fast_naming_the_key() {
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("rules.bonus.rate", "1.5")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("rules.bonus.rate").hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("rules.bonus.rate", "abc")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("rules.bonus.rate");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("rules.period.kind", "WEEKLY")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("rules.period.kind").hasMessageContaining("ROLLING_12_MONTHS");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("pipeline.as-of-date", "yesterday")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("pipeline.as-of-date");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("pipeline.periods", "[1999]")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("pipeline.periods");
    }

    @Test
    void an_unknown_key_is_refused_instead_of_silently_ignored() {
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("rules.bonus.rat", "0.1")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("rules.bonus.rat").hasMessageContaining("unknown key");
    }

    @Test
    void a_missing_key_is_named(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.conf");
        Files.writeString(file, "rules.wellness.activity-threshold = null\n");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(file), Map.of()))
                .isInstanceOf(ConfigError.class).hasMessageContaining("rules.wellness.activity-threshold").hasMessageContaining("missing");
    }

    @Test
    void an_eligible_mode_must_be_one_of_the_four(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("modes.conf");
        Files.writeString(file, "rules.bonus.eligible-modes = [{ mode = SKATEBOARD, max-distance-km = 5 }]\n");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(file), Map.of()))
                .isInstanceOf(ConfigError.class).hasMessageContaining("rules.bonus.eligible-modes[0].mode")
                .hasMessageContaining("SKATEBOARD");
    }

    @Test
    void spark_settings_can_be_added() {
        AppConfig config = ConfigLoader.load(List.of(), Map.of("spark.conf.\"spark.eventLog.enabled\"", "true"));
        assertThat(config.spark().conf()).containsEntry("spark.eventLog.enabled", "true");
    }

    @Test
    void rule_changes_apply_from_their_year_on_layered_over_the_previous_rules() {
        AppConfig config = ConfigLoader.load(List.of(), Map.of("rules.changes",
                "[{from = 2027, wellness.activity-threshold = 20}, {from = 2026, bonus.rate = 0.06}]"));
        assertThat(config.rules().forYear(2025).bonus().rate()).isEqualByComparingTo("0.05");
        assertThat(config.rules().forYear(2026).bonus().rate()).isEqualByComparingTo("0.06");
        assertThat(config.rules().forYear(2026).wellness().activityThreshold()).isEqualTo(15);
        // 2027 builds on 2026: rate 6 % kept, threshold 20
        assertThat(config.rules().forYear(2030).bonus().rate()).isEqualByComparingTo("0.06");
        assertThat(config.rules().forYear(2030).wellness().activityThreshold()).isEqualTo(20);
        assertThat(config.rules().forYear(2025).hash()).isEqualTo(ConfigLoader.load(List.of(), Map.of()).rules().hash());
        assertThat(config.rules().hash()).isNotEqualTo(config.rules().base().hash());
        assertThat(config.rules().canonical()).contains("| from 2026: bonus.rate=0.06").contains("| from 2027: ");
    }

    @Test
    void a_wrong_rule_change_is_refused_with_its_key() {
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("rules.changes", "[{from = 2026, bonus.rat = 0.06}]")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("rules.changes[0].bonus.rat");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("rules.changes", "[{from = 2026, period.kind = ROLLING_12_MONTHS}]")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("rules.bonus.* and rules.wellness.* keys only");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("rules.changes",
                "[{from = 2026, bonus.rate = 0.06}, {from = 2026, bonus.rate = 0.07}]")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("two changes take effect in 2026");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("rules.changes", "[{bonus.rate = 0.06}]")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("rules.changes[0].from");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("rules.changes", "[{from = 2026, bonus.rate = 2}]")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("bonus.rate").hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("pipeline.hr-snapshot", "yesterday")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("pipeline.hr-snapshot");
    }
}
