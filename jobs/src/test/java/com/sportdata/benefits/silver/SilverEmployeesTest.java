package com.sportdata.benefits.silver;

import com.sportdata.benefits.bronze.BronzeSources;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SilverEmployeesTest extends SparkTest {
    private static final Timestamp T1 = Timestamp.valueOf("2026-01-01 10:00:00");
    private static final Timestamp T2 = Timestamp.valueOf("2026-02-01 10:00:00");

    private static Object[] hr(String id, String first, String birth, String salary, String address, String mode, String file,
                               Timestamp at, int row) {
        return row(id, "Tanguy", first, birth, "Ventes", "45329.0", salary, "CDI", "27.0", address, mode, row, file, "sha",
                at, "run0", "hash");
    }

    private Dataset<Row> transform(Object[]... rows) {
        Dataset<Row> bronze = frame(BronzeSources.bronzeSchema(BronzeSources.HR), rows);
        RunContext run = RunContext.start("test", config(Map.of()));
        return new SilverEmployees().transform(Map.of(Tables.HR_EMPLOYEES, bronze), run).orderBy("_source_row").cache();
    }

    @Test
    void types_cleans_and_parses_a_real_looking_row() {
        Row r = transform(hr("43965.0", "TimothÃ©e", "31578.0", "54180.0", "100 Av. de la Gare, 34970 Lattes",
                "Marche/running", "hr.xlsx", T1, 2)).first();
        assertThat(r.<Long>getAs("employee_id")).isEqualTo(43965L);
        assertThat(r.<String>getAs("first_name")).isEqualTo("Timothée");                 // mojibake repaired
        assertThat(r.<Date>getAs("birth_date")).isEqualTo(Date.valueOf("1986-06-15"));   // Excel serial 31578
        assertThat(r.<Date>getAs("hire_date")).isEqualTo(Date.valueOf("2024-02-07"));    // Excel serial 45329
        assertThat(r.<BigDecimal>getAs("gross_salary_eur")).isEqualByComparingTo("54180.00");
        assertThat(r.<String>getAs("street")).isEqualTo("100 Av. de la Gare");
        assertThat(r.<String>getAs("postcode")).isEqualTo("34970");
        assertThat(r.<String>getAs("town")).isEqualTo("Lattes");
        assertThat(r.<String>getAs("town_key")).isEqualTo("LATTES");
        assertThat(r.<String>getAs("address_key")).isEqualTo("100 av. de la gare, 34970 lattes");
        assertThat(r.<String>getAs("commute_mode")).isEqualTo("WALK_RUN");
        assertThat(r.<String>getAs("travel_mode")).isEqualTo("WALK");
        assertThat(r.<String>getAs("commute_mode_label")).isEqualTo("Marche/running");
        assertThat(r.getList(r.fieldIndex(TableJob.REJECT_REASONS))).isEmpty();
    }

    @Test
    void rejects_rows_that_cannot_be_trusted_with_every_reason() {
        List<Row> rows = transform(
                hr("1001.0", "Ana", "31578.0", "-5.0", "1 Rue A, 34970 Lattes", "Téléportation", "hr.xlsx", T1, 2),
                hr("1002.0", "Bo", "31578.0", "40000.0", "1 Rue A, 34970 Lattes", "CAR", "hr.xlsx", T1, 3),
                hr("1002.0", "Bo bis", "31578.0", "40000.0", "1 Rue A, 34970 Lattes", "CAR", "hr.xlsx", T1, 4),
                hr("abc", "Cy", "not a date", "40000.0", "1 Rue A, 34970 Lattes", "CAR", "hr.xlsx", T1, 5)).collectAsList();
        assertThat(reasons(rows.get(0))).containsExactlyInAnyOrder(
                "gross salary missing, not a number or not positive", "unknown commute mode 'Téléportation'");
        // personal values never reach a reason (reports, ledger, export): the row as received keeps them
        assertThat(reasons(rows.get(0))).noneMatch(r -> r.contains("-5.0"));
        assertThat(reasons(rows.get(1))).containsExactly("employee_id appears more than once in the same HR file");
        assertThat(reasons(rows.get(2))).containsExactly("employee_id appears more than once in the same HR file");
        assertThat(reasons(rows.get(3))).containsExactlyInAnyOrder("employee_id missing or not a whole number: 'abc'",
                "birth date missing or unreadable");
        assertThat(rows.get(1).<String>getAs("commute_mode")).isEqualTo("CAR");   // the enum name is accepted too
    }

    @Test
    void the_latest_hr_file_is_the_company() {
        List<Row> rows = transform(
                hr("1.0", "Old", "31578.0", "40000.0", "1 Rue A, 34970 Lattes", "Transports en commun", "hr_jan.xlsx", T1, 2),
                hr("2.0", "Leaver", "31578.0", "40000.0", "1 Rue A, 34970 Lattes", "Transports en commun", "hr_jan.xlsx", T1, 3),
                hr("1.0", "New", "31578.0", "41000.0", "1 Rue A, 34970 Lattes", "Transports en commun", "hr_feb.xlsx", T2, 2))
                .collectAsList();
        assertThat(rows).extracting(r -> r.<String>getAs("first_name")).containsExactly("New");
        assertThat(rows.get(0).<BigDecimal>getAs("gross_salary_eur")).isEqualByComparingTo("41000");
    }

    @Test
    void a_corrected_file_redelivered_under_the_same_name_is_the_new_snapshot() {
        Object[] before = hr("1.0", "Old", "31578.0", "40000.0", "1 Rue A, 34970 Lattes", "Transports en commun", "hr.xlsx", T1, 2);
        Object[] after = hr("1.0", "New", "31578.0", "42000.0", "1 Rue A, 34970 Lattes", "Transports en commun", "hr.xlsx", T2, 2);
        after[13] = "sha-of-the-correction";
        List<Row> rows = transform(before, after).collectAsList();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).<BigDecimal>getAs("gross_salary_eur")).isEqualByComparingTo("42000");
        assertThat(reasons(rows.get(0))).isEmpty();
    }

    private static List<String> reasons(Row row) {
        return row.getList(row.fieldIndex(TableJob.REJECT_REASONS));
    }
}
