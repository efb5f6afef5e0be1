package com.sportdata.benefits.register;

import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.config.ConfigError;
import com.sportdata.benefits.config.ConfigLoader;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parameters of record against defaults and command lines, without Spark: the register is a value here. */
class OfRecordTest {
    private static final AppConfig DEFAULTS = ConfigLoader.load(List.of(), Map.of());

    private static RulesRegister.Snapshot register(Map<Integer, AppConfig> years) {
        TreeMap<Integer, RulesRegister.Entry> entries = new TreeMap<>();
        long[] version = {0};
        years.forEach((year, config) -> entries.put(year, new RulesRegister.Entry(++version[0], year, RulesRegister.Action.PINNED,
                Parameters.inForce(config.source(), year), "", "first publication", "alice", Instant.EPOCH, "run-" + year)));
        return new RulesRegister.Snapshot(version[0], entries);
    }

    private static AppConfig with(String... pairs) {
        Map<String, String> overrides = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            overrides.put(pairs[i], pairs[i + 1]);
        }
        return ConfigLoader.load(List.of(), overrides);
    }

    @Test
    void a_year_of_record_keeps_its_parameters_when_the_defaults_change_and_the_command_says_so() {
        RulesRegister.Snapshot register = register(new TreeMap<>(Map.of(2025, with("rules.bonus.rate", "0.10"), 2026, DEFAULTS)));
        AppConfig editedDefaults = with("rules.bonus.rate", "0.07");

        OfRecord.Resolved resolved = OfRecord.resolve(editedDefaults, register, Set.of(), null);

        assertThat(resolved.config().rules().forYear(2025).bonus().rate()).isEqualByComparingTo("0.10");
        assertThat(resolved.config().rules().forYear(2026).bonus().rate()).isEqualByComparingTo("0.05");
        assertThat(resolved.config().rules().forYear(2027).bonus().rate()).as("not yet published: the defaults").isEqualByComparingTo("0.07");
        assertThat(resolved.config().rules().registerVersion()).isEqualTo(2);
        assertThat(resolved.notes()).hasSize(1);
        assertThat(resolved.notes().get(0).text()).contains("[2025, 2026]").contains("rules.bonus.rate").contains("0.07 in the defaults")
                .contains("`scripts/sport-benefits rules set --lake ").contains(" --from 2025 --to 2026 --set rules.bonus.rate=0.07 --reason \"why\"`")
                .contains("`scripts/sport-benefits rules ack --lake ");
        // the acknowledgement is of this exact state: other values make another note
        OfRecord.Note again = OfRecord.resolve(with("rules.bonus.rate", "0.08"), register, Set.of(), null).notes().get(0);
        assertThat(again.item()).isNotEqualTo(resolved.notes().get(0).item());
        assertThat(OfRecord.resolve(editedDefaults, register, Set.of(), null).notes().get(0).item()).isEqualTo(resolved.notes().get(0).item());
    }

    @Test
    void a_value_set_by_a_recorded_change_differs_from_the_defaults_on_purpose_and_is_not_a_note() {
        TreeMap<Integer, RulesRegister.Entry> entries = new TreeMap<>();
        entries.put(2025, new RulesRegister.Entry(2, 2025, RulesRegister.Action.CHANGED, Parameters.inForce(with("rules.bonus.rate", "0.06")
                .source(), 2025), "rules.bonus.rate", "new policy", "alice", Instant.EPOCH, "run-2"));
        RulesRegister.Snapshot changed = new RulesRegister.Snapshot(2, entries, Map.of(2025, Set.of("rules.bonus.rate")));
        OfRecord.Resolved resolved = OfRecord.resolve(DEFAULTS, changed, Set.of(), null);
        assertThat(resolved.notes()).isEmpty();
        assertThat(resolved.config().rules().forYear(2025).bonus().rate()).isEqualByComparingTo("0.06");
        // another key the change did not set, edited in the defaults since, is still said
        assertThat(OfRecord.resolve(with("rules.wellness.days", "6"), changed, Set.of(), null).notes()).singleElement()
                .satisfies(n -> assertThat(n.key()).isEqualTo("rules.wellness.days"));
    }

    @Test
    void a_command_line_that_disagrees_with_a_year_of_record_it_recomputes_is_refused_naming_key_values_and_command() {
        RulesRegister.Snapshot register = register(new TreeMap<>(Map.of(2025, with("rules.bonus.rate", "0.10"), 2026, DEFAULTS)));
        AppConfig commandLine = with("rules.bonus.rate", "0.06");

        assertThatThrownBy(() -> OfRecord.resolve(commandLine, register, Set.of("rules.bonus.rate"), null))
                .isInstanceOf(OfRecord.Conflict.class).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rules.bonus.rate = 0.06 on this command line, but 0.1 of record for 2025")
                .hasMessageContaining("but 0.05 of record for 2026").hasMessageContaining("by alice")
                .hasMessageContaining("scripts/sport-benefits rules set --lake ").hasMessageContaining(" --from 2025 --to 2026 --set rules.bonus.rate=0.06 --reason \"why\"");
        // a year the command does not recompute is not its business
        OfRecord.Resolved only2027 = OfRecord.resolve(commandLine, register, Set.of("rules.bonus.rate"), List.of(2027));
        assertThat(only2027.config().rules().forYear(2027).bonus().rate()).isEqualByComparingTo("0.06");
        assertThat(only2027.config().rules().forYear(2025).bonus().rate()).isEqualByComparingTo("0.10");
        // the same value as the record is no conflict
        OfRecord.Resolved agreeing = OfRecord.resolve(with("rules.bonus.rate", "0.050"), register, Set.of("rules.bonus.rate"),
                List.of(2026));
        assertThat(agreeing.notes()).isEmpty();
    }

    @Test
    void a_lake_wide_parameter_of_record_applies_to_every_year_and_cannot_be_overridden_for_any() {
        RulesRegister.Snapshot register = register(new TreeMap<>(Map.of(2025, with("office.latitude", "43.6"))));
        OfRecord.Resolved resolved = OfRecord.resolve(DEFAULTS, register, Set.of(), null);
        assertThat(resolved.config().office().location().latitude()).isEqualTo(43.6);
        assertThat(resolved.notes()).singleElement().satisfies(n -> assertThat(n.text()).contains("office.latitude"));

        assertThatThrownBy(() -> OfRecord.resolve(with("office.latitude", "44.0"), register, Set.of("office.latitude"), List.of(2030)))
                .isInstanceOf(OfRecord.Conflict.class).hasMessageContaining("office.latitude = 44 on this command line, but 43.6 of record"
                        + " for every year");
        assertThatThrownBy(() -> OfRecord.resolve(with("pipeline.hr-snapshot", "PERIOD_END"), register(new TreeMap<>(Map.of(2025, DEFAULTS))),
                Set.of("pipeline.hr-snapshot"), null)).isInstanceOf(OfRecord.Conflict.class).hasMessageContaining("pipeline.hr-snapshot");
    }

    @Test
    void a_what_if_lays_the_command_line_over_the_years_of_record_without_touching_them() {
        RulesRegister.Snapshot register = register(new TreeMap<>(Map.of(2025, with("rules.bonus.rate", "0.10"))));
        AppConfig whatIf = OfRecord.whatIf(with("rules.wellness.days", "7"), register, Set.of("rules.wellness.days"));
        assertThat(whatIf.rules().forYear(2025).wellness().days()).isEqualTo(7);
        assertThat(whatIf.rules().forYear(2025).bonus().rate()).as("kept from the record").isEqualByComparingTo("0.10");
        assertThat(whatIf.rules().forYear(2026).wellness().days()).isEqualTo(7);
        assertThat(register.year(2025).orElseThrow().parameters().flat()).containsEntry("rules.wellness.days", "5");
    }

    @Test
    void parameters_compare_and_hash_by_value_and_survive_their_json() {
        Parameters a = Parameters.inForce(with("rules.bonus.rate", "0.050").source(), 2026);
        Parameters b = Parameters.inForce(DEFAULTS.source(), 2026);
        assertThat(a).isEqualTo(b);
        assertThat(a.hash()).isEqualTo(b.hash()).hasSize(16);
        assertThat(Parameters.parse(a.json())).isEqualTo(a);
        Parameters c = b.with(ConfigFactory.parseString("rules.bonus.rate = 0.06, lake.root = elsewhere"));
        assertThat(c.hash()).isNotEqualTo(b.hash());
        assertThat(b.differences(c)).containsOnlyKeys("rules.bonus.rate");
        assertThat(b.differences(c).get("rules.bonus.rate")).containsExactly("0.05", "0.06");
        assertThat(c.flat()).doesNotContainKey("lake.root");
        // the defaults' own effective-dated changes give each year its parameters
        AppConfig changes = with("rules.changes", "[{from = 2026, bonus.rate = 0.06}]");
        assertThat(Parameters.inForce(changes.source(), 2025).flat()).containsEntry("rules.bonus.rate", "0.05");
        assertThat(Parameters.inForce(changes.source(), 2027).flat()).containsEntry("rules.bonus.rate", "0.06");
    }

    @Test
    void the_years_of_record_reach_the_rule_book_and_its_hash_and_stay_out_of_the_defaults() {
        RulesRegister.Snapshot register = register(new TreeMap<>(Map.of(2025, with("rules.bonus.rate", "0.10"))));
        AppConfig applied = AppConfig.from(register.applyTo(DEFAULTS.source()));
        assertThat(applied.rules().canonical()).contains("| year 2025: bonus.rate=0.1;");
        assertThat(applied.rules().hash()).isNotEqualTo(DEFAULTS.rules().hash());
        assertThat(applied.rules().forYear(2025).hash()).isEqualTo(with("rules.bonus.rate", "0.10").rules().forYear(2025).hash());
        assertThat(AppConfig.from(com.typesafe.config.ConfigFactory.parseString(applied.reproducibleJson())
                .withFallback(DEFAULTS.source()).resolve()).rules().forYear(2025).bonus().rate())
                .as("the ledger's parameters carry the years of record").isEqualByComparingTo(new BigDecimal("0.10"));
        assertThat(DEFAULTS.rules().hash()).as("no year of record: the hash of earlier versions").isEqualTo(DEFAULTS.rules().base().hash());
    }

    @Test
    void the_register_keys_cannot_be_set_by_hand() {
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("rules.register-version", "9")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("rules set");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("rules.register", "{\"2025\" = {bonus.rate = 0.2}}")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("rules register only");
    }
}
