package com.sportdata.benefits.bronze;

import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.geo.Text;
import com.sportdata.benefits.landing.UnreadableFileException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which column of an activity file in someone else's shape holds which field, in which unit: found from the header's
 * usual names (French or English, with or without accents, underscores, spaces or a unit in the name: {@code ID
 * salarié}, {@code employee_id}, {@code Date de début}, {@code start_date}, {@code Distance (km)}, {@code durée (min)},
 * {@code elapsed_time}…), or declared in {@code activities.shapes}. Pure: the header in, the mapping out.
 *
 * @param name        the declared shape's name, or {@code recognised}
 * @param columns     each field found → its column
 * @param dateFormat  the declared pattern of start and end, or empty (ISO, French and Excel dates are tried)
 */
public record ActivityShape(String name, Map<Field, Column> columns, String dateFormat) {

    /** The fields of an activity; the first three are required, with an end or a duration. */
    public enum Field {
        EMPLOYEE("employee", "idsalarie", "salarie", "employeeid", "employee", "idemploye", "employe", "matricule",
                "athleteid", "athlete", "idcollaborateur", "collaborateur", "numerosalarie", "nsalarie", "personid", "userid"),
        START("start", "datededebutdelactivite", "datededebut", "datedebut", "debut", "startdate", "startdatelocal", "start",
                "starttime", "startedat", "heurededebut", "dateheuredebut", "dateactivite", "datedelactivite", "date", "dateetheure"),
        SPORT("sport", "sporttype", "sport", "type", "typedactivite", "typeactivite", "activitytype", "typedesport", "discipline",
                "pratique", "pratiquedunsport", "activite", "activity"),
        ID("id", "id", "activityid", "idactivite", "identifiant", "idseance", "activiteid", "numeroactivite"),
        END("end", "datedefindelactivite", "datedefin", "datefin", "fin", "enddate", "end", "endtime", "endedat", "heuredefin"),
        DURATION("duration", "duree", "elapsedtime", "duration", "temps", "tempsecoule", "dureetotale", "movingtime", "dureeactive"),
        DISTANCE("distance", "distance", "dist", "distanceparcourue"),
        COMMENT("comment", "commentaire", "comment", "commentaires", "description", "notes", "note", "remarque", "remarques");

        /** The name of the field in {@code activities.shapes[].columns}. */
        public final String key;
        /** Usual names, best first: when two columns carry one, the earlier name wins. */
        final List<String> names;

        Field(String key, String... names) {
            this.key = key;
            this.names = List.of(names);
        }

        static Field ofKey(String key) {
            return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst().orElseThrow();
        }
    }

    /**
     * One column: its position and header, and the factor to metres (distance) or seconds (duration).
     *
     * @param unit the unit as read from the header or declared (m, km, mi; s, min, h), or empty for others
     */
    public record Column(int index, String header, String unit, double factor) {
    }

    private static final Map<String, Double> DISTANCE_UNITS = units("m", 1, "metre", 1, "metres", 1, "meter", 1, "meters", 1,
            "km", 1000, "kilometre", 1000, "kilometres", 1000, "kilometer", 1000, "kilometers", 1000, "mi", 1609.344, "miles", 1609.344);
    private static final Map<String, Double> DURATION_UNITS = units("s", 1, "sec", 1, "secs", 1, "second", 1, "seconds", 1,
            "seconde", 1, "secondes", 1, "min", 60, "mins", 60, "minute", 60, "minutes", 60, "mn", 60,
            "h", 3600, "hr", 3600, "hrs", 3600, "hour", 3600, "hours", 3600, "heure", 3600, "heures", 3600);
    /** Words that only introduce a unit: "Distance en km", "duration in minutes". */
    private static final List<String> UNIT_WORDS = List.of("en", "in");

    /** The mapping of a file whose header (or first JSON object's keys) is {@code headers}, declared or recognised. */
    public static ActivityShape of(String fileName, List<String> headers, AppConfig.FileShape declared) {
        Map<Field, Column> columns = new EnumMap<>(Field.class);
        Map<Field, Integer> rank = new EnumMap<>(Field.class);
        if (declared != null) {
            List<String> absent = new ArrayList<>();
            for (Field field : Field.values()) {
                String wanted = declared.columns().get(field.key);
                if (wanted == null) {
                    continue;
                }
                int index = indexOf(headers, wanted);
                if (index < 0) {
                    absent.add(field.key + " = '" + wanted + "'");
                } else {
                    columns.put(field, column(field, index, headers.get(index), declared));
                }
            }
            if (!absent.isEmpty()) {
                throw new UnreadableFileException(fileName, "shape '" + declared.name() + "' declares " + String.join(", ", absent)
                        + ", not a column of the file " + headers);
            }
        }
        for (int i = 0; i < headers.size(); i++) {
            Named named = named(headers.get(i));
            for (Field field : Field.values()) {
                int r = field.names.indexOf(named.key);
                if (r < 0 || (declared != null && declared.columns().containsKey(field.key))) {
                    continue;
                }
                if (!rank.containsKey(field) || r < rank.get(field)) {
                    rank.put(field, r);
                    columns.put(field, column(field, i, headers.get(i), declared));
                }
                break; // a column is one field: the first whose names hold it
            }
        }
        List<String> missing = new ArrayList<>();
        for (Field required : List.of(Field.EMPLOYEE, Field.START, Field.SPORT)) {
            if (!columns.containsKey(required)) {
                missing.add(required.key);
            }
        }
        if (!columns.containsKey(Field.END) && !columns.containsKey(Field.DURATION)) {
            missing.add("end or duration");
        }
        if (!missing.isEmpty()) {
            throw new UnreadableFileException(fileName, "activity file not recognised: no column for " + String.join(", ", missing)
                    + " in " + headers + "; declare the file's shape in activities.shapes (conf/application.conf)");
        }
        String dateFormat = declared == null ? "" : declared.dateFormat();
        return new ActivityShape(declared == null ? "recognised" : declared.name(), Map.copyOf(columns), dateFormat);
    }

    /** The declared shape that claims a file, by its name's glob and format. */
    public static Optional<AppConfig.FileShape> declaredFor(String fileName, String format, AppConfig.ActivityFiles config) {
        return config.shapes().stream()
                .filter(s -> s.matches(fileName) && (s.format().equals("auto") || s.format().equals(format)))
                .findFirst();
    }

    public Optional<Column> column(Field field) {
        return Optional.ofNullable(columns.get(field));
    }

    /** For the ingestion log: {@code recognised: employee=ID salarié, start=Date de début, distance=Distance (km) [km]…}. */
    public String describe() {
        StringBuilder text = new StringBuilder(name).append(':');
        String separator = " ";
        for (Field field : Field.values()) {
            Column c = columns.get(field);
            if (c != null) {
                text.append(separator).append(field.key).append('=').append(c.header());
                if (!c.unit().isEmpty()) {
                    text.append(" [").append(c.unit()).append(']');
                }
                separator = ", ";
            }
        }
        if (!dateFormat.isEmpty()) {
            text.append(", dates ").append(dateFormat);
        }
        return text.toString();
    }

    private static Column column(Field field, int index, String header, AppConfig.FileShape declared) {
        Named named = named(header);
        return switch (field) {
            case DISTANCE -> {
                String unit = declared != null && !declared.distanceUnit().isEmpty() ? declared.distanceUnit()
                        : named.unit != null && DISTANCE_UNITS.containsKey(named.unit) ? named.unit : "m";
                yield new Column(index, header, canonical(unit, DISTANCE_UNITS), DISTANCE_UNITS.get(unit));
            }
            case DURATION -> {
                String unit = declared != null && !declared.durationUnit().isEmpty() ? declared.durationUnit()
                        : named.unit != null && DURATION_UNITS.containsKey(named.unit) ? named.unit : "s";
                yield new Column(index, header, canonical(unit, DURATION_UNITS), DURATION_UNITS.get(unit));
            }
            default -> new Column(index, header, "", 1);
        };
    }

    /** m, km, mi; s, min, h: the unit's short form, whatever word the header used. */
    private static String canonical(String unit, Map<String, Double> units) {
        double factor = units.get(unit);
        boolean distance = units == DISTANCE_UNITS;
        if (factor == 1) {
            return distance ? "m" : "s";
        }
        return distance ? (factor == 1000 ? "km" : "mi") : (factor == 60 ? "min" : "h");
    }

    /** A header's name as a match key, without the unit it may carry ({@code Distance (km)} → distance + km). */
    record Named(String key, String unit) {
    }

    static Named named(String header) {
        String plain = Text.stripAccents(header == null ? "" : header).toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>(Arrays.asList(plain.split("[^a-z0-9]+")));
        tokens.removeIf(String::isEmpty);
        String unit = null;
        if (tokens.size() > 1) {
            String last = tokens.get(tokens.size() - 1);
            if (DISTANCE_UNITS.containsKey(last) || DURATION_UNITS.containsKey(last)) {
                unit = last;
                tokens.remove(tokens.size() - 1);
                if (tokens.size() > 1 && UNIT_WORDS.contains(tokens.get(tokens.size() - 1))) {
                    tokens.remove(tokens.size() - 1);
                }
            }
        }
        return new Named(String.join("", tokens), unit);
    }

    private static int indexOf(List<String> headers, String wanted) {
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).trim().equals(wanted.trim())) {
                return i;
            }
        }
        String key = Text.matchKey(wanted);
        for (int i = 0; i < headers.size(); i++) {
            if (key.equals(Text.matchKey(headers.get(i)))) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, Double> units(Object... nameThenFactor) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < nameThenFactor.length; i += 2) {
            map.put((String) nameThenFactor[i], ((Number) nameThenFactor[i + 1]).doubleValue());
        }
        return Map.copyOf(map);
    }
}
