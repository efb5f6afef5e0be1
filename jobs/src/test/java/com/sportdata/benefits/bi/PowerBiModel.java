package com.sportdata.benefits.bi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checks of the PowerBI project that Java can make: DAX and visual references resolve in the model,
 * relationships join columns of one type, and a model table's columns match the Delta schema it reads.
 * Each returns the problems found (empty = fine), so a test can show a mutated input is caught.
 */
public final class PowerBiModel {
    static final Path PROJECT = com.sportdata.benefits.testing.Wrapper.ROOT.resolve("powerbi");
    static final Path DEFINITION = PROJECT.resolve("SportBenefits.SemanticModel/definition");
    static final Path REPORT = PROJECT.resolve("SportBenefits.Report/definition");

    /** A field a DAX expression or a visual refers to: a column of a table, or a measure (table null). */
    record Ref(String table, String name) {
        boolean measure() {
            return table == null;
        }
    }

    /** A visual's binding: the page and visual it is on, and the field. */
    record Binding(String page, String visual, String kind, Ref ref) {
    }

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"]|\"\")*\"");
    private static final Pattern BRACKET = Pattern.compile("\\[([^\\]]+)\\]");
    private static final Pattern TABLE_BEFORE = Pattern.compile("(?:'((?:[^']|'')+)'|([A-Za-z_\\u00C0-\\u017F][\\w\\u00C0-\\u017F]*))$");

    private PowerBiModel() {
    }

    /** Every column ('T'[c], T[c]) and measure ([m]) a DAX expression names, string literals left out. */
    static List<Ref> daxRefs(String dax) {
        String code = STRING.matcher(dax).replaceAll("\"\"");
        List<Ref> refs = new ArrayList<>();
        Matcher m = BRACKET.matcher(code);
        while (m.find()) {
            Matcher table = TABLE_BEFORE.matcher(code.substring(0, m.start()));
            if (table.find()) {
                refs.add(new Ref(table.group(1) != null ? table.group(1).replace("''", "'") : table.group(2), m.group(1)));
            } else {
                refs.add(new Ref(null, m.group(1)));
            }
        }
        return refs;
    }

    static List<String> unresolved(Tmdl.Model model, String where, List<Ref> refs) {
        List<String> problems = new ArrayList<>();
        Set<String> measures = model.measures().keySet();
        for (Ref ref : refs) {
            if (ref.measure() ? !measures.contains(ref.name()) : model.column(ref.table(), ref.name()).isEmpty()) {
                problems.add(where + ": " + (ref.measure() ? "measure [" + ref.name() + "]" : "'" + ref.table() + "'[" + ref.name() + "]")
                        + " is not in the model");
            }
        }
        return problems;
    }

    /** Problems of the measures' DAX: references to columns or measures the model lacks. */
    static List<String> daxProblems(Tmdl.Model model) {
        List<String> problems = new ArrayList<>();
        model.tables().values().forEach(t -> t.measures().values().forEach(m ->
                problems.addAll(unresolved(model, "measure [" + m.name() + "]", daxRefs(m.expression())))));
        return problems;
    }

    /** Every field every visual of the report binds. */
    static List<Binding> bindings(Path report) {
        List<Binding> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.walk(report.resolve("pages"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals("visual.json")).sorted().toList()) {
                JsonNode visual = json.readTree(file.toFile());
                String page = file.getParent().getParent().getParent().getFileName().toString();
                visual.path("visual").path("query").path("queryState").fields().forEachRemaining(role -> {
                    for (JsonNode p : role.getValue().path("projections")) {
                        p.path("field").fields().forEachRemaining(f -> {
                            String entity = f.getValue().path("Expression").path("SourceRef").path("Entity").asText();
                            String property = f.getValue().path("Property").asText();
                            out.add(new Binding(page, visual.path("name").asText(), f.getKey(),
                                    new Ref(f.getKey().equals("Measure") ? null : entity, property)));
                            if (f.getKey().equals("Measure") && !entity.equals("Mesures")) {
                                out.add(new Binding(page, visual.path("name").asText(), "Column", new Ref(entity, "(measure outside Mesures)")));
                            }
                        });
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static List<String> visualProblems(Tmdl.Model model, List<Binding> bindings) {
        List<String> problems = new ArrayList<>();
        for (Binding b : bindings) {
            problems.addAll(unresolved(model, "page " + b.page() + ", visual " + b.visual(), List.of(b.ref())));
        }
        return problems;
    }

    /** Relationships whose columns are missing or of different types. */
    static List<String> relationshipProblems(Tmdl.Model model) {
        List<String> problems = new ArrayList<>();
        for (Tmdl.Relationship r : model.relationships()) {
            var from = model.column(r.fromTable(), r.fromColumn());
            var to = model.column(r.toTable(), r.toColumn());
            if (from.isEmpty() || to.isEmpty()) {
                problems.add("relationship " + r.name() + ": " + (from.isEmpty() ? r.fromTable() + "." + r.fromColumn() : r.toTable() + "."
                        + r.toColumn()) + " is not in the model");
            } else if (!from.get().dataType().equals(to.get().dataType())) {
                problems.add("relationship " + r.name() + ": " + from.get().dataType() + " → " + to.get().dataType());
            }
        }
        return problems;
    }

    /** The TMDL data type a Delta column must be bound as (PowerBI's import types). */
    static String tmdlType(DataType type) {
        if (type.equals(DataTypes.IntegerType) || type.equals(DataTypes.LongType) || type.equals(DataTypes.ShortType)
                || type.equals(DataTypes.ByteType)) {
            return "int64";
        }
        if (type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType)) {
            return "double";
        }
        if (type instanceof DecimalType) {
            return "decimal";
        }
        if (type.equals(DataTypes.StringType)) {
            return "string";
        }
        if (type.equals(DataTypes.BooleanType)) {
            return "boolean";
        }
        if (type.equals(DataTypes.DateType) || type.equals(DataTypes.TimestampType)) {
            return "dateTime";
        }
        return "unsupported " + type.simpleString();
    }

    /** A model table against the Delta schema its partition reads: every bound column exists with the type it is bound as. */
    /**
     * What would fail a refresh of the model on {@code lake}: a model table whose gold folder holds no Delta table (a
     * source error fails the whole dataset's refresh in the Service), or whose columns differ from its binding.
     */
    public static List<String> lakeProblems(org.apache.spark.sql.SparkSession spark, Path lake) {
        List<String> problems = new ArrayList<>();
        for (Tmdl.Table table : Tmdl.read(DEFINITION).tables().values()) {
            if (table.goldTable().isEmpty()) {
                continue;
            }
            Path folder = lake.resolve("gold").resolve(table.goldTable().get());
            if (!Files.isDirectory(folder.resolve("_delta_log"))) {
                problems.add(table.name() + ": no Delta table at " + folder);
                continue;
            }
            problems.addAll(contractProblems(table, spark.read().format("delta").load(folder.toUri().toString()).schema()));
        }
        return problems;
    }

    static List<String> contractProblems(Tmdl.Table table, StructType delta) {
        List<String> problems = new ArrayList<>();
        Map<String, StructField> fields = new java.util.LinkedHashMap<>();
        for (StructField f : delta.fields()) {
            fields.put(f.name(), f);
        }
        for (Tmdl.Column c : table.columns().values()) {
            StructField f = fields.get(c.sourceColumn());
            if (f == null) {
                problems.add(table.name() + "." + c.name() + ": source column " + c.sourceColumn() + " is not in the Delta table");
            } else if (!tmdlType(f.dataType()).equals(c.dataType())) {
                problems.add(table.name() + "." + c.name() + ": bound as " + c.dataType() + " but gold has " + f.dataType().simpleString()
                        + " (" + tmdlType(f.dataType()) + ")");
            }
        }
        return problems;
    }
}
