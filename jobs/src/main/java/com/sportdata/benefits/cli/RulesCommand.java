package com.sportdata.benefits.cli;

import com.sportdata.benefits.register.OfRecord;
import com.sportdata.benefits.register.Parameters;
import com.sportdata.benefits.register.RegisterView;
import com.sportdata.benefits.register.RulesRegister;
import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.run.Chores;
import com.sportdata.benefits.run.RulesChange;
import com.sportdata.benefits.history.Acknowledgements;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rules", mixinStandardHelpOptions = true,
        description = {"The rules register: the parameters of record of every published benefit year.",
                "  rules [show]                      per year: parameters, hash, since when, why (read-only)",
                "  rules ack --reason TEXT            keep the years of record whose values the defaults in conf/ no longer give,"
                        + " and stop saying so (until a value changes)",
                "  rules set --from A [--to B] --set KEY=VALUE --reason TEXT [--dry-run]",
                "                                    record a change, then backfill the years it touches (--dry-run: its cost"
                        + " per year and BU, nothing written). --to defaults to the last year of record.",
                "Parameters of record: rules.bonus.*, rules.wellness.* (per year); rules.period.*, commute.*, office.latitude,"
                        + " office.longitude, office.time-zone, pipeline.hr-snapshot (lake-wide: every year at once, no --from)."})
final class RulesCommand extends LakeCommand {
    @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "show|set|ack", defaultValue = "show")
    String action;
    @Option(names = "--from", paramLabel = "YEAR", description = "first benefit year the change applies to")
    Integer from;
    @Option(names = "--to", paramLabel = "YEAR", description = "last benefit year (default: the last year of record)")
    Integer to;
    @Option(names = "--reason", paramLabel = "TEXT", description = "why (recorded with the change)")
    String reason;
    @Option(names = "--dry-run", description = "print what the change would cost per year and BU; record and write nothing")
    boolean dryRun;

    @Override
    boolean writes() {
        return "set".equals(action) && !dryRun || "ack".equals(action);
    }

    @Override
    int execute(LakeLock lock) {
        switch (action) {
            case "show" -> {
                if (from != null || to != null || reason != null || dryRun) {
                    throw new Cli.UsageProblem("--from, --to, --reason and --dry-run go with `rules set`");
                }
                out().print(RegisterView.render(RulesRegister.history(ops(com.sportdata.benefits.catalog.Tables.RULES_REGISTER)), config));
                out().flush();
                return Cli.OK;
            }
            case "set" -> {
                com.typesafe.config.Config sets = OfRecord.userValues(config, common.userKeys());
                Parameters.requireOnlyParameters(common.overrides.keySet());
                if (sets.isEmpty()) {
                    throw new Cli.UsageProblem("rules set needs --set KEY=VALUE, e.g. --set rules.bonus.rate=0.06");
                }
                RulesChange.Result result = new RulesChange(envelope(lock)).apply(from, to, sets, reason, dryRun);
                out().print(result.render());
                out().flush();
                return Cli.OK;
            }
            case "ack" -> {
                if (from != null || to != null || dryRun || common.overrides.keySet().stream().anyMatch(Parameters::covers)) {
                    throw new Cli.UsageProblem("`rules ack` takes only --reason: it acknowledges every year of record whose values the"
                            + " defaults no longer give (see `rules show`)");
                }
                List<OfRecord.Note> notes = OfRecord.resolve(config, new RulesRegister(spark(), paths()).load(), Set.of(), null).notes();
                Set<Acknowledgements.Item> already = acknowledged(notes);
                List<Acknowledgements.Item> items = notes.stream().map(OfRecord.Note::item).filter(i -> !already.contains(i)).toList();
                if (items.isEmpty()) {
                    out().println("nothing to acknowledge: every year of record keeps values the defaults give too, set by `rules set`,"
                            + " or already acknowledged" + (already.isEmpty() ? "" : " (" + already.size() + ")"));
                    out().flush();
                    return Cli.OK;
                }
                if (reason == null || reason.isBlank()) {
                    throw new Cli.UsageProblem("`rules ack` needs --reason \"why the years keep their values\" (it is recorded)");
                }
                out().print(Chores.acknowledge(envelope(lock), items, reason));
                out().flush();
                return Cli.OK;
            }
            default -> throw new Cli.UsageProblem("unknown action '" + action + "': `rules show`, `rules set` or `rules ack`");
        }
    }
}
