package com.sportdata.benefits.cli;

import com.sportdata.benefits.catalog.PersonalData;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Where personal data lives, from the catalogue's classification (catalog/PersonalData): the README's inventory. */
@Command(name = "privacy", mixinStandardHelpOptions = true,
        description = "Where personal data lives: every table and output of a lake, the personal data it holds (names, salaries, birth"
                + " dates, home addresses), whether it has a row per employee and who may read it. Markdown; needs no lake.")
final class PrivacyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(PersonalData.inventory());
        spec.commandLine().getOut().flush();
        return Cli.OK;
    }
}
