package com.sportdata.benefits.quality;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

/**
 * The rows behind a failed row-level check, for the people who review it: how many rows fail, and a few of them —
 * their key columns and the values the check looked at, never a personal field (names, address, birth date, salary,
 * the row as received). Only computed for failed checks, so a healthy run pays nothing.
 */
public final class FailingRows {
    /** Examples shown per failed check. */
    public static final int EXAMPLES = 5;
    /** Columns never shown, whatever the check: personal data and raw rows. */
    private static final Set<String> PERSONAL = Set.of("first_name", "last_name", "full_name", "birth_date", "street", "address",
            "home_address", "address_line", "address_key", "gross_salary_eur", "email", "phone", "row_as_received", "_raw_row", "_corrupt_record");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** How many rows fail and a few of them. */
    public record Sample(long rows, List<Map<String, String>> examples) {
    }

    private FailingRows() {
    }

    /** The failing rows of a row-level constraint on {@code frame}; empty for a constraint that is not about rows. */
    public static Optional<Sample> of(Dataset<Row> frame, Constraint constraint) {
        List<String> columns = Arrays.asList(frame.columns());
        Dataset<Row> failing;
        List<String> looked;
        if (constraint instanceof Constraint.Complete c) {
            failing = frame.filter(col(c.column()).isNull());
            looked = List.of(c.column());
        } else if (constraint instanceof Constraint.ContainedIn c) {
            failing = frame.filter(col(c.column()).isNotNull().and(not(col(c.column()).isin(c.values().toArray()))));
            looked = List.of(c.column());
        } else if (constraint instanceof Constraint.Satisfies c) {
            failing = frame.filter(not(coalesce(expr(c.predicate()), lit(false))));
            looked = referenced(c.predicate(), columns);
        } else if (constraint instanceof Constraint.Unique c) {
            Column[] keys = c.columns().stream().map(k -> col(k)).toArray(Column[]::new);
            failing = frame.groupBy(keys).agg(count(lit(1)).as("rows_with_this_key")).filter(col("rows_with_this_key").gt(1));
            List<String> shown = new ArrayList<>(c.columns());
            shown.add("rows_with_this_key");
            return Optional.of(sample(failing, visible(shown)));
        } else {
            return Optional.empty();
        }
        Set<String> shown = new LinkedHashSet<>();
        columns.stream().filter(c -> c.endsWith("_id") || c.equals("benefit_year")).forEach(shown::add);
        shown.addAll(looked);
        return Optional.of(sample(failing, visible(new ArrayList<>(shown))));
    }

    private static Sample sample(Dataset<Row> failing, List<String> shown) {
        long rows = failing.count();
        List<Map<String, String>> examples = new ArrayList<>();
        if (!shown.isEmpty()) {
            for (Row r : failing.select(shown.stream().map(c -> col(c)).toArray(Column[]::new)).limit(EXAMPLES).collectAsList()) {
                Map<String, String> example = new LinkedHashMap<>();
                for (int i = 0; i < shown.size(); i++) {
                    example.put(shown.get(i), r.isNullAt(i) ? "null" : String.valueOf(r.get(i)));
                }
                examples.add(example);
            }
        }
        return new Sample(rows, examples);
    }

    /** The frame's columns a SQL predicate names, in order (string literals left out). */
    static List<String> referenced(String predicate, List<String> columns) {
        String code = predicate.replaceAll("'(?:[^']|'')*'", "''");
        Set<String> found = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(code);
        while (m.find()) {
            String name = m.group();
            columns.stream().filter(c -> c.equalsIgnoreCase(name)).findFirst().ifPresent(found::add);
        }
        return new ArrayList<>(found);
    }

    private static List<String> visible(List<String> columns) {
        return columns.stream().filter(c -> !PERSONAL.contains(c.toLowerCase(Locale.ROOT))).toList();
    }
}
