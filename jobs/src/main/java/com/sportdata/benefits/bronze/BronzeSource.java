package com.sportdata.benefits.bronze;

import com.sportdata.benefits.landing.UnreadableFileException;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.landing.LandingFile;
import com.sportdata.benefits.landing.LandingZone;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * One kind of landing file and the bronze table it lands in. {@link #read} returns the file's rows as
 * received, in {@link #schema()}, or throws {@link UnreadableFileException}.
 */
public interface BronzeSource {
    TableId target();

    /** Business columns as received (bronze adds the {@code _} lineage columns). */
    StructType schema();

    Dataset<Row> read(SparkSession spark, LandingZone zone, LandingFile file);

    /**
     * Whether {@link #read} builds its rows on the driver (an xlsx sheet): then they are cached once for the count,
     * the checks and the write, instead of being sent to the executors again by each of them. A file Spark reads
     * itself is read again instead, in parallel splits, and holds no memory.
     */
    default boolean builtOnDriver() {
        return false;
    }
}
