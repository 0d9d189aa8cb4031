package io.orderflow;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for servers that tests start on a port named in advance: an application whose base URLs name its own port, an
 * SMTP or WireMock server configured before it starts. They are taken below Linux's range of ephemeral ports (32768 to
 * 60999), from which every outbound connection takes its local port: a port asked of the system with
 * {@code new ServerSocket(0)} and given back comes from that range, and could be the local port of one of the suite's
 * own connections by the time its server binds it, seconds later. Each JVM starts at a random place in the range and
 * never hands out a port twice.
 */
public final class TestPorts {

    private static final int FIRST = 20_000;
    private static final int COUNT = 12_000;
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(COUNT));

    private TestPorts() {
    }

    /** A port no server on this machine listens on now, not handed out before in this JVM. */
    public static int free() {
        for (int tried = 0; tried < COUNT; tried++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), COUNT);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port from " + FIRST + " to " + (FIRST + COUNT - 1));
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
