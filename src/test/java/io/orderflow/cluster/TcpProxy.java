package io.orderflow.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP connection between the nodes and a server they depend on (the database, SMTP) that the test can cut, restore
 * and slow down. While cut, every open connection is closed and new ones are closed as soon as they are accepted, as
 * when the server's host went away; while slowed, every answer of the server waits before it is passed on.
 */
final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile long answerDelayMillis;
    private final AtomicInteger lostAnswers = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();

    TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        daemon("proxy-accept-" + targetPort, this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    void cut() {
        cut = true;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    void restore() {
        cut = false;
    }

    void slowAnswers(Duration delay) {
        answerDelayMillis = delay.toMillis();
    }

    /**
     * Connections that ended while the client was waiting for an answer to what it had sent: whether the server had
     * not yet answered, or its answer was on its way, the client never heard it, so it cannot know whether the server
     * did what it asked (a mail the server took may be sent again).
     */
    int lostAnswers() {
        return lostAnswers.get();
    }

    @Override
    public void close() {
        cut();
        closeQuietly(server);
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket target = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(target);
                Exchange exchange = new Exchange();
                daemon("proxy-up-" + targetPort, () -> pump(client, target, exchange, false));
                daemon("proxy-down-" + targetPort, () -> pump(target, client, exchange, true));
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to, Exchange exchange, boolean answers) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                // numbered before it is passed on: what the client sends after hearing an answer comes after it
                long order = sequence.incrementAndGet();
                if (!answers) {
                    exchange.asked = order;
                } else if (answerDelayMillis > 0) {
                    Thread.sleep(answerDelayMillis);
                }
                out.write(buffer, 0, read);
                out.flush();
                if (answers) {
                    exchange.answered = order;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the connection ends, as it would with the server
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
            if (exchange.ended.compareAndSet(false, true) && exchange.asked > exchange.answered) {
                lostAnswers.incrementAndGet();
            }
        }
    }

    /**
     * One client connection: the number of what the client sent last and of the last answer it heard, and whether the
     * connection has ended.
     */
    private static final class Exchange {
        volatile long asked;
        volatile long answered;
        final AtomicBoolean ended = new AtomicBoolean();
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
