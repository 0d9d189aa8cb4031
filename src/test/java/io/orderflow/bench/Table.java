package io.orderflow.bench;

import java.util.List;
import java.util.Map;

/** The benchmark's result: each figure of the bare engine and of the application, the ratio, and the goal. */
final class Table {

    private record Row(String label, String figure, String goal) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("the machine: a million strings into a map and sorted, one thread (ms)", "reference", ""),
            new Row("PostgreSQL's autovacuum", "autovacuum", "on"),
            new Row("start-up, launch to ready (s)", "start-up", ""),
            new Row("quote intake, POST → review task (quotes/s)", "intake", "≥ 0.5 × bare"),
            new Row("… POST → review task p50 (ms)", "intake p50", ""),
            new Row("… POST → review task p95 (ms)", "intake p95", "≤ 300"),
            new Row("… POST → review task p99 (ms)", "intake p99", ""),
            new Row("… answer to the POST p95 (ms)", "answer p95", ""),
            new Row("task completion, claim + submit (tasks/s)", "tasks", ""),
            new Row("… p95 (ms)", "task p95", ""),
            new Row("validations waiting for their result", "waiting", ""),
            new Row("… mails and sales events of the phases before still to send as the results arrive", "pending work", ""),
            new Row("callback intake (results/s)", "callback intake", ""),
            new Row("callback delivery, to the process (results/s)", "callback delivery", "≥ 0.5 × bare"),
            new Row("… per result with its follow-on work: CPU of the JVM (ms)", "result cpu", ""),
            new Row("… per result with its follow-on work: CPU of PostgreSQL (ms)", "result database cpu", ""),
            new Row("timers due at once", "timers", ""),
            new Row("timer drain (jobs/s)", "timer drain", "≥ 167 (100,000 in 10 min)"),
            new Row("… quotes requested meanwhile (per s)", "requests during drain", ""),
            new Row("… request p95 meanwhile (ms)", "api p95 during drain", "≤ 150"),
            new Row("… CPU of the JVM per due timer (ms)", "timer cpu", ""),
            new Row("… CPU of PostgreSQL per due timer (ms)", "timer database cpu", ""),
            new Row("per quote: commits", "commits", ""),
            new Row("per quote: rows inserted", "rows", ""),
            new Row("per quote: jobs", "jobs", ""),
            new Row("per quote: CPU of the JVM (ms)", "cpu", ""),
            new Row("per quote: CPU of PostgreSQL (ms)", "database cpu", ""),
            new Row("heap in use, peak (MB)", "heap", "≤ 512"),
            new Row("resident memory, peak (MB)", "rss", ""),
            new Row("database per finished instance (KB)", "bytes per instance", "≤ 25"));

    private Table() {
    }

    static String of(Benchmark.Settings settings, Map<String, String> bare, Map<String, String> application) {
        StringBuilder table = new StringBuilder();
        table.append("Benchmark: ").append(settings.clients()).append(" clients, intake ")
                .append(settings.intake().toSeconds()).append(" s after ").append(settings.warmUp().toSeconds())
                .append(" s warm-up, quotes requested at ").append(String.format("%.0f", settings.probeRate()))
                .append("/s while timers drain, heap ").append(settings.heap()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, PostgreSQL, history FULL\n\n");
        table.append("| figure | bare engine | application | application / bare | goal |\n|---|---:|---:|---:|---|\n");
        for (Row row : ROWS) {
            String engine = bare.getOrDefault(row.figure(), "-");
            String app = application.getOrDefault(row.figure(), "-");
            table.append("| ").append(row.label()).append(" | ").append(engine).append(" | ").append(app).append(" | ")
                    .append(ratio(engine, app)).append(" | ").append(row.goal()).append(" |\n");
        }
        return table.toString();
    }

    private static String ratio(String bare, String application) {
        try {
            double engine = Double.parseDouble(bare);
            return engine == 0 ? "-" : String.format("%.2f", Double.parseDouble(application) / engine);
        } catch (NumberFormatException e) {
            return "-";
        }
    }
}
