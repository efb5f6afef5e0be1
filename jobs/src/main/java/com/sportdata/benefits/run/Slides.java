package com.sportdata.benefits.run;

import com.sportdata.benefits.catalog.PersonalData;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.rules.CommuteMode;
import com.sportdata.benefits.rules.RuleBook;
import com.sportdata.benefits.rules.Rules;
import com.sportdata.benefits.support.Words;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;

/**
 * The presentation's figures, from a real run of a lake and from the project's own documents — never typed on a slide:
 * {@code docs/presentation.md} names them as {@code {{key}}}, and {@link #fill} replaces each (an unknown key is refused,
 * naming it). The diagrams are embedded as data URIs so the rendered HTML is one self-contained file.
 */
public final class Slides {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z0-9_.:-]+)}}");
    private static final Pattern FIGURE = Pattern.compile("Figure: (``?) ?(.+?) ?\\1(?!`)", Pattern.DOTALL);

    private Slides() {
    }

    /** The template with every {@code {{key}}} replaced; throws naming the keys {@code figures} does not hold. */
    public static String fill(String template, Map<String, String> figures) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        List<String> unknown = new ArrayList<>();
        while (m.find()) {
            String value = figures.get(m.group(1));
            if (value == null) {
                unknown.add(m.group(1));
                value = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("the presentation names figures nothing computes: " + unknown.stream().distinct().toList()
                    + " (known: " + String.join(", ", figures.keySet().stream().sorted().toList()) + ")");
        }
        return out.toString();
    }

    /**
     * @param lake  a lake with at least one run that computed gold
     * @param rules the lake's rules of record
     * @param docs  the {@code docs/} folder (decision records, diagrams)
     */
    public static Map<String, String> figures(TableWriter lake, RuleBook rules, Path docs) {
        Map<String, String> f = new LinkedHashMap<>();
        RunLedger.Entry gold = new RunLedger(lake.read(Tables.RUN_LEDGER).sparkSession(), lake.paths(), "").lastGold()
                .orElseThrow(() -> new IllegalArgumentException("no run computed gold in " + lake.paths().root() + ": `run` first"));
        f.put("run.id", gold.runId());
        f.put("run.as_of", String.valueOf(gold.asOfDate()));
        Row span = lake.read(Tables.RUN_LEDGER).filter(col("run_id").equalTo(gold.runId()))
                .selectExpr("min(started_at)", "max(ended_at)", "count(DISTINCT stage)").first();
        double seconds = (((Timestamp) span.get(1)).getTime() - ((Timestamp) span.get(0)).getTime()) / 1000.0;
        f.put("run.seconds", String.format(Locale.ROOT, "%.1f", seconds));
        f.put("run.stages", String.valueOf(span.getLong(2)));
        StringBuilder stages = new StringBuilder("| stage | seconds | rows read | rows written | rows quarantined |\n|---|---:|---:|---:|---:|\n");
        for (Row st : lake.read(Tables.RUN_LEDGER).filter(col("run_id").equalTo(gold.runId()).and(col("status").equalTo("SUCCEEDED")))
                .orderBy("started_at").selectExpr("stage", "(unix_millis(ended_at) - unix_millis(started_at)) / 1000.0", "rows_read",
                        "rows_written", "rows_quarantined").collectAsList()) {
            stages.append("| ").append(st.getString(0)).append(" | ").append(String.format(Locale.ROOT, "%.1f", ((Number) st.get(1)).doubleValue()))
                    .append(" | ").append(number(st.getLong(2))).append(" | ").append(number(st.getLong(3))).append(" | ")
                    .append(number(st.getLong(4))).append(" |\n");
        }
        f.put("run.stages_table", stages.toString().trim());
        f.put("company.employees", number(lake.read(Tables.EMPLOYEES).count()));
        f.put("company.activities", number(lake.read(Tables.ACTIVITIES).count()));
        f.put("company.bus", String.valueOf(lake.read(Tables.EMPLOYEES).select("bu").distinct().count()));
        f.put("quality.quarantined", number(lake.exists(Tables.QUARANTINE) ? lake.read(Tables.QUARANTINE).count() : 0));
        Dataset<Row> checks = lake.read(Tables.QUALITY_CHECKS).filter(col("run_id").equalTo(gold.runId()));
        f.put("quality.checks", number(checks.count()));
        f.put("quality.passed", number(checks.filter(col("status").equalTo("PASSED")).count()));
        f.put("quality.tables", String.valueOf(checks.select("layer", "table_name").distinct().count()));
        List<Row> years = lake.read(Tables.FCT_EMPLOYEE_BENEFITS).groupBy("benefit_year").agg(
                org.apache.spark.sql.functions.count("*"), org.apache.spark.sql.functions.sum(col("is_bonus_eligible").cast("int")),
                org.apache.spark.sql.functions.sum("bonus_eur"), org.apache.spark.sql.functions.sum(col("is_wellness_eligible").cast("int")),
                org.apache.spark.sql.functions.sum("wellness_days"), org.apache.spark.sql.functions.sum("wellness_value_eur"),
                org.apache.spark.sql.functions.sum("total_benefit_eur")).orderBy("benefit_year").collectAsList();
        StringBuilder table = new StringBuilder("| year | employees | bonus: eligible | bonus cost | wellness: earners | days | value | total |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row y : years) {
            table.append("| ").append(y.getInt(0)).append(" | ").append(y.getLong(1)).append(" | ").append(y.getLong(2)).append(" | ")
                    .append(eur(y.getDecimal(3))).append(" | ").append(y.getLong(4)).append(" | ").append(y.getLong(5)).append(" | ")
                    .append(eur(y.getDecimal(6))).append(" | ").append(eur(y.getDecimal(7))).append(" |\n");
        }
        f.put("figures.table", table.toString().trim());
        Row latest = years.get(years.size() - 1);
        f.put("figures.year", String.valueOf(latest.getInt(0)));
        f.put("figures.total", eur(latest.getDecimal(7)));
        Rules r = rules.forYear(latest.getInt(0));
        f.put("rules.rate", r.bonus().rate().movePointRight(2).stripTrailingZeros().toPlainString() + " %");
        f.put("rules.walk_km", r.bonus().limitKm(CommuteMode.WALK_RUN).map(BigDecimal::toPlainString).orElse("—"));
        f.put("rules.bike_km", r.bonus().limitKm(CommuteMode.BIKE_OTHER).map(BigDecimal::toPlainString).orElse("—"));
        f.put("rules.threshold", String.valueOf(r.wellness().activityThreshold()));
        f.put("rules.days", String.valueOf(r.wellness().days()));
        f.put("rules.register_version", String.valueOf(rules.registerVersion()));
        f.put("rules.hash", r.hash().substring(0, 12));
        long personal = PersonalData.tables().values().stream().filter(PersonalData.Classification::personal).count();
        f.put("privacy.personal_tables", String.valueOf(personal));
        f.put("privacy.tables", String.valueOf(PersonalData.tables().size()));
        f.put("decisions.table", decisions(docs.resolve("decisions")));
        for (String diagram : List.of("tables", "commands")) {
            f.put("diagram:" + diagram, "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(read(docs.resolve("diagrams/" + diagram + ".svg"))));
        }
        return f;
    }

    /** The figures a decision record cites ({@code Figure: `…`}, or {@code Figure: `` … ``} for one holding a backtick), whitespace squeezed. */
    public static List<String> cited(String record) {
        List<String> found = new ArrayList<>();
        Matcher m = FIGURE.matcher(record);
        while (m.find()) {
            found.add(m.group(2).replaceAll("\\s+", " "));
        }
        return found;
    }

    /** Each decision record's title and the first figure it cites. */
    static String decisions(Path folder) {
        StringBuilder out = new StringBuilder("| decision | measured |\n|---|---|\n");
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.filter(x -> x.getFileName().toString().matches("\\d{4}-.*\\.md")).sorted().toList()) {
                String text = Files.readString(p);
                String title = text.lines().findFirst().orElse("").replaceFirst("^# \\d{4} — ", "");
                List<String> figures = cited(text);
                out.append("| ").append(title.replace("|", "\\|")).append(" | ")
                        .append(figures.isEmpty() ? "—" : figures.get(0).replace("|", "\\|").replace("`", "")).append(" |\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().trim();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (scripts/docs draws it)", e);
        }
    }

    private static String number(long n) {
        return Words.number(n);
    }

    private static String eur(BigDecimal amount) {
        return Words.euros(amount, 0);
    }
}
