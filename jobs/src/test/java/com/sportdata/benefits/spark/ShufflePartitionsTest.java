package com.sportdata.benefits.spark;

import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.config.ConfigError;
import com.sportdata.benefits.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShufflePartitionsTest extends com.sportdata.benefits.testing.SparkTest {
    private static final long MB = 1024L * 1024L;

    private static AppConfig.SparkSettings settings(Map<String, String> overrides) {
        return ConfigLoader.load(List.of(), overrides).spark();
    }

    @Test
    void the_configured_partitions_hold_small_activity_files_and_one_per_mb_step_above() {
        AppConfig.SparkSettings sized = settings(Map.of("spark.shuffle-partitions", "4", "spark.shuffle-partition-mb", "64"));
        ShufflePartitions.Decision demo = ShufflePartitions.decide(sized, () -> 470_637L);
        assertThat(demo).isEqualTo(new ShufflePartitions.Decision(4, "0.4 MB of activity files, spark.shuffle-partitions = 4 hold them"));
        assertThat(ShufflePartitions.decide(sized, () -> 0L).partitions()).isEqualTo(4);
        assertThat(ShufflePartitions.decide(sized, () -> 4 * 64 * MB).partitions()).isEqualTo(4);
        // one byte over four partitions' worth: a fifth
        assertThat(ShufflePartitions.decide(sized, () -> 4 * 64 * MB + 1).partitions()).isEqualTo(5);
        // a million employees: 2.9 GB of activity files
        ShufflePartitions.Decision million = ShufflePartitions.decide(sized, () -> 2_969_000_000L);
        assertThat(million.partitions()).isEqualTo(45);
        assertThat(million.reason()).isEqualTo("2831.5 MB of activity files, one per spark.shuffle-partition-mb = 64");
        // Spark's own bound on partitions is far away; ours is 10 000, as for spark.shuffle-partitions
        assertThat(ShufflePartitions.decide(settings(Map.of("spark.shuffle-partition-mb", "1")), () -> 1L << 50).partitions()).isEqualTo(10_000);
    }

    @Test
    void zero_keeps_the_configured_partitions_without_listing_anything() {
        LongSupplier notListed = () -> {
            throw new AssertionError("the landing folder was listed for a fixed choice");
        };
        assertThat(ShufflePartitions.decide(settings(Map.of("spark.shuffle-partitions", "7", "spark.shuffle-partition-mb", "0")), notListed))
                .isEqualTo(new ShufflePartitions.Decision(7, "spark.shuffle-partition-mb = 0"));
    }

    @Test
    void applied_to_a_session_its_shuffles_have_that_many_partitions() {
        org.apache.spark.sql.SparkSession spark = spark();
        String before = spark.conf().get(ShufflePartitions.KEY);
        String adaptive = spark.conf().get("spark.sql.adaptive.enabled");
        try {
            spark.conf().set("spark.sql.adaptive.enabled", "false");
            ShufflePartitions.apply(spark, settings(Map.of("spark.shuffle-partitions", "2", "spark.shuffle-partition-mb", "1")), () -> 3 * MB);
            assertThat(spark.conf().get(ShufflePartitions.KEY)).isEqualTo("3");
            assertThat(spark.range(100).groupBy(org.apache.spark.sql.functions.col("id").mod(10)).count().rdd().getNumPartitions()).isEqualTo(3);
        } finally {
            spark.conf().set(ShufflePartitions.KEY, before);
            spark.conf().set("spark.sql.adaptive.enabled", adaptive);
        }
    }

    @Test
    void a_bad_value_is_refused_with_its_key() {
        assertThatThrownBy(() -> settings(Map.of("spark.shuffle-partition-mb", "-1"))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("spark.shuffle-partition-mb");
        assertThatThrownBy(() -> settings(Map.of("spark.shuffle-partition-mb", "many"))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("spark.shuffle-partition-mb");
    }
}
