package com.sportdata.benefits.report;

import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.rules.CommuteMode;
import com.sportdata.benefits.rules.RuleBook;
import com.sportdata.benefits.rules.Rules;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;

/**
 * The chain behind a figure, in plain words, for someone who does not write SQL: why an employee gets (or does not get)
 * the bonus and the wellness days of a benefit year — declared mode, the commute distance with its provider and
 * confidence, the limit, the activities counted toward the threshold and those quarantined with their reasons, the rules
 * in force and the run, files and Delta versions that produced the figures — or what a BU's cost is made of.
 * Salaries and names are shown only when asked for ({@code withPersonalData}): the rest holds none.
 */
public final class Explanation {
    /** Quarantined rows listed one by one. */
    static final int LISTED = 40;

    private final TableWriter lake;
    private final RuleBook rules;

    /** @param rules the rules of record of the lake (register), to compare with what the figures were computed under */
    public Explanation(TableWriter lake, RuleBook rules) {
        this.lake = lake;
        this.rules = rules;
    }

    /** Refusal with a reason a person can act on (unknown employee, no figures for the year, no gold yet). */
    public static final class NotExplained extends RuntimeException {
        public NotExplained(String message) {
            super(message);
        }
    }

    private Dataset<Row> table(com.sportdata.benefits.catalog.TableId id) {
        if (!lake.exists(id)) {
            throw new NotExplained(id + " does not exist yet in " + lake.paths().root() + ": run `run` first");
        }
        return lake.read(id);
    }

    /** The years with figures for the employee, newest last. */
    private List<Integer> years(long employeeId) {
        return table(Tables.FCT_EMPLOYEE_BENEFITS).filter(col("employee_id").equalTo(employeeId)).select("benefit_year").distinct()
                .collectAsList().stream().map(r -> r.getInt(0)).sorted().toList();
    }

    public String employee(long employeeId, Integer year, boolean withPersonalData) {
        List<Integer> years = years(employeeId);
        if (years.isEmpty()) {
            boolean inHr = lake.exists(Tables.EMPLOYEES_HISTORY) && !lake.read(Tables.EMPLOYEES_HISTORY)
                    .filter(col("employee_id").equalTo(employeeId)).isEmpty();
            throw new NotExplained("employee " + employeeId + " has no benefit figures in gold.fct_employee_benefits: "
                    + (inHr ? "they are in an HR file, but in no benefit period gold computed (hired after it, or a period before the"
                    + " retention horizon)" : "no HR file the lake received lists this id (check the id, or `landing` for a rejected HR file)"));
        }
        int y = year == null ? years.get(years.size() - 1) : year;
        if (!years.contains(y)) {
            throw new NotExplained("employee " + employeeId + " has no figures for " + y + "; years with figures: "
                    + years.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        Row f = table(Tables.FCT_EMPLOYEE_BENEFITS).filter(col("employee_id").equalTo(employeeId).and(col("benefit_year").equalTo(y)))
                .collectAsList().get(0);
        Rules inForce = rules.forYear(y);
        StringBuilder out = new StringBuilder();
        Optional<Row> person = lake.exists(Tables.DIM_EMPLOYEE) ? lake.read(Tables.DIM_EMPLOYEE).filter(col("employee_id").equalTo(employeeId))
                .collectAsList().stream().findFirst() : Optional.empty();
        out.append("Employee ").append(employeeId);
        if (withPersonalData && person.isPresent()) {
            out.append(" (").append(person.get().<String>getAs("full_name")).append(")");
        }
        out.append(", benefit year ").append(y).append(" (").append(f.<Object>getAs("period_start_date")).append(" to ")
                .append(f.<Object>getAs("period_end_date")).append("), BU ").append(f.<String>getAs("bu"));
        if (f.getAs("contract_type") != null) {
            out.append(", ").append(f.<String>getAs("contract_type"));
        }
        out.append("\n\n");
        bonus(out, f, inForce, withPersonalData, employeeId, y);
        wellness(out, f, inForce, employeeId, y);
        out.append("\nTotal benefit ").append(y).append(": ").append(eur(f.getAs("total_benefit_eur"))).append("\n");
        provenance(out, f, inForce, y);
        return out.toString();
    }

    private void bonus(StringBuilder out, Row f, Rules inForce, boolean withPersonalData, long employeeId, int year) {
        boolean eligible = Boolean.TRUE.equals(f.getAs("is_bonus_eligible"));
        String modeName = f.getAs("commute_mode");
        Optional<CommuteMode> mode = Optional.ofNullable(modeName).flatMap(CommuteMode::fromLabel);
        out.append("Sport bonus: ").append(eligible ? "ELIGIBLE" : "not eligible — " + f.<String>getAs("bonus_status_label")).append("\n");
        out.append("  declared commute mode: ").append(mode.map(m -> m.label() + " (" + m.name() + ")").orElse(String.valueOf(modeName)));
        boolean sporty = mode.map(m -> inForce.bonus().isSporty(m)).orElse(false);
        out.append(sporty ? ": a sporty mode\n" : ": not a sporty mode (only walking/running and cycling/scooter count)\n");
        Double km = f.getAs("commute_distance_km");
        if (km == null) {
            out.append("  commute distance: unknown (no provider could place the home address");
            out.append(f.getAs("geocode_method") == null ? "" : "; geocoding: " + f.getAs("geocode_method")).append(")\n");
        } else {
            out.append("  commute distance: ").append(km(km)).append(" by ").append(travel(mode)).append(", from ")
                    .append(provider(f.getAs("distance_provider"))).append(" (confidence ").append(String.valueOf(f.<String>getAs("distance_confidence")))
                    .append(f.getAs("geocode_method") == null ? "" : ", address placed by " + f.getAs("geocode_method")).append(")\n");
        }
        BigDecimal limit = f.getAs("distance_limit_km");
        if (sporty && limit != null) {
            out.append("  limit for this mode: ").append(limit.stripTrailingZeros().toPlainString()).append(" km");
            if (km != null) {
                double over = km - limit.doubleValue();
                out.append(over > 0 ? String.format(Locale.ROOT, " — %.1f km over it", over) : String.format(Locale.ROOT, " — within it by %.1f km", -over));
            }
            out.append("\n");
        }
        BigDecimal rate = f.getAs("bonus_rate");
        out.append("  bonus: ").append(eur(f.getAs("bonus_eur"))).append(" (")
                .append(rate == null ? inForce.bonus().rate() : rate).append(" × the gross annual salary for the eligible");
        if (withPersonalData) {
            salary(employeeId, year).ifPresent(s -> out.append("; gross salary ").append(eur(s)));
        } else {
            out.append("; salary shown with --with-personal-data");
        }
        out.append(")\n");
    }

    private Optional<BigDecimal> salary(long employeeId, int year) {
        if (!lake.exists(Tables.EMPLOYEES)) {
            return Optional.empty();
        }
        return lake.read(Tables.EMPLOYEES).filter(col("employee_id").equalTo(employeeId)).select("gross_salary_eur").collectAsList()
                .stream().findFirst().map(r -> r.getDecimal(0));
    }

    private void wellness(StringBuilder out, Row f, Rules inForce, long employeeId, int year) {
        long count = f.getAs("activity_count") == null ? 0 : ((Number) f.getAs("activity_count")).longValue();
        int threshold = inForce.wellness().activityThreshold();
        boolean eligible = Boolean.TRUE.equals(f.getAs("is_wellness_eligible"));
        out.append("\nWellness days: ").append(eligible ? "EARNED — " + f.<Integer>getAs("wellness_days") + " days worth "
                + eur(f.getAs("wellness_value_eur")) + (f.getAs("wellness_earned_date") == null ? "" : ", earned on " + f.getAs("wellness_earned_date"))
                : "not earned").append("\n");
        out.append("  activities counted in ").append(year).append(": ").append(count).append(" (the threshold is ").append(threshold);
        if (count < threshold) {
            out.append("; ").append(threshold - count).append(" short of the threshold");
        }
        out.append(")\n");
        Dataset<Row> activities = table(Tables.ACTIVITIES).filter(col("employee_id").equalTo(employeeId).and(col("benefit_year").equalTo(year)))
                .orderBy(col("started_at"), col("activity_id"));
        List<Row> listed = activities.select("activity_date", "sport", "distance_km", "elapsed_s", "_source_file").collectAsList();
        if (listed.size() > threshold + 5) {
            // far past the threshold: the months say enough
            Map<String, Long> months = new TreeMap<>(listed.stream().collect(Collectors.groupingBy(
                    a -> a.getAs("activity_date").toString().substring(0, 7), Collectors.counting())));
            out.append("    by month: ").append(months.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "))).append("\n");
        } else {
            for (Row a : listed) {
                out.append("    ").append(a.<Object>getAs("activity_date")).append("  ").append(a.<String>getAs("sport").toLowerCase(Locale.ROOT));
                Double d = a.getAs("distance_km");
                out.append(d == null ? "" : "  " + km(d)).append(a.getAs("elapsed_s") == null ? "" : "  " + minutes(a.getAs("elapsed_s"))).append("\n");
            }
        }
        List<String> files = listed.stream().map(a -> a.<String>getAs("_source_file")).filter(java.util.Objects::nonNull).distinct().sorted().toList();
        if (!files.isEmpty()) {
            out.append("    from ").append(files.size() == 1 ? files.get(0) : files.size() + " files: " + String.join(", ", files.subList(0,
                    Math.min(3, files.size()))) + (files.size() > 3 ? ", …" : "")).append("\n");
        }
        List<Row> quarantined = quarantined(employeeId);
        if (quarantined.isEmpty()) {
            out.append("  activities quarantined: none\n");
        } else {
            out.append("  activities quarantined (not counted): ").append(quarantined.size()).append("\n");
            quarantined.stream().limit(LISTED).forEach(q -> out.append("    ").append(q.<String>getAs("source_file"))
                    .append(q.getAs("source_row") == null ? "" : " row " + q.getAs("source_row")).append(": ")
                    .append(q.isNullAt(q.fieldIndex("reasons")) ? "" : String.join("; ", q.<String>getList(q.fieldIndex("reasons"))))
                    .append("\n"));
        }
        out.append("  the rule: ").append(threshold).append(" activities or more in the benefit year earn ").append(inForce.wellness().days())
                .append(" days, each worth the gross salary / ").append(inForce.wellness().workingDaysPerYear()).append(" working days\n");
    }

    /** The employee's activity rows in quarantine (by the id as received: the CSV's or the JSON line's). */
    private List<Row> quarantined(long employeeId) {
        if (!lake.exists(Tables.QUARANTINE)) {
            return List.of();
        }
        String id = String.valueOf(employeeId);
        return lake.read(Tables.QUARANTINE).filter(col("target_table").equalTo(Tables.ACTIVITIES.qualifiedName()))
                .filter(get_json_object(col("row_as_received"), "$.employee_id").equalTo(id))
                .select("source_file", "source_row", "reasons").orderBy("source_file", "source_row").collectAsList();
    }

    private void provenance(StringBuilder out, Row f, Rules inForce, int year) {
        out.append("\nRules in force for ").append(year).append(": register version ").append(rules.registerVersion())
                .append(", rules hash ").append(inForce.hash().substring(0, 12)).append("\n");
        String computed = f.getAs("rules_hash");
        if (computed != null && !computed.equals(inForce.hash())) {
            out.append("  NOTE: these figures were computed under rules ").append(computed, 0, Math.min(12, computed.length()))
                    .append(", not the register's: `backfill --years ").append(year).append("` brings them in line\n");
        }
        String runId = f.getAs("run_id");
        out.append("Computed by run ").append(runId);
        lake.lineage(Tables.FCT_EMPLOYEE_BENEFITS).ifPresent(l -> {
            if (runId.equals(l.runId())) {
                out.append(" (as of ").append(l.asOfDate()).append(")");
            }
            out.append(" from ").append(new TreeMap<>(l.inputs()).entrySet().stream().map(e -> e.getKey() + " v" + e.getValue())
                    .collect(Collectors.joining(", ")));
        });
        out.append("\n");
        if (lake.exists(Tables.EMPLOYEES)) {
            lake.read(Tables.EMPLOYEES).filter(col("employee_id").equalTo(f.<Long>getAs("employee_id"))).select("_source_file").collectAsList()
                    .stream().findFirst().ifPresent(r -> out.append("HR file: ").append(r.getString(0)).append("\n"));
        }
    }

    /** What a BU's cost of a year is made of. */
    public String bu(String bu, int year) {
        Dataset<Row> rows = table(Tables.FCT_EMPLOYEE_BENEFITS).filter(col("benefit_year").equalTo(year));
        List<String> bus = rows.select("bu").distinct().collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
        if (bus.isEmpty()) {
            throw new NotExplained("no benefit figures for " + year + " in gold.fct_employee_benefits");
        }
        if (!bus.contains(bu)) {
            throw new NotExplained("no BU '" + bu + "' in " + year + "; BUs: " + String.join(", ", bus));
        }
        List<Row> team = rows.filter(col("bu").equalTo(bu)).collectAsList();
        Rules inForce = rules.forYear(year);
        int threshold = inForce.wellness().activityThreshold();
        BigDecimal bonus = sum(team, "bonus_eur");
        BigDecimal wellness = sum(team, "wellness_value_eur");
        long eligible = team.stream().filter(r -> Boolean.TRUE.equals(r.getAs("is_bonus_eligible"))).count();
        long earners = team.stream().filter(r -> Boolean.TRUE.equals(r.getAs("is_wellness_eligible"))).count();
        long days = team.stream().mapToLong(r -> r.getAs("wellness_days") == null ? 0 : r.<Integer>getAs("wellness_days")).sum();
        StringBuilder out = new StringBuilder("BU ").append(bu).append(", benefit year ").append(year).append(": ")
                .append(team.size()).append(" employees, total cost ").append(eur(bonus.add(wellness))).append("\n\n");
        out.append("Sport bonus: ").append(eur(bonus)).append(" for ").append(eligible).append(" eligible (rate ")
                .append(inForce.bonus().rate()).append(")\n");
        Map<String, Long> statuses = new TreeMap<>(team.stream().collect(Collectors.groupingBy(r -> String.valueOf(r.<String>getAs("bonus_status_label")),
                Collectors.counting())));
        statuses.forEach((s, n) -> out.append("  ").append(n).append(" ").append(s).append("\n"));
        out.append("Wellness days: ").append(days).append(" days worth ").append(eur(wellness)).append(" for ").append(earners)
                .append(" employees with ").append(threshold).append(" activities or more\n");
        long close = team.stream().filter(r -> {
            long n = r.getAs("activity_count") == null ? 0 : ((Number) r.getAs("activity_count")).longValue();
            return n < threshold && n >= threshold - 3;
        }).count();
        out.append("  ").append(close).append(close == 1 ? " employee is" : " employees are").append(" 1 to 3 activities short of the threshold\n");
        if (lake.exists(Tables.DECLARATIONS_TO_REVIEW)) {
            Map<String, Long> reasons = new TreeMap<>(lake.read(Tables.DECLARATIONS_TO_REVIEW).filter(col("bu").equalTo(bu)
                    .and(col("benefit_year").equalTo(year))).select("reason_code").collectAsList().stream()
                    .collect(Collectors.groupingBy(r -> r.getString(0), Collectors.counting())));
            out.append("Declarations to review: ").append(reasons.isEmpty() ? "none" : reasons.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))).append("\n");
        }
        List<String> runs = team.stream().map(r -> r.<String>getAs("run_id")).distinct().sorted().toList();
        out.append("\nRules in force for ").append(year).append(": register version ").append(rules.registerVersion()).append(", rules hash ")
                .append(inForce.hash().substring(0, 12)).append("\nComputed by run ").append(String.join(", ", runs)).append("\n");
        return out.toString();
    }

    private static BigDecimal sum(List<Row> rows, String column) {
        return rows.stream().map(r -> r.<BigDecimal>getAs(column)).filter(java.util.Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static String eur(Object amount) {
        return com.sportdata.benefits.support.Words.euros((BigDecimal) amount, 2);
    }

    private static String km(double km) {
        return String.format(Locale.ROOT, "%.1f km", km);
    }

    private static String minutes(Object seconds) {
        return ((Number) seconds).longValue() / 60 + " min";
    }

    private static String travel(Optional<CommuteMode> mode) {
        return mode.map(m -> m.travelMode().name().toLowerCase(Locale.ROOT)).orElse("the declared mode");
    }

    private static String provider(String provider) {
        if (provider == null) {
            return "no provider";
        }
        return switch (provider) {
            case "PRECOMPUTED_TABLE" -> "the precomputed distance table (landing/reference)";
            case "POSTCODE_ESTIMATE" -> "an estimate from the commune's centre (postcode base × detour factor)";
            default -> provider.toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    /** The employee ids of a year whose figure has a given shape, for examples (tests, the tour). */
    public static List<Long> ids(Dataset<Row> fct, String condition) {
        List<Long> ids = new ArrayList<>();
        fct.filter(condition).select("employee_id").orderBy("employee_id").collectAsList().forEach(r -> ids.add(r.getLong(0)));
        return ids;
    }
}
