package com.sportdata.benefits.architecture;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README is a front door to docs/: every relative link of the README and of the docs pages lands — on a file that
 * exists and, with a {@code #anchor}, on a heading of that file (GitHub's anchors) — so moving a section cannot leave a
 * dead link behind.
 */
class DocsLinksTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    static List<Path> pages() throws Exception {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md") && !p.toString().contains("node_modules") && !p.toString().contains("/build/"))
                    .sorted().forEach(pages::add);
        }
        return pages;
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
    static String anchor(String heading) {
        return heading.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
    }

    static Set<String> anchors(Path page) throws Exception {
        Set<String> anchors = new HashSet<>();
        boolean fence = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                fence = !fence;
            } else if (!fence && line.matches("^#{1,6} .*")) {
                anchors.add(anchor(line.replaceFirst("^#+ ", "")));
            }
        }
        return anchors;
    }

    static List<String> deadLinks(Path page) throws Exception {
        List<String> dead = new ArrayList<>();
        boolean fence = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                fence = !fence;
                continue;
            }
            if (fence) {
                continue;
            }
            Matcher m = LINK.matcher(line);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^(https?|mailto|data):.*")) {
                    continue;
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String fragment = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    dead.add(target + " (no " + ROOT.relativize(resolved) + ")");
                } else if (fragment != null && !anchors(resolved).contains(fragment)) {
                    dead.add(target + " (no heading #" + fragment + " in " + ROOT.relativize(resolved) + ")");
                }
            }
        }
        return dead;
    }

    @Test
    void every_link_of_the_readme_and_the_docs_lands() throws Exception {
        for (Path page : pages()) {
            assertThat(deadLinks(page)).as("dead links in %s", ROOT.relativize(page)).isEmpty();
        }
    }

    @Test
    void the_readme_is_a_front_door_that_links_every_page_of_docs() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme.lines().count()).as("the README stays what a newcomer reads in five minutes").isLessThan(150);
        assertThat(readme).contains("scripts/demo").contains("mvn -B verify").contains("scripts/demo --tour").contains("![");
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            for (Path page : docs.filter(p -> p.toString().endsWith(".md")).toList()) {
                assertThat(readme).as("the README links %s", page.getFileName()).contains("](docs/" + page.getFileName() + ")");
            }
        }
    }

    @Test
    void a_dead_link_or_a_missing_heading_is_caught(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path page = dir.resolve("page.md");
        Files.writeString(page, "# Title\n\n## Running on S3 / MinIO\n\n[ok](#running-on-s3--minio) [self](page.md#title) [gone](nowhere.md)"
                + " [wrong](#running-on-s3) [web](https://example.org)\n```\n[in code](nowhere.md)\n```\n");
        assertThat(deadLinks(page)).hasSize(2).anyMatch(d -> d.startsWith("nowhere.md")).anyMatch(d -> d.startsWith("#running-on-s3 "));
    }
}
