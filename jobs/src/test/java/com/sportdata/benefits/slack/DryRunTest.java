package com.sportdata.benefits.slack;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.config.ConfigLoader;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/** A dry run posts nothing: its post can still go out for real later, and its console line reads as Slack shows it. */
class DryRunTest extends SparkTest {

    @Test
    void a_dry_run_post_is_not_recorded_as_posted_and_goes_out_once_a_webhook_is_set() {
        Outbox outbox = new Outbox(spark(), new LakePaths(newLake("dry-run").toString()));
        Post digest = new Post("digest-2026-W48", Post.Channel.ACTIVITIES, "DIGEST", "Semaine : R&D en tête",
                Payloads.json(Payloads.of("digest-2026-W48", "Semaine : R&amp;D en tête", "ctx", "Semaine : R&D en tête")), 0, false);
        Courier courier = new Courier(ConfigLoader.load(List.of(), Map.of()).slack(), new SdkWebhook(Duration.ofSeconds(1)), outbox);
        assertThat(outbox.enqueue(List.of(new Outbox.NewPost(digest, null, null, "digest")))).isOne();
        assertThat(courier.deliver(null, outbox.pending(Post.Channel.ACTIVITIES))).singleElement()
                .extracting(Courier.Delivery::outcome).isEqualTo(Courier.Outcome.DRY_RUN);
        outbox.fold();
        assertThat(state(outbox)).isEqualTo("DRY_RUN");
        // the same week's digest again: to deliver, not "already posted"
        assertThat(outbox.enqueue(List.of(new Outbox.NewPost(digest, null, null, "digest")))).isOne();
        assertThat(state(outbox)).isEqualTo("PENDING");
        assertThat(outbox.pending(Post.Channel.ACTIVITIES)).extracting(Post::eventId).containsExactly("digest-2026-W48");
        assertThat(outbox.rows().count()).isOne();
    }

    /**
     * A notifier killed while writing a journal note leaves it empty or cut short: the next fold skips it and applies
     * the others (the Slack soak drill found every later notifier failing on such a note, the outbox stuck).
     */
    @Test
    void a_journal_note_cut_short_by_a_kill_is_skipped_and_the_others_are_folded() throws Exception {
        LakePaths paths = new LakePaths(newLake("torn-note").toString());
        Outbox outbox = new Outbox(spark(), paths);
        Post digest = new Post("digest-2026-W49", Post.Channel.ACTIVITIES, "DIGEST", "Semaine",
                Payloads.json(Payloads.of("digest-2026-W49", "Semaine", "ctx", "Semaine")), 0, false);
        Courier courier = new Courier(ConfigLoader.load(List.of(), Map.of()).slack(), new SdkWebhook(Duration.ofSeconds(1)), outbox);
        assertThat(outbox.enqueue(List.of(new Outbox.NewPost(digest, null, null, "digest")))).isOne();
        courier.deliver(null, outbox.pending(Post.Channel.ACTIVITIES));
        java.nio.file.Path journal = java.nio.file.Path.of(java.net.URI.create(paths.slackJournal().startsWith("file:")
                ? paths.slackJournal() : "file://" + paths.slackJournal()));
        java.nio.file.Files.writeString(journal.resolve("9999999999999999998-000000001-digest-2026-W49.json"), "");
        java.nio.file.Files.writeString(journal.resolve("9999999999999999999-000000002-digest-2026-W49.json"), "{\"event_id\":\"dig");
        assertThat(outbox.fold()).isOne();
        Row row = outbox.rows().filter(col("event_id").equalTo("digest-2026-W49")).first();
        assertThat((String) row.getAs("state")).isEqualTo("DRY_RUN");
        assertThat(Outbox.parsedNote(new com.fasterxml.jackson.databind.ObjectMapper(), "{\"event_id\":\"x\",\"note\":\"SENT\"}"))
                .as("without its time and attempt").isNull();
    }

    private static String state(Outbox outbox) {
        Row row = outbox.rows().filter(col("event_id").equalTo("digest-2026-W48")).first();
        return row.getAs("state");
    }

    @Test
    void the_dry_run_console_shows_the_text_unescaped_and_each_team_sport_its_own_emoji() {
        assertThat(MessageTemplates.unescape(MessageTemplates.escape("R&D <équipe> & co"))).isEqualTo("R&D <équipe> & co");
        MessageTemplates templates = MessageTemplates.load();
        for (int i = 0; i < 30; i++) {
            String football = templates.render(event("f" + i, "FOOTBALL")).main();
            assertThat(football).contains("⚽").doesNotContain("🏀").doesNotContain("🏉").doesNotContain("{emoji}");
            String basketball = templates.render(event("b" + i, "BASKETBALL")).main();
            assertThat(basketball).contains("🏀").doesNotContain("⚽").doesNotContain("🏉");
            String rugby = templates.render(event("r" + i, "RUGBY")).main();
            assertThat(rugby).contains("🏉").doesNotContain("⚽").doesNotContain("🏀");
        }
    }

    private static ActivityEvent event(String id, String sport) {
        return new ActivityEvent(ActivityEvent.eventIdOf(id, 7), id, 7, "Léa", "Roux", sport, null, 5400L, null, LocalDate.of(2026, 11, 24));
    }
}
