package com.sportdata.benefits.spark;

import com.sportdata.benefits.config.AppConfig;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * How many partitions a command's shuffles have, by the size of its data ({@code spark.shuffle-partition-mb}): a few
 * for a company of a few thousand employees (each more costs a task per stage for nothing), more when the activity
 * files grow, so that each sort, join and window partition of {@code silver.activities} stays a size the executors'
 * memory holds. The size is that of the activity files in landing, the same one {@link Codegen} decides by.
 */
public final class ShufflePartitions {
    private static final Logger LOG = LoggerFactory.getLogger(ShufflePartitions.class);
    static final String KEY = "spark.sql.shuffle.partitions";
    private static final long MB = 1024L * 1024L;

    private ShufflePartitions() {
    }

    /** The partitions for {@code activityBytes} of activity files, and why. */
    public static Decision decide(AppConfig.SparkSettings settings, LongSupplier activityBytes) {
        int least = settings.shufflePartitions();
        if (settings.shufflePartitionMb() == 0) {
            return new Decision(least, "spark.shuffle-partition-mb = 0");
        }
        long bytes = activityBytes.getAsLong();
        long perPartition = settings.shufflePartitionMb() * MB;
        long bySize = Math.min(10_000, (bytes + perPartition - 1) / perPartition);
        String size = String.format(Locale.ROOT, "%.1f MB of activity files", bytes / (double) MB);
        return bySize > least
                ? new Decision((int) bySize, size + ", one per spark.shuffle-partition-mb = " + settings.shufflePartitionMb())
                : new Decision(least, size + ", spark.shuffle-partitions = " + least + " hold them");
    }

    /** Sets the session's shuffle partitions as decided (a runtime setting: it applies from the next query on). */
    public static Decision apply(SparkSession spark, AppConfig.SparkSettings settings, LongSupplier activityBytes) {
        Decision decision = decide(settings, activityBytes);
        spark.conf().set(KEY, decision.partitions());
        LOG.info("{} shuffle partitions: {}", decision.partitions(), decision.reason());
        return decision;
    }

    public record Decision(int partitions, String reason) {
    }
}
