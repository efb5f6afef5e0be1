package com.sportdata.benefits.rules;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Effective-dated rules: the parameters in force for each benefit year. {@code base} applies to every
 * year before the first change; a change applies from its benefit year until the next change. A year of
 * record (pinned in the lake's rules register, version {@code registerVersion}) has its own parameters, whatever the
 * defaults say. The way
 * benefit years are cut (calendar or rolling) is the same for all years, or years would overlap.
 */
public record RuleBook(Rules base, NavigableMap<Integer, Rules> changes, NavigableMap<Integer, Rules> ofRecord, long registerVersion)
        implements Serializable {

    public RuleBook {
        changes = checked(base, changes, "from year ");
        ofRecord = checked(base, ofRecord, "in year ");
    }

    public RuleBook(Rules base, NavigableMap<Integer, Rules> changes) {
        this(base, changes, new TreeMap<>(), 0);
    }

    /** The same rules, as of another version of the lake's rules register (the years it recorded are already here). */
    public RuleBook asOfRegister(long version) {
        return new RuleBook(base, changes, ofRecord, version);
    }

    private static NavigableMap<Integer, Rules> checked(Rules base, NavigableMap<Integer, Rules> years, String when) {
        TreeMap<Integer, Rules> copy = new TreeMap<>(years);
        for (Map.Entry<Integer, Rules> change : copy.entrySet()) {
            if (!change.getValue().periods().equals(base.periods())) {
                throw new IllegalArgumentException("the benefit period cannot change " + when + change.getKey()
                        + ": years would overlap or leave gaps");
            }
        }
        return Collections.unmodifiableNavigableMap(copy);
    }

    /** The same parameters for every year. */
    public static RuleBook of(Rules rules) {
        return new RuleBook(rules, new TreeMap<>());
    }

    public Rules forYear(int benefitYear) {
        Rules recorded = ofRecord.get(benefitYear);
        if (recorded != null) {
            return recorded;
        }
        Map.Entry<Integer, Rules> change = changes.floorEntry(benefitYear);
        return change == null ? base : change.getValue();
    }

    public BenefitPeriods periods() {
        return base.periods();
    }

    /** Each parameter set with where it applies: "base", "from 2026" (a default change), "year 2025" (of record). */
    public Map<String, Rules> timeline() {
        Map<String, Rules> entries = new java.util.LinkedHashMap<>();
        entries.put("base", base);
        changes.forEach((year, rules) -> entries.put("from " + year, rules));
        ofRecord.forEach((year, rules) -> entries.put("year " + year, rules));
        return entries;
    }

    /** Every parameter of every year, in a stable order: "base: ... | from 2026: ... | year 2025: ...". */
    public String canonical() {
        StringBuilder text = new StringBuilder();
        timeline().forEach((when, rules) -> text.append(text.length() == 0 ? "" : " | ").append(when).append(": ").append(rules.canonical()));
        return text.toString();
    }

    /** Hash of {@link #canonical()}; a year's own figures carry {@code forYear(y).hash()}. */
    public String hash() {
        return changes.isEmpty() && ofRecord.isEmpty() ? base.hash() : Rules.sha256Prefix(canonical());
    }
}
