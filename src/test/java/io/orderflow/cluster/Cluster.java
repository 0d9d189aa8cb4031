package io.orderflow.cluster;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.orderflow.TestPorts;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two application nodes from the packaged jar on one fresh PostgreSQL database, as the sandbox runs them (simulators,
 * demo users) but without demo data and without the embedded mail server: the database and SMTP (a GreenMail server
 * of the test) are reached through {@link TcpProxy proxies} and commerce through {@link CommerceFaults}, so that the
 * test can cut, slow or break each of them.
 */
final class Cluster implements AutoCloseable {

    static final String SERVER = System.getProperty("orderflow.test.postgres.server", "jdbc:postgresql://127.0.0.1:5432/");
    static final String USER = System.getProperty("orderflow.test.postgres.user", "postgres");
    static final String PASSWORD = System.getProperty("orderflow.test.postgres.password", "");

    final String database = "orderflow_matrix_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final JdbcTemplate jdbc;
    final TcpProxy databaseLink;
    final GreenMail mailServer;
    final TcpProxy mailLink;
    final CommerceFaults commerce;
    final List<Node> nodes = new ArrayList<>();

    Cluster(Path logs) throws IOException {
        new JdbcTemplate(new DriverManagerDataSource(SERVER + "postgres", USER, PASSWORD)).execute("create database " + database);
        jdbc = new JdbcTemplate(new DriverManagerDataSource(SERVER + database, USER, PASSWORD));
        URI server = URI.create(SERVER.substring("jdbc:".length()));
        databaseLink = new TcpProxy(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort());
        mailServer = new GreenMail(new ServerSetup(TestPorts.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mailServer.start();
        mailLink = new TcpProxy("127.0.0.1", mailServer.getSmtp().getPort());
        commerce = new CommerceFaults(() -> nodes.stream().filter(Node::isAlive).map(node -> node.url("")).toList());
        Path jar = Node.packagedJar();
        for (String name : List.of("node-1", "node-2")) {
            nodes.add(new Node(name, jar, logs, settings()));
        }
    }

    private Map<String, String> settings() {
        // every node signs and checks buyers' links with the same secret, as in production
        Map<String, String> settings = Node.sandboxOnPostgres("jdbc:postgresql://127.0.0.1:" + databaseLink.port() + "/"
                + database, USER, PASSWORD, mailLink.port(), "cluster-links-secret");
        settings.put("orderflow.commerce.base-url", commerce.baseUrl());
        settings.put("orderflow.sandbox.reltio.callback-delay", "1s");
        // a mail that failed is tried again within seconds, not half a minute, so that the suite stays short
        settings.put("orderflow.notification.sender.interval", "1s");
        settings.put("orderflow.notification.sender.initial-backoff", "2s");
        settings.put("orderflow.notification.sender.max-backoff", "10s");
        return settings;
    }

    /** Starts the nodes one after the other (the first creates the schema); returns each one's start-up time. */
    Map<String, Duration> start() throws IOException, InterruptedException {
        Map<String, Duration> startUp = new LinkedHashMap<>();
        for (Node node : nodes) {
            node.start();
            startUp.put(node.name, node.awaitReady(Duration.ofMinutes(5)));
        }
        return startUp;
    }

    List<Node> alive() {
        return nodes.stream().filter(Node::isAlive).toList();
    }

    @Override
    public void close() throws InterruptedException {
        for (Node node : nodes) {
            node.stop();
        }
        commerce.close();
        mailLink.close();
        mailServer.stop();
        databaseLink.close();
        new JdbcTemplate(new DriverManagerDataSource(SERVER + "postgres", USER, PASSWORD))
                .execute("drop database if exists " + database + " with (force)");
    }
}
