package com.sportdata.benefits.cli;

import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.report.Explanation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The chain behind one employee's figures, or a BU's cost, in plain words (report/Explanation). */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Why an employee gets, or does not get, the bonus and the wellness days of a year: declared mode, distance with its"
                + " provider and confidence, the limit, the activities counted and those quarantined with their reasons, the rules in"
                + " force and the run, inputs and versions behind the figures. Or what a BU's cost of a year is made of.",
                "  explain --employee ID [--year Y] [--with-personal-data]    explain --bu BU --year Y"})
final class ExplainCommand extends ReadOnlyCommand {
    @Option(names = "--employee", paramLabel = "ID", description = "the employee id (the HR file's)")
    String employee;
    @Option(names = "--bu", paramLabel = "BU", description = "a business unit, as the HR file names it")
    String bu;
    @Option(names = "--year", paramLabel = "Y", description = "the benefit year (default: the employee's latest)")
    String year;
    @Option(names = "--with-personal-data", description = "also show the name and the gross salary (HR only)")
    boolean personal;

    @Override
    int execute(LakeLock lock) {
        if ((employee == null) == (bu == null)) {
            throw new Cli.UsageProblem("explain takes --employee ID or --bu BU (one of them)");
        }
        Integer y = year == null ? null : Cli.wholeNumber("--year", year);
        if (bu != null && y == null) {
            throw new Cli.UsageProblem("explain --bu needs --year Y");
        }
        useParametersOfRecord(null);
        Explanation explanation = new Explanation(new TableWriter(spark(), paths()), config.rules());
        try {
            out().print(employee != null ? explanation.employee(Cli.wholeNumber("--employee", employee), y, personal) : explanation.bu(bu, y));
        } catch (Explanation.NotExplained e) {
            err().println("error: " + e.getMessage());
            return Cli.FAILED;
        }
        return Cli.OK;
    }
}
