package com.sportdata.benefits.register;

import com.sportdata.benefits.config.AppConfig;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters that decide one benefit year's published figures, as a configuration tree: the year's own
 * bonus and wellness rules, and the lake-wide ones (the benefit period cut, commute providers and detour
 * factors, the office location and time zone, the HR-snapshot choice) that silver computes once for every
 * year. A value, compared and hashed in a canonical form.
 */
public record Parameters(Config tree) {
    /** Keys of the year's own rules. */
    public static final List<String> PER_YEAR = List.of("rules.bonus", "rules.wellness");
    /** Keys that apply to every year at once (silver and the period cut are shared by all years). */
    public static final List<String> LAKE_WIDE = List.of("rules.period", "commute", "office.latitude", "office.longitude",
            "office.time-zone", "pipeline.hr-snapshot");

    /** The parameters a configuration gives one year: its register entry if it has one, else the defaults. */
    public static Parameters inForce(Config source, int benefitYear) {
        Config rules = source.getConfig("rules");
        String recorded = AppConfig.REGISTER_KEY + ".\"" + benefitYear + "\"";
        Config own = rules.hasPath(recorded) ? rules.getConfig(recorded) : AppConfig.defaultRulesFor(rules, benefitYear);
        Config tree = ConfigFactory.empty();
        for (String key : PER_YEAR) {
            tree = tree.withValue(key, own.getValue(key.substring("rules.".length())));
        }
        for (String key : LAKE_WIDE) {
            tree = tree.withValue(key, source.getValue(key));
        }
        return new Parameters(tree);
    }

    /** From the JSON of {@link #json()}. */
    public static Parameters parse(String json) {
        return new Parameters(ConfigFactory.parseString(json));
    }

    /** Whether a configuration key is one of these parameters (or inside one). */
    /**
     * Refuses a {@code rules set} whose command line sets keys that are not parameters of record (the lake, Spark
     * and logging options aside): they would not be recorded, and the change would not be what its author meant.
     */
    public static void requireOnlyParameters(java.util.Collection<String> keys) {
        List<String> others = keys.stream().filter(k -> !covers(k) && !k.startsWith("lake.") && !k.startsWith("spark.")
                && !k.startsWith("logging.") && !k.startsWith("metrics.")).toList();
        if (!others.isEmpty()) {
            throw new IllegalArgumentException(others + " are not parameters of record: `rules set` records " + PER_YEAR
                    + " (per year) and " + LAKE_WIDE + " (lake-wide)");
        }
    }

    public static boolean covers(String key) {
        return PER_YEAR.stream().anyMatch(k -> key.equals(k) || key.startsWith(k + ".")) || lakeWide(key);
    }

    public static boolean lakeWide(String key) {
        return LAKE_WIDE.stream().anyMatch(k -> key.equals(k) || key.startsWith(k + "."));
    }

    /** These parameters with some keys replaced (keys outside the parameters are ignored). */
    public Parameters with(Config overrides) {
        Config tree = this.tree;
        for (Map.Entry<String, ConfigValue> e : overrides.entrySet()) {
            if (covers(e.getKey())) {
                tree = tree.withValue(e.getKey(), e.getValue());
            }
        }
        return new Parameters(tree);
    }

    /** The lake-wide parameters of {@code other}, the year's own ones of this. */
    public Parameters withLakeWideOf(Parameters other) {
        Config tree = this.tree;
        for (String key : LAKE_WIDE) {
            tree = tree.withValue(key, other.tree.getValue(key));
        }
        return new Parameters(tree);
    }

    /** Canonical JSON: keys sorted, numbers written without trailing zeros. */
    public String json() {
        return tree.root().render(ConfigRenderOptions.concise());
    }

    /**
     * The year's rules hash — the one hash of a benefit year's rules, the same its gold rows, the run ledger, `runs`, the
     * dashboard and the BI export show: that of the bonus, wellness and period rules these parameters give. Lake-wide
     * parameters (commute, office, HR snapshot) are recorded and compared key by key ({@link #differences}).
     */
    public String hash() {
        return AppConfig.rulesOf(tree.getConfig("rules")).hash();
    }

    /** Every leaf value by key, written the same way whatever its source (0.050 and 0.05 are one value). */
    public Map<String, String> flat() {
        Map<String, String> flat = new TreeMap<>();
        tree.entrySet().forEach(e -> flat.put(e.getKey(), text(e.getValue())));
        return flat;
    }

    /** Keys whose values differ, with this value and the other's: "rules.bonus.rate" → ["0.05", "0.06"]. */
    public Map<String, String[]> differences(Parameters other) {
        Map<String, String> mine = flat();
        Map<String, String> theirs = other.flat();
        Map<String, String[]> diff = new TreeMap<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(mine.keySet());
        keys.addAll(theirs.keySet());
        for (String key : keys) {
            if (!java.util.Objects.equals(mine.get(key), theirs.get(key))) {
                diff.put(key, new String[] {mine.get(key), theirs.get(key)});
            }
        }
        return diff;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameters p && flat().equals(p.flat());
    }

    @Override
    public int hashCode() {
        return flat().hashCode();
    }

    private static String text(ConfigValue value) {
        if (value.valueType() == ConfigValueType.NUMBER) {
            return new BigDecimal(value.unwrapped().toString()).stripTrailingZeros().toPlainString();
        }
        if (value.valueType() == ConfigValueType.STRING) {
            return value.unwrapped().toString();
        }
        return value.render(ConfigRenderOptions.concise());
    }
}
