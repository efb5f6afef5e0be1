package com.sportdata.benefits.landing;

import com.sportdata.benefits.bronze.BronzeSources;
import com.sportdata.benefits.testing.Lakes;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFRichTextString;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The streaming xlsx reader gives what the workbook's user model gives, cell type by cell type. */
class XlsxTableTest {
    private static final List<String> HEADERS = List.of("ID", "Nom", "Montant", "Actif", "Calcul", "Note");

    @Test
    void every_cell_type_reads_as_the_user_model_gives_it() throws IOException {
        byte[] file;
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            Sheet other = workbook.createSheet("Notes");
            other.createRow(0).createCell(0).setCellValue("pas un tableau");
            Sheet sheet = workbook.createSheet("Données");
            Row header = sheet.createRow(2);                        // header not on the first line
            List<String> written = List.of("Note", "ID", "Nom", "Colonne en trop", "Montant", "Actif", "Calcul");
            for (int i = 0; i < written.size(); i++) {
                header.createCell(i).setCellValue(written.get(i));
            }
            Row r1 = sheet.createRow(3);
            r1.createCell(0).setCellValue(new XSSFRichTextString("gras et normal"));
            r1.createCell(1).setCellValue(1001);
            r1.createCell(2).setCellValue("Dupont");
            r1.createCell(3).setCellValue("ignoré");
            r1.createCell(4).setCellValue(59019.5);
            r1.createCell(5).setCellValue(true);
            r1.createCell(6).setCellFormula("E4*2");
            sheet.createRow(4);                                     // an empty row: skipped
            Row r3 = sheet.createRow(6);                            // a gap in the numbering
            r3.createCell(1).setCellValue(1002);
            r3.createCell(2).setCellValue("   ");                   // blank text: null
            r3.createCell(5).setCellValue(false);
            r3.createCell(6).setCellErrorValue(FormulaError.DIV0.getCode());
            Row r4 = sheet.createRow(7);
            r4.createCell(6).setCellFormula("\"texte\"");
            workbook.getCreationHelper().createFormulaEvaluator().evaluateAll();
            file = bytes(workbook);
        }

        XlsxTable table = XlsxTable.read(new ByteArrayInputStream(file), "t.xlsx", HEADERS);

        assertThat(table.sheetName()).isEqualTo("Données");
        assertThat(table.extraHeaders()).containsExactly("Colonne en trop");
        assertThat(table.rows()).extracting(XlsxTable.XlsxRow::rowNumber).containsExactly(4, 7, 8);
        assertThat(table.rows().get(0).values()).containsExactly("1001.0", "Dupont", "59019.5", "true", "118039.0", "gras et normal");
        assertThat(table.rows().get(1).values()).containsExactly("1002.0", null, null, "false", null, null);
        assertThat(table.rows().get(2).values()).containsExactly(null, null, null, null, "texte", null);
        assertThat(table.rows()).allSatisfy(r -> assertThat(r.values()).isEqualTo(userModel(file, r.rowNumber())));
    }

    @Test
    void inline_strings_of_a_streamed_workbook_read_too() throws IOException {
        byte[] file;
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(10)) {           // writes inline strings, not a shared table
            Sheet sheet = workbook.createSheet("Feuille 1");
            Row header = sheet.createRow(0);
            for (int i = 0; i < HEADERS.size(); i++) {
                header.createCell(i).setCellValue(HEADERS.get(i));
            }
            for (int r = 1; r <= 50; r++) {
                Row row = sheet.createRow(r);
                row.createCell(0).setCellValue(r);
                row.createCell(1).setCellValue("nom " + r);
            }
            file = bytes(workbook);
            workbook.dispose();
        }
        XlsxTable table = XlsxTable.read(new ByteArrayInputStream(file), "s.xlsx", HEADERS);
        assertThat(table.rows()).hasSize(50);
        assertThat(table.rows().get(49).values()).containsExactly("50.0", "nom 50", null, null, null, null);
        assertThat(table.rows().get(49).rowNumber()).isEqualTo(51);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DonneesRH.xlsx", "DonneesSportive.xlsx"})
    void the_real_files_read_exactly_as_the_user_model_reads_them(String name) throws IOException {
        Path file = Lakes.REAL_DATA.resolve(name);
        assumeTrue(Files.isRegularFile(file), "real data not found at " + file.toAbsolutePath());
        List<String> headers = name.startsWith("DonneesRH") ? BronzeSources.HR_HEADERS : List.of("ID salarié", "Pratique d'un sport");
        byte[] bytes = Files.readAllBytes(file);
        XlsxTable table = XlsxTable.read(new ByteArrayInputStream(bytes), name, headers);
        List<List<String>> expected = userModelRows(bytes, headers);
        assertThat(table.rows()).hasSize(expected.size()).hasSizeGreaterThan(100);
        assertThat(table.rows().stream().map(XlsxTable.XlsxRow::values).toList()).isEqualTo(expected);
    }

    @Test
    void a_missing_column_names_it_and_the_sheet_and_garbage_is_not_a_workbook() throws IOException {
        byte[] file;
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            Row header = workbook.createSheet("Feuille 1").createRow(0);
            header.createCell(0).setCellValue("ID");
            workbook.createSheet("Vide");
            file = bytes(workbook);
        }
        assertThatThrownBy(() -> XlsxTable.read(new ByteArrayInputStream(file), "m.xlsx", List.of("ID", "Nom")))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("missing column(s) [Nom] in sheet 'Feuille 1'");
        assertThatThrownBy(() -> XlsxTable.read(new ByteArrayInputStream("pas un classeur".getBytes()), "g.xlsx", HEADERS))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("not a readable xlsx workbook");
    }

    @Test
    void a_workbook_read_or_refused_leaves_no_copy_in_the_scratch_folder() throws IOException {
        byte[] file;
        try (SXSSFWorkbook workbook = new SXSSFWorkbook()) {   // strings inline, as the generator writes them
            Row header = workbook.createSheet("Feuille 1").createRow(0);
            header.createCell(0).setCellValue("ID");
            header.createCell(1).setCellValue("Nom");
            Row row = workbook.getSheet("Feuille 1").createRow(1);
            row.createCell(0).setCellValue(1001);
            row.createCell(1).setCellValue("Dupont");
            file = bytes(workbook);
            workbook.dispose();
        }
        Path scratch = Path.of(System.getProperty("java.io.tmpdir"));
        List<String> before = workbookCopies(scratch);
        XlsxTable table = XlsxTable.read(new ByteArrayInputStream(file), "hr.xlsx", List.of("ID", "Nom"));
        assertThat(table.rows()).singleElement().satisfies(r -> assertThat(r.values()).containsExactly("1001.0", "Dupont"));
        assertThatThrownBy(() -> XlsxTable.read(new ByteArrayInputStream(Arrays.copyOf(file, file.length / 2)), "cut.xlsx", List.of("ID")))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("not a readable xlsx workbook");
        assertThat(workbookCopies(scratch)).isEqualTo(before);
    }

    private static List<String> workbookCopies(Path scratch) throws IOException {
        try (var files = Files.list(scratch)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("workbook-")).sorted().toList();
        }
    }

    @Test
    void column_references_count_in_base_26() {
        assertThat(XlsxTable.SheetReader.columnOf("A1")).isZero();
        assertThat(XlsxTable.SheetReader.columnOf("Z9")).isEqualTo(25);
        assertThat(XlsxTable.SheetReader.columnOf("AA10")).isEqualTo(26);
        assertThat(XlsxTable.SheetReader.columnOf("AB2")).isEqualTo(27);
    }

    private static byte[] bytes(Workbook workbook) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        workbook.write(out);
        return out.toByteArray();
    }

    /** The oracle: POI's user model, one row of the test sheet, values in HEADERS order. */
    private static List<String> userModel(byte[] file, int rowNumber) throws IOException {
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(file))) {
            Sheet sheet = workbook.getSheet("Données");
            List<String> header = new ArrayList<>();
            sheet.getRow(sheet.getFirstRowNum()).forEach(c -> header.add(c.getStringCellValue()));
            Row row = sheet.getRow(rowNumber - 1);
            return HEADERS.stream().map(h -> text(row.getCell(header.indexOf(h)))).toList();
        }
    }

    private static List<List<String>> userModelRows(byte[] file, List<String> headers) throws IOException {
        try (InputStream in = new ByteArrayInputStream(file); Workbook workbook = WorkbookFactory.create(in)) {
            Sheet sheet = workbook.getSheetAt(0);
            List<String> header = new ArrayList<>();
            sheet.getRow(sheet.getFirstRowNum()).forEach(c -> header.add(com.sportdata.benefits.geo.Text.matchKey(text(c))));
            int[] columns = headers.stream().mapToInt(h -> header.indexOf(com.sportdata.benefits.geo.Text.matchKey(h))).toArray();
            List<List<String>> rows = new ArrayList<>();
            for (int r = sheet.getFirstRowNum() + 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                if (row == null) {
                    continue;
                }
                List<String> values = Arrays.stream(columns).mapToObj(c -> text(row.getCell(c))).toList();
                if (values.stream().anyMatch(v -> v != null)) {
                    rows.add(values);
                }
            }
            return rows;
        }
    }

    private static String text(Cell cell) {
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
