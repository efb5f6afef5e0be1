package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.quality.CheckOutcome;
import com.sportdata.benefits.quality.Level;
import com.sportdata.benefits.quality.QualityCheck;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What readers outside the product rely on (PowerBI's model, the BI export, the notebooks): a table's grain and its
 * columns with their types and nullability, declared beside the table's class. The runner checks the rows it is
 * about to publish against it before every write, on every lake: a renamed, retyped, missing or undeclared column
 * fails the table's publication (a failed Error check "schema matches the contract"), and each NOT NULL column is a
 * completeness check. Changing a declaration is a contract change: change powerbi/ in the same commit.
 *
 * @param schema the columns in DDL order; {@code nullable = false} for the NOT NULL ones
 */
public record TableContract(TableId table, String grain, StructType schema) {
    public static final String CHECK = "schema matches the contract";

    /** @param ddl the columns as Spark DDL, e.g. {@code "employee_id BIGINT NOT NULL, bonus_eur DECIMAL(12,2)"} */
    public static TableContract of(TableId table, String grain, String ddl) {
        return new TableContract(table, grain, StructType.fromDDL(ddl));
    }

    /** The columns as DDL without nullability: what a Delta table's schema is compared with. */
    public String columnsDdl() {
        return new StructType(Arrays.stream(schema.fields()).map(f -> new StructField(f.name(), f.dataType(), true, f.metadata()))
                .toArray(StructField[]::new)).toDDL();
    }

    public List<String> required() {
        return Arrays.stream(schema.fields()).filter(f -> !f.nullable()).map(StructField::name).toList();
    }

    /** What differs between the contract and {@code actual}: missing, retyped and undeclared columns (empty when it matches). */
    public List<String> problems(StructType actual) {
        Map<String, StructField> present = new LinkedHashMap<>();
        for (StructField f : actual.fields()) {
            present.put(f.name(), f);
        }
        List<String> problems = new ArrayList<>();
        for (StructField declared : schema.fields()) {
            StructField found = present.remove(declared.name());
            if (found == null) {
                problems.add(declared.name() + " " + declared.dataType().sql() + " is missing");
            } else if (!found.dataType().equals(declared.dataType())) {
                problems.add(declared.name() + " is " + found.dataType().sql() + ", the contract says " + declared.dataType().sql());
            }
        }
        present.values().forEach(f -> problems.add(f.name() + " " + f.dataType().sql() + " is not in the contract"));
        return problems;
    }

    /** The outcome of the schema check, as the quality report shows it (failed: an Error that stops the publication). */
    public CheckOutcome outcome(StructType actual) {
        List<String> problems = problems(actual);
        return new CheckOutcome(table.layer().folder(), table.name(), CHECK, Level.ERROR,
                problems.isEmpty() ? CheckOutcome.Status.PASSED : CheckOutcome.Status.FAILED, "columns and types of " + table,
                problems.isEmpty() ? 1.0 : 0.0, problems.isEmpty() ? null : String.join("; ", problems),
                "PowerBI, the BI export and the notebooks read these columns with these types (grain: " + grain + ")");
    }

    /** A completeness check per NOT NULL column. */
    public List<QualityCheck> checks() {
        return required().stream().map(c -> QualityCheck.error("contract: " + c + " not null", "declared NOT NULL in the contract of "
                + table + ": readers join and filter on it", QualityCheck.complete(c))).toList();
    }
}
