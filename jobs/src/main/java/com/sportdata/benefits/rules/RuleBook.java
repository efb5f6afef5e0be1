package com.sportdata.benefits.rules;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Effective-dated rules: the parameters in force for each benefit year. {@code base} applies to every
 * year before the first change; a change applies from its benefit year until the next change. The way
 * benefit years are cut (calendar or rolling) is the same for all years, or years would overlap.
 */
public record RuleBook(Rules base, NavigableMap<Integer, Rules> changes) implements Serializable {

    public RuleBook {
        TreeMap<Integer, Rules> copy = new TreeMap<>(changes);
        for (Map.Entry<Integer, Rules> change : copy.entrySet()) {
            if (!change.getValue().periods().equals(base.periods())) {
                throw new IllegalArgumentException("the benefit period cannot change from year " + change.getKey()
                        + ": years would overlap or leave gaps");
            }
        }
        changes = Collections.unmodifiableNavigableMap(copy);
    }

    /** The same parameters for every year. */
    public static RuleBook of(Rules rules) {
        return new RuleBook(rules, new TreeMap<>());
    }

    public Rules forYear(int benefitYear) {
        Map.Entry<Integer, Rules> change = changes.floorEntry(benefitYear);
        return change == null ? base : change.getValue();
    }

    public BenefitPeriods periods() {
        return base.periods();
    }

    /** The first benefit year each parameter set applies to ({@code null} for the base, "until the first change"). */
    public List<Map.Entry<Integer, Rules>> timeline() {
        List<Map.Entry<Integer, Rules>> entries = new java.util.ArrayList<>();
        entries.add(new java.util.AbstractMap.SimpleImmutableEntry<>(null, base));
        entries.addAll(changes.entrySet());
        return entries;
    }

    /** Every parameter of every year, in a stable order: "base: ...; from 2026: ...". */
    public String canonical() {
        StringBuilder text = new StringBuilder("base: ").append(base.canonical());
        changes.forEach((year, rules) -> text.append(" | from ").append(year).append(": ").append(rules.canonical()));
        return text.toString();
    }

    /** Hash of {@link #canonical()}; a year's own figures carry {@code forYear(y).hash()}. */
    public String hash() {
        return changes.isEmpty() ? base.hash() : Rules.sha256Prefix(canonical());
    }
}
