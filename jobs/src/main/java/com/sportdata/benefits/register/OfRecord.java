package com.sportdata.benefits.register;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.history.Acknowledgements;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The parameters a command computes with, given the rules register: a year of record keeps its recorded
 * parameters, whatever the defaults in {@code conf/} say now (the command says which years and how to change
 * them); a year not yet recorded takes the defaults; the lake-wide parameters of record apply to every year. A
 * command line that sets a parameter to another value than the one of record, for a year the command would
 * recompute, is refused: the change would otherwise be silently applied (or silently reverted by the next run).
 */
public final class OfRecord {

    /** The configuration to compute with, the register it came from, and what the command should say about it. */
    public record Resolved(AppConfig config, RulesRegister.Snapshot register, List<Note> notes) {
    }

    /**
     * Years of record keeping a value the defaults in {@code conf/} no longer give: said once per command until
     * acknowledged ({@code rules ack}) in exactly this state.
     */
    public record Note(String key, Set<Integer> years, String ofRecord, String inDefaults, String text) {
        public Acknowledgements.Item item() {
            return new Acknowledgements.Item(Acknowledgements.Kind.RULES_DEFAULT, key, "years " + years + ": " + ofRecord + " of record, "
                    + inDefaults + " in the defaults", key + ": years " + years + " keep " + ofRecord + " of record (" + inDefaults
                    + " in the defaults)");
        }
    }

    /** A command line that disagrees with the parameters of record: exit 2, nothing written. */
    public static final class Conflict extends IllegalArgumentException {
        public Conflict(String message) {
            super(message);
        }
    }

    private OfRecord() {
    }

    /**
     * @param loaded   the configuration as loaded (defaults, --config files, --set)
     * @param userKeys the keys set on this command line (by --set, an option, or a --config file)
     * @param years    the benefit years the command recomputes; {@code null} = every year it finds (all years of record)
     */
    public static Resolved resolve(AppConfig loaded, RulesRegister.Snapshot register, Set<String> userKeys, Collection<Integer> years) {
        List<String> conflicts = new ArrayList<>();
        Map<String, TreeSet<Integer>> conflictYears = new TreeMap<>();
        Map<String, String> wanted = new TreeMap<>();
        Map<String, Set<Integer>> defaultsDiffer = new TreeMap<>();
        Map<String, String[]> defaultValues = new TreeMap<>();
        LakePaths lake = new LakePaths(loaded.lake());
        for (RulesRegister.Entry entry : register.years().values()) {
            int year = entry.benefitYear();
            Parameters given = Parameters.inForce(loaded.source(), year);
            entry.parameters().differences(given).forEach((key, values) -> {
                boolean lakeWide = Parameters.lakeWide(key);
                if (!lakeWide && years != null && !years.contains(year)) {
                    return;
                }
                if (!setBy(userKeys, key) && register.decided(year, key)) {
                    return; // a recorded change set it: it differs from the defaults on purpose
                }
                if (setBy(userKeys, key)) {
                    conflicts.add(conflict(key, values, lakeWide ? null : entry, register.version()));
                    conflictYears.computeIfAbsent(key, k -> new TreeSet<>()).add(year);
                    wanted.put(key, values[1]);
                } else {
                    defaultsDiffer.computeIfAbsent(key, k -> new TreeSet<>()).add(year);
                    defaultValues.put(key, values);
                }
            });
        }
        if (!conflicts.isEmpty()) {
            throw new Conflict(conflicts.stream().distinct().collect(Collectors.joining("\n"))
                    + "\nA run or backfill never changes a published year's parameters. To change them, record the change (it backfills"
                    + " the years it touches):\n" + conflictYears.entrySet().stream().map(e -> "  " + lake.command("rules set"
                    + (Parameters.lakeWide(e.getKey()) ? "" : " --from " + e.getValue().first() + " --to " + e.getValue().last())
                    + " --set " + e.getKey() + "=" + wanted.get(e.getKey()) + " --reason \"why\"")).distinct()
                    .collect(Collectors.joining("\n"))
                    + "\nTo see what a value would cost without publishing it, add --dry-run to that command (or `"
                    + lake.command("scenario --name NAME --set KEY=VALUE") + "`).");
        }
        List<Note> notes = new ArrayList<>();
        defaultsDiffer.forEach((key, inYears) -> notes.add(new Note(key, inYears, defaultValues.get(key)[0], defaultValues.get(key)[1],
                "years " + inYears + " keep their parameters of record (rules register v" + register.version() + "): " + key + " = "
                + defaultValues.get(key)[0] + " of record, " + defaultValues.get(key)[1] + " in the defaults. To apply the defaults to them: `"
                + lake.command("rules set --from " + inYears.iterator().next() + " --to " + ((TreeSet<Integer>) inYears).last() + " --set "
                + key + "=" + defaultValues.get(key)[1] + " --reason \"why\"") + "`; to keep them and not be told again: `"
                + lake.command("rules ack --reason \"why\"") + "`")));
        return new Resolved(AppConfig.from(register.applyTo(loaded.source())), register, notes);
    }

    /**
     * A what-if: the parameters of record with the command line's values laid over every year (a scenario never
     * touches the register).
     */
    public static AppConfig whatIf(AppConfig loaded, RulesRegister.Snapshot register, Set<String> userKeys) {
        Config overrides = userValues(loaded, userKeys);
        Map<Integer, Parameters> years = new TreeMap<>();
        register.years().forEach((year, e) -> years.put(year, e.parameters().with(overrides)));
        Config applied = register.with(years, register.version()).applyTo(loaded.source());
        return AppConfig.from(overrides.withFallback(applied).resolve());
    }

    /** The values of the parameter keys the command line set. */
    public static Config userValues(AppConfig loaded, Set<String> userKeys) {
        Config values = ConfigFactory.empty();
        for (String key : userKeys) {
            if (Parameters.covers(key) && loaded.source().hasPath(key)) {
                values = values.withValue(key, loaded.source().getValue(key));
            }
        }
        return values;
    }

    private static boolean setBy(Set<String> userKeys, String key) {
        return userKeys.stream().anyMatch(k -> key.equals(k) || key.startsWith(k + ".") || k.startsWith(key + "."));
    }

    private static String conflict(String key, String[] values, RulesRegister.Entry entry, long version) {
        return "refused: " + key + " = " + values[1] + " on this command line, but " + values[0] + " of record"
                + (entry == null ? " for every year (a lake-wide parameter)" : " for " + entry.benefitYear() + " (rules register v" + version
                + ", " + entry.action().name().toLowerCase(java.util.Locale.ROOT) + " by " + entry.changedBy()
                + (entry.reason() == null || entry.reason().isBlank() ? "" : ": \"" + entry.reason() + "\"") + ")") + ".";
    }
}
