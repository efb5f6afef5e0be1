package com.sportdata.benefits.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.sum;

/**
 * A figure derived from a table is computed once per state of the table: later commands finding the table as it was
 * read the kept figure, exactly as computed (decimals with their scale); a new commit, a damaged file or a pinned read
 * computes it again.
 */
class DerivedTest extends SparkTest {

    /** A total and how many rows it adds up. */
    public record Total(BigDecimal amount, long rows) {
    }

    private static final TypeReference<Total> TOTAL = new TypeReference<>() { };

    @Test
    void computed_once_per_state_kept_across_commands_and_computed_again_when_the_table_moves() throws Exception {
        Path lake = newLake("derived");
        LakePaths paths = new LakePaths(lake.toString());
        AtomicInteger computed = new AtomicInteger();
        Function<Dataset<Row>, Total> total = rows -> {
            computed.incrementAndGet();
            Row r = rows.agg(sum("amount"), org.apache.spark.sql.functions.count("amount")).first();
            return new Total(r.getDecimal(0), r.getLong(1));
        };
        TableWriter first = new TableWriter(spark(), paths);
        assertThat(first.derived(Tables.FCT_EMPLOYEE_BENEFITS, "total", TOTAL, total)).as("no table").isEmpty();
        assertThat(computed).hasValue(0);
        first.write(frame("amount DECIMAL(14,2)", row(new BigDecimal("100.25")), row(new BigDecimal("72.25"))),
                Tables.FCT_EMPLOYEE_BENEFITS, new WriteMode.Append(List.of()), "{}");

        Total expected = new Total(new BigDecimal("172.50"), 2);
        assertThat(first.derived(Tables.FCT_EMPLOYEE_BENEFITS, "total", TOTAL, total)).contains(expected);
        assertThat(first.derived(Tables.FCT_EMPLOYEE_BENEFITS, "total", TOTAL, total)).contains(expected);
        assertThat(computed).as("once in a command").hasValue(1);
        Path kept = Path.of(java.net.URI.create(paths.derived(Tables.FCT_EMPLOYEE_BENEFITS, "total")));
        assertThat(Files.readString(kept)).contains("\"state\":\"0@").contains("172.50");

        TableWriter next = new TableWriter(spark(), paths);
        assertThat(next.derived(Tables.FCT_EMPLOYEE_BENEFITS, "total", TOTAL, total)).contains(expected);
        assertThat(computed).as("a later command reads the kept figure").hasValue(1);
        assertThat(next.journal().drain().read()).as("not an input of what a stage publishes").isEmpty();

        next.write(frame("amount DECIMAL(14,2)", row(new BigDecimal("1.00"))), Tables.FCT_EMPLOYEE_BENEFITS,
                new WriteMode.Append(List.of()), "{}");
        assertThat(new TableWriter(spark(), paths).derived(Tables.FCT_EMPLOYEE_BENEFITS, "total", TOTAL, total))
                .contains(new Total(new BigDecimal("173.50"), 3));
        assertThat(computed).as("the table moved").hasValue(2);
        assertThat(Files.readString(kept)).contains("\"state\":\"1@");

        Files.writeString(kept, "{\"state\":", StandardCharsets.UTF_8);
        assertThat(new TableWriter(spark(), paths).derived(Tables.FCT_EMPLOYEE_BENEFITS, "total", TOTAL, total))
                .contains(new Total(new BigDecimal("173.50"), 3));
        assertThat(computed).as("a damaged file").hasValue(3);

        TableWriter pinned = new TableWriter(spark(), paths).pinnedTo(Map.of(Tables.FCT_EMPLOYEE_BENEFITS, 0L));
        assertThat(pinned.derived(Tables.FCT_EMPLOYEE_BENEFITS, "total", TOTAL, total)).contains(expected);
        assertThat(computed).as("a pinned read").hasValue(4);
        assertThat(Files.readString(kept)).as("kept for the latest state only").contains("\"state\":\"1@").contains("173.50");
    }
}
