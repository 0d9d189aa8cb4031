package io.orderflow.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.orderflow.TestPorts;

/**
 * One application node: the packaged jar (or another Spring Boot main class) in a process of its own, so that it can be
 * killed as a machine dies and its own CPU and memory can be measured.
 */
public final class Node {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    private final List<String> launch;
    private final String readiness;
    private final Path log;
    private final Map<String, String> settings;
    private Process process;

    /** The packaged application, with the heap of a node of the cluster. */
    Node(String name, Path jar, Path logs, Map<String, String> settings) throws IOException {
        this(name, List.of("-Xmx512m", "-jar", jar.toString()), "/actuator/health/readiness", logs, settings);
    }

    /**
     * A Spring Boot application started with the JVM arguments {@code launch} (options, then {@code -jar} or
     * {@code -cp} and a main class), ready when {@code readiness} answers 200.
     */
    public Node(String name, List<String> launch, String readiness, Path logs, Map<String, String> settings)
            throws IOException {
        this.name = name;
        this.port = TestPorts.free();
        this.launch = launch;
        this.readiness = readiness;
        this.log = logs.resolve(name + ".log");
        this.settings = settings;
        // a test run that is itself stopped must not leave the node behind, holding its port and database
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (isAlive()) {
                process.destroyForcibly();
            }
        }, name + "-stop"));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public void start() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(launch);
        command.addAll(List.of("--server.port=" + port, "--orderflow.node-id=" + name,
                "--orderflow.public-base-url=" + url("")));
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        Files.createDirectories(log.getParent());
        Path workDir = Files.createDirectories(log.getParent().resolve(name));
        process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Waits until the node reports itself ready; returns how long that took. */
    public Duration awaitReady(Duration patience) throws InterruptedException {
        Instant start = Instant.now();
        Instant until = start.plus(patience);
        while (Instant.now().isBefore(until)) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " ended while starting; see " + log);
            }
            if (status(readiness) == 200) {
                return Duration.between(start, Instant.now());
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " not ready after " + patience + "; see " + log);
    }

    /** The node's process dies at once, as when its machine fails: no shutdown, locks and claims stay behind. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /** The process id, to read its CPU time and memory from {@code /proc}. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }


    /**
     * The settings of a sandbox node on PostgreSQL ({@code jdbcUrl}) that sends mail to an SMTP server on this machine
     * ({@code smtpPort}) and signs buyers' links with {@code linksSecret}, without demo data; callers add their own.
     */
    public static Map<String, String> sandboxOnPostgres(String jdbcUrl, String user, String password, int smtpPort,
            String linksSecret) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.profiles.active", "sandbox,postgres");
        settings.put("spring.datasource.url", jdbcUrl);
        settings.put("spring.datasource.username", user);
        settings.put("spring.datasource.password", password);
        settings.put("orderflow.links.secret", linksSecret);
        settings.put("orderflow.sandbox.demo-data", "false");
        settings.put("orderflow.sandbox.mail-server.enabled", "false");
        settings.put("spring.mail.host", "127.0.0.1");
        settings.put("spring.mail.port", String.valueOf(smtpPort));
        return settings;
    }

    /** The application's jar, as {@code mvn package} left it. */
    public static Path packagedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("orderflow.jar.dir", "target")))) {
            return files.filter(file -> file.getFileName().toString().matches("orderflow-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("package the application first"))
                    .toAbsolutePath();
        }
    }
}
