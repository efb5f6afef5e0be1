package com.sportdata.benefits.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sportdata.benefits.catalog.LakeFiles;
import com.sportdata.benefits.support.Messages;
import com.sportdata.benefits.support.Templates;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.pipeline.TableWriter;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard: one self-contained HTML file (data, Apache ECharts and the page's script inlined; no network) at
 * {@code <lake>/reports/dashboard.html}, and a copy per run at {@code <lake>/reports/runs/<run id>.html}. Built from
 * the {@code dashboard.ftlh} template with the figures of {@link DashboardData}; aggregates only.
 */
public final class Dashboard {
    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    /** The WebJar's version: the same as echarts.version in jobs/pom.xml. */
    static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    /**
     * The run the figures come from; {@code inProgress} when the page is drawn by that run itself (its quality stage),
     * whose stages reach the run ledger only when it ends: the page's list of runs shows it from this.
     */
    public record Run(String runId, LocalDate asOfDate, String rulesHash, DashboardData.Current inProgress) {
        public Run(String runId, LocalDate asOfDate, String rulesHash) {
            this(runId, asOfDate, rulesHash, null);
        }
    }

    public record Written(String latest, String perRun) {
    }

    private final SparkSession spark;
    private final LakePaths paths;
    private final Messages messages;

    /** @param messages the words and number formats of the pages (the business's language) */
    public Dashboard(SparkSession spark, LakePaths paths, Messages messages) {
        this.spark = spark;
        this.paths = paths;
        this.messages = messages;
    }

    /** Writes the dashboard of {@code run}, or returns empty when the lake has no gold yet. */
    public java.util.Optional<Written> write(Run run) {
        TableWriter writer = new TableWriter(spark, paths);
        if (!writer.exists(Tables.KPI_BENEFITS_BY_YEAR_BU)) {
            LOG.info("no dashboard: {} has no gold yet", paths.root());
            return java.util.Optional.empty();
        }
        String html = render(new DashboardData(writer).including(run.inProgress()).build(meta(run)), messages);
        String latest = paths.dashboard();
        String perRun = paths.runDashboard(run.runId());
        LakeFiles.writeText(spark, perRun, html);
        LakeFiles.writeText(spark, latest, html);
        LOG.info("dashboard of run {}: {}", run.runId(), latest);
        return java.util.Optional.of(new Written(latest, perRun));
    }

    /**
     * The per-employee page ({@code dashboard --with-personal-data}): names and amounts, a separate file
     * ({@code reports/dashboard-personal.html}) so the dashboard itself can be shared.
     */
    public String writePersonal(Run run) {
        TableWriter writer = new TableWriter(spark, paths);
        java.text.NumberFormat eur = java.text.NumberFormat.getCurrencyInstance(messages.language().locale());
        java.util.List<Map<String, Object>> employees = new java.util.ArrayList<>();
        for (org.apache.spark.sql.Row r : writer.read(Tables.FCT_EMPLOYEE_BENEFITS)
                .join(writer.read(Tables.DIM_EMPLOYEE).select("employee_id", "full_name"), "employee_id")
                .orderBy(org.apache.spark.sql.functions.col("benefit_year").desc(), org.apache.spark.sql.functions.col("full_name"))
                .collectAsList()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("full_name", r.<String>getAs("full_name"));
            e.put("bu", r.<String>getAs("bu"));
            e.put("benefit_year", r.<Integer>getAs("benefit_year"));
            e.put("commute_mode", String.valueOf(r.<String>getAs("commute_mode")));
            e.put("bonus_status_label", String.valueOf(r.<String>getAs("bonus_status_label")));
            e.put("bonus_eur", eur.format(r.<java.math.BigDecimal>getAs("bonus_eur")));
            e.put("activity_count", String.valueOf(r.<Long>getAs("activity_count")));
            e.put("wellness_days", String.valueOf(r.<Integer>getAs("wellness_days")));
            e.put("wellness_value_eur", eur.format(r.<java.math.BigDecimal>getAs("wellness_value_eur")));
            e.put("total_benefit_eur", eur.format(r.<java.math.BigDecimal>getAs("total_benefit_eur")));
            employees.add(e);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("meta", meta(run));
        model.put("employees", employees);
        String target = paths.personalDashboard();
        LakeFiles.writeText(spark, target, Templates.render("dashboard-personal.ftlh", model, messages));
        return target;
    }

    static Map<String, Object> meta(Run run) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("run_id", run.runId());
        meta.put("as_of_date", String.valueOf(run.asOfDate()));
        meta.put("rules_hash", String.valueOf(run.rulesHash()));
        meta.put("generated_at", DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(Instant.now()));
        return meta;
    }

    /** The page: the template filled with the data (as JSON, safe inside a script element) and ECharts. */
    static String render(Map<String, Object> data, Messages messages) {
        try {
            String json = new ObjectMapper().writeValueAsString(data).replace("</", "<\\/");
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("meta", data.get("meta"));
            model.put("data", json);
            Map<String, String> words = new java.util.TreeMap<>();
            messages.all().forEach((key, text) -> {
                if (key.startsWith("dashboard.") || key.equals("locale.tag")) {
                    words.put(key, text);
                }
            });
            model.put("words", new ObjectMapper().writeValueAsString(words).replace("</", "<\\/"));
            model.put("echarts", resource(ECHARTS).replace("</script", "<\\/script"));
            return Templates.render("dashboard.ftlh", model, messages);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath (the ECharts WebJar, org.webjars.npm:echarts)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
