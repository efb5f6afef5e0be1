package com.sportdata.benefits.slack;

import com.sportdata.benefits.catalog.LakeFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.pipeline.WriteMode;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.apache.spark.sql.functions.col;

/**
 * The Slack outbox ({@code ops.slack_outbox}): one row per event (grain: event_id), PENDING until delivered,
 * then SENT, DEAD or DRY_RUN, with attempts, the last HTTP status and error, and timestamps. Posts are
 * enqueued with a merge that only inserts absent event ids, so nothing — a replay, a re-run, a crash
 * between enqueue and checkpoint — can create a second post for the same event.
 * <p>
 * Each delivery attempt is journaled before the call and after it, one small file per note under
 * {@code ops/slack_journal/} (any Hadoop file system, S3 included); the journal is folded into the outbox
 * in one commit per batch. A post whose last note is "sending" was in flight when its process stopped:
 * it is sent again and flagged {@code possible_duplicate}.
 */
public final class Outbox implements Courier.Journal {
    public static final StructType SCHEMA = new StructType()
            .add("event_id", DataTypes.StringType, false)
            .add("channel", DataTypes.StringType)
            .add("kind", DataTypes.StringType)
            .add("text", DataTypes.StringType)
            .add("payload_json", DataTypes.StringType)
            .add("state", DataTypes.StringType)
            .add("dry_run", DataTypes.BooleanType)
            .add("attempts", DataTypes.IntegerType)
            .add("last_http_status", DataTypes.IntegerType)
            .add("last_error", DataTypes.StringType)
            .add("in_flight_since", DataTypes.TimestampType)
            .add("possible_duplicate", DataTypes.BooleanType)
            .add("activity_id", DataTypes.StringType)
            .add("employee_id", DataTypes.LongType)
            .add("run_id", DataTypes.StringType)
            .add("created_at", DataTypes.TimestampType)
            .add("updated_at", DataTypes.TimestampType)
            .add("sent_at", DataTypes.TimestampType);

    public enum State { PENDING, SENT, DEAD, DRY_RUN }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final SparkSession spark;
    private final TableWriter writer;
    private final String journalDir;

    public Outbox(SparkSession spark, LakePaths paths) {
        this.spark = spark;
        this.writer = new TableWriter(spark, paths);
        this.journalDir = paths.slackJournal();
    }

    /** A new post with its provenance, for {@link #enqueue}. */
    public record NewPost(Post post, String activityId, Long employeeId, String runId) {
    }

    /**
     * Inserts the posts whose event id is not in the outbox yet, and puts back to PENDING those that were only dry
     * runs (a dry run posted nothing: the week's real digest must still go out once a webhook is set). Returns how
     * many posts are now to deliver that were not before.
     */
    public long enqueue(List<NewPost> posts) {
        if (posts.isEmpty()) {
            return 0;
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Row> rows = posts.stream().map(p -> RowFactory.create(p.post().eventId(), p.post().channel().name(), p.post().kind(),
                p.post().text(), p.post().payloadJson(), State.PENDING.name(), false, 0, null, null, null, false, p.activityId(),
                p.employeeId(), p.runId(), now, now, null)).toList();
        Dataset<Row> incoming = spark.createDataFrame(rows, SCHEMA).dropDuplicates("event_id");
        long before = writer.exists(Tables.SLACK_OUTBOX) ? writer.read(Tables.SLACK_OUTBOX).count() : 0;
        long revived = before == 0 ? 0 : writer.read(Tables.SLACK_OUTBOX).filter(col("state").equalTo(State.DRY_RUN.name())
                .and(col("event_id").isin(posts.stream().map(p -> p.post().eventId()).distinct().toArray()))).count();
        writer.write(incoming, Tables.SLACK_OUTBOX, new WriteMode.Merge(List.of("event_id"), "t.state = '" + State.DRY_RUN.name() + "'",
                List.of()), "{\"reason\":\"enqueue " + rows.size() + " Slack posts\"}");
        return writer.read(Tables.SLACK_OUTBOX).count() - before + revived;
    }

    /** Posts of a channel still to deliver, oldest first (the journal folded in first). */
    public List<Post> pending(Post.Channel channel) {
        fold();
        if (!writer.exists(Tables.SLACK_OUTBOX)) {
            return List.of();
        }
        return writer.read(Tables.SLACK_OUTBOX)
                .filter(col("channel").equalTo(channel.name()).and(col("state").equalTo(State.PENDING.name())))
                .orderBy("created_at", "event_id").collectAsList().stream()
                .map(r -> new Post(r.getAs("event_id"), channel, r.getAs("kind"), r.getAs("text"), r.getAs("payload_json"),
                        r.<Integer>getAs("attempts"), !r.isNullAt(r.fieldIndex("in_flight_since"))))
                .toList();
    }

    public Dataset<Row> rows() {
        return writer.read(Tables.SLACK_OUTBOX);
    }

    public boolean exists() {
        return writer.exists(Tables.SLACK_OUTBOX);
    }

    @Override
    public void sending(Post post, int attempt) {
        ObjectNode note = JSON.createObjectNode().put("event_id", post.eventId()).put("note", "SENDING").put("attempt", attempt)
                .put("at", Instant.now().toString());
        journal(post.eventId(), note);
    }

    @Override
    public void concluded(Courier.Delivery d) {
        String state = switch (d.outcome()) {
            case SENT -> State.SENT.name();
            case DEAD -> State.DEAD.name();
            case DRY_RUN -> State.DRY_RUN.name();
            case DEFERRED -> State.PENDING.name();
        };
        ObjectNode note = JSON.createObjectNode().put("event_id", d.post().eventId()).put("note", state).put("attempt", d.attempts())
                .put("at", Instant.now().toString()).put("possible_duplicate", d.post().inFlight() && d.outcome() == Courier.Outcome.SENT);
        if (d.lastStatus() != null) {
            note.put("status", d.lastStatus());
        }
        if (d.lastError() != null) {
            note.put("error", d.lastError());
        }
        journal(d.post().eventId(), note);
    }

    private void journal(String eventId, ObjectNode note) {
        // names sort in the order the notes were taken: time, then a per-process sequence
        String name = String.format("%019d-%09d-%s.json", System.currentTimeMillis(), SEQUENCE.incrementAndGet(), eventId);
        try {
            FileSystem fs = fs();
            try (FSDataOutputStream out = fs.create(new Path(journalDir, name), false)) {
                out.write(JSON.writeValueAsBytes(note));
                out.hsync();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot journal the Slack delivery of " + eventId + " in " + journalDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies the journal to the outbox in one commit and removes the notes applied. Per event the last note
     * wins; a last note "SENDING" means the call was in flight when the process stopped.
     */
    public synchronized int fold() {
        List<FileStatus> notes;
        try {
            FileSystem fs = fs();
            Path dir = new Path(journalDir);
            if (!fs.exists(dir)) {
                return 0;
            }
            notes = new ArrayList<>(Arrays.asList(fs.listStatus(dir, p -> p.getName().endsWith(".json"))));
            notes.sort(Comparator.comparing(s -> s.getPath().getName()));
            Map<String, JsonNode> last = new LinkedHashMap<>();
            Map<String, Boolean> duplicate = new LinkedHashMap<>();
            for (FileStatus note : notes) {
                try (InputStream in = fs.open(note.getPath())) {
                    JsonNode node = parsedNote(JSON, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    if (node == null) {
                        // a process killed while writing it: the note's call is either not made yet (SENDING) or was
                        // made with its SENDING note before it (left PENDING in flight: sent again, flagged)
                        org.slf4j.LoggerFactory.getLogger(Outbox.class).warn("Slack delivery journal: {} is incomplete (a process"
                                + " stopped while writing it), ignored", note.getPath().getName());
                        continue;
                    }
                    last.put(node.get("event_id").asText(), node);
                    if (node.path("possible_duplicate").asBoolean(false)) {
                        duplicate.put(node.get("event_id").asText(), true);
                    }
                }
            }
            if (last.isEmpty() || !writer.exists(Tables.SLACK_OUTBOX)) {
                return 0;
            }
            Timestamp now = Timestamp.from(Instant.now());
            StructType updates = new StructType().add("event_id", DataTypes.StringType).add("state", DataTypes.StringType)
                    .add("attempts", DataTypes.IntegerType).add("last_http_status", DataTypes.IntegerType).add("last_error", DataTypes.StringType)
                    .add("in_flight_since", DataTypes.TimestampType).add("possible_duplicate", DataTypes.BooleanType)
                    .add("dry_run", DataTypes.BooleanType).add("updated_at", DataTypes.TimestampType).add("sent_at", DataTypes.TimestampType);
            List<Row> rows = last.values().stream().map(n -> {
                String note = n.get("note").asText();
                boolean inFlight = note.equals("SENDING");
                Timestamp at = Timestamp.from(Instant.parse(n.get("at").asText()));
                return RowFactory.create(n.get("event_id").asText(), inFlight ? State.PENDING.name() : note, n.get("attempt").asInt(),
                        n.has("status") ? n.get("status").asInt() : null, n.has("error") ? n.get("error").asText() : null,
                        inFlight ? at : null, duplicate.getOrDefault(n.get("event_id").asText(), false),
                        note.equals(State.DRY_RUN.name()), now, note.equals(State.SENT.name()) || note.equals(State.DRY_RUN.name()) ? at : null);
            }).toList();
            io.delta.tables.DeltaTable.forPath(spark, writer.paths().table(Tables.SLACK_OUTBOX)).as("t")
                    .merge(spark.createDataFrame(rows, updates).as("s"), "t.event_id = s.event_id")
                    .whenMatched().updateExpr(Map.of(
                            "state", "s.state", "attempts", "s.attempts", "last_http_status", "coalesce(s.last_http_status, t.last_http_status)",
                            "last_error", "s.last_error", "in_flight_since", "s.in_flight_since",
                            "possible_duplicate", "t.possible_duplicate OR s.possible_duplicate", "dry_run", "s.dry_run",
                            "updated_at", "s.updated_at", "sent_at", "coalesce(s.sent_at, t.sent_at)"))
                    .execute();
            for (FileStatus note : notes) {
                fs.delete(note.getPath(), false);
            }
            return last.size();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the Slack delivery journal " + journalDir + ": " + e.getMessage(), e);
        }
    }

    /** A journal note's fields, or null for a note cut short (empty, unparsable or without its fields). */
    static JsonNode parsedNote(ObjectMapper json, String text) {
        try {
            JsonNode node = json.readTree(text);
            return node != null && node.hasNonNull("event_id") && node.hasNonNull("note") && node.hasNonNull("at")
                    && node.hasNonNull("attempt") ? node : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private FileSystem fs() {
        return LakeFiles.fileSystem(spark, journalDir);
    }
}
