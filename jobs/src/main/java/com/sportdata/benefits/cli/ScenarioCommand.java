package com.sportdata.benefits.cli;

import com.sportdata.benefits.register.OfRecord;
import com.sportdata.benefits.register.RulesRegister;
import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.run.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = "Compute gold with other parameters (--set ...) into scenarios/NAME/ (official gold untouched) and compare per year and BU.")
final class ScenarioCommand extends LakeCommand {
    @Option(names = "--name", paramLabel = "NAME", description = "lower-case letters, digits, '-' or '_'")
    String name;

    @Override
    boolean writes() {
        return true;
    }

    @Override
    int execute(LakeLock lock) {
        Scenario.checkName(name);
        config = OfRecord.whatIf(config, new RulesRegister(spark(), paths()).load(), common.userKeys());
        Scenario.Result result = new Scenario(envelope(lock)).run(name);
        out().println(result.render());
        return Cli.OK;
    }
}
