package com.sportdata.benefits.bi;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The checks that need Microsoft's own tools, run with Node ({@code powerbi/tools/check.mjs}): every PBIR/PBIP file
 * validates against its JSON schema in ../shared/powerbi-schemas (ajv), every M expression parses with
 * {@code @microsoft/powerquery-parser}, the report is what its layout script writes. The npm packages are installed
 * from the lock file when missing. Without Node or the schemas the test is skipped — except under {@code CI=true},
 * where it fails.
 */
class PowerBiToolsTest {
    private static final Path TOOLS = PowerBiModel.PROJECT.resolve("tools");
    private static final Path SCHEMAS = PowerBiModel.PROJECT.getParent().getParent().resolve("shared/powerbi-schemas");

    record Outcome(int code, String output) {
    }

    @BeforeAll
    static void prerequisites() throws Exception {
        require(Files.isDirectory(SCHEMAS.resolve("fabric")), "no PowerBI JSON schemas in " + SCHEMAS);
        require(run(List.of("node", "--version"), 30).code() == 0, "node is not on the PATH");
        if (!Files.isDirectory(TOOLS.resolve("node_modules/@microsoft/powerquery-parser"))) {
            Outcome npm = run(List.of("npm", "ci", "--prefix", TOOLS.toString(), "--no-audit", "--no-fund"), 300);
            require(npm.code() == 0, "`npm ci --prefix powerbi/tools` failed:\n" + npm.output());
        }
    }

    private static void require(boolean ok, String why) {
        if (ok) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(why + " (CI=true: the PowerBI checks must run)");
        }
        Assumptions.abort(why);
    }

    private static Outcome run(List<String> command, int seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("powerbi-check", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                    return new Outcome(-1, "timed out after " + seconds + " s: " + command);
                }
            } finally {
                p.destroyForcibly();
            }
            return new Outcome(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Outcome(-1, e.getMessage());
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Outcome check(Path project) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", TOOLS.resolve("check.mjs").toString(), "--schemas", SCHEMAS.toString()));
        if (project != null) {
            command.addAll(List.of("--project", project.toString()));
        }
        return run(command, 120);
    }

    @Test
    void the_project_validates_against_microsofts_schemas_and_parser() throws Exception {
        Outcome outcome = check(null);
        assertThat(outcome.code()).as(outcome.output()).isZero();
        assertThat(outcome.output()).containsPattern("6\\d JSON files validated against their schemas, 17 M expressions parsed");
    }

    @Test
    void a_visual_that_breaks_its_schema_and_an_m_expression_that_does_not_parse_fail_the_check() throws Exception {
        Path copy = Files.createTempDirectory("powerbi-mutated");
        try {
            copyTree(PowerBiModel.PROJECT, copy);
            Path visual = copy.resolve("SportBenefits.Report/definition/pages/vueEnsemble/visuals/carte1/visual.json");
            Files.writeString(visual, Files.readString(visual).replace("\"x\": 16", "\"x\": \"seize\""));
            Path bu = copy.resolve("SportBenefits.SemanticModel/definition/tables/BU.tmdl");
            Files.writeString(bu, Files.readString(bu).replace("Order.Ascending}})", "Order.Ascending}}"));
            Outcome outcome = check(copy);
            assertThat(outcome.code()).as(outcome.output()).isEqualTo(1);
            assertThat(outcome.output()).contains("visuals/carte1/visual.json: data/position/x must be number")
                    .contains("BU.tmdl:").contains("(partition source)")
                    .contains("carte1/visual.json: not what build-report.mjs writes");
        } finally {
            try (Stream<Path> files = Files.walk(copy)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(p -> !p.startsWith(from.resolve("tools"))).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
