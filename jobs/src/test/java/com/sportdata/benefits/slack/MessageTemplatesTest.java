package com.sportdata.benefits.slack;

import com.sportdata.benefits.sport.Sport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MessageTemplatesTest {
    private static final MessageTemplates TEMPLATES = MessageTemplates.load();

    private static ActivityEvent event(String id, String sport, Double meters, long seconds, String comment) {
        return new ActivityEvent(ActivityEvent.eventIdOf(id, 7), id, 7, "Juliette", "Mendès", sport, meters, seconds, comment,
                LocalDate.of(2026, 11, 24));
    }

    @ParameterizedTest(name = "{0} {1} m {2} s → {3} / {4}")
    @CsvSource(delimiter = '|', value = {
            // sport      | meters  | seconds | distance shown | duration shown
            "RUNNING      | 10800   | 2760    | 10,8 km        | 46 min",
            "RUNNING      | 10000   | 3900    | 10 km          | 1 h 05",
            "HIKING       | 12340   | 14400   | 12,3 km        | 4 h",
            "CYCLING      | 42195   | 5430    | 42,2 km        | 1 h 31",
            "SWIMMING     | 1500    | 1800    | 1,5 km         | 30 min",
            "SAILING      | 18000   | 10800   | 18 km          | 3 h",
            "TRIATHLON    | 51500   | 9000    | 51,5 km        | 2 h 30",
            "HORSE_RIDING | 8000    | 3600    | 8 km           | 1 h",
            "WALKING      | 450     | 20      | 0,5 km         | 1 min"})
    void distance_sports_show_a_decimal_comma_distance_and_a_readable_duration(String sport, double meters, long seconds,
                                                                               String distance, String duration) {
        MessageTemplates.Message message = TEMPLATES.render(event("a-" + sport, sport, meters, seconds, null));
        assertThat(message.main()).contains("Juliette Mendès").contains(distance).doesNotContain(".");
        // every template names the duration, except the hiking line modelled on the business's own example
        assertThat(message.main().contains(duration) || Set.of("HIKING", "WALKING").contains(sport)).as(message.main()).isTrue();
        assertThat(message.main()).doesNotContain("{").doesNotContain("}");
        assertThat(message.context()).startsWith(Sport.valueOf(sport).label()).endsWith("mardi 24 novembre 2026");
        assertThat(message.fallback()).startsWith(message.main()).endsWith(message.context());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "TENNIS       | 3600 | 1 h",
            "TABLE_TENNIS | 2700 | 45 min",
            "BADMINTON    | 3000 | 50 min",
            "FOOTBALL     | 5400 | 1 h 30",
            "RUGBY        | 4800 | 1 h 20",
            "BASKETBALL   | 3600 | 1 h",
            "JUDO         | 5400 | 1 h 30",
            "BOXING       | 3600 | 1 h",
            "CLIMBING     | 7500 | 2 h 05"})
    void sports_without_distance_never_show_one_even_when_a_file_carries_it(String sport, long seconds, String duration) {
        MessageTemplates.Message message = TEMPLATES.render(event("b-" + sport, sport, 3000.0, seconds, null));
        assertThat(message.main()).contains("Juliette Mendès").contains(duration).doesNotContain("km").doesNotContain("{");
    }

    @Test
    void a_distance_sport_without_a_recorded_distance_uses_the_words_without_one() {
        MessageTemplates.Message message = TEMPLATES.render(event("c", "RUNNING", null, 1800, null));
        assertThat(message.main()).contains("30 min").doesNotContain("km").doesNotContain("{");
    }

    @Test
    void the_comment_is_quoted_escaped_and_bounded() {
        MessageTemplates.Message message = TEMPLATES.render(event("d", "HIKING", 10000.0, 10800,
                "Randonnée de St Guilhem le désert, je vous la conseille c'est top <@channel> & co\n"));
        assertThat(message.main()).contains("(\"Randonnée de St Guilhem le désert, je vous la conseille c'est top &lt;@channel&gt; &amp; co\")")
                .contains("💬").doesNotContain("<@channel>").doesNotContain("\n");
        assertThat(TEMPLATES.render(event("e", "HIKING", 10000.0, 10800, "   ")).main()).doesNotContain("(\"");
        assertThat(TEMPLATES.render(event("f", "HIKING", 10000.0, 10800, "x".repeat(1000))).main()).contains("x".repeat(279) + "…\")")
                .doesNotContain("x".repeat(280));
    }

    @Test
    void the_template_is_chosen_per_activity_deterministically_and_varies_between_activities() {
        ActivityEvent one = event("g-1", "RUNNING", 10800.0, 2760, null);
        assertThat(TEMPLATES.render(one)).isEqualTo(TEMPLATES.render(one));
        Set<String> variants = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            variants.add(TEMPLATES.render(event("g-" + i, "RUNNING", 10800.0, 2760, null)).main());
        }
        assertThat(variants).hasSizeGreaterThan(1);
        assertThat(variants).allMatch(v -> v.contains("🏃") || v.contains("🔥") || v.contains("👟"));
    }

    @Test
    void every_sport_has_words_and_an_emoji() {
        for (Sport sport : Sport.values()) {
            String main = TEMPLATES.render(event("h-" + sport, sport.name(), 5000.0, 3600, null)).main();
            assertThat(main).as(sport.name()).contains("Juliette Mendès").doesNotContain("{")
                    .matches(s -> s.codePoints().anyMatch(c -> c > 0x2000), "has an emoji");
        }
    }

    @Test
    void event_ids_depend_on_the_activity_only() {
        assertThat(ActivityEvent.eventIdOf("A1", 7)).isEqualTo(ActivityEvent.eventIdOf("A1", 7))
                .isNotEqualTo(ActivityEvent.eventIdOf("A2", 7)).isNotEqualTo(ActivityEvent.eventIdOf("A1", 8)).startsWith("act-");
    }
}
