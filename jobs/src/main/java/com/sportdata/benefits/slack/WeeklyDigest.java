package com.sportdata.benefits.slack;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.pipeline.TableWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

/**
 * {@code digest}: the week's emulation post — activities and distance by BU, the most active BU, and who
 * earned their wellness days that week (names only). One post per week: its event id is the week, so
 * running the digest again for the same week posts nothing more.
 */
public final class WeeklyDigest {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRANCE);

    private final SparkSession spark;
    private final TableWriter writer;

    public WeeklyDigest(SparkSession spark, LakePaths paths) {
        this.spark = spark;
        this.writer = new TableWriter(spark, paths);
    }

    /** Activities and distance of one BU in the week. */
    public record BuLine(String bu, long activities, BigDecimal distanceKm) {
    }

    public record Digest(LocalDate from, LocalDate to, List<BuLine> byBu, List<String> newWellnessEarners, String text) {
        public String eventId() {
            return "digest-" + from + "-" + to;
        }
    }

    /** The digest of the 7 days ending on {@code lastDay} (inclusive). */
    public Digest of(LocalDate lastDay) {
        if (!writer.exists(Tables.ACTIVITIES) || !writer.exists(Tables.EMPLOYEES)) {
            throw new IllegalStateException("no activities yet: run the pipeline first");
        }
        LocalDate from = lastDay.minusDays(6);
        Dataset<Row> employees = writer.read(Tables.EMPLOYEES);
        Dataset<Row> week = writer.read(Tables.ACTIVITIES)
                .filter(col("activity_date").between(Date.valueOf(from), Date.valueOf(lastDay)));
        List<BuLine> byBu = week.join(employees.select("employee_id", "bu"), "employee_id")
                .groupBy("bu").agg(count(lit(1)).as("n"), coalesce(sum("distance_km"), lit(0.0)).as("km"))
                .orderBy(col("n").desc(), col("bu")).collectAsList().stream()
                .map(r -> new BuLine(r.getString(0), r.getLong(1), BigDecimal.valueOf(r.getDouble(2)).setScale(1, RoundingMode.HALF_UP)))
                .toList();
        List<String> earners = !writer.exists(Tables.FCT_EMPLOYEE_BENEFITS) ? List.of()
                : writer.read(Tables.FCT_EMPLOYEE_BENEFITS)
                .filter(col("wellness_earned_date").between(Date.valueOf(from), Date.valueOf(lastDay)))
                .join(employees.select("employee_id", "first_name", "last_name"), "employee_id")
                .orderBy("last_name", "first_name").collectAsList().stream()
                .map(r -> MessageTemplates.escape(r.<String>getAs("first_name") + " " + r.<String>getAs("last_name")))
                .toList();
        return new Digest(from, lastDay, byBu, earners, text(from, lastDay, byBu, earners));
    }

    private static String text(LocalDate from, LocalDate to, List<BuLine> byBu, List<String> earners) {
        DecimalFormat km = new DecimalFormat("#,##0.#", DecimalFormatSymbols.getInstance(Locale.FRANCE));
        StringBuilder out = new StringBuilder("📊 *La semaine sportive du ").append(DAY.format(from)).append(" au ").append(DAY.format(to))
                .append("*\n");
        if (byBu.isEmpty()) {
            out.append("Pas d'activité cette semaine… la prochaine sera la bonne ! 💪\n");
        }
        for (BuLine line : byBu) {
            out.append("• ").append(MessageTemplates.escape(line.bu())).append(" : ").append(line.activities())
                    .append(line.activities() > 1 ? " activités, " : " activité, ").append(km.format(line.distanceKm())).append(" km\n");
        }
        if (!byBu.isEmpty()) {
            out.append("🏆 BU la plus active : ").append(MessageTemplates.escape(byBu.get(0).bu())).append(" (")
                    .append(byBu.get(0).activities()).append(" activités) — bravo à toute l'équipe !\n");
        }
        if (!earners.isEmpty()) {
            out.append("🎉 Nouveaux jours bien-être gagnés : ").append(String.join(", ", earners)).append(" !\n");
        }
        return out.toString().strip();
    }

    /** The digest as a post for the activities channel. */
    public static Post post(Digest digest) {
        return new Post(digest.eventId(), Post.Channel.ACTIVITIES, "DIGEST", digest.text(),
                Payloads.json(Payloads.of(digest.eventId(), digest.text(), null, digest.text())), 0, false);
    }
}
