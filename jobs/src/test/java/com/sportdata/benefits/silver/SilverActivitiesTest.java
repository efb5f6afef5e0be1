package com.sportdata.benefits.silver;

import com.sportdata.benefits.bronze.BronzeSources;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SilverActivitiesTest extends SparkTest {
    private static final Timestamp AT = Timestamp.valueOf("2026-03-01 00:00:00");

    private static Object[] csv(String id, String employee, String start, String type, String meters, String end, String comment) {
        return row(id, employee, start, type, meters, end, comment, null, "landing/activities/a.csv", "sha1", AT, "r0", "h");
    }

    private static Object[] strava(Long id, Long athlete, String sportType, String startUtc, Long elapsed, Double meters, String corrupt) {
        return row(id, athlete, "Course du matin", sportType, sportType, startUtc, null, null, elapsed, elapsed, meters,
                "Footing le long du Lez", false, false, null, corrupt, null, "landing/activities/b.jsonl", "sha2", AT, "r0", "h");
    }

    private Map<String, Row> transform(List<Object[]> csvRows, List<Object[]> stravaRows) {
        Dataset<Row> employees = frame("employee_id BIGINT", row(100L), row(200L));
        RunContext run = RunContext.start("test", config(Map.of("pipeline.as-of-date", "2026-06-30")));
        Dataset<Row> out = new SilverActivities().transform(Map.of(
                Tables.ACTIVITIES_CSV, frame(BronzeSources.bronzeSchema(BronzeSources.ACTIVITIES_CSV), csvRows.toArray(Object[][]::new)),
                Tables.STRAVA_ACTIVITIES, frame(BronzeSources.bronzeSchema(BronzeSources.STRAVA_JSON), stravaRows.toArray(Object[][]::new)),
                Tables.EMPLOYEES, employees), run);
        return out.collectAsList().stream().collect(Collectors.toMap(r -> String.valueOf(r.<String>getAs("activity_id")), r -> r, (a, b) -> a));
    }

    @Test
    void unifies_the_csv_and_strava_shapes() {
        Map<String, Row> rows = transform(
                List.of(csv("1", "100.0", "2026-04-05 07:10:00", "Runing", "10800", "2026-04-05 07:56:00", "Sortie au Lez"),
                        csv("2", "200", "2026-04-06 18:00:00", "Escalade", "", "2026-04-06 19:30:00", null)),
                List.<Object[]>of(strava(3L, 100L, "Hike", "2026-05-01T06:00:00Z", 9000L, 12000.0, null)));
        Row run = rows.get("1");
        assertThat(run.<Long>getAs("employee_id")).isEqualTo(100L);
        assertThat(run.<String>getAs("sport")).isEqualTo("RUNNING");           // "Runing" normalised
        // 07:10 in Paris (summer time) is 05:10 UTC
        assertThat(run.<Timestamp>getAs("started_at")).isEqualTo(Timestamp.valueOf("2026-04-05 05:10:00"));
        assertThat(run.<Long>getAs("elapsed_s")).isEqualTo(46 * 60L);
        assertThat(run.<Double>getAs("distance_km")).isEqualTo(10.8);
        assertThat(run.<Date>getAs("activity_date")).isEqualTo(Date.valueOf("2026-04-05"));
        assertThat(run.<Integer>getAs("benefit_year")).isEqualTo(2026);
        assertThat(rows.get("2").<Double>getAs("distance_m")).isNull();       // climbing has no distance
        assertThat(rows.get("2").<Boolean>getAs("sport_has_distance")).isFalse();
        Row hike = rows.get("3");
        assertThat(hike.<String>getAs("sport")).isEqualTo("HIKING");
        assertThat(hike.<Timestamp>getAs("ended_at")).isEqualTo(Timestamp.valueOf("2026-05-01 08:30:00"));
        assertThat(hike.<String>getAs("comment")).isEqualTo("Footing le long du Lez");
        assertThat(hike.<String>getAs("source_format")).isEqualTo("strava_json");
        assertThat(rows).isNotEmpty();
        rows.values().forEach(r -> assertThat(r.getList(r.fieldIndex(TableJob.REJECT_REASONS))).isEmpty());
    }

    @Test
    void rejects_what_cannot_be_an_activity_and_says_why() {
        Map<String, Row> rows = transform(List.of(
                        csv("10", "999", "2026-04-05 07:10:00", "Runing", "5000", "2026-04-05 07:40:00", null),
                        csv("11", "100", "2026-04-09 07:10:00", "Runing", "5000", "2026-04-09 06:40:00", null),
                        csv("12", "100", "2026-04-10 07:10:00", "Runing", "-5", "2026-04-10 07:40:00", null),
                        csv("13", "100", "2026-08-05 07:10:00", "Runing", "5000", "2026-08-05 07:40:00", null),
                        csv("14", "100", "2026-04-11 07:10:00", "Curling", "", "2026-04-11 07:40:00", null),
                        csv("15", "100", "hier matin", "Runing", "5000", "2026-04-05 07:40:00", null),
                        csv("16", "100", "2026-04-07 07:10:00", "Runing", "5000", "2026-04-07 07:40:00", null),
                        csv("16", "100", "2026-04-08 07:10:00", "Runing", "5000", "2026-04-08 07:40:00", null)),
                List.<Object[]>of(strava(null, null, null, null, null, null, "{\"id\": 17, oops")));
        assertThat(reasons(rows.get("10"))).containsExactly("employee 999 is not in the HR file");
        assertThat(reasons(rows.get("11"))).containsExactly("ends before it starts");
        assertThat(reasons(rows.get("12"))).containsExactly("negative distance");
        assertThat(reasons(rows.get("13"))).containsExactly("dated after the run's as-of date 2026-06-30");
        assertThat(reasons(rows.get("14"))).containsExactly("unknown sport 'Curling': not in the sport catalogue; declare \"curling\" = <one of its sports> in activities.sport-aliases");
        assertThat(reasons(rows.get("15"))).containsExactly("start date missing or unreadable: 'hier matin'");
        assertThat(reasons(rows.get("null"))).containsExactly("malformed JSON line: {\"id\": 17, oops");
        // the same id twice in one file: which one is right cannot be known, both are quarantined
        assertThat(reasons(rows.get("16"))).containsExactly("activity id appears more than once in the same file");
    }

    @Test
    void an_activity_overlapping_any_earlier_valid_one_is_quarantined_so_the_published_ones_never_overlap() {
        Map<String, Row> rows = transform(List.of(
                        // A 08:00-10:00; B (unknown sport, rejected) 09:00-09:30 sits between; C 09:45 overlaps A, not B
                        csv("A", "100", "2026-04-05 08:00:00", "Runing", "5000", "2026-04-05 10:00:00", null),
                        csv("B", "100", "2026-04-05 09:00:00", "Curling", "", "2026-04-05 09:30:00", null),
                        csv("C", "100", "2026-04-05 09:45:00", "Runing", "5000", "2026-04-05 11:00:00", null),
                        // D 08:00-09:00; E 08:30-12:00 overlaps D; F 10:00-11:00 starts after D ended but inside E
                        csv("D", "200", "2026-04-06 08:00:00", "Runing", "5000", "2026-04-06 09:00:00", null),
                        csv("E", "200", "2026-04-06 08:30:00", "Tennis", "", "2026-04-06 12:00:00", null),
                        csv("F", "200", "2026-04-06 10:00:00", "Tennis", "", "2026-04-06 11:00:00", null),
                        csv("G", "200", "2026-04-06 12:00:00", "Tennis", "", "2026-04-06 13:00:00", null)),
                List.of());
        assertThat(reasons(rows.get("A"))).isEmpty();
        assertThat(reasons(rows.get("B"))).containsExactly("unknown sport 'Curling': not in the sport catalogue; declare \"curling\" = <one of its sports> in activities.sport-aliases");
        assertThat(reasons(rows.get("C"))).containsExactly("overlaps activity A of the same employee");
        assertThat(reasons(rows.get("D"))).isEmpty();
        assertThat(reasons(rows.get("E"))).containsExactly("overlaps activity D of the same employee");
        assertThat(reasons(rows.get("F"))).containsExactly("overlaps activity E of the same employee");
        assertThat(reasons(rows.get("G"))).as("starts as E ends").isEmpty();
    }

    private static List<String> reasons(Row row) {
        return row.getList(row.fieldIndex(TableJob.REJECT_REASONS));
    }
    @Test
    void an_activity_deleted_on_strava_leaves_silver_through_its_tombstone() {
        Timestamp later = Timestamp.valueOf("2026-05-02 00:00:00");
        Object[] tombstone = row(31L, 100L, null, null, null, null, null, null, null, null, null, null, null, null, true, null, null,
                "landing/activities/strava_event_31_1777680000_deleted.jsonl", "sha3", later, "r1", "h");
        Map<String, Row> rows = transform(List.of(), List.of(strava(31L, 100L, "Run", "2026-05-01T06:00:00Z", 1800L, 5000.0, null),
                strava(32L, 100L, "Run", "2026-05-01T09:00:00Z", 1800L, 5000.0, null), tombstone));
        assertThat(rows).containsOnlyKeys("32");                      // neither published nor quarantined: gone
        assertThat(reasons(rows.get("32"))).isEmpty();
    }
}
