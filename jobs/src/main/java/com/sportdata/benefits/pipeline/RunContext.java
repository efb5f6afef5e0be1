package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.rules.Rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * What a run knows about itself, handed to every table transform: its id, the date it computes as of,
 * the rules, and (once silver is known) the benefit years it recomputes.
 */
public record RunContext(String runId, String command, Instant startedAt, LocalDate asOfDate, ZoneId timeZone,
                         Rules rules, AppConfig.Office office, AppConfig.Commute commute, AppConfig.Quality quality,
                         List<Integer> benefitYears) {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public static RunContext start(String command, AppConfig config) {
        Instant now = Instant.now();
        ZoneId zone = config.office().timeZone();
        String runId = ID_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8);
        LocalDate asOf = config.pipeline().asOfDate().orElse(LocalDate.now(zone));
        return new RunContext(runId, command, now, asOf, zone, config.rules(), config.office(), config.commute(),
                config.quality(), config.pipeline().periods());
    }

    public RunContext withBenefitYears(List<Integer> years) {
        return new RunContext(runId, command, startedAt, asOfDate, timeZone, rules, office, commute, quality,
                List.copyOf(years.stream().sorted().distinct().toList()));
    }

    /** JSON put in every Delta commit's userMetadata, so DESCRIBE HISTORY names the run. */
    public String commitMetadata(String reason) {
        return "{\"run_id\":\"" + runId + "\",\"command\":\"" + command + "\",\"rules_hash\":\"" + rules.hash()
                + "\",\"as_of\":\"" + asOfDate + "\",\"reason\":\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }
}
