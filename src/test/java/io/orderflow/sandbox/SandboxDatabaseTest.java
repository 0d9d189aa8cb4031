package io.orderflow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The sandbox's H2 database, opened with the URL of the sandbox profile: it serves this process only, so it opens no
 * TCP port (H2's AUTO_SERVER would listen on every interface for other processes).
 */
class SandboxDatabaseTest {

    private static final String SANDBOX_DATA = "jdbc:h2:file:./data/";

    @Test
    void sandboxDatabaseOpensNoTcpPort(@TempDir Path directory) throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "reads the listening sockets from Linux's /proc");
        String url = sandboxDatasourceUrl();
        assertThat(url).startsWith(SANDBOX_DATA + "orderflow");
        Set<String> before = listeningSocketsOfThisProcess();

        try (Connection connection = DriverManager.getConnection(
                url.replace(SANDBOX_DATA, "jdbc:h2:file:" + directory.toAbsolutePath() + "/"), "sa", "")) {
            connection.createStatement().execute("create table probe (id int)");

            Set<String> opened = listeningSocketsOfThisProcess();
            opened.removeAll(before);
            assertThat(opened).as("sockets the database listens on").isEmpty();
        }
    }

    private static String sandboxDatasourceUrl() throws IOException {
        List<PropertySource<?>> documents = new YamlPropertySourceLoader().load("application",
                new ClassPathResource("application.yaml"));
        return documents.stream()
                .filter(document -> "sandbox".equals(String.valueOf(document.getProperty("spring.config.activate.on-profile"))))
                .map(document -> String.valueOf(document.getProperty("spring.datasource.url")))
                .findFirst().orElseThrow();
    }

    /** Local address and port of every listening TCP socket whose descriptor this process holds. */
    private static Set<String> listeningSocketsOfThisProcess() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            descriptors.forEach(descriptor -> {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed while listing is no listening socket of the database
                }
            });
        }
        Set<String> listening = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            // one read: the table changes whenever a socket opens or closes
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                // fields: sl local_address rem_address st ... inode (10th); st 0A is LISTEN
                if (fields.length > 9 && "0A".equals(fields[3]) && inodes.contains(fields[9])) {
                    String[] address = fields[1].split(":");
                    listening.add(address[0] + " port " + Integer.parseInt(address[1], 16));
                }
            }
        }
        return listening;
    }
}
