package com.sportdata.benefits.bi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A reader for the subset of TMDL the project writes (there is no TMDL library on Maven Central or npm): tables
 * with their columns, measures and partitions; relationships; roles with their table permissions. Indentation
 * (tabs) gives the nesting, {@code ///} lines are descriptions, names may be quoted ({@code 'Taux d''adoption'}),
 * an object's expression follows {@code =} on its line or on the more-indented lines below.
 */
final class Tmdl {
    record Column(String name, String dataType, String sourceColumn, boolean key) {
    }

    record Measure(String name, String expression, String formatString, String displayFolder) {
    }

    record Partition(String name, String kind, String source) {
    }

    record Table(String name, String description, Map<String, Column> columns, Map<String, Measure> measures, List<Partition> partitions) {
        /** The gold folder the table's Delta partition reads ({@code gold\x} → x), if any. */
        Optional<String> goldTable() {
            Matcher m = Pattern.compile("DeltaLake\\.Table\\(Folder\\.Contents\\(LakeRoot & \"\\\\gold\\\\(\\w+)\"\\)\\)")
                    .matcher(partitions.isEmpty() ? "" : partitions.get(0).source());
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    record Relationship(String name, String fromTable, String fromColumn, String toTable, String toColumn) {
    }

    record Role(String name, String modelPermission, Map<String, String> hiddenTables) {
    }

    record Model(Map<String, Table> tables, List<Relationship> relationships, Map<String, Role> roles, Map<String, String> expressions) {
        Optional<Column> column(String table, String column) {
            return Optional.ofNullable(tables.get(table)).map(t -> t.columns().get(column));
        }

        Map<String, Measure> measures() {
            Map<String, Measure> all = new LinkedHashMap<>();
            tables.values().forEach(t -> all.putAll(t.measures()));
            return all;
        }
    }

    private static final Pattern NAME = Pattern.compile("^('(?:[^']|'')+'|[^\\s=.]+)");

    private Tmdl() {
    }

    static Model read(Path definition) {
        Map<String, Table> tables = new LinkedHashMap<>();
        List<Relationship> relationships = new ArrayList<>();
        Map<String, Role> roles = new LinkedHashMap<>();
        Map<String, String> expressions = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(definition)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".tmdl")).sorted().toList()) {
                parse(Files.readAllLines(file, StandardCharsets.UTF_8), tables, relationships, roles, expressions);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Model(tables, relationships, roles, expressions);
    }

    static Model parse(List<String> lines) {
        Map<String, Table> tables = new LinkedHashMap<>();
        List<Relationship> relationships = new ArrayList<>();
        Map<String, Role> roles = new LinkedHashMap<>();
        Map<String, String> expressions = new LinkedHashMap<>();
        parse(lines, tables, relationships, roles, expressions);
        return new Model(tables, relationships, roles, expressions);
    }

    private static void parse(List<String> lines, Map<String, Table> tables, List<Relationship> relationships, Map<String, Role> roles,
                              Map<String, String> expressions) {
        StringBuilder description = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || indent(line) != 0) {
                continue;
            }
            if (line.startsWith("///")) {
                description.append(line.substring(3).trim());
                continue;
            }
            List<String> block = children(lines, i, 0);
            String[] head = line.split(" ", 2);
            String rest = head.length > 1 ? head[1] : "";
            switch (head[0]) {
                case "table" -> {
                    Table t = table(unquote(rest), description.toString(), block);
                    tables.put(t.name(), t);
                }
                case "relationship" -> relationships.add(relationship(rest.trim(), block));
                case "role" -> roles.put(unquote(rest), role(unquote(rest), block));
                case "expression" -> {
                    String name = name(rest);
                    String after = rest.substring(rest.indexOf('=') + 1).trim();
                    expressions.put(name, after.isEmpty() ? body(block, 0) : after);
                }
                default -> {
                }
            }
            description.setLength(0);
        }
    }

    private static Table table(String name, String description, List<String> block) {
        Map<String, Column> columns = new LinkedHashMap<>();
        Map<String, Measure> measures = new LinkedHashMap<>();
        List<Partition> partitions = new ArrayList<>();
        for (int i = 0; i < block.size(); i++) {
            String line = block.get(i);
            if (line.isBlank() || indent(line) != 1) {
                continue;
            }
            String text = line.trim();
            List<String> children = children(block, i, 1);
            Map<String, String> props = properties(children, 2);
            if (text.startsWith("column ")) {
                String column = unquote(text.substring(7));
                columns.put(column, new Column(column, props.get("dataType"), props.get("sourceColumn"), props.containsKey("isKey")));
            } else if (text.startsWith("measure ")) {
                String rest = text.substring(8);
                String measure = name(rest);
                String after = rest.substring(rest.indexOf('=') + 1).trim();
                measures.put(measure, new Measure(measure, after.isEmpty() ? body(children, 1) : after, props.get("formatString"),
                        props.get("displayFolder")));
            } else if (text.startsWith("partition ")) {
                String rest = text.substring(10);
                String kind = rest.substring(rest.lastIndexOf('=') + 1).trim();
                int source = -1;
                for (int j = 0; j < children.size(); j++) {
                    if (children.get(j).trim().startsWith("source =") && indent(children.get(j)) == 2) {
                        source = j;
                    }
                }
                String text2 = source < 0 ? "" : body(children(children, source, 2), 1);
                partitions.add(new Partition(name(rest), kind, text2));
            }
        }
        return new Table(name, description, columns, measures, partitions);
    }

    private static Relationship relationship(String name, List<String> block) {
        Map<String, String> props = properties(block, 1);
        String[] from = splitColumn(props.get("fromColumn"));
        String[] to = splitColumn(props.get("toColumn"));
        return new Relationship(name, from[0], from[1], to[0], to[1]);
    }

    private static Role role(String name, List<String> block) {
        Map<String, String> hidden = new LinkedHashMap<>();
        for (int i = 0; i < block.size(); i++) {
            String line = block.get(i);
            if (indent(line) == 1 && line.trim().startsWith("tablePermission ")) {
                String table = name(line.trim().substring("tablePermission ".length()));
                hidden.put(table, properties(children(block, i, 1), 2).getOrDefault("metadataPermission", "default"));
            }
        }
        return new Role(name, properties(block, 1).get("modelPermission"), hidden);
    }

    /** {@code table.column} or {@code 'ta ble'.column}. */
    static String[] splitColumn(String ref) {
        Matcher m = NAME.matcher(ref);
        if (!m.find()) {
            throw new IllegalArgumentException("not a column reference: " + ref);
        }
        return new String[] {unquote(m.group(1)), unquote(ref.substring(m.end() + 1))};
    }

    /** The lines under line {@code at} (more indented than {@code level}), up to the next sibling. */
    private static List<String> children(List<String> lines, int at, int level) {
        List<String> out = new ArrayList<>();
        for (int i = at + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isBlank() && (indent(line) <= level || line.trim().startsWith("///") && indent(line) == level)) {
                break;
            }
            out.add(line);
        }
        return out;
    }

    /** {@code key: value} and bare flags at one indentation level. */
    private static Map<String, String> properties(List<String> lines, int level) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank() || indent(line) != level) {
                continue;
            }
            String text = line.trim();
            int colon = text.indexOf(": ");
            if (colon > 0 && !text.contains(" =")) {
                props.put(text.substring(0, colon), text.substring(colon + 2).trim());
            } else if (text.matches("\\w+")) {
                props.put(text, "true");
            }
        }
        return props;
    }

    /** A multi-line expression: the lines more indented than the object's properties, dedented. */
    private static String body(List<String> lines, int propertyLevel) {
        List<String> taken = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank() && indent(line) <= propertyLevel + 1) {
                break;
            }
            taken.add(line);
        }
        while (!taken.isEmpty() && taken.get(taken.size() - 1).isBlank()) {
            taken.remove(taken.size() - 1);
        }
        int cut = taken.stream().filter(l -> !l.isBlank()).mapToInt(Tmdl::indent).min().orElse(0);
        return String.join("\n", taken.stream().map(l -> l.length() >= cut ? l.substring(cut) : l.strip()).toList());
    }

    private static String name(String text) {
        Matcher m = NAME.matcher(text.trim());
        if (!m.find()) {
            throw new IllegalArgumentException("no name in: " + text);
        }
        return unquote(m.group(1));
    }

    static String unquote(String name) {
        String n = name.trim();
        return n.startsWith("'") && n.endsWith("'") ? n.substring(1, n.length() - 1).replace("''", "'") : n;
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == '\t') {
            n++;
        }
        return n;
    }
}
