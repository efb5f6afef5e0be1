package com.sportdata.benefits.architecture;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision records (docs/decisions, MADR): each has the template's sections and at least two options, and backs its
 * consequences with a figure the project measured — quoted as it stands in the documentation (README.md and docs/*.md),
 * so a record cannot cite a figure nobody measured, and a figure the documentation drops shows here.
 */
class DecisionRecordsTest {
    static final Path ROOT = Path.of("..");
    static final Path DECISIONS = ROOT.resolve("docs/decisions");

    static List<Path> records() throws Exception {
        try (Stream<Path> files = Files.list(DECISIONS)) {
            return files.filter(p -> p.getFileName().toString().matches("\\d{4}-[a-z0-9-]+\\.md")).sorted().toList();
        }
    }

    static String squeezed(String text) {
        return text.replaceAll("\\s+", " ");
    }

    /** What the slides read too: {@code Figure: `…`} or {@code Figure: `` … ``} (a figure holding a backtick). */
    static List<String> figures(String record) {
        return com.sportdata.benefits.run.Slides.cited(record);
    }

    @Test
    void every_significant_choice_has_a_record_listed_in_the_index() throws Exception {
        List<Path> records = records();
        assertThat(records).hasSizeGreaterThanOrEqualTo(10);
        String index = Files.readString(DECISIONS.resolve("README.md"));
        for (Path record : records) {
            assertThat(index).as("docs/decisions/README.md links %s", record.getFileName()).contains("(" + record.getFileName() + ")");
        }
        String all = String.join("\n", records.stream().map(p -> p.getFileName().toString()).toList());
        for (String topic : List.of("spark", "deequ", "orchestration", "storage", "rules-register", "slack", "distance", "powerbi", "lock",
                "privacy")) {
            assertThat(all).as("a record about %s", topic).contains(topic);
        }
    }

    @Test
    void every_record_follows_the_template_and_weighs_two_options_at_least() throws Exception {
        for (Path record : records()) {
            String text = Files.readString(record);
            assertThat(text).as(record.toString()).startsWith("# " + record.getFileName().toString().substring(0, 4) + " — ")
                    .contains("- Status: ").contains("## Context and Problem Statement").contains("## Considered Options")
                    .contains("## Decision Outcome").contains("Chosen: **").contains("### Consequences");
            String options = text.substring(text.indexOf("## Considered Options"), text.indexOf("## Decision Outcome"));
            assertThat(options.lines().filter(l -> l.startsWith("- ")).count()).as("options of %s", record).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void every_record_backs_its_consequences_with_a_figure_the_documentation_holds() throws Exception {
        StringBuilder docs = new StringBuilder(Files.readString(ROOT.resolve("README.md")));
        try (Stream<Path> pages = Files.list(ROOT.resolve("docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md") && !p.getFileName().toString().equals("presentation.md")).toList()) {
                docs.append('\n').append(Files.readString(page));
            }
        }
        String readme = squeezed(docs.toString());
        for (Path record : records()) {
            List<String> figures = figures(Files.readString(record));
            assertThat(figures).as("figures of %s", record.getFileName()).isNotEmpty();
            for (String figure : figures) {
                assertThat(readme).as("%s cites a figure the documentation does not hold", record.getFileName()).contains(figure);
            }
        }
    }

    @Test
    void a_figure_is_read_with_single_or_double_backticks_and_a_made_up_one_is_caught() {
        assertThat(figures("Figure: `nothing new 16.4 s`; Figure: `` `ScheduleIT` 67 s ``.")).containsExactly("nothing new 16.4 s",
                "`ScheduleIT` 67 s");
        assertThat(figures("Figure: `full run\n  in 3 s`")).containsExactly("full run in 3 s");
        assertThat(figures("no figure here")).isEmpty();
    }
}
