package io.orderflow.reporting;

import java.util.List;

/** RFC 4180: CRLF after every record, a field in double quotes when it holds a comma, quote or line break. */
final class Csv {

    private static final String CRLF = "\r\n";

    private Csv() {
    }

    static String of(ReportTable table) {
        StringBuilder csv = new StringBuilder();
        record(csv, table.header());
        table.rows().forEach(row -> record(csv, row));
        return csv.toString();
    }

    private static void record(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(fields.get(i)));
        }
        csv.append(CRLF);
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\r") || value.contains("\n")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
