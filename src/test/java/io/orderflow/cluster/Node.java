package io.orderflow.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One application node: the packaged jar in a process of its own, so that it can be killed as a machine dies. */
final class Node {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    private final Path jar;
    private final Path log;
    private final Map<String, String> settings;
    private Process process;

    Node(String name, Path jar, Path logs, Map<String, String> settings) throws IOException {
        this.name = name;
        this.port = freePort();
        this.jar = jar;
        this.log = logs.resolve(name + ".log");
        this.settings = settings;
        // a test run that is itself stopped must not leave the node behind, holding its port and database
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (isAlive()) {
                process.destroyForcibly();
            }
        }, name + "-stop"));
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    void start() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString(), "--server.port=" + port, "--orderflow.node-id=" + name,
                "--orderflow.public-base-url=" + url("")));
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        Files.createDirectories(log.getParent());
        Path workDir = Files.createDirectories(log.getParent().resolve(name));
        process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Waits until the node reports itself ready; returns how long that took. */
    Duration awaitReady(Duration patience) throws InterruptedException {
        Instant start = Instant.now();
        Instant until = start.plus(patience);
        while (Instant.now().isBefore(until)) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " ended while starting; see " + log);
            }
            if (status("/actuator/health/readiness") == 200) {
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

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    boolean isAlive() {
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

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
