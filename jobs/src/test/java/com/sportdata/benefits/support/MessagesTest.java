package com.sportdata.benefits.support;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The message bundles: one set of keys in every language, every key a page asks for present, plurals the language's way. */
class MessagesTest {

    @Test
    void every_language_has_the_same_keys_and_every_key_a_page_uses() throws IOException {
        Set<String> french = Messages.of(Language.FR).all().keySet();
        assertThat(Messages.of(Language.EN).all().keySet()).isEqualTo(french);
        Set<String> used = new TreeSet<>();
        for (String template : new String[] {"quality.ftlh", "dashboard.ftlh", "dashboard-personal.ftlh"}) {
            String text = resource("templates/" + template);
            Matcher m = Pattern.compile("(?:t|words)\\[\"([a-z0-9.-]+)\"]").matcher(text);
            while (m.find()) {
                used.add(m.group(1));
            }
            // keys built in the page from a prefix and a code: every code it shows has its text
            assertThat(text).doesNotContain("labels[").doesNotContain("reasons[");
        }
        assertThat(used).hasSizeGreaterThan(40);
        assertThat(french).containsAll(used);
        for (String code : new String[] {"OVER_DISTANCE_LIMIT", "DISTANCE_UNKNOWN", "ADDRESS_UNRESOLVED", "ADDRESS_POSTCODE_MISMATCH"}) {
            assertThat(french).contains("dashboard.reason." + code);
        }
        for (String measure : new String[] {"bonus_cost_eur", "wellness_value_eur", "total_cost_eur", "beneficiaries", "wellness_days"}) {
            assertThat(french).contains("dashboard.measure." + measure);
        }
    }

    @Test
    void figures_and_plurals_are_written_the_languages_way() {
        Messages fr = Messages.of(Language.FR);
        Messages en = Messages.of(Language.EN);
        assertThat(fr.text("report.summary", 1234L, 1L, 0L, 2L, 0L))
                .isEqualTo("1\u202f234 contrôles réussis, 1 avertissement, aucune erreur, 2 non évalués (sans historique) ; aucune ligne mise en quarantaine");
        assertThat(en.text("report.summary", 1234L, 1L, 0L, 2L, 1L))
                .isEqualTo("1,234 checks passed, 1 warning, no error, 2 skipped (no history); 1 row quarantined");
        assertThat(fr.text("report.outcome.failed", "r1", "ingest", "landing/hr/x.xlsx rejected"))
                .isEqualTo("L'exécution r1 a ÉCHOUÉ à l'étape ingest : landing/hr/x.xlsx rejected. Ce que cette étape aurait publié ne"
                        + " l'a pas été ; ce qu'elle a trouvé est ci-dessous.");
        assertThat(en.text("report.outcome.warned", "r2", 3L)).isEqualTo("Run r2 succeeded, with 3 warnings to look at below.");
        assertThat(fr.text("report.attention.rows", 1L)).isEqualTo("1 ligne ne le respecte pas.");
        // a text without figures is used as written, apostrophes included
        assertThat(fr.text("dashboard.kpi.adoption")).isEqualTo("Taux d'adoption");
        assertThatThrownBy(() -> fr.text("no.such.key")).hasMessageContaining("no.such.key").hasMessageContaining("messages_fr");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MessagesTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
