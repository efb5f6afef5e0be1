package com.sportdata.benefits.report;

import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.run.Pipeline;
import com.sportdata.benefits.testing.Commands;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code explain} on the real files (HR, declarations, distances) with activities written here: one employee 14
 * activities into 2025 plus one quarantined, another 15; and a walking limit of 4 km, so the real file's farthest walker
 * (4.1 km by the Google table) lives too far. An HR user's questions answered without SQL, and the refusals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainTest extends SparkTest {
    private static final String WALK_LIMIT = "[{ mode = \"WALK_RUN\", max-distance-km = 4 }, { mode = \"BIKE_OTHER\", max-distance-km = 25 }]";
    private Path lake;
    private long shortOne;
    private long earner;
    private long farWalker;

    @BeforeAll
    void runOnTheRealFiles() throws Exception {
        lake = newLake("explain");
        Lakes.landRealFiles(lake);
        AppConfig first = config(Map.of("lake.root", lake.toString(), "pipeline.as-of-date", "2026-06-30",
                "rules.bonus.eligible-modes", WALK_LIMIT));
        // the employee ids and the farthest walker come from the real file, not typed here
        new Pipeline(spark(), first).run("run");
        List<Long> ids = Lakes.read(spark(), lake, Tables.EMPLOYEES).select("employee_id").orderBy("employee_id").collectAsList()
                .stream().map(r -> r.getLong(0)).toList();
        shortOne = ids.get(0);
        earner = ids.get(1);
        List<String> lines = new ArrayList<>(List.of("ID,ID salarié,Date de début de l'activité,Type,Distance (m),Date de fin de l'activité,Commentaire"));
        for (int i = 0; i < 14; i++) {
            lines.add((900000 + i) + "," + shortOne + ",2025-03-" + String.format("%02d", i + 1) + " 07:00:00,Runing,5000,2025-03-"
                    + String.format("%02d", i + 1) + " 07:40:00,");
        }
        // ends before it starts: quarantined, not counted
        lines.add("900100," + shortOne + ",2025-04-01 08:00:00,Runing,5000,2025-04-01 07:00:00,");
        for (int i = 0; i < 15; i++) {
            lines.add((910000 + i) + "," + earner + ",2025-05-" + String.format("%02d", i + 1) + " 18:00:00,Natation,1000,2025-05-"
                    + String.format("%02d", i + 1) + " 18:45:00,");
        }
        Path csv = lake.resolve("landing/activities/activities_explain.csv");
        Files.createDirectories(csv.getParent());
        Files.write(csv, lines, StandardCharsets.UTF_8);
        new Pipeline(spark(), first).run("run");
        farWalker = Lakes.read(spark(), lake, Tables.FCT_EMPLOYEE_BENEFITS).filter("commute_mode = 'WALK_RUN' AND benefit_year = 2025")
                .orderBy(org.apache.spark.sql.functions.col("commute_distance_km").desc()).first().getLong(0);
    }

    private Commands.Ran explain(String... args) {
        List<String> all = new ArrayList<>(List.of("explain", "--lake", lake.toString(), "--set", "pipeline.as-of-date=2026-06-30"));
        all.addAll(List.of(args));
        return Commands.run(all.toArray(String[]::new));
    }

    @Test
    void an_employee_one_activity_short_is_told_so_with_the_quarantined_one_and_its_reason() {
        Commands.Ran r = explain("--employee", String.valueOf(shortOne), "--year", "2025");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("Wellness days: not earned")
                .contains("activities counted in 2025: 14 (the threshold is 15; 1 short of the threshold)")
                .contains("2025-03-01  running  5.0 km  40 min")
                .contains("activities quarantined (not counted): 1")
                .contains("landing/activities/activities_explain.csv")
                .contains("Rules in force for 2025: register version")
                .contains("Computed by run ");
        assertThat(r.out()).containsPattern("activities_explain\\.csv[^\\n]*: [^\\n]*end");
    }

    @Test
    void an_employee_at_the_threshold_has_earned_the_days_with_their_value_and_date() {
        Commands.Ran r = explain("--employee", String.valueOf(earner), "--year", "2025");
        assertThat(r.code()).as(r.all()).isZero();
        Row fct = fct(earner, 2025);
        assertThat(r.out()).contains("Wellness days: EARNED — 5 days worth " + Explanation.eur(fct.getAs("wellness_value_eur")) + ", earned on 2025-05-15")
                .contains("activities counted in 2025: 15 (the threshold is 15)").doesNotContain("short of the threshold");
    }

    @Test
    void a_walker_living_too_far_gets_the_reason_the_distance_its_provider_and_how_far_over() {
        Commands.Ran r = explain("--employee", String.valueOf(farWalker), "--year", "2025");
        assertThat(r.code()).as(r.all()).isZero();
        Row fct = fct(farWalker, 2025);
        double km = fct.getAs("commute_distance_km");
        assertThat(km).isGreaterThan(4.0);
        assertThat(r.out()).contains("Sport bonus: not eligible — over the distance limit")
                .contains("declared commute mode: Marche/running (WALK_RUN): a sporty mode")
                .contains(String.format(java.util.Locale.ROOT, "commute distance: %.1f km by walk, from the precomputed distance table", km))
                .contains("limit for this mode: 4 km — " + String.format(java.util.Locale.ROOT, "%.1f km over it", km - 4))
                .contains("bonus: 0,00 €");
    }

    @Test
    void salary_and_name_are_shown_only_when_asked_for() {
        Row employee = Lakes.read(spark(), lake, Tables.EMPLOYEES).filter("employee_id = " + earner).first();
        BigDecimal salary = employee.getAs("gross_salary_eur");
        String lastName = employee.getAs("last_name");
        Commands.Ran plain = explain("--employee", String.valueOf(earner), "--year", "2025");
        assertThat(plain.out()).doesNotContain(Explanation.eur(salary)).doesNotContain(lastName).contains("salary shown with --with-personal-data");
        Commands.Ran personal = explain("--employee", String.valueOf(earner), "--year", "2025", "--with-personal-data");
        assertThat(personal.code()).isZero();
        assertThat(personal.out()).contains("gross salary " + Explanation.eur(salary)).contains(lastName);
    }

    @Test
    void a_bu_s_cost_adds_up_to_its_employees_figures() {
        Row any = fct(earner, 2025);
        String bu = any.getAs("bu");
        Dataset<Row> team = Lakes.read(spark(), lake, Tables.FCT_EMPLOYEE_BENEFITS).filter("benefit_year = 2025").filter(
                org.apache.spark.sql.functions.col("bu").equalTo(bu));
        BigDecimal total = team.selectExpr("sum(bonus_eur) + sum(wellness_value_eur)").first().getDecimal(0);
        long eligible = team.filter("is_bonus_eligible").count();
        Commands.Ran r = explain("--bu", bu, "--year", "2025");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("BU " + bu + ", benefit year 2025: " + team.count() + " employees, total cost " + Explanation.eur(total))
                .contains(" for " + eligible + " eligible");
    }

    @Test
    void an_unknown_employee_a_year_without_figures_and_a_bad_command_line_are_refused_clearly() {
        Commands.Ran unknown = explain("--employee", "424242");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("employee 424242 has no benefit figures").contains("no HR file the lake received lists this id");
        Commands.Ran year = explain("--employee", String.valueOf(earner), "--year", "2019");
        assertThat(year.code()).isEqualTo(1);
        assertThat(year.err()).contains("has no figures for 2019; years with figures: 2025, 2026");
        Commands.Ran neither = explain();
        assertThat(neither.code()).isEqualTo(2);
        assertThat(neither.err()).contains("explain takes --employee ID or --bu BU");
        Commands.Ran buWithoutYear = explain("--bu", "Ventes");
        assertThat(buWithoutYear.code()).isEqualTo(2);
        assertThat(buWithoutYear.err()).contains("explain --bu needs --year Y");
        Commands.Ran noBu = explain("--bu", "Nowhere", "--year", "2025");
        assertThat(noBu.code()).isEqualTo(1);
        assertThat(noBu.err()).contains("no BU 'Nowhere' in 2025; BUs: ");
    }

    private Row fct(long id, int year) {
        return Lakes.read(spark(), lake, Tables.FCT_EMPLOYEE_BENEFITS).filter("employee_id = " + id + " AND benefit_year = " + year).first();
    }
}
