package io.orderflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the operating system counts for a process and for the database server: CPU time and resident memory; and how
 * fast the machine is at the time.
 */
final class Machine {

    /** Linux counts CPU time in ticks of 1/100 s ({@code getconf CLK_TCK}). */
    private static final long MILLIS_PER_TICK = 10;

    private Machine() {
    }

    /**
     * Milliseconds one thread takes for a fixed piece of work like the application's: a million strings built, put in
     * a hash map and sorted. A machine shared with others is not equally fast every day, and the figures of two runs
     * compare only where this one is alike. The best of three, after a first round that lets the JIT compile.
     */
    static long referenceMillis() {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 4; round++) {
            long start = System.nanoTime();
            Map<String, Integer> map = new HashMap<>();
            for (int i = 0; i < 1_000_000; i++) {
                map.put("key-" + (i * 7919L % 1_000_003), i);
            }
            List<String> keys = new ArrayList<>(map.keySet());
            Collections.sort(keys);
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (round > 0) {
                best = Math.min(best, millis);
            }
        }
        return best;
    }

    /** CPU time the process has used so far, user and system, in milliseconds. */
    static long cpuMillis(long pid) {
        List<String> fields = stat(pid);
        return fields.isEmpty() ? 0 : (Long.parseLong(fields.get(12)) + Long.parseLong(fields.get(13))) * MILLIS_PER_TICK;
    }

    /**
     * CPU time of the PostgreSQL server so far, in milliseconds: its running processes and, through the postmaster's
     * count of reaped children, the backends that have ended.
     */
    static long postgresCpuMillis() {
        long ticks = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(path -> path.getFileName().toString().matches("\\d+")).toList()) {
                List<String> fields = stat(Long.parseLong(process.getFileName().toString()));
                if (!fields.isEmpty() && fields.get(0).equals("(postgres)")) {
                    ticks += Long.parseLong(fields.get(12)) + Long.parseLong(fields.get(13))
                            + Long.parseLong(fields.get(14)) + Long.parseLong(fields.get(15));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        return ticks * MILLIS_PER_TICK;
    }

    /** The most resident memory the process has had, in bytes. */
    static long peakRssBytes(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(line -> line.startsWith("VmHWM:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The fields of {@code /proc/<pid>/stat} from the command name on (name, state, ppid, ...; utime is at 12), empty
     * if the process is gone.
     */
    private static List<String> stat(long pid) {
        try {
            String line = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            int nameEnd = line.lastIndexOf(')');
            String name = line.substring(line.indexOf('('), nameEnd + 1);
            return Stream.concat(Stream.of(name), Stream.of(line.substring(nameEnd + 2).trim().split(" ")))
                    .toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
