package com.sportdata.benefits.catalog;

import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Delta Kernel reads what Spark wrote, value for value, without Spark: the read-only commands rely on it. */
class DeltaRowsTest extends SparkTest {
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("n", DataTypes.LongType)
            .add("i", DataTypes.IntegerType)
            .add("d", DataTypes.DoubleType)
            .add("b", DataTypes.BooleanType)
            .add("amount", DataTypes.createDecimalType(12, 2))
            .add("at", DataTypes.TimestampType)
            .add("day", DataTypes.DateType)
            .add("years", DataTypes.createArrayType(DataTypes.IntegerType))
            .add("versions", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType));

    @Test
    void kernel_reads_the_current_rows_spark_wrote_with_every_type_the_ops_tables_use() {
        Path lake = newLake("delta-rows");
        String path = lake.resolve("ops/t").toUri().toString();
        Timestamp at = Timestamp.valueOf("2026-03-01 10:15:30.123456");
        List<Row> rows = List.of(
                RowFactory.create("a", 1L, 2, 0.5, true, new BigDecimal("1234.56"), at, Date.valueOf("2026-02-28"),
                        List.of(2025, 2026), Map.of("gold/fct", 3L)),
                RowFactory.create("b", null, null, null, null, null, null, null, null, null));
        spark().createDataFrame(rows, SCHEMA).write().format("delta").save(path);
        // a second version replaces one row: only the current rows are read
        Dataset<Row> replaced = spark().read().format("delta").load(path).filter("id = 'a'")
                .union(spark().createDataFrame(List.of(RowFactory.create("c", 7L, 8, 9.0, false, new BigDecimal("0.10"), at,
                        Date.valueOf("2024-12-31"), List.of(), Map.of())), SCHEMA));
        replaced.localCheckpoint().write().format("delta").mode("overwrite").save(path);

        List<Record> kernel = new DeltaRows(spark().sparkContext().hadoopConfiguration()).read(path).stream()
                .sorted(Comparator.comparing((Record r) -> r.string("id"))).toList();
        List<Record> bySpark = spark().read().format("delta").load(path).orderBy("id").collectAsList().stream().map(Record::of).toList();

        assertThat(kernel).extracting(r -> r.string("id")).containsExactly("a", "c");
        assertThat(kernel).isEqualTo(bySpark);
        Record a = kernel.get(0);
        assertThat(a.<Timestamp>get("at")).isEqualTo(at);
        assertThat(a.date("day")).isEqualTo(java.time.LocalDate.of(2026, 2, 28));
        assertThat(a.<Integer>list("years")).containsExactly(2025, 2026);
        assertThat(a.<Long>map("versions")).containsEntry("gold/fct", 3L);
        assertThat(a.<BigDecimal>get("amount")).isEqualByComparingTo("1234.56");
        assertThat(new DeltaRows(spark().sparkContext().hadoopConfiguration()).read(lake.resolve("ops/none").toUri().toString())).isEmpty();
    }
}
