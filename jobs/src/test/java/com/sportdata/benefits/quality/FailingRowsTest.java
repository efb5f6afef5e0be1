package com.sportdata.benefits.quality;

import com.sportdata.benefits.catalog.Layer;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rows behind a failed check: counted, a few shown with their keys and checked values, never a personal field. */
class FailingRowsTest extends SparkTest {
    private static Dataset<Row> employees() {
        return frame("employee_id BIGINT, benefit_year INT, first_name STRING, gross_salary_eur DECIMAL(12,2), bu STRING, distance_km DOUBLE",
                row(1L, 2026, "Ana", new java.math.BigDecimal("40000.00"), "Ventes", 3.0),
                row(2L, 2026, "Bob", new java.math.BigDecimal("50000.00"), "Ventes", -4.0),
                row(3L, 2026, "Cid", new java.math.BigDecimal("60000.00"), null, -1.0),
                row(3L, 2026, "Cid", new java.math.BigDecimal("60000.00"), "Nowhere", 2.0));
    }

    @Test
    void a_failed_predicate_is_shown_with_its_keys_and_the_values_it_checked_never_personal_fields() {
        List<CheckOutcome> outcomes = DeequAdapter.verify(employees(), new TableId(Layer.SILVER, "employees"), List.of(
                QualityCheck.error("distance not negative", "a distance is a length", QualityCheck.satisfies("distance_km >= 0 AND first_name <> ''")),
                QualityCheck.error("bu filled", "every employee has a BU", QualityCheck.complete("bu")),
                QualityCheck.warning("bu known", "BUs of the organisation chart", QualityCheck.containedIn("bu", List.of("Ventes", "R&D"))),
                QualityCheck.error("one row per employee", "the grain", QualityCheck.unique("employee_id")),
                QualityCheck.error("at least one row", "a file is not empty", QualityCheck.minRows(1))));
        Map<String, CheckOutcome> byName = new java.util.HashMap<>();
        outcomes.forEach(o -> byName.put(o.check(), o));

        CheckOutcome distance = byName.get("distance not negative");
        assertThat(distance.failingRows()).isEqualTo(2L);
        assertThat(distance.examples()).hasSize(2).allSatisfy(e -> assertThat(e).containsOnlyKeys("employee_id", "benefit_year", "distance_km"));
        assertThat(distance.examples()).extracting(e -> e.get("distance_km")).containsExactlyInAnyOrder("-4.0", "-1.0");
        assertThat(byName.get("bu filled").failingRows()).isEqualTo(1L);
        assertThat(byName.get("bu filled").examples()).singleElement().satisfies(e -> assertThat(e).containsEntry("employee_id", "3")
                .containsEntry("bu", "null"));
        assertThat(byName.get("bu known").examples()).singleElement().satisfies(e -> assertThat(e).containsEntry("bu", "Nowhere"));
        assertThat(byName.get("one row per employee").examples()).singleElement()
                .isEqualTo(Map.of("employee_id", "3", "rows_with_this_key", "2"));
        // a passed check and a check that is not about rows carry no rows
        assertThat(byName.get("at least one row").failingRows()).isNull();
        assertThat(outcomes.toString()).doesNotContain("Ana", "Bob", "Cid", "40000", "50000", "60000");
    }

    @Test
    void the_columns_a_predicate_names_are_found_outside_string_literals() {
        assertThat(FailingRows.referenced("bonus_eur = CASE WHEN is_bonus_eligible THEN round(salary * rate, 2) ELSE 0 END AND x = 'rate'",
                List.of("bonus_eur", "is_bonus_eligible", "salary", "rate", "y"))).containsExactly("bonus_eur", "is_bonus_eligible", "salary", "rate");
        assertThat(FailingRows.referenced("mode = 'bonus_eur'", List.of("bonus_eur", "mode"))).containsExactly("mode");
    }
}
