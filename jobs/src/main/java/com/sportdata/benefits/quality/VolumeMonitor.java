package com.sportdata.benefits.quality;

import com.sportdata.benefits.config.AppConfig;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Volume anomalies that fit how each source arrives, compared like with like:
 * <ul>
 *   <li>a trickle feed (activities): the rows ingested on the run's day against the trailing median of the daily
 *   volumes of the days before it that received something, alerted only from a minimum absolute volume — a live
 *   drop of 5 activities after a 12-month history is normal, a day with 10× the usual rows is not;</li>
 *   <li>the same feed silent for too many days (the export stopped);</li>
 *   <li>a snapshot (HR, declarations, references): its rows against the previous snapshot of the same source.</li>
 * </ul>
 * Pure decisions on figures: the bronze ingestion gathers the figures from its ingestion log.
 */
public final class VolumeMonitor {
    private static final String WHY_SPIKE = "an unusual volume in a day often means a duplicated or replayed export";
    private static final String WHY_SILENT = "a feed that stopped means activities, wellness days and Slack posts are missing";
    private static final String WHY_SNAPSHOT = "a snapshot much smaller or larger than the previous one is usually a truncated or wrong file";

    private final AppConfig.Anomalies thresholds;

    public VolumeMonitor(AppConfig.Anomalies thresholds) {
        this.thresholds = thresholds;
    }

    /** Rows a feed received on one day. */
    public record Day(LocalDate day, long rows) {
    }

    /**
     * The day's volume of a trickle feed against the trailing median of the previous days with deliveries.
     *
     * @param history daily volumes before {@code today} (any order; days outside the window are ignored)
     */
    public CheckOutcome dailyVolume(String feed, LocalDate today, long todayRows, List<Day> history) {
        LocalDate from = today.minusDays(thresholds.volumeWindowDays());
        List<Long> window = history.stream().filter(d -> d.rows() > 0 && d.day().isBefore(today) && !d.day().isBefore(from))
                .map(Day::rows).sorted().toList();
        double maxRatio = 1 + thresholds.volumeMaxIncrease();
        String constraint = String.format(Locale.ROOT, "rows ingested in a day <= %.1f × trailing median of the last %d days (from %d rows)",
                maxRatio, thresholds.volumeWindowDays(), thresholds.volumeMinRows());
        String check = "daily volume of " + feed;
        if (window.isEmpty()) {
            return new CheckOutcome("anomaly", feed, check, Level.WARNING, CheckOutcome.Status.SKIPPED, constraint, (double) todayRows,
                    "no earlier delivery in the last " + thresholds.volumeWindowDays() + " days to compare with", WHY_SPIKE);
        }
        double median = quantile(window, 0.5);
        boolean spike = todayRows >= thresholds.volumeMinRows() && todayRows > median * maxRatio;
        String figures = String.format(Locale.ROOT, "%s ingested on %s: %d, usual %s–%s (trailing median %s over %d day%s with deliveries)",
                feed, today, todayRows, whole(quantile(window, 0.25)), whole(quantile(window, 0.75)), whole(median), window.size(),
                window.size() == 1 ? "" : "s");
        String message = spike ? figures + String.format(Locale.ROOT, ": %.1f× the median, more than the %.1f× allowed",
                todayRows / Math.max(median, 1), maxRatio) : null;
        return new CheckOutcome("anomaly", feed, check, Level.WARNING, spike ? CheckOutcome.Status.FAILED : CheckOutcome.Status.PASSED,
                constraint, (double) todayRows, message == null ? figures : message, WHY_SPIKE);
    }

    /** Whether a feed that used to deliver has been silent for {@code quality.anomalies.silent-feed-days} days. */
    public CheckOutcome silence(String feed, LocalDate today, Optional<LocalDate> lastDelivery) {
        String constraint = "a delivery at least every " + thresholds.silentFeedDays() + " days";
        String check = "deliveries of " + feed;
        if (lastDelivery.isEmpty()) {
            return new CheckOutcome("anomaly", feed, check, Level.WARNING, CheckOutcome.Status.SKIPPED, constraint, null,
                    "nothing delivered yet", WHY_SILENT);
        }
        long days = ChronoUnit.DAYS.between(lastDelivery.get(), today);
        boolean silent = days >= thresholds.silentFeedDays();
        String message = silent
                ? String.format(Locale.ROOT, "no %s file for %d days: the last one arrived on %s (alert after %d silent days)", feed, days,
                lastDelivery.get(), thresholds.silentFeedDays())
                : String.format(Locale.ROOT, "last %s delivery on %s (%d day%s ago)", feed, lastDelivery.get(), days, days == 1 ? "" : "s");
        return new CheckOutcome("anomaly", feed, check, Level.WARNING, silent ? CheckOutcome.Status.FAILED : CheckOutcome.Status.PASSED,
                constraint, (double) days, message, WHY_SILENT);
    }

    /** A new snapshot's rows against the previous snapshot of the same source. */
    public CheckOutcome snapshot(String source, long rows, OptionalLong previousRows) {
        double max = thresholds.snapshotMaxChange();
        String constraint = String.format(Locale.ROOT, "rows within ±%.0f %% of the previous snapshot", 100 * max);
        String check = "rows of a new " + source + " snapshot";
        if (previousRows.isEmpty()) {
            return new CheckOutcome("anomaly", source, check, Level.WARNING, CheckOutcome.Status.SKIPPED, constraint, (double) rows,
                    "first snapshot: nothing to compare with", WHY_SNAPSHOT);
        }
        long previous = previousRows.getAsLong();
        double change = previous == 0 ? (rows == 0 ? 0 : Double.POSITIVE_INFINITY) : (rows - previous) / (double) previous;
        boolean anomalous = Math.abs(change) > max;
        String message = String.format(Locale.ROOT, "%s rows: %d, previous snapshot %d (%+.1f %%%s)", source, rows, previous, 100 * change,
                anomalous ? String.format(Locale.ROOT, ", more than the ±%.0f %% allowed", 100 * max) : "");
        return new CheckOutcome("anomaly", source, check, Level.WARNING, anomalous ? CheckOutcome.Status.FAILED : CheckOutcome.Status.PASSED,
                constraint, (double) rows, message, WHY_SNAPSHOT);
    }

    /** Linear-interpolated quantile of sorted values. */
    static double quantile(List<Long> sorted, double q) {
        if (sorted.size() == 1) {
            return sorted.get(0);
        }
        double position = q * (sorted.size() - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(low + 1, sorted.size() - 1);
        return sorted.get(low) + (position - low) * (sorted.get(high) - sorted.get(low));
    }

    private static String whole(double v) {
        return String.valueOf(Math.round(v));
    }

    /** Daily volumes from (day, rows) pairs, summed per day. */
    public static List<Day> perDay(List<Day> deliveries) {
        java.util.TreeMap<LocalDate, Long> byDay = new java.util.TreeMap<>();
        deliveries.forEach(d -> byDay.merge(d.day(), d.rows(), Long::sum));
        List<Day> days = new ArrayList<>();
        byDay.forEach((day, rows) -> days.add(new Day(day, rows)));
        return days;
    }
}
