package com.sportdata.benefits.cli;

import com.sportdata.benefits.bronze.BronzeIngestion;
import com.sportdata.benefits.landing.LandingZone;
import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.catalog.LakeStorage;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.run.Chores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "landing", mixinStandardHelpOptions = true,
        description = {"The landing zone's rejected files: those a run could not read, still waiting in landing.",
                "  landing [rejected]                       each rejected file, why, since which run, acknowledged or not (read-only)",
                "  landing ack --file LOCATION... | --all --reason TEXT",
                "                                           leave them in landing without hearing of them again: runs skip them"
                        + " until their content changes (a new delivery is read, and alerted if rejected)"})
final class LandingCommand extends LakeCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "rejected|ack", defaultValue = "rejected")
    String action;
    @Option(names = "--file", paramLabel = "LOCATION", description = "a rejected file as listed, e.g. landing/hr/hr.xlsx (repeatable)")
    List<String> files = new ArrayList<>();
    @Option(names = "--all", description = "every rejected file not yet acknowledged")
    boolean all;
    @Option(names = "--reason", paramLabel = "TEXT", description = "why they stay (recorded with who and when)")
    String reason;

    @Override
    boolean writes() {
        return "ack".equals(action);
    }

    @Override
    int execute(LakeLock lock) {
        // the ingestion log and the acknowledgements are read by Delta Kernel: listing the rejected files starts no Spark
        List<BronzeIngestion.Rejected> rejected = BronzeIngestion.rejectedInLanding(new LandingZone(paths(),
                LakeStorage.hadoopConfiguration(config)), ops(Tables.INGESTION_LOG), ops(Tables.ACKNOWLEDGEMENTS));
        switch (action) {
            case "rejected" -> {
                if (!files.isEmpty() || all || reason != null) {
                    throw new Cli.UsageProblem("--file, --all and --reason go with `landing ack`");
                }
                out().print(render(rejected));
            }
            case "ack" -> {
                if (files.isEmpty() == !all) {
                    throw new Cli.UsageProblem("`landing ack` needs --file LOCATION (repeatable) or --all");
                }
                if (reason == null || reason.isBlank()) {
                    throw new Cli.UsageProblem("`landing ack` needs --reason \"why the file stays\" (it is recorded)");
                }
                List<String> unknown = files.stream().filter(f -> rejected.stream().noneMatch(r -> r.location().equals(f))).toList();
                if (!unknown.isEmpty()) {
                    throw new Cli.UsageProblem("not a rejected file in landing: " + String.join(", ", unknown) + "\n" + render(rejected));
                }
                List<BronzeIngestion.Rejected> chosen = rejected.stream().filter(r -> all ? !r.acknowledged() : files.contains(r.location()))
                        .toList();
                if (chosen.isEmpty()) {
                    out().println("nothing to acknowledge: every rejected file in landing already is");
                } else {
                    out().print(Chores.acknowledge(envelope(lock), chosen.stream().map(r -> BronzeIngestion.acknowledgement(r.file())).toList(),
                            reason));
                }
            }
            default -> throw new Cli.UsageProblem("unknown action '" + action + "': `landing rejected` or `landing ack`");
        }
        out().flush();
        return Cli.OK;
    }

    private String render(List<BronzeIngestion.Rejected> rejected) {
        if (rejected.isEmpty()) {
            return "no rejected file in landing\n";
        }
        StringBuilder out = new StringBuilder();
        for (BronzeIngestion.Rejected r : rejected) {
            out.append(r.location()).append(r.acknowledged() ? "   (acknowledged: skipped until its content changes)" : "")
                    .append("\n  rejected since run ").append(r.firstRejectedBy()).append(": ").append(r.error()).append('\n');
        }
        long open = rejected.stream().filter(r -> !r.acknowledged()).count();
        if (open > 0) {
            out.append(open).append(open == 1 ? " file" : " files").append(" not acknowledged: fix and deliver again, or `")
                    .append(paths().command("landing ack --all --reason \"why\"")).append("`\n");
        }
        return out.toString();
    }
}
