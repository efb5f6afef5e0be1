package com.sportdata.benefits.bronze;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.landing.LandingFile;
import com.sportdata.benefits.landing.LandingZone;
import com.sportdata.benefits.landing.UnreadableFileException;
import com.sportdata.benefits.landing.XlsxTable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An xlsx source streamed on the driver with POI's event API (no Spark xlsx reader exists for Spark 3.5). Every cell is
 * kept as text, exactly as stored; {@code _source_row} is the row number in the sheet.
 */
public final class XlsxSource implements BronzeSource {
    private static final Logger LOG = LoggerFactory.getLogger(XlsxSource.class);

    private static final int ROWS_PER_SLICE = 2_000;

    private final TableId target;
    private final Map<String, String> columnsByHeader;
    private final StructType schema;

    /** @param columnsByHeader the French header of each column and the bronze column it lands in, in order */
    public XlsxSource(TableId target, Map<String, String> columnsByHeader) {
        this.target = target;
        this.columnsByHeader = new LinkedHashMap<>(columnsByHeader);
        StructType s = BronzeSources.textColumns(columnsByHeader.values());
        this.schema = s.add("_source_row", DataTypes.IntegerType);
    }

    /** The French headers, in order. */
    public List<String> headers() {
        return List.copyOf(columnsByHeader.keySet());
    }

    @Override
    public TableId target() {
        return target;
    }

    @Override
    public StructType schema() {
        return schema;
    }

    @Override
    public boolean builtOnDriver() {
        return true;
    }

    /** Sheet rows as Spark rows: the values, then the row number in the sheet ({@code _source_row}). */
    static List<Row> rows(List<XlsxTable.XlsxRow> sheetRows) {
        List<Row> rows = new ArrayList<>(sheetRows.size());
        for (XlsxTable.XlsxRow row : sheetRows) {
            Object[] values = new Object[row.values().size() + 1];
            for (int i = 0; i < row.values().size(); i++) {
                values[i] = row.values().get(i);
            }
            values[values.length - 1] = row.rowNumber();
            rows.add(RowFactory.create(values));
        }
        return rows;
    }

    @Override
    public Dataset<Row> read(SparkSession spark, LandingZone zone, LandingFile file) {
        if (!file.extension().equals("xlsx")) {
            throw new UnreadableFileException(file.name(), "unknown format '." + file.extension() + "', expected an .xlsx workbook");
        }
        if (file.sizeBytes() == 0) {
            throw new UnreadableFileException(file.name(), "empty file (0 bytes)");
        }
        XlsxTable table;
        try (InputStream in = zone.open(file)) {
            table = XlsxTable.read(in, file.name(), List.copyOf(columnsByHeader.keySet()));
        } catch (IOException e) {
            throw new UnreadableFileException(file.name(), "cannot be opened: " + e.getMessage(), e);
        }
        if (table.rows().isEmpty()) {
            throw new UnreadableFileException(file.name(), "no data rows under the header in sheet '" + table.sheetName() + "'");
        }
        if (!table.extraHeaders().isEmpty()) {
            LOG.warn("{}: extra column(s) {} ignored", file.name(), table.extraHeaders());
        }
        List<Row> rows = rows(table.rows());
        // sent in slices of a few thousand rows, one task each (a single local relation would send the whole sheet,
        // 25 MB for 100 000 employees, in one task), then gathered into one partition: one file in bronze
        int slices = Math.max(1, (rows.size() + ROWS_PER_SLICE - 1) / ROWS_PER_SLICE);
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, slices), schema)
                .repartition(1);
    }
}
