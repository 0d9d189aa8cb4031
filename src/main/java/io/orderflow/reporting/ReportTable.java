package io.orderflow.reporting;

import java.util.List;

/**
 * One figure of the reports page: the table under the chart and in the CSV download are the same rows, the chart
 * draws them.
 *
 * @param id the name of its CSV download, {@code /reports/{id}.csv}
 */
public record ReportTable(String id, String title, String description, List<String> header, List<List<String>> rows,
        BarChart chart) {

    public ReportTable {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
    }
}
