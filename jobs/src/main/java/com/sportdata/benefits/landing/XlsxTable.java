package com.sportdata.benefits.landing;

import com.sportdata.benefits.geo.Text;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An xlsx sheet read as a stream (POI's event API over the sheet XML, never the whole workbook as objects), cell
 * values kept as received: numbers as their stored double (e.g. {@code 59019.0}), Excel dates as their serial
 * number, booleans as {@code true}/{@code false}, formulas as their cached result, errors and blanks as null. The
 * sheet is found by its header, not by its name, so a renamed sheet still reads; a missing column is an error that
 * names it. A 100 000-row HR file reads in a few seconds with memory for the shared strings and the kept rows only.
 */
public record XlsxTable(String sheetName, List<String> extraHeaders, List<XlsxRow> rows) {

    /** One data row: its 1-based row number in the sheet and its values by required header. */
    public record XlsxRow(int rowNumber, List<String> values) {
    }

    private static final XMLInputFactory XML = XMLHelper.newXMLInputFactory();

    public static XlsxTable read(InputStream in, String fileName, List<String> requiredHeaders) {
        String[] firstProblem = {null};
        return firstSheet(in, fileName, (name, sheet, headerCells) -> {
            Map<String, Integer> header = new LinkedHashMap<>();
            if (headerCells != null) {
                headerCells.forEach((column, value) -> header.putIfAbsent(Text.matchKey(value), column));
            }
            List<String> missing = requiredHeaders.stream().filter(h -> !header.containsKey(Text.matchKey(h))).toList();
            if (missing.isEmpty()) {
                return readRows(name, sheet, headerCells, header, requiredHeaders);
            }
            if (firstProblem[0] == null) {
                firstProblem[0] = header.isEmpty()
                        ? "sheet '" + name + "' is empty (no header row)"
                        : "missing column(s) " + missing + " in sheet '" + name + "'";
            }
            return null;
        }, () -> firstProblem[0] == null ? "workbook has no sheet" : firstProblem[0]);
    }

    /**
     * The first sheet with a header row, whole: its header cells in column order, and every non-blank row's values
     * under them. For files whose columns are found by their names after reading (activity files in any shape).
     */
    public record WholeSheet(String sheetName, List<String> headers, List<XlsxRow> rows) {
    }

    public static WholeSheet readWhole(InputStream in, String fileName) {
        return firstSheet(in, fileName, (name, sheet, headerCells) -> {
            if (headerCells == null || headerCells.values().stream().allMatch(v -> v == null || v.isBlank())) {
                return null;
            }
            List<Integer> columns = headerCells.keySet().stream().sorted().toList();
            List<String> names = columns.stream().map(c -> headerCells.get(c) == null ? "" : headerCells.get(c).trim()).toList();
            return new WholeSheet(name, names, readColumns(sheet, columns));
        }, () -> "workbook has no sheet with a header row");
    }

    /** What a sheet gives, read from just after its header row; null to look at the next sheet. */
    private interface SheetTaker<T> {
        T take(String sheetName, SheetReader sheet, Map<Integer, String> headerCells) throws XMLStreamException;
    }

    /** The first sheet a taker takes, streamed; a workbook none takes, or that is not one, is refused with the reason. */
    private static <T> T firstSheet(InputStream in, String fileName, SheetTaker<T> taker, java.util.function.Supplier<String> noneTaken) {
        OPCPackage pkg = null;
        java.nio.file.Path copy = null;
        try {
            // opened from a file, the workbook's parts are streamed out of the zip one at a time; opened from a stream,
            // POI holds every part in memory and refuses one over 100 MB (the sheet of a 1 000 000-employee HR file)
            copy = java.nio.file.Files.createTempFile("workbook-", ".xlsx");
            java.nio.file.Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            pkg = OPCPackage.open(copy.toFile(), org.apache.poi.openxml4j.opc.PackageAccess.READ);
            // the open zip keeps reading it: its name goes at once, so a process killed now leaves no copy of an HR
            // file outside the lake
            java.nio.file.Files.delete(copy);
            copy = null;
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            while (sheets.hasNext()) {
                try (InputStream sheetXml = sheets.next()) {
                    SheetReader sheet = new SheetReader(XML.createXMLStreamReader(sheetXml), strings);
                    T taken = taker.take(sheets.getSheetName(), sheet, sheet.nextRow());
                    if (taken != null) {
                        return taken;
                    }
                }
            }
            throw new UnreadableFileException(fileName, noneTaken.get());
        } catch (UnreadableFileException e) {
            throw e;
        } catch (Exception e) {
            throw new UnreadableFileException(fileName, "not a readable xlsx workbook (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())) + ")", e);
        } finally {
            if (pkg != null) {
                pkg.revert(); // read only: closing would try to write the package back
            }
            if (copy != null) {
                try {
                    java.nio.file.Files.deleteIfExists(copy);
                } catch (java.io.IOException ignored) {
                    // a scratch file left behind: the scratch folder's business, not the read's
                }
            }
        }
    }

    private static XlsxTable readRows(String sheetName, SheetReader sheet, Map<Integer, String> headerCells,
                                      Map<String, Integer> header, List<String> requiredHeaders) throws XMLStreamException {
        List<Integer> columns = requiredHeaders.stream().map(h -> header.get(Text.matchKey(h))).toList();
        List<String> requiredKeys = requiredHeaders.stream().map(Text::matchKey).toList();
        List<String> extra = headerCells.values().stream().filter(v -> !requiredKeys.contains(Text.matchKey(v))).toList();
        return new XlsxTable(sheetName, List.copyOf(extra), readColumns(sheet, columns));
    }

    /** The rest of the sheet's rows, the values of these columns each; blank rows skipped. */
    private static List<XlsxRow> readColumns(SheetReader sheet, List<Integer> columns) throws XMLStreamException {
        List<XlsxRow> rows = new ArrayList<>();
        Map<Integer, String> cells;
        while ((cells = sheet.nextRow()) != null) {
            List<String> values = new ArrayList<>(columns.size());
            boolean blank = true;
            for (int column : columns) {
                String value = cells.get(column);
                values.add(value);
                blank &= value == null;
            }
            if (!blank) {
                rows.add(new XlsxRow(sheet.rowNumber(), values));
            }
        }
        return List.copyOf(rows);
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /**
     * Walks a worksheet's {@code <sheetData>} row by row: {@code <row r>} holds {@code <c r t>} cells whose value is
     * {@code <v>} (a number, a shared-string index, a boolean, a formula's cached result) or {@code <is><t>} (inline).
     */
    static final class SheetReader {
        private final XMLStreamReader xml;
        private final ReadOnlySharedStringsTable strings;
        private int rowNumber;

        SheetReader(XMLStreamReader xml, ReadOnlySharedStringsTable strings) {
            this.xml = xml;
            this.strings = strings;
        }

        /** 1-based number of the row last returned. */
        int rowNumber() {
            return rowNumber;
        }

        /** The next row's non-blank cells by 0-based column, or null at the end of the sheet. */
        Map<Integer, String> nextRow() throws XMLStreamException {
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("row")) {
                    String r = xml.getAttributeValue(null, "r");
                    rowNumber = r == null ? rowNumber + 1 : Integer.parseInt(r);
                    return cellsOfRow();
                }
            }
            return null;
        }

        private Map<Integer, String> cellsOfRow() throws XMLStreamException {
            Map<Integer, String> cells = new HashMap<>();
            int nextColumn = 0;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("row")) {
                    return cells;
                }
                if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("c")) {
                    String ref = xml.getAttributeValue(null, "r");
                    int column = ref == null ? nextColumn : columnOf(ref);
                    nextColumn = column + 1;
                    String value = cellValue(xml.getAttributeValue(null, "t"));
                    if (value != null && !value.isBlank()) {
                        cells.put(column, value);
                    }
                }
            }
            return cells;
        }

        /** Reads one {@code <c>} to its end and returns its value as the workbook's user model would give it. */
        private String cellValue(String type) throws XMLStreamException {
            StringBuilder v = null;
            StringBuilder inline = null;
            boolean inV = false;
            boolean inT = false;
            boolean inPhonetic = false;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    switch (xml.getLocalName()) {
                        case "v" -> {
                            inV = true;
                            v = new StringBuilder();
                        }
                        case "t" -> {
                            inT = !inPhonetic;
                            if (inline == null) {
                                inline = new StringBuilder();
                            }
                        }
                        case "rPh" -> inPhonetic = true;
                        default -> {
                        }
                    }
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                        || event == XMLStreamConstants.SPACE) {
                    if (inV) {
                        v.append(xml.getText());
                    } else if (inT) {
                        inline.append(xml.getText());
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    switch (xml.getLocalName()) {
                        case "v" -> inV = false;
                        case "t" -> inT = false;
                        case "rPh" -> inPhonetic = false;
                        case "c" -> {
                            return typed(type, v == null ? null : v.toString(), inline == null ? null : inline.toString());
                        }
                        default -> {
                        }
                    }
                }
            }
            return null;
        }

        private String typed(String type, String v, String inline) {
            String t = type == null ? "n" : type;
            return switch (t) {
                case "s" -> v == null || v.isBlank() ? null : strings.getItemAt(Integer.parseInt(v.trim())).getString();
                case "inlineStr" -> inline;
                case "str" -> v;
                case "b" -> v == null ? null : String.valueOf("1".equals(v.trim()) || "true".equalsIgnoreCase(v.trim()));
                case "e" -> null;
                case "n" -> v == null || v.isBlank() ? null : BigDecimal.valueOf(Double.parseDouble(v.trim())).toPlainString();
                default -> v; // "d": an ISO date kept as written
            };
        }

        /** 0-based column of a cell reference such as {@code AB12}. */
        static int columnOf(String ref) {
            int column = 0;
            for (int i = 0; i < ref.length() && Character.isLetter(ref.charAt(i)); i++) {
                column = column * 26 + (Character.toUpperCase(ref.charAt(i)) - 'A' + 1);
            }
            return column - 1;
        }
    }
}
