package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Layer;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.quality.CheckOutcome;
import com.sportdata.benefits.quality.QualityGateFailure;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A table's contract checked by the runner before it writes: the columns as declared publish; any drift is refused unwritten. */
class TableContractTest extends SparkTest {
    private static final TableId TABLE = new TableId(Layer.GOLD, "contract_probe");
    private static final TableContract CONTRACT = TableContract.of(TABLE, "one row per employee",
            "employee_id BIGINT NOT NULL, bu STRING, bonus_eur DECIMAL(12,2)");

    /** A job whose transform returns the given SQL's rows, under the contract above. */
    private static TableJob job(String select) {
        return new TableJob() {
            @Override
            public TableId target() {
                return TABLE;
            }

            @Override
            public List<TableId> inputs() {
                return List.of();
            }

            @Override
            public WriteMode writeMode(RunContext run) {
                return new WriteMode.Overwrite(List.of());
            }

            @Override
            public Dataset<Row> transform(Map<TableId, Dataset<Row>> inputs, RunContext run) {
                return spark().sql(select);
            }

            @Override
            public Optional<TableContract> contract() {
                return Optional.of(CONTRACT);
            }
        };
    }

    private record Attempt(LayerRunner runner, TableWriter writer) {
    }

    private static Attempt attempt() {
        Path lake = newLake("contract");
        TableWriter writer = new TableWriter(spark(), new LakePaths(lake.toString()));
        return new Attempt(new LayerRunner(spark(), writer), writer);
    }

    private static RunContext run() {
        return RunContext.start("test", config(Map.of()));
    }

    @Test
    void the_declared_columns_publish_with_a_passed_schema_check_and_one_completeness_check_per_not_null_column() {
        Attempt a = attempt();
        a.runner().runLayer(List.of(job("SELECT CAST(7 AS BIGINT) AS employee_id, 'R&D' AS bu, CAST(12.5 AS DECIMAL(12,2)) AS bonus_eur")),
                run());
        assertThat(a.writer().read(TABLE).count()).isOne();
        assertThat(a.runner().outcomes()).filteredOn(o -> o.check().equals(TableContract.CHECK)).singleElement()
                .satisfies(o -> assertThat(o.status()).isEqualTo(CheckOutcome.Status.PASSED));
        assertThat(a.runner().outcomes()).extracting(CheckOutcome::check).contains("contract: employee_id not null")
                .doesNotContain("contract: bu not null");
    }

    @Test
    void a_renamed_or_retyped_or_extra_column_is_refused_before_it_is_written() {
        Map<String, String> drifts = Map.of(
                "SELECT CAST(7 AS BIGINT) AS employee_id, 'R&D' AS business_unit, CAST(12.5 AS DECIMAL(12,2)) AS bonus_eur",
                "bu STRING is missing; business_unit STRING is not in the contract",
                "SELECT CAST(7 AS BIGINT) AS employee_id, 'R&D' AS bu, 12.5D AS bonus_eur",
                "bonus_eur is DOUBLE, the contract says DECIMAL(12,2)",
                "SELECT CAST(7 AS BIGINT) AS employee_id, 'R&D' AS bu, CAST(12.5 AS DECIMAL(12,2)) AS bonus_eur, 'x' AS salary",
                "salary STRING is not in the contract");
        drifts.forEach((select, problem) -> {
            Attempt a = attempt();
            assertThatThrownBy(() -> a.runner().runLayer(List.of(job(select)), run())).as(problem)
                    .isInstanceOf(QualityGateFailure.class).hasMessageContaining(TableContract.CHECK);
            assertThat(a.runner().outcomes()).filteredOn(CheckOutcome::blocking).singleElement()
                    .satisfies(o -> assertThat(o.message()).isEqualTo(problem));
            assertThat(a.writer().exists(TABLE)).as("nothing written: " + problem).isFalse();
        });
    }

    @Test
    void a_null_in_a_not_null_column_fails_its_completeness_check() {
        Attempt a = attempt();
        assertThatThrownBy(() -> a.runner().runLayer(List.of(job(
                "SELECT CAST(NULL AS BIGINT) AS employee_id, 'R&D' AS bu, CAST(1 AS DECIMAL(12,2)) AS bonus_eur")), run()))
                .isInstanceOf(QualityGateFailure.class).hasMessageContaining("contract: employee_id not null");
        assertThat(a.writer().exists(TABLE)).isFalse();
    }
}
