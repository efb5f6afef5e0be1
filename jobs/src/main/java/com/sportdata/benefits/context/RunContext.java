package com.sportdata.benefits.context;

import com.sportdata.benefits.support.ProductVersion;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.rules.RuleBook;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a run knows about itself, handed to every table transform: its id, the date it computes as of,
 * the rules in force each year, which HR snapshot gold reads, and (once silver is known) the benefit years
 * it recomputes.
 */
public record RunContext(String runId, String command, Instant startedAt, LocalDate asOfDate, ZoneId timeZone,
                         RuleBook rules, AppConfig.Office office, AppConfig.Commute commute, AppConfig.Quality quality,
                         AppConfig.HrSnapshot hrSnapshot, List<Integer> benefitYears, String reason,
                         AppConfig.ActivityFiles activities) {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public static RunContext start(String command, AppConfig config) {
        Instant now = Instant.now();
        String runId = ID_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8);
        return of(runId, command, now, config);
    }

    /** A context with a given identity: a replay recomputes under the id of the run it reproduces. */
    public static RunContext of(String runId, String command, Instant startedAt, AppConfig config) {
        ZoneId zone = config.office().timeZone();
        LocalDate asOf = config.pipeline().asOfDate().orElse(LocalDate.ofInstant(startedAt, zone));
        return new RunContext(runId, command, startedAt, asOf, zone, config.rules(), config.office(), config.commute(),
                config.quality(), config.pipeline().hrSnapshot(), config.pipeline().periods(), "", config.activities());
    }

    public RunContext withBenefitYears(List<Integer> years) {
        return new RunContext(runId, command, startedAt, asOfDate, timeZone, rules, office, commute, quality, hrSnapshot,
                List.copyOf(years.stream().sorted().distinct().toList()), reason, activities);
    }

    /** The same run, with why it was launched (put in every commit's metadata). */
    public RunContext withReason(String why) {
        return new RunContext(runId, command, startedAt, asOfDate, timeZone, rules, office, commute, quality, hrSnapshot,
                benefitYears, why == null ? "" : why, activities);
    }

    /** The same run with other rules (the rules register moved on during the run). */
    public RunContext withRules(RuleBook book) {
        return new RunContext(runId, command, startedAt, asOfDate, timeZone, book, office, commute, quality, hrSnapshot,
                benefitYears, reason, activities);
    }

    /** The same run computing as of another date. */
    public RunContext withAsOfDate(LocalDate date) {
        return new RunContext(runId, command, startedAt, date, timeZone, rules, office, commute, quality, hrSnapshot,
                benefitYears, reason, activities);
    }

    /** JSON put in every Delta commit's userMetadata, so DESCRIBE HISTORY names the run. */
    public String commitMetadata(String reason) {
        return commitMetadata(reason, Map.of());
    }

    /**
     * The rules hash of each benefit year the run computes — the one hash of a year's parameters, the same as its gold
     * rows carry and the rules register shows — as "2025:…,2026:…" (one year: the hash alone); empty before the years
     * are known. Changing nothing changes none.
     */
    public String rulesHashes() {
        if (benefitYears.size() == 1) {
            return rules.forYear(benefitYears.get(0)).hash();
        }
        return benefitYears.stream().map(y -> y + ":" + rules.forYear(y).hash()).collect(Collectors.joining(","));
    }

    /** The same, with the Delta version of every table the written rows were computed from. */
    public String commitMetadata(String reason, Map<String, Long> inputVersions) {
        String inputs = new TreeMap<>(inputVersions).entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue()).collect(Collectors.joining(",", "{", "}"));
        String why = this.reason.isBlank() ? reason : reason + " (" + this.reason + ")";
        return "{\"run_id\":\"" + runId + "\",\"command\":\"" + command + "\",\"rules_hash\":\"" + rulesHashes()
                + "\",\"as_of\":\"" + asOfDate + "\",\"product\":\"" + ProductVersion.current().gitCommit()
                + "\",\"reason\":\"" + why.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"inputs\":" + inputs + "}";
    }
}
