package com.sportdata.benefits.testing;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes small xlsx files for tests: numbers become numeric cells, like the real files. */
public final class Workbooks {
    public static final List<String> HR_HEADERS = com.sportdata.benefits.bronze.BronzeSources.HR_HEADERS;

    private Workbooks() {
    }

    public static Path write(Path file, String sheetName, List<String> headers, List<List<Object>> rows) throws IOException {
        Files.createDirectories(file.getParent());
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = workbook.createSheet(sheetName);
            Row header = sheet.createRow(0);
            for (int i = 0; i < headers.size(); i++) {
                header.createCell(i).setCellValue(headers.get(i));
            }
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                List<Object> values = rows.get(r);
                for (int c = 0; c < values.size(); c++) {
                    Object v = values.get(c);
                    if (v instanceof Number n) {
                        row.createCell(c).setCellValue(n.doubleValue());
                    } else if (v != null) {
                        row.createCell(c).setCellValue(v.toString());
                    }
                }
            }
            workbook.write(out);
        }
        return file;
    }

    /** One HR row in the real file's shape: Excel serial dates, float numbers. */
    public static List<Object> hrRow(long id, String last, String first, int birthSerial, String bu, int hireSerial,
                                     double salary, String address, String mode) {
        return java.util.Arrays.asList((double) id, last, first, (double) birthSerial, bu, (double) hireSerial, salary, "CDI",
                27.0, address, mode);
    }
}
