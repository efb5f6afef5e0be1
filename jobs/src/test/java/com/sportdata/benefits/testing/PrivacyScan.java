package com.sportdata.benefits.testing;

import com.sportdata.benefits.catalog.PersonalData;
import com.sportdata.benefits.catalog.PersonalData.Kind;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

/**
 * Looks for the personal data of a lake's HR files where the catalogue says it must not be
 * ({@link PersonalData}): every table, every file the lake holds and any extra text (a process's log) is read and
 * searched for the salaries, birth dates, streets and full names of the HR rows as received, in the forms they could
 * take there (a salary as {@code 52340}, {@code 52340.00} or {@code 52 340,00}; a birth date as ISO, French or, next
 * to its name, an Excel serial). Each place is searched for the kinds its classification does not allow. A file no place claims is a finding
 * too: a new output must be classified before it ships.
 */
public final class PrivacyScan {
    /** Salaries in cents, birth dates, street and full-name strings: what is looked for. */
    private final Set<Long> salaries = new java.util.HashSet<>();
    private final Set<LocalDate> births = new java.util.HashSet<>();
    private final Set<String> streets = new LinkedHashSet<>();
    private final Set<String> names = new LinkedHashSet<>();
    private final List<String> findings = new ArrayList<>();
    private int placesRead;

    private PrivacyScan() {
    }

    /** The personal values of the lake's HR rows as received (bronze), quarantined ones included. */
    public static PrivacyScan of(SparkSession spark, Path lake) {
        PrivacyScan scan = new PrivacyScan();
        for (Row r : Lakes.read(spark, lake, Tables.HR_EMPLOYEES).select("first_name", "last_name", "birth_date", "gross_salary", "home_address")
                .collectAsList()) {
            number(r.getString(3)).filter(v -> Math.abs(v) >= 10_000).ifPresent(v -> scan.salaries.add(Math.round(Math.abs(v) * 100)));
            date(r.getString(2)).ifPresent(scan.births::add);
            String street = street(r.getString(4));
            if (street != null && street.length() >= 8) {
                scan.streets.add(street);
            }
            if (r.getString(0) != null && r.getString(1) != null && r.getString(0).trim().length() > 1 && r.getString(1).trim().length() > 1) {
                String first = r.getString(0).trim();
                String last = r.getString(1).trim();
                scan.names.add(first + " " + last);
                scan.names.add(last + " " + first);
            }
        }
        return scan;
    }

    /** A scan looking for these birth dates only (the scan's own tests). */
    static PrivacyScan ofBirthDates(LocalDate... dates) {
        PrivacyScan scan = new PrivacyScan();
        scan.births.addAll(List.of(dates));
        return scan;
    }

    /** How many values of each kind are looked for. */
    public Map<Kind, Integer> sizes() {
        return new EnumMap<>(Map.of(Kind.SALARIES, salaries.size(), Kind.BIRTH_DATES, births.size(), Kind.ADDRESSES, streets.size(),
                Kind.NAMES, names.size()));
    }

    /** Every table of the lake (its rows as JSON) and every file under it, each against its classification. */
    public PrivacyScan lake(SparkSession spark, Path lake) {
        for (Map.Entry<TableId, PersonalData.Classification> e : PersonalData.tables().entrySet()) {
            Path folder = lake.resolve(e.getKey().layer().folder()).resolve(e.getKey().name());
            if (Files.isDirectory(folder.resolve("_delta_log"))) {
                StringBuilder text = new StringBuilder();
                org.apache.spark.sql.Dataset<Row> rows = Lakes.read(spark, lake, e.getKey());
                rows.select(to_json(struct(java.util.Arrays.stream(rows.columns()).map(c -> col("`" + c + "`")).toArray(org.apache.spark.sql.Column[]::new))))
                        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList().forEach(j -> text.append(j).append('\n'));
                text(e.getKey().qualifiedName() + " (rows)", e.getValue(), text.toString());
            }
        }
        try (Stream<Path> files = Files.walk(lake)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = lake.relativize(file).toString().replace('\\', '/');
                String name = file.getFileName().toString();
                if (name.endsWith(".parquet") || name.endsWith(".crc") || name.endsWith(".xlsx") || relative.startsWith("_spark")
                        || relative.startsWith("stderr") || name.endsWith(".log")) {
                    continue; // table data is read above as rows; workbooks are HR's; scratch and logs are handed in apart
                }
                var classification = PersonalData.ofFile(relative);
                if (classification.isEmpty()) {
                    findings.add(relative + ": a file no classified place claims (catalog/PersonalData)");
                    continue;
                }
                text(relative, classification.get(), readLenient(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** One place's text against the kinds its classification allows. */
    public PrivacyScan text(String place, PersonalData.Classification classification, String text) {
        placesRead++;
        for (Kind kind : Kind.values()) {
            if (!classification.kinds().contains(kind)) {
                String found = find(kind, text);
                if (found != null) {
                    findings.add(place + ": " + kind.label + " found ('" + found.charAt(0) + "…" + found.length() + " chars')");
                }
            }
        }
        return this;
    }

    /**
     * A salary is a number like many others (a distance in metres, a byte count): it counts as found next to a word
     * naming it ({@code salary}, {@code salaire}, {@code gross}, within 60 characters before it), in any form (52340,
     * 52340.0, 52 340,00), or anywhere in the French money form with cents ({@code 52 340,00}).
     */
    private static final Pattern SALARY_NEAR_ITS_NAME = Pattern.compile(
            "(?i)(?:salar|salaire|gross)[^\\n]{0,60}?(?<![0-9.,])(-?[0-9]{1,3}(?:[\\s\\u00a0\\u202f,]?[0-9]{3})*(?:[.,][0-9]{1,2})?)(?![0-9])");
    private static final Pattern FRENCH_MONEY = Pattern.compile("(?<![0-9.,])([0-9]{1,3}(?:[\\s\\u00a0\\u202f][0-9]{3})+,[0-9]{2})(?![0-9])");
    /** ISO and French (dd/MM/yyyy): a birth date in these forms counts wherever it is. */
    private static final Pattern DATE = Pattern.compile("(?<![0-9])([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{2}/[0-9]{2}/[0-9]{4})(?![0-9])");
    /**
     * The Excel serial with its {@code .0} (as the xlsx stores a date) is a number like a distance in metres
     * ({@code 31234.0}): like a salary, it counts next to a word naming a birth date, within 60 characters before it.
     */
    private static final Pattern SERIAL_NEAR_ITS_NAME = Pattern.compile("(?i)(?:birth|naissance|born|n[ée]e? le)[^\\n]{0,60}?(?<![0-9.])([0-9]{5}\\.0)(?![0-9])");

    private String find(Kind kind, String text) {
        switch (kind) {
            case SALARIES -> {
                for (Pattern p : List.of(SALARY_NEAR_ITS_NAME, FRENCH_MONEY)) {
                    var m = p.matcher(text);
                    while (m.find()) {
                        Long cents = cents(m.group(1));
                        if (cents != null && salaries.contains(Math.abs(cents))) {
                            return m.group(1);
                        }
                    }
                }
                return null;
            }
            case BIRTH_DATES -> {
                for (Pattern p : List.of(DATE, SERIAL_NEAR_ITS_NAME)) {
                    var m = p.matcher(text);
                    while (m.find()) {
                        LocalDate d = parseDate(m.group(1));
                        if (d != null && births.contains(d)) {
                            return m.group(1);
                        }
                    }
                }
                return null;
            }
            case ADDRESSES -> {
                return streets.stream().filter(text::contains).findFirst().orElse(null);
            }
            default -> {
                return names.stream().filter(text::contains).findFirst().orElse(null);
            }
        }
    }

    /** "52 340,00", "52,340.00", "52340.0", "52340" → 5234000; null when it is not a number. */
    private static Long cents(String number) {
        String n = number.replaceAll("[\\s\\u00a0\\u202f]", "");
        if (n.matches("-?[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]{1,2})?")) {
            n = n.replace(",", "");
        } else {
            n = n.replace(',', '.');
        }
        try {
            return Math.round(Double.parseDouble(n) * 100);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static LocalDate parseDate(String text) {
        try {
            if (text.endsWith(".0")) {
                return LocalDate.of(1899, 12, 30).plusDays(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            return text.contains("/") ? LocalDate.parse(text, DateTimeFormatter.ofPattern("dd/MM/yyyy")) : LocalDate.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    public int placesRead() {
        return placesRead;
    }

    public List<String> findings() {
        return List.copyOf(findings);
    }

    private static String readLenient(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static java.util.Optional<Double> number(String text) {
        try {
            return text == null ? java.util.Optional.empty() : java.util.Optional.of(Double.parseDouble(text.trim()));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** An Excel serial (as the xlsx stores it) or an ISO date. */
    private static java.util.Optional<LocalDate> date(String text) {
        if (text == null) {
            return java.util.Optional.empty();
        }
        java.util.Optional<Double> serial = number(text);
        if (serial.isPresent()) {
            double s = serial.get();
            return s > 1000 && s < 80_000 ? java.util.Optional.of(LocalDate.of(1899, 12, 30).plusDays((long) s)) : java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(LocalDate.parse(text.trim().substring(0, Math.min(10, text.trim().length()))));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** "46 Chem. de la Draye, 34470 Pérols" → "Chem. de la Draye". */
    private static String street(String address) {
        if (address == null) {
            return null;
        }
        String beforeComma = address.split(",")[0].trim();
        return beforeComma.replaceFirst("^[0-9]+\\s*(bis|ter)?\\s*", "").trim();
    }
}
