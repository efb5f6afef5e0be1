package com.sportdata.benefits.generate;

import com.sportdata.benefits.bronze.BronzeSources;
import com.sportdata.benefits.sport.Sport;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes generated data in exactly the real landing formats. */
final class LandingFiles {
    static final String CSV_HEADER = String.join(",", BronzeSources.ACTIVITIES_CSV.headers());
    private static final LocalDate EXCEL_EPOCH = LocalDate.of(1899, 12, 30);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter ISO_Z = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");
    private static final Map<Sport, String> STRAVA_TYPES = new EnumMap<>(Sport.class);

    static {
        STRAVA_TYPES.put(Sport.RUNNING, "Run");
        STRAVA_TYPES.put(Sport.HIKING, "Hike");
        STRAVA_TYPES.put(Sport.WALKING, "Walk");
        STRAVA_TYPES.put(Sport.CYCLING, "Ride");
        STRAVA_TYPES.put(Sport.SWIMMING, "Swim");
        STRAVA_TYPES.put(Sport.SAILING, "Sail");
        STRAVA_TYPES.put(Sport.TENNIS, "Tennis");
        STRAVA_TYPES.put(Sport.TABLE_TENNIS, "TableTennis");
        STRAVA_TYPES.put(Sport.BADMINTON, "Badminton");
        STRAVA_TYPES.put(Sport.FOOTBALL, "Soccer");
        STRAVA_TYPES.put(Sport.CLIMBING, "RockClimbing");
        STRAVA_TYPES.put(Sport.RUGBY, "Rugby");
        STRAVA_TYPES.put(Sport.BASKETBALL, "Basketball");
        STRAVA_TYPES.put(Sport.JUDO, "Judo");
        STRAVA_TYPES.put(Sport.BOXING, "Boxing");
        STRAVA_TYPES.put(Sport.TRIATHLON, "Triathlon");
        STRAVA_TYPES.put(Sport.HORSE_RIDING, "HorseRiding");
    }

    private LandingFiles() {
    }

    static void writeHr(Path file, List<Company.Employee> employees) throws IOException {
        try (SXSSFWorkbook workbook = streaming()) {
            Sheet sheet = workbook.createSheet("Feuille 1");
            header(sheet, BronzeSources.HR_HEADERS);
            int r = 1;
            for (Company.Employee e : employees) {
                Row row = sheet.createRow(r++);
                row.createCell(0).setCellValue((double) e.id());
                row.createCell(1).setCellValue(e.lastName());
                row.createCell(2).setCellValue(e.firstName());
                row.createCell(3).setCellValue(excel(e.birthDate()));
                row.createCell(4).setCellValue(e.bu());
                row.createCell(5).setCellValue(excel(e.hireDate()));
                row.createCell(6).setCellValue(e.salary());
                row.createCell(7).setCellValue(e.contract());
                row.createCell(8).setCellValue((double) e.paidLeaveDays());
                row.createCell(9).setCellValue(e.address());
                row.createCell(10).setCellValue(e.commuteModeLabel());
            }
            save(workbook, file);
        }
    }

    static void writeSports(Path file, List<Company.Employee> employees) throws IOException {
        try (SXSSFWorkbook workbook = streaming()) {
            Sheet sheet = workbook.createSheet("Feuille 1");
            header(sheet, BronzeSources.SPORTS.headers());
            int r = 1;
            for (Company.Employee e : employees) {
                Row row = sheet.createRow(r++);
                row.createCell(0).setCellValue((double) e.id());
                if (e.declaredSport() != null) {
                    row.createCell(1).setCellValue(e.declaredSport());
                }
            }
            save(workbook, file);
        }
    }

    /** The business's tabular shape: local times, distance in metres, empty when the sport has none. */
    static void writeCsv(Path file, Iterable<Activities.Activity> activities) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(CSV_HEADER);
            out.write('\n');
            for (Activities.Activity a : activities) {
                out.write(String.join(",", String.valueOf(a.id()), String.valueOf(a.employeeId()), LOCAL.format(a.startLocal()),
                        csv(a.typeLabel()), a.distanceMeters() == null ? "" : String.valueOf(a.distanceMeters().longValue()),
                        LOCAL.format(a.startLocal().plusSeconds(a.elapsedSeconds())), csv(a.comment())));
                out.write('\n');
            }
        }
    }

    /** Strava's SummaryActivity shape, one object per line ({@code start_date} in UTC, {@code start_date_local} with Strava's "Z"). */
    static void writeJsonLines(Path file, Iterable<Activities.Activity> activities, ZoneId zone) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Activities.Activity a : activities) {
                String utc = ISO_Z.format(a.startLocal().atZone(zone).withZoneSameInstant(ZoneId.of("UTC")));
                out.write("{\"id\":" + a.id()
                        + ",\"athlete\":{\"id\":" + a.employeeId() + "}"
                        + ",\"name\":" + json(a.name())
                        + ",\"sport_type\":" + json(STRAVA_TYPES.get(a.sport()))
                        + ",\"type\":" + json(STRAVA_TYPES.get(a.sport()))
                        + ",\"start_date\":" + json(utc)
                        + ",\"start_date_local\":" + json(ISO_Z.format(a.startLocal()))
                        + ",\"timezone\":" + json("(GMT+01:00) " + zone.getId())
                        + ",\"elapsed_time\":" + a.elapsedSeconds()
                        + ",\"moving_time\":" + Math.round(a.elapsedSeconds() * 0.93)
                        + ",\"distance\":" + (a.distanceMeters() == null ? "0.0" : String.format(Locale.ROOT, "%.1f", a.distanceMeters()))
                        + ",\"description\":" + json(a.comment())
                        + ",\"commute\":false,\"manual\":false}");
                out.write('\n');
            }
        }
    }

    /** La Poste's format (";"-separated, "lat,lon"), for the communes the synthetic employees live in. */
    static void writePostcodes(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;Libellé_d_acheminement;coordonnees_gps\n");
            for (Towns.Town t : Towns.ALL) {
                out.write(String.join(";", t.insee(), t.postName(), t.postcode(), "", t.postName(),
                        String.format(Locale.ROOT, "%.10f,%.10f", t.latitude(), t.longitude())));
                out.write('\n');
            }
        }
    }

    private static void header(Sheet sheet, List<String> headers) {
        Row row = sheet.createRow(0);
        for (int i = 0; i < headers.size(); i++) {
            row.createCell(i).setCellValue(headers.get(i));
        }
    }

    /**
     * A workbook written as a stream: a window of rows in memory, the rest in a temporary file (a 1 000 000-employee
     * HR file built in memory filled a 2 GB heap), strings inline in their cells as other tools write them too.
     */
    private static SXSSFWorkbook streaming() {
        return new SXSSFWorkbook(null, 500, true, false);
    }

    private static void save(SXSSFWorkbook workbook, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            workbook.write(out);
        } finally {
            workbook.dispose();
        }
    }

    private static double excel(LocalDate date) {
        return date.toEpochDay() - EXCEL_EPOCH.toEpochDay();
    }

    private static String csv(String value) {
        if (value == null) {
            return "";
        }
        return value.contains(",") || value.contains("\"") || value.contains("\n") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private static String json(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
