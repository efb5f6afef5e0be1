package com.sportdata.benefits.cli;

import com.sportdata.benefits.config.ConfigLoader;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.run.Lineage;
import com.sportdata.benefits.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** The stage graph of each command and the table lineage, from the code (run/Lineage): what docs/diagrams are drawn from. */
@Command(name = "lineage", mixinStandardHelpOptions = true,
        description = {"The stage graph of each command and every table with its inputs, writer, write mode, grain and checks, as the"
                + " code declares them. Needs no lake (it starts a local Spark to build the checks as the runner does).",
                "  --format json (default) | tables-dot | commands-dot, or --out DIR for lineage.json, tables.dot and commands.dot"})
final class LineageCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--format", paramLabel = "json|tables-dot|commands-dot", description = "what to print (default json)")
    String format = "json";
    @Option(names = "--out", paramLabel = "DIR", description = "write lineage.json, tables.dot and commands.dot into DIR instead")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (out == null && !java.util.List.of("json", "tables-dot", "commands-dot").contains(format)) {
            spec.commandLine().getErr().println("error: --format is json, tables-dot or commands-dot, not '" + format + "'");
            return Cli.USAGE;
        }
        AppConfig config = ConfigLoader.load(java.util.List.of(), Map.of("spark.master", "local[1]"));
        // the session is not stopped here: in the product's JVM it ends with the command (a test's is shared)
        SparkSession spark = SparkSessions.create(config.spark());
        Lineage.Graph graph = Lineage.of(spark, config);
        if (out != null) {
            Files.createDirectories(out);
            Files.writeString(out.resolve("lineage.json"), graph.json(), StandardCharsets.UTF_8);
            Files.writeString(out.resolve("tables.dot"), graph.tablesDot(), StandardCharsets.UTF_8);
            Files.writeString(out.resolve("commands.dot"), graph.commandsDot(), StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("wrote lineage.json, tables.dot and commands.dot to " + out);
        } else {
            spec.commandLine().getOut().print(switch (format) {
                case "tables-dot" -> graph.tablesDot();
                case "commands-dot" -> graph.commandsDot();
                default -> graph.json();
            });
        }
        spec.commandLine().getOut().flush();
        return Cli.OK;
    }
}
