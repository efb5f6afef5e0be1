package com.sportdata.benefits.bi;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The PowerBI project read as files: the model binds what the report needs, every reference resolves, the roles hide what they must. */
class PowerBiModelTest {
    private static final Tmdl.Model MODEL = Tmdl.read(PowerBiModel.DEFINITION);
    private static final List<PowerBiModel.Binding> BINDINGS = PowerBiModel.bindings(PowerBiModel.REPORT);
    /** Pages only the RH role may open: they show people by name. */
    private static final Set<String> RH_PAGES = Set.of("salaries", "declarations");

    @Test
    void every_model_table_binds_the_columns_and_types_its_gold_table_declares() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (com.sportdata.benefits.pipeline.TableJob job : com.sportdata.benefits.gold.GoldLayer.ALL) {
            com.sportdata.benefits.pipeline.TableContract contract = job.contract().orElseThrow(() -> new AssertionError(
                    job.target() + " has no contract: every gold table PowerBI reads declares one"));
            Tmdl.Table table = MODEL.tables().get(contract.table().name());
            assertThat(table).as(contract.table() + " in the model").isNotNull();
            problems.addAll(PowerBiModel.contractProblems(table, contract.schema()));
            checked++;
        }
        assertThat(checked).isEqualTo(6);
        assertThat(problems).isEmpty();
        // the same check catches a declaration that drifted from the model
        com.sportdata.benefits.pipeline.TableContract renamed = com.sportdata.benefits.pipeline.TableContract.of(
                com.sportdata.benefits.catalog.Tables.KPI_BENEFITS_BY_YEAR_BU, "test",
                com.sportdata.benefits.gold.KpiBenefitsByYearBu.CONTRACT.columnsDdl().replace("total_cost_eur", "cost_total_eur"));
        assertThat(PowerBiModel.contractProblems(MODEL.tables().get("kpi_benefits_by_year_bu"), renamed.schema()))
                .anySatisfy(p -> assertThat(p).contains("total_cost_eur"));
    }

    @Test
    void the_model_binds_every_gold_column_the_report_needs() {
        Map<String, List<String>> needed = new LinkedHashMap<>();
        needed.put("fct_employee_benefits", List.of("employee_id", "benefit_year", "bu", "commute_mode", "is_bonus_eligible",
                "bonus_status_label", "bonus_eur", "activity_count", "is_wellness_eligible", "wellness_days", "wellness_value_eur",
                "total_benefit_eur"));
        needed.put("kpi_benefits_by_period", List.of("benefit_year", "month_start_date", "bu", "headcount", "bonus_eligible_count",
                "active_employees", "activity_count", "bonus_cost_eur", "wellness_days", "wellness_value_eur", "total_cost_eur", "payroll_eur"));
        needed.put("declarations_to_review", List.of("employee_id", "benefit_year", "reason_code", "reason"));
        needed.put("fct_quality_checks", List.of("run_id", "checked_at", "layer", "table_name", "check_name", "level", "status", "message"));
        needed.put("kpi_benefits_by_year_bu", List.of("benefit_year", "bu", "headcount", "bonus_beneficiaries", "active_employees",
                "total_cost_eur", "payroll_eur", "employees_to_review"));
        needed.forEach((table, columns) -> {
            Tmdl.Table t = MODEL.tables().get(table);
            assertThat(t).as(table).isNotNull();
            assertThat(t.goldTable()).as(table).hasValue(table);
            assertThat(t.columns().values().stream().map(Tmdl.Column::sourceColumn).toList()).as(table).containsAll(columns);
        });
        // one model table per gold table of the BI snapshot, each described with its grain
        for (BiExport.Item item : BiExport.ITEMS) {
            Tmdl.Table t = MODEL.tables().get(item.table().name());
            assertThat(t).as(item.table().name()).isNotNull();
            assertThat(t.description()).as(item.table().name()).contains("Grain");
        }
    }

    @Test
    void each_gold_partition_reads_delta_under_lake_root_or_the_parquet_snapshot_folder_of_its_kind() {
        for (BiExport.Item item : BiExport.ITEMS) {
            String source = MODEL.tables().get(item.table().name()).partitions().get(0).source();
            assertThat(source).as(item.table().name())
                    .contains("DeltaLake.Table(Folder.Contents(LakeRoot & \"\\gold\\" + item.table().name() + "\"))")
                    .contains("ParquetSnapshot(\"" + (item.personal() ? "personal" : "aggregate") + "\", \"" + item.table().name() + "\")");
        }
        assertThat(MODEL.expressions().get("LakeRoot")).contains("IsParameterQuery=true", "Type=\"Text\"");
        assertThat(MODEL.expressions().get("LakeFormat")).contains("IsParameterQuery=true", "\"Delta\"", "\"Parquet\"");
        assertThat(MODEL.expressions().get("ParquetSnapshot")).contains("Parquet.Document", "[Extension] = \".parquet\"");
    }

    @Test
    void every_reference_of_a_measure_a_visual_or_a_relationship_resolves() {
        assertThat(PowerBiModel.daxProblems(MODEL)).isEmpty();
        assertThat(PowerBiModel.visualProblems(MODEL, BINDINGS)).isEmpty();
        assertThat(PowerBiModel.relationshipProblems(MODEL)).isEmpty();
        assertThat(BINDINGS).hasSizeGreaterThan(60);
        assertThat(MODEL.relationships()).hasSizeGreaterThanOrEqualTo(15);
    }

    @Test
    void a_wrong_reference_is_reported_where_it_is() {
        Tmdl.Model broken = Tmdl.parse(List.of(
                "table kpi",
                "",
                "\tmeasure 'Coût' = SUM(kpi[total_cost]) + [Effectif] + SUM('kpi'[total_cost_eur])",
                "\t\tformatString: #,##0.00 €",
                "",
                "\tmeasure 'Statut' =",
                "\t\t\tCALCULATE(MAX(kpi[status]), kpi[status] = \"[not a ref]\")",
                "",
                "\tcolumn total_cost_eur",
                "\t\tdataType: decimal",
                "\t\tsourceColumn: total_cost_eur",
                "",
                "\tcolumn year",
                "\t\tdataType: string",
                "\t\tsourceColumn: year",
                "",
                "table 'Années'",
                "",
                "\tcolumn year",
                "\t\tdataType: int64",
                "\t\tsourceColumn: year",
                "",
                "relationship r1",
                "\tfromColumn: kpi.year",
                "\ttoColumn: 'Années'.year",
                "",
                "relationship r2",
                "\tfromColumn: kpi.bu",
                "\ttoColumn: 'Années'.year"));
        assertThat(PowerBiModel.daxProblems(broken)).containsExactlyInAnyOrder(
                "measure [Coût]: 'kpi'[total_cost] is not in the model",
                "measure [Coût]: measure [Effectif] is not in the model",
                "measure [Statut]: 'kpi'[status] is not in the model",
                "measure [Statut]: 'kpi'[status] is not in the model");
        assertThat(PowerBiModel.relationshipProblems(broken)).containsExactly("relationship r1: string → int64",
                "relationship r2: kpi.bu is not in the model");
        assertThat(PowerBiModel.visualProblems(MODEL, List.of(new PowerBiModel.Binding("p", "v", "Measure",
                new PowerBiModel.Ref(null, "Coût totale"))))).containsExactly("page p, visual v: measure [Coût totale] is not in the model");
    }

    @Test
    void measures_carry_french_folders_and_formats() {
        Map<String, Tmdl.Measure> measures = MODEL.tables().get("Mesures").measures();
        assertThat(measures.keySet()).contains("Coût des bonus", "Bénéficiaires du bonus", "Part éligible au bonus", "Jours bien-être",
                "Valeur des jours bien-être", "Coût total", "Coût par salarié", "Part de la masse salariale", "Taux d'adoption", "Activités",
                "Distance (km)", "Déclarations à vérifier", "Salariés à vérifier", "Évolution sur un an", "Part des contrôles réussis",
                "Dernière exécution", "Statut de la dernière exécution");
        assertThat(measures.values()).allSatisfy(m -> assertThat(m.displayFolder()).as(m.name()).isNotBlank());
        for (String money : List.of("Coût des bonus", "Coût total", "Valeur des jours bien-être", "Coût par salarié")) {
            assertThat(measures.get(money).formatString()).as(money).isEqualTo("#,##0.00 €");
        }
        for (String share : List.of("Part éligible au bonus", "Taux d'adoption", "Part des contrôles réussis")) {
            assertThat(measures.get(share).formatString()).as(share).isEqualTo("0.0 %");
        }
        assertThat(MODEL.measures()).hasSameSizeAs(measures);   // every measure lives in the measures table
    }

    @Test
    void the_direction_role_cannot_see_per_employee_tables_and_its_pages_do_not_need_them() throws IOException {
        Set<String> personal = BiExport.ITEMS.stream().filter(BiExport.Item::personal).map(i -> i.table().name()).collect(Collectors.toSet());
        Tmdl.Role direction = MODEL.roles().get("Direction");
        assertThat(direction.modelPermission()).isEqualTo("read");
        assertThat(direction.hiddenTables()).containsOnlyKeys(personal.toArray(String[]::new)).allSatisfy((t, p) -> assertThat(p).isEqualTo("none"));
        assertThat(MODEL.roles()).containsKey("RH");
        assertThat(MODEL.roles().get("RH").hiddenTables()).isEmpty();

        for (PowerBiModel.Binding b : BINDINGS) {
            if (RH_PAGES.contains(b.page())) {
                continue;
            }
            assertThat(tablesBehind(b.ref(), new HashSet<>())).as(b.page() + "/" + b.visual() + " " + b.ref())
                    .doesNotContainAnyElementsOf(personal);
        }
        String gitignore = Files.readString(PowerBiModel.PROJECT.resolve(".gitignore"));
        assertThat(gitignore).contains(".pbi/cache.abf", ".pbi/localSettings.json");
    }

    @Test
    void every_page_is_french_and_filters_by_period_and_bu_where_figures_are_per_year_and_bu() throws IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var pages = json.readTree(PowerBiModel.REPORT.resolve("pages/pages.json").toFile()).path("pageOrder");
        List<String> titles = new ArrayList<>();
        for (var page : pages) {
            titles.add(json.readTree(PowerBiModel.REPORT.resolve("pages/" + page.asText() + "/page.json").toFile()).path("displayName").asText());
        }
        assertThat(titles).containsExactly("Vue d'ensemble", "Coûts par BU et période", "Salariés (RH)", "Pratique sportive",
                "Déclarations à vérifier", "Qualité des données et exécutions", "Scénarios");
        for (String page : List.of("vueEnsemble", "coutsBuPeriode", "salaries", "pratiqueSportive", "declarations")) {
            assertThat(BINDINGS.stream().filter(b -> b.page().equals(page) && b.visual().startsWith("filtre")).map(b -> b.ref()))
                    .as(page).contains(new PowerBiModel.Ref("Années", "benefit_year"), new PowerBiModel.Ref("BU", "bu"));
        }
    }

    /** The tables a field reads, following measures into the measures they use. */
    private static Set<String> tablesBehind(PowerBiModel.Ref ref, Set<String> seen) {
        Set<String> tables = new HashSet<>();
        if (!ref.measure()) {
            tables.add(ref.table());
            return tables;
        }
        if (!seen.add(ref.name())) {
            return tables;
        }
        for (PowerBiModel.Ref inner : PowerBiModel.daxRefs(MODEL.measures().get(ref.name()).expression())) {
            tables.addAll(tablesBehind(inner, seen));
        }
        return tables;
    }
}
