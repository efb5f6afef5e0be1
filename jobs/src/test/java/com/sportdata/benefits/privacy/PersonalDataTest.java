package com.sportdata.benefits.privacy;

import com.sportdata.benefits.bi.BiExport;
import com.sportdata.benefits.catalog.PersonalData;
import com.sportdata.benefits.catalog.PersonalData.Kind;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.testing.Wrapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalogue's personal-data classification: the inventory in docs/data.md is the one it generates; files map to places. */
class PersonalDataTest {

    @Test
    void the_readme_inventory_is_the_one_the_catalogue_generates() throws Exception {
        String readme = Files.readString(Wrapper.ROOT.resolve("docs/data.md"));
        int start = readme.indexOf("<!-- privacy-inventory:start");
        int end = readme.indexOf("<!-- privacy-inventory:end -->");
        assertThat(start).as("the inventory markers of docs/data.md").isPositive();
        String block = readme.substring(readme.indexOf('\n', start) + 1, end);
        assertThat(block).as("docs/data.md inventory: paste the output of `sport-benefits privacy`").isEqualTo(PersonalData.inventory());
    }

    @Test
    void the_hr_file_its_typed_tables_and_the_quarantine_hold_every_kind_and_only_hr_reads_them() {
        for (var table : java.util.List.of(Tables.HR_EMPLOYEES, Tables.EMPLOYEES, Tables.EMPLOYEES_HISTORY, Tables.QUARANTINE,
                Tables.QUARANTINE_RELEASES)) {
            assertThat(PersonalData.of(table).kinds()).as(table.toString()).containsExactlyInAnyOrder(Kind.values());
            assertThat(PersonalData.of(table).readers()).isEqualTo(PersonalData.Readers.HR);
        }
        assertThat(PersonalData.of(Tables.KPI_BENEFITS_BY_YEAR_BU).personal()).isFalse();
        assertThat(PersonalData.of(Tables.SLACK_OUTBOX).kinds()).containsExactly(Kind.NAMES);
        assertThat(PersonalData.impersonalTables()).doesNotContain(Tables.DIM_EMPLOYEE, Tables.FCT_EMPLOYEE_BENEFITS, Tables.COMMUTE_DISTANCES)
                .contains(Tables.RUN_LEDGER, Tables.QUALITY_CHECKS, Tables.QUARANTINE_SUMMARY, Tables.RUN_METRICS);
    }

    @Test
    void a_file_is_classified_by_the_table_or_output_that_holds_it_and_an_unknown_one_by_none() {
        assertThat(PersonalData.ofFile("silver/employees/part-00000.snappy.parquet").orElseThrow().kinds()).hasSize(4);
        assertThat(PersonalData.ofFile("gold/kpi_benefits_by_year_bu/_delta_log/00000000000000000000.json").orElseThrow().personal()).isFalse();
        assertThat(PersonalData.ofFile("exports/personal/csv/dim_employee.csv").orElseThrow().kinds()).contains(Kind.NAMES);
        assertThat(PersonalData.ofFile("exports/aggregate/csv/kpi_benefits_by_year_bu.csv").orElseThrow().personal()).isFalse();
        assertThat(PersonalData.ofFile("reports/dashboard-personal.html").orElseThrow().kinds()).contains(Kind.NAMES);
        assertThat(PersonalData.ofFile("reports/dashboard.html").orElseThrow().personal()).isFalse();
        assertThat(PersonalData.ofFile("reports/somewhere-new.html")).isEmpty();
        assertThat(PersonalData.ofFile("silver/employees_extra/x.parquet")).isEmpty();
    }

    @Test
    void the_bi_exports_aggregate_side_holds_no_table_with_a_row_per_employee() {
        assertThat(BiExport.ITEMS).allSatisfy(item ->
                assertThat(item.personal()).as(item.table().toString()).isEqualTo(PersonalData.of(item.table()).perEmployee()));
        assertThat(BiExport.ITEMS.stream().filter(i -> !i.personal()).map(i -> PersonalData.of(i.table()).kinds()))
                .allSatisfy(kinds -> assertThat(kinds).isEmpty());
        assertThat(BiExport.ITEMS.stream().filter(BiExport.Item::personal).map(i -> i.table()).toList())
                .containsExactlyInAnyOrder(Tables.FCT_EMPLOYEE_BENEFITS, Tables.DECLARATIONS_TO_REVIEW, Tables.DIM_EMPLOYEE);
        assertThat(Set.of(PersonalData.LOGS, PersonalData.ALERTS_AND_METRICS)).allSatisfy(o -> assertThat(o.classification().personal()).isFalse());
    }
}
