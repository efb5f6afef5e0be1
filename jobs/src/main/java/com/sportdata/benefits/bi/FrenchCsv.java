package com.sportdata.benefits.bi;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;

/**
 * CSV as French Excel opens it with a double click: UTF-8 with a byte-order mark (else accents break), {@code ;}
 * between fields (the list separator of the fr-FR locale), decimal comma, CRLF. Numbers are written in full (no
 * thousands separator, no exponent), dates ISO, timestamps in UTC, booleans as Excel's French VRAI/FAUX.
 */
final class FrenchCsv {
    static final char BOM = '\uFEFF';
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private FrenchCsv() {
    }

    /** Writes the header and every row; returns the number of rows. */
    static long write(StructType schema, Iterator<Row> rows, Writer out) throws IOException {
        out.write(BOM);
        String[] names = schema.fieldNames();
        for (int i = 0; i < names.length; i++) {
            out.write(i == 0 ? "" : ";");
            out.write(field(names[i]));
        }
        out.write("\r\n");
        long count = 0;
        while (rows.hasNext()) {
            Row row = rows.next();
            for (int i = 0; i < row.size(); i++) {
                out.write(i == 0 ? "" : ";");
                out.write(value(row.get(i)));
            }
            out.write("\r\n");
            count++;
        }
        return count;
    }

    static String value(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString().replace('.', ',');
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return "";
            }
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString().replace('.', ',');
        }
        if (v instanceof Boolean b) {
            return b ? "VRAI" : "FAUX";
        }
        if (v instanceof Timestamp t) {
            return TIMESTAMP.format(t.toInstant());
        }
        if (v instanceof java.time.Instant t) {
            return TIMESTAMP.format(t);
        }
        return field(v.toString());
    }

    /** Quoted when it holds the separator, a quote, a line break or edge spaces; quotes doubled. */
    static String field(String s) {
        boolean quote = s.indexOf(';') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
                || (!s.isEmpty() && (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))));
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
