package io.orderflow.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.cluster.Node;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * One system under load on a database of its own: the application, or the bare engine running the same models. Both
 * are driven over HTTP, people's steps through the engine REST as the user who does them; what differs is how a quote
 * is requested and how a validation result arrives.
 */
abstract class Target implements AutoCloseable {

    static final String SERVER = System.getProperty("orderflow.test.postgres.server", "jdbc:postgresql://127.0.0.1:5432/");
    static final String USER = System.getProperty("orderflow.test.postgres.user", "postgres");
    static final String PASSWORD = System.getProperty("orderflow.test.postgres.password", "");
    private static final String DEMO_PASSWORD = "demo";

    /** An answer: its status (-1 if the connection failed), body and how long it took. */
    record Answer(int status, JsonNode body, Duration took) {
        Answer expect2xx(String what) {
            if (status / 100 != 2) {
                throw new IllegalStateException(what + " answered " + status + ": " + body);
            }
            return this;
        }
    }

    /** What the database and the operating system have counted so far. */
    record Counters(long commits, long rowsInserted, long jobsCreated, long cpuMillis, long databaseCpuMillis) {
        Counters minus(Counters before) {
            return new Counters(commits - before.commits, rowsInserted - before.rowsInserted,
                    jobsCreated - before.jobsCreated, cpuMillis - before.cpuMillis,
                    databaseCpuMillis - before.databaseCpuMillis);
        }
    }

    final String name;
    final String database;
    final JdbcTemplate jdbc;
    final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Node node;

    Target(String name) {
        this.name = name;
        this.database = "orderflow_bench_" + name;
        JdbcTemplate server = new JdbcTemplate(new DriverManagerDataSource(SERVER + "postgres", USER, PASSWORD));
        server.execute("drop database if exists " + database + " with (force)");
        server.execute("create database " + database);
        this.jdbc = new JdbcTemplate(new DriverManagerDataSource(SERVER + database, USER, PASSWORD));
    }

    /** The process to start, on {@link #database}. */
    abstract Node node(Path logs) throws IOException;

    /** Requests a quote; returns the business key of its instance. */
    abstract String requestQuote(String key) throws InterruptedException;

    /** Brings {@code count} customer validations to where they wait for their result; returns a handle of each. */
    abstract List<String> awaitingValidationResults(int count) throws Exception;

    /** Delivers the result (a match) of the validation {@code handle}. */
    abstract Answer deliverValidationResult(String handle);

    Duration start(Path logs) throws IOException, InterruptedException {
        node = node(logs);
        node.start();
        return node.awaitReady(Duration.ofMinutes(3));
    }

    long pid() {
        return node.pid();
    }

    // --- people at work, the same on both ------------------------------------------------------------------------

    /**
     * The ids of the open tasks of {@code taskKey} that {@code user} may do, each once: sorted, since pages of an
     * unsorted list overlap, and still a task created while the pages are read shifts the next page by one.
     */
    List<String> openTasks(String user, String taskKey) {
        Set<String> ids = new LinkedHashSet<>();
        int read = 0;
        while (true) {
            JsonNode page = sendAs(user, "GET", "/engine-rest/task?taskDefinitionKey=" + taskKey + "&sortBy=id&sortOrder=asc&firstResult="
                    + read + "&maxResults=1000", null).expect2xx("task list").body();
            page.forEach(task -> ids.add(task.path("id").asText()));
            read += page.size();
            if (page.size() < 1000) {
                return List.copyOf(ids);
            }
        }
    }

    /** {@code user} claims the task and submits its form with {@code variables} (name to value, typed by Java type). */
    Answer doTask(String user, String taskId, Map<String, Object> variables) {
        sendAs(user, "POST", "/engine-rest/task/" + taskId + "/claim", Map.of("userId", user)).expect2xx("claim");
        Map<String, Object> typed = new LinkedHashMap<>();
        variables.forEach((variable, value) -> typed.put(variable, Map.of("value", value, "type",
                value instanceof Boolean ? "Boolean" : value instanceof Long ? "Long"
                        : value instanceof Double ? "Double" : "String")));
        return sendAs(user, "POST", "/engine-rest/task/" + taskId + "/submit-form", Map.of("variables", typed));
    }

    // --- what the database counts -----------------------------------------------------------------------------------

    /** When the review task of each of the {@code keys} (business keys) was created. */
    Map<String, Instant> reviewTaskCreated(Collection<String> keys) {
        Map<String, Instant> created = new HashMap<>();
        jdbc.query("""
                select p.business_key_, t.start_time_ from act_hi_taskinst t
                join act_hi_procinst p on p.proc_inst_id_ = t.proc_inst_id_
                where t.task_def_key_ = 'reviewQuote'""", row -> {
            created.putIfAbsent(row.getString(1), row.getTimestamp(2).toInstant());
        });
        created.keySet().retainAll(keys);
        return created;
    }

    Counters counters() throws InterruptedException {
        // a backend reports its statistics at most once a second: give the last ones time to arrive
        Thread.sleep(1500);
        jdbc.execute("select pg_stat_clear_snapshot()");
        Map<String, Object> stats = jdbc.queryForMap("select xact_commit, tup_inserted from pg_stat_database "
                + "where datname = current_database()");
        long jobs = jdbc.queryForObject("select count(*) from act_hi_job_log where job_state_ = 0", Long.class);
        return new Counters(((Number) stats.get("xact_commit")).longValue(),
                ((Number) stats.get("tup_inserted")).longValue(), jobs, Machine.cpuMillis(pid()),
                Machine.postgresCpuMillis());
    }

    /**
     * Counts this database's statements from now on, with their calls and time, if the server loads
     * {@code pg_stat_statements} ({@code shared_preload_libraries}); false if it does not.
     */
    boolean countStatements() {
        try {
            jdbc.execute("create extension if not exists pg_stat_statements");
            jdbc.execute("select pg_stat_statements_reset(0, (select oid from pg_database where datname = current_database()), 0)");
            return true;
        } catch (DataAccessException e) {
            return false;
        }
    }

    /**
     * The {@code limit} statements this database spent the most time on since {@link #countStatements()}, as lines of
     * tab-separated calls, milliseconds in all and per quote, rows and the statement.
     */
    List<String> costliestStatements(int limit, int quotes) {
        List<String> lines = new ArrayList<>(List.of("calls\tms\tms per quote\trows\tstatement"));
        lines.addAll(jdbc.query("""
                select calls, total_exec_time, rows, regexp_replace(query, '\\s+', ' ', 'g') from pg_stat_statements
                where dbid = (select oid from pg_database where datname = current_database())
                order by total_exec_time desc limit ?""", (row, i) -> String.format("%d\t%.1f\t%.3f\t%d\t%s",
                row.getLong(1), row.getDouble(2), row.getDouble(2) / quotes, row.getLong(3), row.getString(4)), limit));
        return lines;
    }

    /** The database's size once space of deleted rows is given back. */
    long databaseBytes() {
        jdbc.execute("vacuum full");
        return jdbc.queryForObject("select pg_database_size(current_database())", Long.class);
    }

    /** The largest tables with their indexes, in KB per finished instance: where the database's bytes go. */
    String largestTables() {
        long finished = Math.max(1, finishedInstances());
        return String.join(", ", jdbc.query("""
                select relname, pg_total_relation_size(c.oid) as bytes from pg_class c
                join pg_namespace n on n.oid = c.relnamespace
                where c.relkind = 'r' and n.nspname = 'public' order by bytes desc limit 12""",
                (row, i) -> row.getString(1) + " " + String.format("%.1f", row.getLong(2) / 1024.0 / finished)));
    }

    long finishedInstances() {
        return jdbc.queryForObject("select count(*) from act_hi_procinst where end_time_ is not null", Long.class);
    }

    /** Makes every timer of {@code activityId} due now; returns how many. */
    int makeTimersDue(String activityId) {
        return jdbc.update("update act_ru_job set duedate_ = ? where job_def_id_ in "
                + "(select id_ from act_ru_jobdef where act_id_ = ? and job_type_ = 'timer-transition')",
                Timestamp.from(Instant.now().minusSeconds(1)), activityId);
    }

    int timersLeft(String activityId) {
        return jdbc.queryForObject("select count(*) from act_ru_job where job_def_id_ in "
                + "(select id_ from act_ru_jobdef where act_id_ = ? and job_type_ = 'timer-transition') "
                + "and duedate_ <= ?", Integer.class, activityId, Timestamp.from(Instant.now()));
    }

    /** The engine's jobs due now that may still run (retries left). */
    int jobsDue() {
        return jdbc.queryForObject("select count(*) from act_ru_job where retries_ > 0 and suspension_state_ = 1"
                + " and (duedate_ is null or duedate_ <= ?)", Integer.class, Timestamp.from(Instant.now()));
    }

    /** Items of work due and not done yet outside the engine's jobs (mails, events for other systems). */
    long pendingWork() {
        return 0;
    }

    /** How many instances wait for Reltio's result: a look at the few subscriptions open, not at the history. */
    int waitingForResult() {
        return jdbc.queryForObject("select count(*) from act_ru_event_subscr where event_name_ = 'ValidationCompleted'",
                Integer.class);
    }

    /** When the activity {@code activityId} ended in each instance where it ended. */
    List<Instant> activityEnds(String activityId) {
        return jdbc.queryForList("select end_time_ from act_hi_actinst where act_id_ = ? and end_time_ is not null",
                Timestamp.class, activityId).stream().map(Timestamp::toInstant).toList();
    }

    // --- HTTP ------------------------------------------------------------------------------------------------------

    /** Sends a request as the demo user {@code user} (null: without credentials). */
    Answer sendAs(String user, String method, String path, Object body) {
        return send(method, path, body, user == null ? Map.of() : Map.of("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8))));
    }

    Answer send(String method, String path, Object body, Map<String, String> headers) {
        Instant start = Instant.now();
        try {
            String content = body == null ? null : body instanceof String text ? text : json.writeValueAsString(body);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url(path))).timeout(Duration.ofSeconds(60))
                    .method(method, content == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(content));
            if (content != null) {
                request.header("Content-Type", "application/json");
            }
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.body().isBlank() ? null : json.readTree(response.body());
            return new Answer(response.statusCode(), answer, Duration.between(start, Instant.now()));
        } catch (IOException e) {
            return new Answer(-1, null, Duration.between(start, Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, Duration.between(start, Instant.now()));
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (node != null) {
            node.stop();
        }
        new JdbcTemplate(new DriverManagerDataSource(SERVER + "postgres", USER, PASSWORD))
                .execute("drop database if exists " + database + " with (force)");
    }
}
