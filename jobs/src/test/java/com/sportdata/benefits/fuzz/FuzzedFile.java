package com.sportdata.benefits.fuzz;

import com.sportdata.benefits.bronze.BronzeSources;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One fuzzed landing file: a valid file of a landing format, built and then damaged at random, all of it decided by
 * {@code seed} (the same format and seed give the same bytes, so a failing case replays from its seed alone). The
 * damages are those a real delivery suffers: cells of another type, broken encodings, empty and huge cells, formulas,
 * merged cells, extra or missing sheets, a truncated zip; random characters, wrong delimiters, byte-order marks,
 * quoted line breaks, stray quotes, truncated lines.
 *
 * <p>Activity ids are unique per case (the seed is in them), so no case supersedes another's rows in silver.
 */
public record FuzzedFile(Format format, long seed, byte[] bytes, List<String> damages) {

    /** The landing formats, with their folder and file extension. */
    public enum Format {
        HR("hr", "xlsx"), SPORTS("sports", "xlsx"), ACTIVITY_CSV("activities", "csv"), STRAVA_JSON("activities", "jsonl");

        public final String folder;
        public final String extension;

        Format(String folder, String extension) {
            this.folder = folder;
            this.extension = extension;
        }
    }

    /** Employees the activities and declarations refer to: the clean HR file of a fuzz lake holds them all. */
    public static final int EMPLOYEES = 30;

    static final List<String> SPORTS_HEADERS = List.of("ID salarié", "Pratique d'un sport");
    static final List<String> CSV_HEADERS = List.of("ID", "ID salarié", "Date de début de l'activité", "Type", "Distance (m)",
            "Date de fin de l'activité", "Commentaire");
    private static final String[] BUS = {"Finance", "Support", "Ventes", "R&D", "Marketing"};
    private static final String[] MODES = {"Marche/running", "Transports en commun", "Vélo/Trottinette/Autres",
            "véhicule thermique/électrique"};
    private static final String[] SPORTS = {"Runing", "Randonnée", "Tennis", "Natation", "Escalade", "Badminton"};
    private static final String[] STRAVA_SPORTS = {"Run", "Ride", "Hike", "Walk", "Swim", "Tennis"};
    private static final String[] STREETS = {"Rue des Vignes", "Avenue de la Mer", "Chemin du Mas", "Place Jean Jaurès"};
    private static final String[] ODD_TEXT = {"", " ", "\t", "N/A", "null", "#REF!", "-", "0", "-1", "1e308", "NaN",
            "٣٤", "１２３", "12,5", "12 000", "2026-02-30", "31/12/2026", "\u202Eevil", "a\u0000b", "é\u0301", "🏃‍♀️",
            "'; DROP TABLE employees; --", "=1+1", "\"quoted\"", "line\nbreak"};

    public String fileName() {
        return "fuzz-" + format.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-" + Long.toUnsignedString(seed, 36)
                + "." + format.extension;
    }

    /** Where the file lands, relative to the lake root. */
    public String location() {
        return "landing/" + format.folder + "/" + fileName();
    }

    @Override
    public String toString() {
        return fileName() + " (seed " + seed + ", " + format + ": " + String.join(", ", damages) + ")";
    }

    public static FuzzedFile of(Format format, long seed) {
        // every bit of the seed counts (java.util.Random keeps 48 of them: seeds 1 and 2^63 + 1 gave the same file)
        Random random = new Random(new java.util.SplittableRandom(seed).nextLong());
        List<String> damages = new ArrayList<>();
        byte[] bytes = switch (format) {
            case HR -> xlsx(hrTable(random, seed), random, damages);
            case SPORTS -> xlsx(sportsTable(random), random, damages);
            case ACTIVITY_CSV -> csv(random, seed, damages);
            case STRAVA_JSON -> jsonLines(random, seed, damages);
        };
        return new FuzzedFile(format, seed, bytes, List.copyOf(damages));
    }

    // ---------------------------------------------------------------- xlsx

    private record Formula(String text) {
    }

    private record ErrorCell() {
    }

    private record DateCell(double serial) {
    }

    private static List<List<Object>> hrTable(Random r, long seed) {
        List<List<Object>> table = new ArrayList<>();
        table.add(new ArrayList<>(BronzeSources.HR_HEADERS));
        int rows = 1 + r.nextInt(8);
        for (int i = 0; i < rows; i++) {
            table.add(new ArrayList<>(Arrays.asList((double) (1 + r.nextInt(EMPLOYEES)), "Durand", "Ana", 30000.0 + r.nextInt(8000),
                    BUS[r.nextInt(BUS.length)], 42000.0 + r.nextInt(4000), 25000.0 + r.nextInt(60000), "CDI", (double) r.nextInt(30),
                    (1 + r.nextInt(90)) + " " + STREETS[r.nextInt(STREETS.length)] + ", 34000 Montpellier", MODES[r.nextInt(MODES.length)])));
        }
        return table;
    }

    private static List<List<Object>> sportsTable(Random r) {
        List<List<Object>> table = new ArrayList<>();
        table.add(new ArrayList<>(SPORTS_HEADERS));
        int rows = 1 + r.nextInt(8);
        for (int i = 0; i < rows; i++) {
            table.add(new ArrayList<>(Arrays.asList((double) (1 + r.nextInt(EMPLOYEES)), r.nextInt(4) == 0 ? null : SPORTS[r.nextInt(SPORTS.length)])));
        }
        return table;
    }

    private static byte[] xlsx(List<List<Object>> table, Random r, List<String> damages) {
        int count = 1 + r.nextInt(3);
        boolean merged = false;
        boolean extraSheetFirst = false;
        boolean extraSheetAfter = false;
        boolean noDataSheet = false;
        for (int d = 0; d < count; d++) {
            switch (r.nextInt(11)) {
                case 0 -> {
                    damages.add("cell types swapped");
                    for (int i = 0; i < 1 + r.nextInt(6); i++) {
                        List<Object> row = table.get(1 + r.nextInt(table.size() - 1));
                        int c = r.nextInt(row.size());
                        row.set(c, switch (r.nextInt(5)) {
                            case 0 -> row.get(c) == null ? "x" : String.valueOf(row.get(c));
                            case 1 -> r.nextGaussian() * 1e6;
                            case 2 -> r.nextBoolean();
                            case 3 -> new DateCell(40000 + r.nextInt(10000));
                            default -> new ErrorCell();
                        });
                    }
                }
                case 1 -> {
                    damages.add("text encodings broken");
                    for (List<Object> row : table.subList(1, table.size())) {
                        for (int c = 0; c < row.size(); c++) {
                            if (row.get(c) instanceof String s && r.nextInt(3) == 0) {
                                row.set(c, r.nextBoolean() ? new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
                                        : ODD_TEXT[r.nextInt(ODD_TEXT.length)]);
                            }
                        }
                    }
                }
                case 2 -> {
                    damages.add("empty cells and rows");
                    for (int i = 0; i < 1 + r.nextInt(5); i++) {
                        List<Object> row = table.get(1 + r.nextInt(table.size() - 1));
                        row.set(r.nextInt(row.size()), null);
                    }
                    if (r.nextBoolean()) {
                        table.add(1 + r.nextInt(table.size()), new ArrayList<>(Collections.nCopies(table.get(0).size(), null)));
                    }
                }
                case 3 -> {
                    damages.add("huge cells");
                    List<Object> row = table.get(1 + r.nextInt(table.size() - 1));
                    row.set(r.nextInt(row.size()), "x".repeat(32_767));
                }
                case 4 -> {
                    damages.add("formulas");
                    String[] formulas = {"1+1", "1/0", "A2&\"x\"", "SUM(A2:A3)", "NOW()", "B2"};
                    for (int i = 0; i < 1 + r.nextInt(3); i++) {
                        List<Object> row = table.get(1 + r.nextInt(table.size() - 1));
                        row.set(r.nextInt(row.size()), new Formula(formulas[r.nextInt(formulas.length)]));
                    }
                }
                case 5 -> {
                    damages.add("merged cells");
                    merged = true;
                }
                case 6 -> {
                    damages.add(r.nextBoolean() ? "extra sheet first" : "extra sheet after");
                    extraSheetFirst = damages.get(damages.size() - 1).endsWith("first");
                    extraSheetAfter = !extraSheetFirst;
                }
                case 7 -> {
                    damages.add("data sheet missing");
                    noDataSheet = true;
                }
                case 8 -> {
                    List<Object> header = table.get(0);
                    switch (r.nextInt(4)) {
                        case 0 -> {
                            damages.add("a column dropped");
                            int c = r.nextInt(header.size());
                            table.forEach(row -> row.remove(Math.min(c, row.size() - 1)));
                        }
                        case 1 -> {
                            damages.add("columns reordered");
                            long order = r.nextLong();
                            table.replaceAll(row -> {
                                List<Object> copy = new ArrayList<>(row);
                                Collections.shuffle(copy, new Random(order));
                                return copy;
                            });
                        }
                        case 2 -> {
                            damages.add("headers in another case and spacing");
                            header.replaceAll(h -> h == null ? null : "  " + h.toString().toUpperCase(java.util.Locale.ROOT) + " ");
                        }
                        default -> {
                            damages.add("blank rows above the header");
                            table.add(0, new ArrayList<>(Collections.nCopies(header.size(), null)));
                            table.add(0, new ArrayList<>(Arrays.asList("Export RH", null)));
                        }
                    }
                }
                case 9 -> {
                    damages.add("more rows");
                    for (int i = 0; i < 1 + r.nextInt(200); i++) {
                        table.add(new ArrayList<>(table.get(1 + r.nextInt(table.size() - 1))));
                    }
                }
                default -> damages.add("bytes damaged");
            }
        }
        byte[] bytes = writeWorkbook(table, r, merged, extraSheetFirst, extraSheetAfter, noDataSheet);
        if (damages.contains("bytes damaged")) {
            bytes = damageBytes(bytes, r, damages);
        }
        return bytes;
    }

    private static byte[] writeWorkbook(List<List<Object>> table, Random r, boolean merged, boolean extraFirst, boolean extraAfter,
                                        boolean noData) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy"));
            if (extraFirst) {
                XSSFSheet notes = workbook.createSheet("Notes");
                notes.createRow(0).createCell(0).setCellValue("Fichier exporté le 05/12/2026");
            }
            XSSFSheet sheet = workbook.createSheet(noData ? "Feuille vide" : "Feuille 1");
            if (!noData) {
                for (int i = 0; i < table.size(); i++) {
                    XSSFRow row = sheet.createRow(i);
                    List<Object> values = table.get(i);
                    for (int c = 0; c < values.size(); c++) {
                        Object v = values.get(c);
                        if (v == null) {
                            continue;
                        }
                        XSSFCell cell = row.createCell(c);
                        if (v instanceof Double d) {
                            cell.setCellValue(d);
                        } else if (v instanceof Boolean b) {
                            cell.setCellValue(b);
                        } else if (v instanceof Formula f) {
                            cell.setCellFormula(f.text());
                        } else if (v instanceof ErrorCell) {
                            cell.setCellErrorValue(FormulaError.DIV0);
                        } else if (v instanceof DateCell d) {
                            cell.setCellValue(d.serial());
                            cell.setCellStyle(date);
                        } else {
                            cell.setCellValue(v.toString());
                        }
                    }
                }
                int width = table.get(0).size();
                if (merged && table.size() > 2 && width > 1) {
                    int first = 1 + r.nextInt(table.size() - 1);
                    int column = r.nextInt(width - 1);
                    sheet.addMergedRegion(new CellRangeAddress(first, Math.min(table.size() - 1, first + r.nextInt(2)), column,
                            Math.min(width - 1, column + 1 + r.nextInt(2))));
                }
            }
            if (extraAfter) {
                XSSFSheet pivot = workbook.createSheet("TCD");
                XSSFRow header = pivot.createRow(0);
                header.createCell(0).setCellValue("BU");
                header.createCell(1).setCellValue("Total");
            }
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- activity CSV

    private static byte[] csv(Random r, long seed, List<String> damages) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(new ArrayList<>(CSV_HEADERS));
        String prefix = "c" + Long.toUnsignedString(seed, 36) + "-";
        int count = 1 + r.nextInt(12);
        for (int i = 0; i < count; i++) {
            int day = 1 + r.nextInt(150);
            java.time.LocalDateTime start = java.time.LocalDateTime.of(2026, 1, 1, 6 + r.nextInt(12), r.nextInt(60)).plusDays(day);
            java.time.LocalDateTime end = start.plusMinutes(20 + r.nextInt(100));
            String sport = SPORTS[r.nextInt(SPORTS.length)];
            rows.add(new ArrayList<>(List.of(prefix + i, String.valueOf(1 + r.nextInt(EMPLOYEES)), start.toString().replace('T', ' ') + ":00",
                    sport, sport.equals("Tennis") ? "" : String.valueOf(1000 + r.nextInt(15000)), end.toString().replace('T', ' ') + ":00",
                    r.nextInt(3) == 0 ? "Bien" : "")));
        }
        char delimiter = ',';
        Charset charset = StandardCharsets.UTF_8;
        String lineEnd = "\n";
        boolean bom = false;
        int blankLineAfter = -1;
        int picks = 1 + r.nextInt(3);
        List<Integer> textDamages = new ArrayList<>();
        for (int d = 0; d < picks; d++) {
            switch (r.nextInt(10)) {
                case 0 -> {
                    damages.add("values swapped between columns");
                    List<String> row = rows.get(1 + r.nextInt(rows.size() - 1));
                    Collections.swap(row, r.nextInt(row.size()), r.nextInt(row.size()));
                }
                case 1 -> {
                    damages.add("odd values");
                    for (int i = 0; i < 1 + r.nextInt(5); i++) {
                        List<String> row = rows.get(1 + r.nextInt(rows.size() - 1));
                        row.set(r.nextInt(row.size()), ODD_TEXT[r.nextInt(ODD_TEXT.length)]);
                    }
                }
                case 2 -> {
                    damages.add("rows with too many or too few fields");
                    List<String> row = rows.get(1 + r.nextInt(rows.size() - 1));
                    if (r.nextBoolean()) {
                        row.add("extra");
                    } else {
                        row.remove(row.size() - 1);
                    }
                }
                case 3 -> {
                    delimiter = new char[] {';', '\t', '|'}[r.nextInt(3)];
                    damages.add("delimiter '" + (delimiter == '\t' ? "\\t" : String.valueOf(delimiter)) + "'");
                }
                case 4 -> {
                    damages.add("byte-order mark");
                    bom = true;
                }
                case 5 -> {
                    damages.add("quoted line breaks");
                    List<String> row = rows.get(1 + r.nextInt(rows.size() - 1));
                    row.set(row.size() - 1, "Sortie\nen groupe, \"super\"\r\nmerci");
                }
                case 6 -> {
                    damages.add("CRLF and blank lines");
                    lineEnd = "\r\n";
                    blankLineAfter = 1 + r.nextInt(rows.size());
                }
                case 7 -> {
                    charset = r.nextBoolean() ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_16;
                    damages.add("encoded in " + charset.name());
                }
                case 8 -> {
                    damages.add("huge field");
                    List<String> row = rows.get(1 + r.nextInt(rows.size() - 1));
                    row.set(row.size() - 1, "y".repeat(100_000 + r.nextInt(50_000)));
                }
                default -> textDamages.add(r.nextInt(3));
            }
        }
        StringBuilder text = new StringBuilder(bom ? "\uFEFF" : "");
        for (List<String> row : rows) {
            List<String> fields = new ArrayList<>();
            for (String field : row) {
                boolean quote = field.indexOf(delimiter) >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0;
                fields.add(quote ? "\"" + field.replace("\"", "\"\"") + "\"" : field);
            }
            text.append(String.join(String.valueOf(delimiter), fields)).append(lineEnd);
            if (rows.indexOf(row) == blankLineAfter) {
                text.append(lineEnd);
            }
        }
        String damaged = text.toString();
        for (int kind : textDamages) {
            damaged = switch (kind) {
                case 0 -> {
                    damages.add("random characters");
                    yield randomCharacters(damaged, r, 1 + r.nextInt(8));
                }
                case 1 -> {
                    damages.add("a stray quote");
                    int at = damaged.indexOf('\n') + 1 + r.nextInt(Math.max(1, damaged.length() - damaged.indexOf('\n') - 1));
                    yield damaged.substring(0, Math.min(at, damaged.length())) + "\"" + damaged.substring(Math.min(at, damaged.length()));
                }
                default -> {
                    damages.add("truncated");
                    yield damaged.substring(0, r.nextInt(damaged.length() + 1));
                }
            };
        }
        return damaged.getBytes(charset);
    }

    // ---------------------------------------------------------------- Strava JSON lines

    private static byte[] jsonLines(Random r, long seed, List<String> damages) {
        long base = (r.nextLong() & 0xFFFFFFFFFFL) * 1000; // from the mixed seed (jqwik's edge seeds 0 and 2^63 share their low bits); below 2^53
        List<String> lines = new ArrayList<>();
        int count = 1 + r.nextInt(12);
        for (int i = 0; i < count; i++) {
            java.time.Instant start = java.time.Instant.parse("2026-01-02T06:00:00Z").plusSeconds(86_400L * r.nextInt(150) + r.nextInt(40_000));
            lines.add("{\"id\": " + (base + i) + ", \"athlete\": {\"id\": " + (1 + r.nextInt(EMPLOYEES)) + "}, \"name\": \"Sortie\", "
                    + "\"sport_type\": \"" + STRAVA_SPORTS[r.nextInt(STRAVA_SPORTS.length)] + "\", \"start_date\": \"" + start + "\", "
                    + "\"elapsed_time\": " + (1200 + r.nextInt(5000)) + ", \"distance\": " + (1000 + r.nextInt(15000)) + ".0}");
        }
        String lineEnd = "\n";
        boolean bom = false;
        int picks = 1 + r.nextInt(3);
        for (int d = 0; d < picks; d++) {
            int i = r.nextInt(lines.size());
            switch (r.nextInt(9)) {
                case 0 -> {
                    damages.add("wrong types");
                    String[][] swaps = {{"\"distance\": ", "\"distance\": \"abc\", \"x\": "}, {"\"elapsed_time\": ", "\"elapsed_time\": 1.5e400, \"y\": "},
                            {"\"athlete\": {\"id\": ", "\"athlete\": \"nobody\", \"z\": {\"id\": "}, {"\"start_date\": ", "\"start_date\": 12345, \"w\": "},
                            {"\"id\": ", "\"id\": 99999999999999999999999, \"v\": "}};
                    String[] swap = swaps[r.nextInt(swaps.length)];
                    lines.set(i, lines.get(i).replace(swap[0], swap[1]));
                }
                case 1 -> {
                    damages.add("fields missing or null");
                    lines.set(i, lines.get(i).replaceAll("\"(sport_type|start_date|elapsed_time)\": [^,}]+", r.nextBoolean() ? "\"$1\": null" : "\"q\": 0"));
                }
                case 2 -> {
                    damages.add("a line truncated");
                    lines.set(i, lines.get(i).substring(0, r.nextInt(Math.max(1, lines.get(i).length())))); // a blank line stays blank
                }
                case 3 -> {
                    damages.add("not an object");
                    lines.set(i, new String[] {"[1, 2, 3]", "42", "\"text\"", "null", "{}", "{\"id\": {\"nested\": [1]}}"}[r.nextInt(6)]);
                }
                case 4 -> {
                    damages.add("a raw line break in a string");
                    lines.set(i, lines.get(i).replace("\"Sortie\"", "\"Sortie\nmatinale\""));
                }
                case 5 -> {
                    damages.add("byte-order mark");
                    bom = true;
                }
                case 6 -> {
                    damages.add("CRLF and blank lines");
                    lineEnd = "\r\n";
                    lines.add(r.nextInt(lines.size() + 1), "");
                }
                case 7 -> {
                    damages.add("huge and odd strings");
                    lines.set(i, lines.get(i).replace("\"Sortie\"", r.nextBoolean() ? "\"" + "z".repeat(100_000) + "\""
                            : "\"\\u0000\\ud83c\\u202e\\\\\\\"\""));
                }
                default -> {
                    damages.add("random characters");
                    lines.set(i, randomCharacters(lines.get(i), r, 1 + r.nextInt(5)));
                }
            }
        }
        return ((bom ? "\uFEFF" : "") + String.join(lineEnd, lines) + lineEnd).getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- shared damages

    private static String randomCharacters(String text, Random r, int edits) {
        StringBuilder s = new StringBuilder(text);
        String alphabet = ",;\"'{}[]:\\\n\r\t 0123456789abcXYZéß€\uFEFF\u0000";
        for (int i = 0; i < edits && s.length() > 0; i++) {
            int at = r.nextInt(s.length());
            switch (r.nextInt(3)) {
                case 0 -> s.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                case 1 -> s.deleteCharAt(at);
                default -> s.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
            }
        }
        return s.toString();
    }

    private static byte[] damageBytes(byte[] bytes, Random r, List<String> damages) {
        damages.remove("bytes damaged");
        if (r.nextBoolean()) {
            damages.add("zip truncated");
            return Arrays.copyOf(bytes, r.nextInt(bytes.length));
        }
        damages.add("zip bytes flipped");
        byte[] copy = bytes.clone();
        for (int i = 0; i < 1 + r.nextInt(20); i++) {
            copy[r.nextInt(copy.length)] ^= (byte) (1 + r.nextInt(255));
        }
        return copy;
    }
}
