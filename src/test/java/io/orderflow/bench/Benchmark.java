package io.orderflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

/**
 * The load benchmark: the packaged application and the bare Camunda engine on the same three models with no-op
 * delegates, one after the other, each on a fresh PostgreSQL database, driven the same way. It prints one table of
 * both and each figure's ratio, and writes it to {@code target/bench/results.md}. Run by {@code scripts/bench.sh}
 * (not part of {@code mvn verify}); its sizes come from system properties {@code bench.*} (see {@link Settings}).
 */
class Benchmark {

    /** The sizes of a run. */
    record Settings(List<String> targets, int clients, Duration warmUp, Duration intake, int validations,
            double probeRate, String heap, boolean flightRecording, Map<String, String> applicationSettings) {
        static Settings fromSystemProperties() {
            return new Settings(List.of(System.getProperty("bench.targets", "bare-engine,application").split(",")),
                    Integer.getInteger("bench.clients", 8),
                    Duration.parse(System.getProperty("bench.warm-up", "PT20S")),
                    Duration.parse(System.getProperty("bench.intake", "PT60S")),
                    Integer.getInteger("bench.validations", 500),
                    Double.parseDouble(System.getProperty("bench.probe-rate", "10")),
                    System.getProperty("bench.heap", "768m"),
                    Boolean.getBoolean("bench.flight-recording"),
                    applicationSettings(System.getProperty("bench.application-settings", "")));
        }

        /** {@code name=value} pairs separated by spaces: configuration of the application to measure it with. */
        private static Map<String, String> applicationSettings(String pairs) {
            Map<String, String> settings = new java.util.LinkedHashMap<>();
            for (String pair : pairs.trim().split("\\s+")) {
                if (!pair.isEmpty()) {
                    int equals = pair.indexOf('=');
                    settings.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
            }
            return settings;
        }
    }

    private static final Path OUT = Path.of("target", "bench");
    private static final String REVIEW = "reviewQuote";
    private static final String REVIEW_OVERDUE = "reviewOverdue";
    private static final String RESULT_RECEIVED = "validationCompleted";

    private final Settings settings = Settings.fromSystemProperties();
    private final AtomicInteger sequence = new AtomicInteger();

    @Test
    void applicationBesideTheBareEngine() throws Exception {
        Files.createDirectories(OUT);
        Map<String, String> bare = Map.of();
        if (settings.targets().contains("bare-engine")) {
            try (Target target = new BareEngineTarget(jvmOptions("bare-engine"))) {
                bare = measure(target);
            }
        }
        Map<String, String> application = Map.of();
        if (settings.targets().contains("application")) {
            try (Target target = new ApplicationTarget(jvmOptions("application"), settings.applicationSettings())) {
                application = measure(target);
            }
        }
        String table = Table.of(settings, bare, application);
        System.out.println(table);
        Files.writeString(OUT.resolve("results.md"), table);
    }

    private List<String> jvmOptions(String name) {
        List<String> options = new ArrayList<>(List.of("-Xmx" + settings.heap()));
        if (settings.flightRecording()) {
            // Spring and the engine call deep: the default of 64 frames would cut off the application's own frames
            options.add("-XX:FlightRecorderOptions:stackdepth=512");
            options.add("-XX:StartFlightRecording=settings=profile,filename=" + OUT.toAbsolutePath().resolve(name + ".jfr"));
        }
        return options;
    }

    /** Runs every load on the target; returns its figures by name ({@link Table} knows them). */
    private Map<String, String> measure(Target target) throws Exception {
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("reference", String.valueOf(Machine.referenceMillis()));
        Duration startUp = target.start(OUT);
        figures.put("autovacuum", target.jdbc.queryForObject("show autovacuum", String.class));
        figures.put("start-up", seconds(startUp));
        log(target, "started in " + seconds(startUp));
        long emptyBytes = target.databaseBytes();
        try (HeapSampler heap = new HeapSampler(target.pid())) {
            intake(target, settings.warmUp(), Math.max(1, settings.clients() / 2));
            // the warm-up's reviews escalate too: the drain below measures escalations whose code has run before,
            // as it has on any installation that has been up for a day, not the first ones the JIT compiles
            target.makeTimersDue(REVIEW_OVERDUE);
            awaitTimersDrained(target);
            // the mails and events the warm-up left are sent before the intake is measured, not during it
            awaitNone(target, "work pending", target::pendingWork);
            Target.Counters before = target.counters();
            boolean statements = target.countStatements();
            Intake intake = intake(target, settings.intake(), settings.clients());
            Target.Counters cost = target.counters().minus(before);
            int quotes = intake.created().size();
            if (statements) {
                Files.write(OUT.resolve(target.name + "-statements.tsv"), target.costliestStatements(60, quotes));
            }
            figures.put("intake", rate(quotes, intake.span()));
            figures.put("intake p50", millis(intake.toTask(), 50));
            figures.put("intake p95", millis(intake.toTask(), 95));
            figures.put("intake p99", millis(intake.toTask(), 99));
            figures.put("answer p95", millis(intake.answers(), 95));
            figures.put("commits", per(cost.commits(), quotes));
            figures.put("rows", per(cost.rowsInserted(), quotes));
            figures.put("jobs", per(cost.jobsCreated(), quotes));
            figures.put("cpu", per(cost.cpuMillis(), quotes));
            figures.put("database cpu", per(cost.databaseCpuMillis(), quotes));
            log(target, "intake " + figures.get("intake") + "/s, p95 " + figures.get("intake p95") + " ms");

            timers(target, figures);
            reviews(target, figures);
            figures.put("bytes per instance", String.format("%.1f",
                    (target.databaseBytes() - emptyBytes) / 1024.0 / target.finishedInstances()));
            log(target, "KB per finished instance by table: " + target.largestTables());
            callbacks(target, figures);
            figures.put("heap", String.valueOf(heap.peakBytes() / 1024 / 1024));
        }
        figures.put("rss", String.valueOf(Machine.peakRssBytes(target.pid()) / 1024 / 1024));
        return figures;
    }

    /** What the intake measured: when each quote was asked for, when its review task appeared, answer times. */
    private record Intake(Map<String, Instant> asked, Map<String, Instant> created, List<Duration> answers) {
        List<Duration> toTask() {
            return created.entrySet().stream().map(entry -> Duration.between(asked.get(entry.getKey()), entry.getValue())).toList();
        }

        Duration span() {
            return Duration.between(Collections.min(asked.values()), Collections.max(created.values()));
        }
    }

    /** {@code clients} checkouts request quotes one after the other for {@code duration}; then the tasks are awaited. */
    private Intake intake(Target target, Duration duration, int clients) throws Exception {
        Map<String, Instant> asked = new ConcurrentHashMap<>();
        Queue<Duration> answers = new ConcurrentLinkedQueue<>();
        Instant until = Instant.now().plus(duration);
        run(clients, () -> {
            while (Instant.now().isBefore(until)) {
                Instant start = Instant.now();
                String key = target.requestQuote("bench-" + target.name + "-" + sequence.incrementAndGet());
                answers.add(Duration.between(start, Instant.now()));
                asked.put(key, start);
            }
        });
        Map<String, Instant> created = await(target, asked.keySet(), Duration.ofMinutes(3));
        return new Intake(asked, created, List.copyOf(answers));
    }

    private Map<String, Instant> await(Target target, Collection<String> keys, Duration patience) throws InterruptedException {
        Instant until = Instant.now().plus(patience);
        while (true) {
            Map<String, Instant> created = target.reviewTaskCreated(keys);
            if (created.size() == keys.size()) {
                return created;
            }
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException(target.name + ": review tasks " + created.size() + " of " + keys.size());
            }
            Thread.sleep(250);
        }
    }

    /**
     * Every review's due-date timer due at once; meanwhile checkouts request quotes at a steady {@code probe-rate}, each
     * request sent on its own schedule whatever the answers before it take, and timed from that schedule (an answer
     * that is late delays no later request, so a slow phase cannot hide in fewer requests). Requests sent as fast as
     * the answers come would take whatever the drain leaves, and on an engine that answers in a few milliseconds would
     * bury the timers under new quotes.
     */
    private void timers(Target target, Map<String, String> figures) throws Exception {
        int due = target.makeTimersDue(REVIEW_OVERDUE);
        Target.Counters before = target.counters();
        Instant start = Instant.now();
        Queue<Duration> answers = new ConcurrentLinkedQueue<>();
        ExecutorService checkouts = Executors.newCachedThreadPool();
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor();
        long period = Math.round(1_000_000.0 / settings.probeRate());
        AtomicLong sent = new AtomicLong();
        Queue<Future<?>> requests = new ConcurrentLinkedQueue<>();
        schedule.scheduleAtFixedRate(() -> {
            Instant asked = start.plus(Duration.ofNanos(sent.getAndIncrement() * period * 1000));
            requests.add(checkouts.submit(() -> {
                target.requestQuote("bench-" + target.name + "-probe-" + sequence.incrementAndGet());
                answers.add(Duration.between(asked, Instant.now()));
                return null;
            }));
        }, 0, period, TimeUnit.MICROSECONDS);
        try {
            awaitTimersDrained(target);
        } finally {
            schedule.shutdownNow();
            checkouts.shutdown();
        }
        for (Future<?> request : requests) {
            request.get();
        }
        Duration drained = Duration.between(start, Instant.now());
        Target.Counters cost = target.counters().minus(before);
        figures.put("timers", String.valueOf(due));
        figures.put("timer cpu", per(cost.cpuMillis(), due));
        figures.put("timer database cpu", per(cost.databaseCpuMillis(), due));
        figures.put("timer drain", rate(due, drained));
        figures.put("requests during drain", rate(answers.size(), drained));
        figures.put("api p95 during drain", millis(List.copyOf(answers), 95));
        log(target, due + " timers drained in " + seconds(drained) + ", " + answers.size() + " quotes requested meanwhile");
    }

    private static void awaitTimersDrained(Target target) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofMinutes(10));
        while (target.timersLeft(REVIEW_OVERDUE) > 0) {
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException(target.name + ": timers left " + target.timersLeft(REVIEW_OVERDUE));
            }
            Thread.sleep(200);
        }
    }

    /** Waits up to five minutes until {@code left} counts none. */
    private static void awaitNone(Target target, String what, LongSupplier left) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofMinutes(5));
        while (left.getAsLong() > 0) {
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException(target.name + ": " + what + " " + left.getAsLong());
            }
            Thread.sleep(200);
        }
    }

    /** Sales reject every open review, {@code clients} people at once. */
    private void reviews(Target target, Map<String, String> figures) throws Exception {
        List<String> tasks = target.openTasks("sara", REVIEW);
        Queue<String> open = new ConcurrentLinkedQueue<>(tasks);
        Queue<Duration> took = new ConcurrentLinkedQueue<>();
        Instant start = Instant.now();
        run(settings.clients(), () -> {
            for (String task; (task = open.poll()) != null; ) {
                Instant begun = Instant.now();
                target.doTask("sara", task, Map.of("reviewOutcome", "reject", "offeredDiscountPercent", 0.0,
                        "validityDays", 30L, "sellerComment", "Not for this customer"))
                        .expect2xx("review");
                took.add(Duration.between(begun, Instant.now()));
            }
        });
        Duration span = Duration.between(start, Instant.now());
        figures.put("tasks", rate(tasks.size(), span));
        figures.put("task p95", millis(List.copyOf(took), 95));
        log(target, tasks.size() + " reviews done in " + seconds(span));
    }

    /** Validations wait for their result; all results arrive, {@code clients} at once. */
    private void callbacks(Target target, Map<String, String> figures) throws Exception {
        List<String> handles = target.awaitingValidationResults(settings.validations());
        // the mails of the earlier phases are still going out at the outbox's pace, as on an installation after a busy
        // hour: how many is in the table, and their sending takes its share of the machine while the results arrive
        figures.put("pending work", String.valueOf(target.pendingWork()));
        int waiting = target.waitingForResult();
        Queue<String> results = new ConcurrentLinkedQueue<>(handles);
        Target.Counters before = target.counters();
        Instant start = Instant.now();
        run(settings.clients(), () -> {
            for (String handle; (handle = results.poll()) != null; ) {
                target.deliverValidationResult(handle).expect2xx("validation result");
            }
        });
        Duration taken = Duration.between(start, Instant.now());
        // asked of the open subscriptions while the results arrive: asked of the history, each look read all of
        // act_hi_actinst and took most of a core from a target whose results were still on their way
        Instant until = Instant.now().plus(Duration.ofMinutes(5));
        while (target.waitingForResult() > waiting - handles.size()) {
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException(target.name + ": results received " + (waiting - target.waitingForResult()));
            }
            Thread.sleep(200);
        }
        List<Instant> received = target.activityEnds(RESULT_RECEIVED);
        if (received.size() < handles.size()) {
            throw new IllegalStateException(target.name + ": results received " + received.size());
        }
        Instant last = Collections.max(received);
        figures.put("waiting", String.valueOf(handles.size()));
        figures.put("callback intake", rate(handles.size(), taken));
        figures.put("callback delivery", rate(handles.size(), Duration.between(start, last)));
        log(target, handles.size() + " results delivered in " + seconds(Duration.between(start, last)));
        // what a result costs in all: its delivery and the jobs it sets off, up to the next wait of its process
        awaitNone(target, "jobs due", target::jobsDue);
        Target.Counters cost = target.counters().minus(before);
        figures.put("result cpu", per(cost.cpuMillis(), handles.size()));
        figures.put("result database cpu", per(cost.databaseCpuMillis(), handles.size()));
        log(target, "results' follow-on work done after " + seconds(Duration.between(start, Instant.now())));
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static void run(int threads, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                running.add(pool.submit(() -> {
                    work.run();
                    return null;
                }));
            }
            for (Future<?> one : running) {
                one.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static String millis(List<Duration> durations, int percentile) {
        if (durations.isEmpty()) {
            return "-";
        }
        List<Long> sorted = durations.stream().map(Duration::toMillis).sorted().toList();
        return String.valueOf(sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1)));
    }

    private static String rate(long count, Duration span) {
        return String.format("%.1f", count * 1000.0 / Math.max(1, span.toMillis()));
    }

    private static String per(long total, long count) {
        return String.format("%.1f", (double) total / Math.max(1, count));
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f", duration.toMillis() / 1000.0);
    }

    private static void log(Target target, String message) {
        System.out.println("bench " + target.name + ": " + message);
    }
}
