package com.sportdata.benefits.landing;

import com.sportdata.benefits.geo.Text;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An xlsx sheet read on the driver, cell values kept as received (numbers as their stored double,
 * e.g. {@code 59019.0}; Excel dates as their serial number). The sheet is found by its header, not
 * by its name, so a renamed sheet still reads; a missing column is an error that names it.
 */
public record XlsxTable(String sheetName, List<String> extraHeaders, List<XlsxRow> rows) {

    /** One data row: its 1-based row number in the sheet and its values by required header. */
    public record XlsxRow(int rowNumber, List<String> values) {
    }

    public static XlsxTable read(InputStream in, String fileName, List<String> requiredHeaders) {
        try (Workbook workbook = WorkbookFactory.create(in)) {
            String firstProblem = null;
            for (int s = 0; s < workbook.getNumberOfSheets(); s++) {
                Sheet sheet = workbook.getSheetAt(s);
                Map<String, Integer> header = headerOf(sheet);
                List<String> missing = requiredHeaders.stream().filter(h -> !header.containsKey(Text.matchKey(h))).toList();
                if (missing.isEmpty()) {
                    return readSheet(sheet, header, requiredHeaders);
                }
                if (firstProblem == null) {
                    firstProblem = header.isEmpty()
                            ? "sheet '" + sheet.getSheetName() + "' is empty (no header row)"
                            : "missing column(s) " + missing + " in sheet '" + sheet.getSheetName() + "'";
                }
            }
            throw new UnreadableFileException(fileName, firstProblem == null ? "workbook has no sheet" : firstProblem);
        } catch (UnreadableFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UnreadableFileException(fileName, "not a readable xlsx workbook (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())) + ")", e);
        }
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static Map<String, Integer> headerOf(Sheet sheet) {
        Map<String, Integer> header = new LinkedHashMap<>();
        Row row = sheet.getRow(sheet.getFirstRowNum());
        if (row == null) {
            return header;
        }
        for (Cell cell : row) {
            String value = cellText(cell);
            if (value != null) {
                header.putIfAbsent(Text.matchKey(value), cell.getColumnIndex());
            }
        }
        return header;
    }

    private static XlsxTable readSheet(Sheet sheet, Map<String, Integer> header, List<String> requiredHeaders) {
        List<Integer> columns = requiredHeaders.stream().map(h -> header.get(Text.matchKey(h))).toList();
        List<String> requiredKeys = requiredHeaders.stream().map(Text::matchKey).toList();
        List<String> extra = new ArrayList<>();
        Row headerRow = sheet.getRow(sheet.getFirstRowNum());
        for (Cell cell : headerRow) {
            String value = cellText(cell);
            if (value != null && !requiredKeys.contains(Text.matchKey(value))) {
                extra.add(value);
            }
        }
        List<XlsxRow> rows = new ArrayList<>();
        for (int r = sheet.getFirstRowNum() + 1; r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            if (row == null) {
                continue;
            }
            List<String> values = new ArrayList<>(columns.size());
            boolean blank = true;
            for (int column : columns) {
                String value = cellText(row.getCell(column));
                values.add(value);
                blank &= value == null;
            }
            if (!blank) {
                rows.add(new XlsxRow(r + 1, values));
            }
        }
        return new XlsxTable(sheet.getSheetName(), List.copyOf(extra), List.copyOf(rows));
    }

    static String cellText(Cell cell) {
        if (cell == null) {
            return null;
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        String value = switch (type) {
            case NUMERIC -> BigDecimal.valueOf(cell.getNumericCellValue()).toPlainString();
            case STRING -> cell.getStringCellValue();
            case BOOLEAN -> String.valueOf(cell.getBooleanCellValue());
            default -> null;
        };
        return value == null || value.isBlank() ? null : value;
    }
}
