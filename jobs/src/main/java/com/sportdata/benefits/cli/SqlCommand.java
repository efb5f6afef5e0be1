package com.sportdata.benefits.cli;

import com.sportdata.benefits.sql.LakeSql;
import com.sportdata.benefits.sql.SqlOutput;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.register.Parameters;
import com.sportdata.benefits.lock.LakeLock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.net.URI;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Spark SQL over the lake, read-only: every table as <layer>_<table> (gold_fct_employee_benefits, ops_run_ledger,"
                + " scenario_<name>_<table>), time travel with VERSION AS OF n / TIMESTAMP AS OF '…'. Without a statement, lists the"
                + " tables. A statement that would write is refused (exit 2)."})
final class SqlCommand extends ReadOnlyCommand {
    @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "STATEMENT", description = "one SQL statement (quote it)")
    String statement;
    @Option(names = "--format", paramLabel = "table|csv|json", description = "table (default, for a terminal), csv (RFC 4180) or json (one object per line)")
    String format = "table";
    @Option(names = "--output", paramLabel = "FILE", description = "write the rows to FILE (a path or URI) instead of the terminal")
    String output;
    @Option(names = "--limit", paramLabel = "N", description = "rows shown in table format (default 100)")
    String limit;


    @Override
    int execute(LakeLock lock) throws Exception {
        SqlOutput.Format chosen = SqlOutput.Format.parse(format);
        LakeSql sql = new LakeSql(spark(), paths());
        if (statement == null || statement.isBlank()) {
            sql.tables().forEach((name, location) -> out().println(name));
            return Cli.OK;
        }
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows;
        try {
            rows = sql.query(statement);
        } catch (LakeSql.Refused refused) {
            throw new Cli.UsageProblem(refused.getMessage());
        }
        int shown = limit == null ? 100 : Math.max(1, Cli.wholeNumber("--limit", limit));
        if (output == null) {
            SqlOutput.write(rows, chosen, shown, out());
            out().flush();
            return Cli.OK;
        }
        String target = LakePaths.location(output);
        out().println(SqlOutput.toFile(spark(), rows, chosen, target) + " rows written to " + target);
        return Cli.OK;
    }
}
