package com.sportdata.benefits.run;

import com.sportdata.benefits.register.Parameters;
import com.sportdata.benefits.support.Fingerprint;
import com.sportdata.benefits.catalog.Layer;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.support.ProductVersion;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.pipeline.LayerRunner;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.pipeline.TableWriter;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.min;

/**
 * Whether silver would be rebuilt exactly as it is: its inputs are at the Delta versions its last successful build
 * read (the run ledger has them), its own tables at the versions that build wrote (nobody wrote them since), the
 * product is the same commit and the settings that decide its content are the same. Then the stage is skipped,
 * with the reason in the ledger, and nothing is rewritten. Anything else — or {@code run --full} — rebuilds it.
 * (Gold decides year by year: {@link GoldYears}.)
 * Silver also depends on the as-of date (the quarantine of future-dated and out-of-window rows): a later date is
 * only accepted when provably nothing would move — no row would leave the window, no row waits for its date.
 */
final class Unchanged {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Unchanged.class);

    /**
     * Settings that decide no table's content, or only gold's per-year figures (checked year by year through the
     * rules hash of each year of record).
     */
    private static final List<String> NOT_CONTENT = List.of("pipeline.as-of-date", "pipeline.periods", "pipeline.incremental",
            "rules.register", "rules.register-version", "rules.bonus", "rules.wellness", "rules.changes");

    private Unchanged() {
    }

    /**
     * The last successful silver build, when its tables may be kept or updated in part: incremental runs on, and it
     * was made by this product version with the same content settings. Empty: rebuild every table.
     */
    static Optional<RunLedger.Entry> baseline(StageContext context) {
        if (!context.config().pipeline().incremental()) {
            return Optional.empty();
        }
        Optional<RunLedger.Entry> last = new RunLedger(context.spark(), context.paths(), "").lastSucceeded(SilverStage.NAME, List.of("run"));
        String commit = ProductVersion.current().gitCommit();
        if (last.isEmpty() || commit == null || commit.isBlank()) {
            return Optional.empty();
        }
        if (!commit.equals(last.get().gitCommit())) {
            LOG.info("silver is rebuilt whole: the product changed since run {} ({} → {})", last.get().runId(), last.get().gitCommit(), commit);
            return Optional.empty();
        }
        String before = content(last.get().configJson());
        String now = content(context.config().reproducibleJson());
        if (!before.equals(now)) {
            LOG.info("silver is rebuilt whole: settings that decide its content changed since run {}: {}", last.get().runId(),
                    differences(before, now));
            return Optional.empty();
        }
        return last;
    }

    /**
     * The reason silver need not be rebuilt at all, or empty when some table must be: every silver table's inputs are
     * at the versions its publication read ({@link LayerRunner#upToDate}); on a later as-of date, provided no row's
     * quarantine depends on the dates in between. {@code last}: the {@link #baseline}.
     */
    static Optional<String> silver(StageContext context, List<TableJob> jobs, Optional<RunLedger.Entry> last) {
        if (last.isEmpty()) {
            return Optional.empty();
        }
        TableWriter writer = context.writer();
        LocalDate now = context.run().asOfDate();
        Boolean dateFree = null;
        LocalDate since = null;
        for (TableJob job : jobs) {
            Optional<TableWriter.Lineage> lineage = writer.lineage(job.target());
            if (lineage.isEmpty()) {
                return Optional.empty();
            }
            LocalDate then = lineage.get().asOfDate();
            boolean moved = job.dependsOnAsOfDate() && !now.equals(then);
            if (moved && now.isBefore(then)) {
                return Optional.empty();
            }
            if (moved && dateFree == null) {
                dateFree = dateInsensitive(context, now);
                since = then;
            }
            if (!LayerRunner.upToDate(writer, job, lineage, now, moved && dateFree)) {
                return Optional.empty();
            }
        }
        return Optional.of("nothing new since run " + last.get().runId() + ": every silver table's inputs are at the versions it was"
                + " computed from" + (since == null ? "" : ", and no row's quarantine depends on the date from " + since + " to " + now));
    }

    /** The keys whose values differ between two rendered settings, with both values (the register's comparison). */
    static String differences(String before, String now) {
        return Parameters.parse(before).differences(Parameters.parse(now))
                .entrySet().stream().map(e -> e.getKey() + " (" + (e.getValue()[0] == null ? "absent" : e.getValue()[0]) + " → "
                        + (e.getValue()[1] == null ? "absent" : e.getValue()[1]) + ")")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** A hash of the settings that decide the content of the layers (per-year rules aside). */
    static String settingsHash(String json) {
        return Fingerprint.sha256(content(json), 16);
    }

    private static String content(String json) {
        if (json == null) {
            return "";
        }
        Config config = ConfigFactory.parseString(json);
        for (String key : NOT_CONTENT) {
            config = config.withoutPath(key);
        }
        return config.root().render(ConfigRenderOptions.concise());
    }

    /**
     * At date {@code now}, silver's quarantine would be the same: no valid activity leaves the benefit window, no
     * employee leaves the plausible age range, and nothing was quarantined for a date still to come.
     */
    private static boolean dateInsensitive(StageContext context, LocalDate now) {
        TableWriter writer = context.writer();
        var quality = context.config().quality();
        Row oldest = writer.read(Tables.ACTIVITIES).agg(min("activity_date")).first();
        if (!oldest.isNullAt(0) && oldest.getDate(0).toLocalDate().isBefore(now.minusDays(quality.activityMaxAgeDays()))) {
            return false;
        }
        Row eldest = writer.read(Tables.EMPLOYEES_HISTORY).agg(min("birth_date")).first();
        if (!eldest.isNullAt(0) && eldest.getDate(0).toLocalDate().isBefore(now.minusYears(quality.maxAgeYears()))) {
            return false;
        }
        if (!writer.exists(Tables.QUARANTINE)) {
            return true;
        }
        return writer.read(Tables.QUARANTINE).filter(exists(col("reasons"), r -> r.contains("as-of date").or(r.contains("in the future"))))
                .isEmpty();
    }
}
