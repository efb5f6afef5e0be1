package com.sportdata.benefits.privacy;

import com.sportdata.benefits.catalog.PersonalData;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.generate.Generator;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.PrivacyScan;
import com.sportdata.benefits.testing.Processes;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything real processes write, read back and searched for the HR file's salaries, birth dates, streets and full
 * names: a generated company with two HR rows quarantined (a negative salary, a birth date in the future: their
 * reasons travel to the ledger, the quality report, the quarantine summary and the logs), a first run, new activities
 * posted to Slack (dry run: the outbox), and the BI export. Each table, file and log may hold only the
 * kinds its classification says (catalog/PersonalData); a file no place claims fails too.
 */
class PersonalDataScanTest extends SparkTest {

    @Test
    void no_personal_value_is_written_where_the_catalogue_says_it_may_not_be() throws Exception {
        Path lake = newLake("privacy");
        Path logs = Files.createDirectories(lake.resolveSibling(lake.getFileName() + "-logs"));
        // today's company: the new activities are minutes old, as Slack posts only recent ones
        AppConfig config = config(Map.of("lake.root", lake.toString(), "generator.employees", "40", "generator.seed", "11"));
        new Generator(config).writeLanding(null, null);
        quarantineTwoRows(lake);

        List<String> common = List.of("--lake", lake.toString(), "--master", "local[2]", "--set", "spark.local-dir=" + lake.resolve("_spark"));
        run(logs.resolve("1-run.log"), common, "run");
        new Generator(config).writeLive(6);
        run(logs.resolve("2-new-activities.log"), common, "run");
        run(logs.resolve("3-export.log"), common, "export");

        PrivacyScan scan = PrivacyScan.of(spark(), lake);
        assertThat(scan.sizes()).allSatisfy((kind, n) -> assertThat(n).as(kind.label).isGreaterThanOrEqualTo(15)); // streets repeat across 40 employees
        // the places that may hold them do: the scan finds what it looks for (a scan that found nothing anywhere proves nothing)
        PrivacyScan control = PrivacyScan.of(spark(), lake);
        PersonalData.Classification impersonal = PersonalData.of(Tables.RUN_LEDGER);
        control.text("silver.employees", impersonal, String.join("\n", Lakes.read(spark(), lake, Tables.EMPLOYEES).toJSON().collectAsList()));
        control.text("gold.dim_employee", impersonal, String.join("\n", Lakes.read(spark(), lake, Tables.DIM_EMPLOYEE).toJSON().collectAsList()));
        assertThat(control.findings()).anyMatch(f -> f.contains("salaries")).anyMatch(f -> f.contains("birth dates"))
                .anyMatch(f -> f.contains("home addresses")).anyMatch(f -> f.contains("names"));
        assertThat(Lakes.read(spark(), lake, Tables.QUARANTINE).filter(col("target_table").equalTo("silver.employees")).count()).isEqualTo(2);
        assertThat(Lakes.read(spark(), lake, Tables.SLACK_OUTBOX).count()).as("posts of the new day").isPositive();

        scan.lake(spark(), lake);
        try (var files = Files.list(logs)) {
            for (Path log : files.toList()) {
                // a dry run prints the posts it would have sent: those lines are the channel's, the rest is the log's
                Map<Boolean, List<String>> lines = Files.readAllLines(log).stream()
                        .collect(java.util.stream.Collectors.partitioningBy(l -> l.contains(PersonalData.DRY_RUN_POST_PREFIX)));
                scan.text("log " + log.getFileName(), PersonalData.LOGS.classification(), String.join("\n", lines.get(false)));
                scan.text("dry-run posts in " + log.getFileName(), PersonalData.DRY_RUN_POSTS.classification(), String.join("\n", lines.get(true)));
            }
        }
        assertThat(scan.placesRead()).isGreaterThan(60);
        assertThat(scan.findings()).as("personal values outside their places").isEmpty();
    }

    /** One product command as a real process on the lake, stopped by PID whatever happens. */
    private static void run(Path log, List<String> common, String... commandAndOptions) throws Exception {
        List<String> args = new ArrayList<>(List.of(commandAndOptions));
        args.addAll(common);
        Processes.runToTheEnd(log, Map.of(), args);
    }

    /** Two HR rows a run quarantines, with personal values of their own: their reasons must not carry them. */
    private static void quarantineTwoRows(Path lake) throws Exception {
        Path hr;
        try (var files = Files.list(lake.resolve("landing/hr"))) {
            hr = files.filter(f -> f.toString().endsWith(".xlsx")).findFirst().orElseThrow();
        }
        XSSFWorkbook workbook;
        try (InputStream in = Files.newInputStream(hr)) {
            workbook = new XSSFWorkbook(in);
        }
        XSSFSheet sheet = workbook.getSheetAt(0);
        int last = sheet.getLastRowNum();
        XSSFRow template = sheet.getRow(last);
        for (int i = 1; i <= 2; i++) {
            XSSFRow row = sheet.createRow(last + i);
            for (int c = 0; c < template.getLastCellNum(); c++) {
                var source = template.getCell(c);
                if (source == null) {
                    continue;
                }
                var cell = row.createCell(c);
                switch (source.getCellType()) {
                    case NUMERIC -> cell.setCellValue(source.getNumericCellValue());
                    default -> cell.setCellValue(source.toString());
                }
            }
            row.getCell(0).setCellValue(990_000 + i);                       // a new employee id
            row.getCell(1).setCellValue(i == 1 ? "Quarantaine" : "Futurine");
            row.getCell(2).setCellValue(i == 1 ? "Zéphyrine" : "Aurore");
            row.getCell(9).setCellValue((10 + i) + " Impasse des Secrets Gardés, 34000 Montpellier");
            if (i == 1) {
                row.getCell(6).setCellValue(-51_390.0);                         // a negative salary
            } else {
                row.getCell(3).setCellValue(50_000.0);                          // born in 2036
                row.getCell(6).setCellValue(48_765.0);
            }
        }
        try (OutputStream out = Files.newOutputStream(hr)) {
            workbook.write(out);
        }
        workbook.close();
    }
}
