package com.sportdata.benefits.cli;

import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.run.Slides;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The presentation's Markdown with its figures from a lake's last run (run/Slides); scripts/slides renders it. */
@Command(name = "slides", mixinStandardHelpOptions = true,
        description = "Fill the presentation (docs/presentation.md, Marp) with the figures of the lake's last run, the decision records'"
                + " figures and the diagrams (embedded): the Markdown scripts/slides renders to HTML and PDF.")
final class SlidesCommand extends ReadOnlyCommand {
    @Option(names = "--docs", paramLabel = "DIR", description = "the docs folder: presentation.md, decisions/, diagrams/ (default docs)")
    Path docs = Path.of("docs");
    @Option(names = "--out", paramLabel = "FILE", required = true, description = "the filled Markdown")
    Path out;

    @Override
    int execute(LakeLock lock) throws Exception {
        Path template = docs.resolve("presentation.md");
        if (!Files.isRegularFile(template)) {
            throw new Cli.UsageProblem("no presentation at " + template.toAbsolutePath() + " (--docs names the docs folder)");
        }
        useParametersOfRecord(null);
        String filled;
        try {
            filled = Slides.fill(Files.readString(template, StandardCharsets.UTF_8),
                    Slides.figures(new TableWriter(spark(), paths()), config.rules(), docs));
        } catch (IllegalArgumentException e) {
            err().println("error: " + e.getMessage());
            return Cli.FAILED;
        }
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(out, filled, StandardCharsets.UTF_8);
        out().println("presentation with the figures of " + paths().root() + ": " + out);
        return Cli.OK;
    }
}
