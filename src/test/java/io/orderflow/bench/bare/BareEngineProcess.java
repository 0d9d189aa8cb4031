package io.orderflow.bench.bare;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The bare engine as a JVM of its own, started the way the benchmark starts the application: from this JVM's test
 * classpath, on the given port and database, its output in a log file.
 */
public final class BareEngineProcess {

    /**
     * The classpath of the bare engine's JVM where {@code java.class.path} will not do. Under Surefire or Failsafe
     * {@code java.class.path} may be a manifest-only booter jar, which still works with {@code -cp} as long as it
     * exists, i.e. while that run lasts.
     */
    public static final String CLASSPATH = "orderflow.bench.classpath";

    private BareEngineProcess() {
    }

    public static Process start(int port, String jdbcUrl, String user, String password, Path log) throws IOException {
        String classpath = System.getProperty(CLASSPATH, System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx768m", "-cp", classpath, BareEngineApplication.class.getName(),
                "--server.port=" + port, "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + user, "--spring.datasource.password=" + password);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Waits until {@code /actuator/health} answers 200, which it does once the engine has created its tables and
     * deployed the models; fails early if the process ends before that.
     */
    public static void awaitHealthy(Process process, int port, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The bare engine ended with exit code " + process.exitValue());
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the port opens only when the engine is up
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The bare engine on port " + port + " was not healthy within " + timeout);
    }
}
