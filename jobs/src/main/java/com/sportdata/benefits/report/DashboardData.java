package com.sportdata.benefits.report;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.spark.SmallResults;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * What the dashboard shows, computed in Spark from gold and looked up by the page: every figure per
 * (benefit year, BU) and per benefit year for all BUs ({@link #ALL}) — people counts and shares cannot be added up
 * in a browser, so they are summed from {@code kpi_benefits_by_year_bu}'s per-BU counts here and divided once.
 * Aggregates only: no row names an employee.
 */
public final class DashboardData {
    /** The BU key of the figures for all BUs together. */
    public static final String ALL = "*";

    private final TableWriter writer;

    public DashboardData(TableWriter writer) {
        this.writer = writer;
    }

    /** The run drawing the page, not yet in the run ledger: its command, start, and whether a stage of it failed. */
    public record Current(String runId, String command, java.time.Instant startedAt, boolean failed) {
    }

    private Current current;

    /** Lists {@code running} (may be null) among the runs, as the ledger will once it ends. */
    public DashboardData including(Current running) {
        this.current = running;
        return this;
    }

    /** The page's data: meta, filters, and one entry per figure family keyed "year|bu". */
    public Map<String, Object> build(Map<String, Object> meta) {
        Map<String, Object> data = new LinkedHashMap<>();
        // the header names the rules of every year shown, as gold's rows carry them (not only the years the run computed)
        Map<String, Object> header = new LinkedHashMap<>(meta);
        if (exists(Tables.FCT_EMPLOYEE_BENEFITS)) {
            header.put("rules_hash", com.sportdata.benefits.gold.GoldFigures.rulesHashes(writer.read(Tables.FCT_EMPLOYEE_BENEFITS)));
        }
        data.put("meta", header);
        Dataset<Row> year = writer.read(Tables.KPI_BENEFITS_BY_YEAR_BU);
        data.put("years", SmallResults.sorted(year.select("benefit_year").distinct(), "benefit_year").stream().map(r -> r.getInt(0)).toList());
        data.put("bus", SmallResults.sorted(year.select("bu").distinct(), "bu").stream().map(r -> r.getString(0)).toList());
        data.put("kpis", kpis(year));
        data.put("monthly", series(writer.read(Tables.KPI_BENEFITS_BY_PERIOD), "month_start_date",
                List.of("bonus_cost_eur", "wellness_value_eur", "total_cost_eur")));
        Dataset<Row> sports = writer.read(Tables.KPI_ACTIVITIES_BY_SPORT);
        data.put("sports", series(sports, "sport_label", List.of("activity_count", "distance_km")));
        data.put("sportMonths", sportMonths(sports));
        data.put("reviews", series(writer.read(Tables.DECLARATIONS_TO_REVIEW).withColumn("declarations", lit(1L)), "reason_code",
                List.of("declarations")));
        data.put("quality", exists(Tables.QUALITY_CHECKS) ? quality() : List.of());
        data.put("runs", runs());
        data.put("scenarios", exists(Tables.SCENARIO_COMPARISON) ? scenarios() : List.of());
        return data;
    }

    private boolean exists(TableId table) {
        return writer.exists(table);
    }

    /** The figures of the KPI cards per "year|bu", all BUs as "year|*". */
    private Map<String, Map<String, Object>> kpis(Dataset<Row> year) {
        Column[] sums = {sum("headcount").as("headcount"), sum("bonus_beneficiaries").as("bonus_beneficiaries"),
                sum("active_employees").as("active_employees"), sum("wellness_beneficiaries").as("wellness_beneficiaries"),
                sum("wellness_days").as("wellness_days"), sum("bonus_cost_eur").as("bonus_cost_eur"),
                sum("wellness_value_eur").as("wellness_value_eur"), sum("total_cost_eur").as("total_cost_eur"),
                sum("payroll_eur").as("payroll_eur"), sum("employees_to_review").as("employees_to_review"),
                sum("activity_count").as("activity_count")};
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Row r : SmallResults.sorted(perBuAndAll(year, List.of(), sums), "benefit_year", "bu")) {
            Map<String, Object> k = new LinkedHashMap<>();
            long headcount = r.<Long>getAs("headcount");
            BigDecimal total = r.getAs("total_cost_eur");
            BigDecimal payroll = r.getAs("payroll_eur");
            k.put("headcount", headcount);
            k.put("bonus_beneficiaries", r.<Long>getAs("bonus_beneficiaries"));
            k.put("active_employees", r.<Long>getAs("active_employees"));
            k.put("wellness_beneficiaries", r.<Long>getAs("wellness_beneficiaries"));
            k.put("wellness_days", r.<Long>getAs("wellness_days"));
            k.put("activity_count", r.<Long>getAs("activity_count"));
            k.put("employees_to_review", r.<Long>getAs("employees_to_review"));
            k.put("bonus_cost_eur", r.<BigDecimal>getAs("bonus_cost_eur"));
            k.put("wellness_value_eur", r.<BigDecimal>getAs("wellness_value_eur"));
            k.put("total_cost_eur", total);
            k.put("cost_per_employee_eur", headcount == 0 ? null : total.divide(BigDecimal.valueOf(headcount), 2, RoundingMode.HALF_UP));
            k.put("share_of_payroll", payroll == null || payroll.signum() == 0 ? null : total.divide(payroll, 6, RoundingMode.HALF_UP));
            k.put("adoption_rate", headcount == 0 ? null
                    : BigDecimal.valueOf(r.<Long>getAs("active_employees")).divide(BigDecimal.valueOf(headcount), 4, RoundingMode.HALF_UP));
            k.put("eligible_share", headcount == 0 ? null
                    : BigDecimal.valueOf(r.<Long>getAs("bonus_beneficiaries")).divide(BigDecimal.valueOf(headcount), 4, RoundingMode.HALF_UP));
            out.put(r.getInt(r.fieldIndex("benefit_year")) + "|" + r.<String>getAs("bu"), k);
        }
        return out;
    }

    /** Sums of {@code values} by {@code key} per "year|bu" and "year|*": [{key, value…}] sorted by key. */
    private static Map<String, List<Map<String, Object>>> series(Dataset<Row> rows, String key, List<String> values) {
        Column[] sums = values.stream().map(v -> sum(v).as(v)).toArray(Column[]::new);
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (Row r : SmallResults.sorted(perBuAndAll(rows, List.of(key), sums), "benefit_year", "bu", key)) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("key", String.valueOf(r.<Object>getAs(key)));
            for (String v : values) {
                point.put(v, r.getAs(v));
            }
            out.computeIfAbsent(r.getInt(r.fieldIndex("benefit_year")) + "|" + r.<String>getAs("bu"), k -> new ArrayList<>()).add(point);
        }
        return out;
    }

    /** The aggregates per (year, BU, keys…) and, with bu = {@link #ALL}, per (year, keys…): what every filter looks up. */
    private static Dataset<Row> perBuAndAll(Dataset<Row> rows, List<String> keys, Column[] aggregates) {
        Column[] rest = java.util.Arrays.copyOfRange(aggregates, 1, aggregates.length);
        List<Column> byBu = new ArrayList<>(List.of(col("benefit_year"), col("bu")));
        List<Column> byYear = new ArrayList<>(List.of(col("benefit_year")));
        keys.forEach(k -> {
            byBu.add(col(k));
            byYear.add(col(k));
        });
        Dataset<Row> perBu = rows.groupBy(byBu.toArray(Column[]::new)).agg(aggregates[0], rest);
        Dataset<Row> all = rows.groupBy(byYear.toArray(Column[]::new)).agg(aggregates[0], rest).withColumn("bu", lit(ALL));
        return perBu.unionByName(all);
    }

    /** Activities per month and sport, per "year|bu": {months: [...], sports: {label: [count per month]}}. */
    private static Map<String, Map<String, Object>> sportMonths(Dataset<Row> sports) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        series(sports.withColumn("_k", org.apache.spark.sql.functions.concat_ws("|", col("month_start_date").cast("string"), col("sport_label"))),
                "_k", List.of("activity_count")).forEach((key, points) -> {
                    TreeSet<String> months = new TreeSet<>();
                    TreeSet<String> labels = new TreeSet<>();
                    points.forEach(p -> {
                        String[] parts = ((String) p.get("key")).split("\\|", 2);
                        months.add(parts[0]);
                        labels.add(parts[1]);
                    });
                    List<String> monthList = new ArrayList<>(months);
                    Map<String, long[]> bySport = new LinkedHashMap<>();
                    labels.forEach(l -> bySport.put(l, new long[monthList.size()]));
                    points.forEach(p -> {
                        String[] parts = ((String) p.get("key")).split("\\|", 2);
                        bySport.get(parts[1])[monthList.indexOf(parts[0])] = ((Number) p.get("activity_count")).longValue();
                    });
                    Map<String, Object> chart = new LinkedHashMap<>();
                    chart.put("months", monthList);
                    chart.put("sports", bySport);
                    out.put(key, chart);
                });
        return out;
    }

    /** Checks of the last 10 runs (passed / failed / skipped) and the checks that did not pass in them. */
    private List<Map<String, Object>> quality() {
        Dataset<Row> checks = writer.read(Tables.QUALITY_CHECKS);
        List<Row> runs = checks.groupBy("run_id").agg(min("checked_at").as("at"),
                        sum(when(col("status").equalTo("PASSED"), 1).otherwise(0)).as("passed"),
                        sum(when(col("status").equalTo("FAILED"), 1).otherwise(0)).as("failed"),
                        sum(when(col("status").equalTo("SKIPPED"), 1).otherwise(0)).as("skipped"))
                .orderBy(col("at").desc()).limit(10).collectAsList();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : runs) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("run_id", r.getString(0));
            run.put("at", r.getTimestamp(1).toInstant().toString());
            run.put("passed", r.getLong(2));
            run.put("failed", r.getLong(3));
            run.put("skipped", r.getLong(4));
            run.put("problems", checks.filter(col("run_id").equalTo(r.getString(0)).and(col("status").equalTo("FAILED")))
                    .select("layer", "table_name", "check_name", "level", "message").orderBy("layer", "table_name", "check_name")
                    .limit(20).collectAsList().stream().map(p -> Map.of("table", p.getString(0) + "." + p.getString(1),
                            "check", p.getString(2), "level", p.getString(3), "message", String.valueOf(p.get(4)))).toList());
            out.add(run);
        }
        return out;
    }

    /** The last 20 runs, backfills, replays and scenarios: command, start, duration, status, replay of. */
    private List<Map<String, Object>> runs() {
        List<Map<String, Object>> out = new ArrayList<>();
        if (current != null) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("run_id", current.runId());
            run.put("command", current.command());
            run.put("started", current.startedAt().toString());
            run.put("seconds", (System.currentTimeMillis() - current.startedAt().toEpochMilli()) / 1000.0);
            run.put("status", current.failed() ? "FAILED" : "SUCCEEDED");
            run.put("replay_of", null);
            out.add(run);
        }
        if (!exists(Tables.RUN_LEDGER)) {
            return out;
        }
        // the ledger itself: its BI view is rebuilt only at the end of the command that writes this page
        Dataset<Row> ledger = writer.read(Tables.RUN_LEDGER);
        if (current != null) {
            // a resumed run's stages of earlier processes are in the ledger: the run is listed once, from its start
            ledger = ledger.filter(col("run_id").notEqual(current.runId()));
        }
        List<Row> rows = com.sportdata.benefits.history.RunLedger.runsView(ledger).groupBy("run_id").agg(first("command").as("command"), min("started_at").as("started"),
                        max("ended_at").as("ended"), max(when(col("status").equalTo("FAILED"), 1).otherwise(0)).as("failed"),
                        max("replay_of").as("replay_of"), count(lit(1)).as("stages"), countDistinct("stage").as("distinct_stages"))
                .orderBy(col("started").desc()).limit(current == null ? 20 : 19).collectAsList();
        for (Row r : rows) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("run_id", r.getString(0));
            run.put("command", r.getString(1));
            run.put("started", r.getTimestamp(2).toInstant().toString());
            run.put("seconds", (r.getTimestamp(3).getTime() - r.getTimestamp(2).getTime()) / 1000.0);
            run.put("status", r.getInt(4) == 1 ? "FAILED" : "SUCCEEDED");
            run.put("replay_of", r.get(5));
            out.add(run);
        }
        return out;
    }

    /**
     * Each scenario's figures for all BUs next to the official ones it was compared with, per year and measure, with
     * when and by which run it was computed, and whether the official figures have moved since (other rules, or other
     * data): then it is out of date and says how to compute it again.
     */
    private List<Map<String, Object>> scenarios() {
        List<Row> stored = SmallResults.sorted(writer.read(Tables.SCENARIO_COMPARISON).filter(col("bu").equalTo("ALL")),
                "scenario", "benefit_year", "measure");
        if (stored.isEmpty()) {
            // no scenario ran (the table exists empty from the first run): no official figures to compare with
            return List.of();
        }
        Map<String, Map<String, Object>> now = new java.util.HashMap<>();
        if (exists(Tables.FCT_EMPLOYEE_BENEFITS)) {
            for (Row y : com.sportdata.benefits.gold.GoldFigures.aggregate(writer.read(Tables.FCT_EMPLOYEE_BENEFITS), "benefit_year")
                    .collectAsList()) {
                Map<String, Object> figures = new java.util.HashMap<>();
                figures.put("beneficiaries", BigDecimal.valueOf(y.<Long>getAs("beneficiaries")).setScale(2));
                figures.put("bonus_cost_eur", y.<BigDecimal>getAs("bonus_eur").setScale(2, RoundingMode.HALF_UP));
                figures.put("wellness_days", BigDecimal.valueOf(y.<Long>getAs("wellness_days")).setScale(2));
                figures.put("wellness_value_eur", y.<BigDecimal>getAs("wellness_value_eur").setScale(2, RoundingMode.HALF_UP));
                figures.put("total_cost_eur", y.<BigDecimal>getAs("total_eur").setScale(2, RoundingMode.HALF_UP));
                figures.put("rules", String.join(",", y.<String>getList(y.fieldIndex("rules_hashes"))));
                now.put(String.valueOf(y.<Integer>getAs("benefit_year")), figures);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : stored) {
            Map<String, Object> line = new LinkedHashMap<>();
            String year = String.valueOf(r.<Integer>getAs("benefit_year"));
            String measure = r.<String>getAs("measure");
            BigDecimal official = r.<BigDecimal>getAs("official");
            Map<String, Object> current = now.getOrDefault(year, Map.of());
            Object officialNow = current.get(measure);
            String rulesThen = r.<String>getAs("official_rules_hash");
            Object rulesNow = current.get("rules");
            boolean stale = officialNow == null || official == null || ((BigDecimal) officialNow).compareTo(official) != 0
                    || rulesNow != null && rulesThen != null && !rulesNow.equals(rulesThen);
            String runId = r.<String>getAs("run_id");
            line.put("scenario", r.<String>getAs("scenario"));
            line.put("year", r.<Integer>getAs("benefit_year"));
            line.put("measure", measure);
            line.put("official", official);
            line.put("scenario_value", r.<BigDecimal>getAs("scenario_value"));
            line.put("difference", r.<BigDecimal>getAs("difference"));
            line.put("computed", runId == null ? "" : runId.length() >= 16 ? runId.substring(0, 4) + "-" + runId.substring(4, 6) + "-"
                    + runId.substring(6, 8) + " " + runId.substring(9, 11) + ":" + runId.substring(11, 13) + " UTC (run " + runId + ")" : runId);
            line.put("stale", stale);
            line.put("official_now", officialNow == null ? null : officialNow);
            line.put("rules_then", rulesThen == null ? "" : rulesThen);
            line.put("rules_now", rulesNow == null ? "" : rulesNow);
            out.add(line);
        }
        return out;
    }
}
