package com.sportdata.benefits.quality;

import com.amazon.deequ.analyzers.Uniqueness;
import com.amazon.deequ.metrics.DoubleMetric;
import com.sportdata.benefits.catalog.Layer;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.collection.JavaConverters;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The uniqueness the checks compute in one aggregate is Deequ's Uniqueness, figure for figure: duplicates, keys
 * partly null, keys wholly null (left out of the share), a key of two columns, no key at all.
 */
class UniquenessTest extends SparkTest {
    private static Dataset<Row> rows() {
        return frame("id BIGINT, year INT, label STRING",
                row(1L, 2025, "a"),
                row(2L, 2025, "b"),
                row(2L, 2026, "c"),
                row(3L, 2025, "d"),
                row(3L, 2025, "e"),
                row(null, 2025, "f"),
                row(null, null, "g"),
                row(null, null, "h"),
                row(4L, null, "i"));
    }

    private static Double deequ(Dataset<Row> frame, List<String> columns) {
        DoubleMetric metric = new Uniqueness(JavaConverters.asScalaBuffer(columns).toSeq(), Option.empty(), Option.empty())
                .calculate(frame, Option.empty(), Option.empty(), Option.empty());
        return metric.value().isSuccess() ? (Double) metric.value().get() : null;
    }

    @Test
    void the_share_equals_deequs_on_single_and_compound_keys_with_nulls_and_duplicates() {
        for (List<String> key : List.of(List.of("id"), List.of("id", "year"), List.of("label"), List.of("year"))) {
            Double ours = DeequAdapter.uniqueness(rows(), key);
            assertThat(ours).as("uniqueness of %s", key).isNotNull().isCloseTo(deequ(rows(), key), within(1e-12));
        }
        // id: 1, 2, 2, 3, 3, 4 have a value (the three null ids are left out): 1 and 4 are unique → 2 of 6
        assertThat(DeequAdapter.uniqueness(rows(), List.of("id"))).isCloseTo(2.0 / 6, within(1e-12));
    }

    @Test
    void no_row_with_a_value_in_the_key_has_no_share_and_the_check_fails_saying_so() {
        Dataset<Row> keyless = rows().filter("id IS NULL AND year IS NULL");
        assertThat(DeequAdapter.uniqueness(keyless, List.of("id", "year"))).isNull();
        assertThat(deequ(keyless, List.of("id", "year"))).isNull();
        CheckOutcome outcome = DeequAdapter.verify(keyless, new TableId(Layer.SILVER, "x"),
                List.of(QualityCheck.error("one row per id", "the grain", QualityCheck.unique("id", "year")))).get(0);
        assertThat(outcome.status()).isEqualTo(CheckOutcome.Status.FAILED);
        assertThat(outcome.message()).contains("could not be computed", "no row has a value in [id, year]");
    }

    @Test
    void a_duplicated_key_fails_with_its_share_and_the_rows_behind_it_and_a_unique_one_passes() {
        List<CheckOutcome> outcomes = DeequAdapter.verify(rows().filter("id IS NOT NULL"), new TableId(Layer.SILVER, "x"), List.of(
                QualityCheck.error("one row per id", "the grain", QualityCheck.unique("id")),
                QualityCheck.error("label filled", "every row has one", QualityCheck.complete("label")),
                QualityCheck.error("one row per label", "labels differ", QualityCheck.unique("label"))));
        assertThat(outcomes).extracting(CheckOutcome::check).containsExactly("one row per id", "label filled", "one row per label");
        CheckOutcome id = outcomes.get(0);
        assertThat(id.status()).isEqualTo(CheckOutcome.Status.FAILED);
        assertThat(id.metricValue()).isCloseTo(2.0 / 6, within(1e-12));
        assertThat(id.message()).isEqualTo("(id) is unique for 33.3 % of the rows; it must identify every row");
        assertThat(id.failingRows()).as("keys held by more than one row: 2 and 3").isEqualTo(2L);
        assertThat(outcomes.get(1).status()).isEqualTo(CheckOutcome.Status.PASSED);
        assertThat(outcomes.get(2).status()).isEqualTo(CheckOutcome.Status.PASSED);
        assertThat(outcomes.get(2).metricValue()).isEqualTo(1.0);
    }
}
