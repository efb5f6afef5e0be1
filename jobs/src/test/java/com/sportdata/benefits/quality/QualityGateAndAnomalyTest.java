package com.sportdata.benefits.quality;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.gold.FctEmployeeBenefits;
import com.sportdata.benefits.pipeline.LayerRunner;
import com.sportdata.benefits.run.Pipeline;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.run.RunSummary;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.pipeline.WriteMode;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.SparkTest;
import com.sportdata.benefits.testing.Workbooks;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QualityGateAndAnomalyTest extends SparkTest {

    /** Ten employees, all cycling 5 km in Lattes, and {@code perEmployee} activities each on distinct days. */
    private static void landing(Path lake, int perEmployee, String fileName, String month) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            rows.add(Workbooks.hrRow(100 + i, "Nom" + i, "Prénom" + i, 32000, "Ventes", 44000, 40000.0 + i * 1000,
                    "12 Rue des Vignes, 34970 Lattes", "Vélo/Trottinette/Autres"));
        }
        Workbooks.write(lake.resolve("landing/hr/DonneesRH.xlsx"), "Feuille 1", Workbooks.HR_HEADERS, rows);
        Files.createDirectories(lake.resolve("landing/reference"));
        Files.writeString(lake.resolve("landing/reference/postcodes.csv"),
                "Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;Libellé_d_acheminement;coordonnees_gps\n"
                        + "34129;LATTES;34970;;LATTES;43.5638594056,3.90226222861\n");
        StringBuilder csv = new StringBuilder("ID,ID salarié,Date de début de l'activité,Type,Distance (m),Date de fin de l'activité,Commentaire\n");
        for (int i = 1; i <= 10; i++) {
            for (int d = 0; d < perEmployee; d++) {
                csv.append(month).append('-').append(i).append('-').append(d).append(',').append(100 + i).append(',')
                        .append(String.format("%s-%02d 0%d:00:00,Tennis,,%s-%02d 0%d:59:00,", month, 1 + d % 28, 6 + d / 28, month,
                                1 + d % 28, 6 + d / 28)).append('\n');
            }
        }
        Files.createDirectories(lake.resolve("landing/activities"));
        Files.writeString(lake.resolve("landing/activities/" + fileName), csv.toString());
    }

    private static AppConfig config(Path lake, String asOf, Map<String, String> more) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("lake.root", lake.toString(), "pipeline.as-of-date", asOf,
                "pipeline.periods", "[2026]"));
        all.putAll(more);
        return config(all);
    }

    private static List<CheckOutcome> anomalies(RunSummary summary) {
        return summary.quality().outcomes().stream().filter(o -> o.layer().equals("anomaly")).toList();
    }

    @Test
    void anomalies_need_history_then_flag_volume_and_cost_jumps_as_warnings() throws Exception {
        Path lake = newLake("anomalies");
        landing(lake, 2, "march.csv", "2026-03");
        RunSummary first = new Pipeline(spark(), config(lake, "2026-04-01", Map.of())).run("run");
        assertThat(anomalies(first)).isNotEmpty().noneMatch(CheckOutcome::failed)
                .allMatch(o -> o.status() == CheckOutcome.Status.SKIPPED);
        assertThat(first.alerts()).isEmpty();

        landing(lake, 20, "april.csv", "2026-04");      // 10× the usual activities (alerted from 10 rows a day here)
        RunSummary second = new Pipeline(spark(), config(lake, "2026-05-01", Map.of("quality.anomalies.volume-min-rows", "10",
                "quality.anomalies.volume-window-days", "60"))).run("run");
        // 10× activities: the volume jumps (alerted); wellness days now appear (22 activities ≥ 15) where there were none: the
        // first figures of that series, said so in words and not alerted as a drift
        assertThat(anomalies(second)).filteredOn(CheckOutcome::failed).extracting(CheckOutcome::table, CheckOutcome::check)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("activities", "daily volume of activities"));
        assertThat(anomalies(second)).filteredOn(o -> o.check().equals("cost drift of wellness_value_eur 2026")).singleElement()
                .satisfies(o -> {
                    assertThat(o.status()).isEqualTo(CheckOutcome.Status.SKIPPED);
                    assertThat(o.message()).contains("went from 0,00 €").contains("first delivery");
                });
        assertThat(second.alerts()).anyMatch(a -> a.contains("anomaly.activities / daily volume of activities")
                && a.contains("activities ingested on 2026-05-01: 20"));
        assertThat(second.alerts()).noneMatch(a -> a.contains("cost drift"));
        assertThat(second.quality().outcomes()).noneMatch(CheckOutcome::blocking);
        assertThat(second.quarantinedRows()).isZero();      // the re-delivered HR file (same name) is the new snapshot

        // other rules for the year: the bonus cost doubles as the rules say, which is explained, not alerted as drift
        RunSummary third = new Pipeline(spark(), config(lake, "2026-05-02", Map.of("rules.bonus.rate", "0.10"))).run("run");
        assertThat(anomalies(third)).noneMatch(CheckOutcome::failed);
        assertThat(anomalies(third)).filteredOn(o -> o.check().equals("cost drift of bonus_eur 2026")).singleElement()
                .satisfies(o -> assertThat(o.message()).contains("expected: the rules of the year changed").contains("+100,0 %"));
        assertThat(third.alerts()).noneMatch(a -> a.contains("cost drift"));
        assertThat(Lakes.read(spark(), lake, Tables.QUALITY_CHECKS).filter(col("status").equalTo("FAILED")).count()).isEqualTo(1);
    }

    @Test
    void an_error_level_gold_failure_keeps_the_previous_gold_and_names_table_check_and_figures() throws Exception {
        Path lake = newLake("gate");
        landing(lake, 2, "march.csv", "2026-03");
        AppConfig config = config(lake, "2026-04-01", Map.of());
        new Pipeline(spark(), config).run("run");
        LakePaths paths = new LakePaths(lake.toString());
        TableWriter writer = new TableWriter(spark(), paths);
        String before = Lakes.contentHash(writer.read(Tables.FCT_EMPLOYEE_BENEFITS));
        long version = io.delta.tables.DeltaTable.forPath(spark(), paths.table(Tables.FCT_EMPLOYEE_BENEFITS)).history(1)
                .first().getLong(0);

        // a rule-code bug: one employee is paid a cent too much
        TableJob buggy = new TableJob() {
            private final FctEmployeeBenefits real = new FctEmployeeBenefits();

            public TableId target() {
                return real.target();
            }

            public List<TableId> inputs() {
                return real.inputs();
            }

            public WriteMode writeMode(RunContext run) {
                return real.writeMode(run);
            }

            public Dataset<Row> transform(Map<TableId, Dataset<Row>> inputs, RunContext run) {
                Dataset<Row> rows = real.transform(inputs, run);
                return rows.withColumn("bonus_eur", when(col("employee_id").equalTo(101), col("bonus_eur").plus(lit(0.01)))
                        .otherwise(col("bonus_eur")).cast("decimal(12,2)"));
            }

            public List<com.sportdata.benefits.quality.QualityCheck> checks(Dataset<Row> published, Map<TableId, Dataset<Row>> inputs,
                                                                         RunContext run) {
                return real.checks(published, inputs, run);
            }
        };
        RunContext run = RunContext.start("test", config).withBenefitYears(List.of(2026));
        LayerRunner runner = new LayerRunner(spark(), writer);
        assertThatThrownBy(() -> runner.runLayer(List.of(buggy), run))
                .isInstanceOf(QualityGateFailure.class)
                .hasMessageContaining("gold.fct_employee_benefits not published")
                .hasMessageContaining("bonus recomputed equals stored")
                .hasMessageContaining("held for 90.00 % of rows");
        assertThat(runner.outcomes()).filteredOn(CheckOutcome::blocking).extracting(CheckOutcome::metricValue).containsExactly(0.9);
        assertThat(Lakes.contentHash(writer.read(Tables.FCT_EMPLOYEE_BENEFITS))).isEqualTo(before);
        assertThat(io.delta.tables.DeltaTable.forPath(spark(), paths.table(Tables.FCT_EMPLOYEE_BENEFITS)).history(1)
                .first().getLong(0)).isEqualTo(version);
    }
}
