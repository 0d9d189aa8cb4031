package io.orderflow.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The largest heap in use a JVM reached, sampled every second with {@code jstat -gc}. */
final class HeapSampler implements AutoCloseable {

    private static final List<String> USED = List.of("S0U", "S1U", "EU", "OU");

    private final Process jstat;
    private final AtomicLong peakBytes = new AtomicLong();

    HeapSampler(long pid) throws IOException {
        jstat = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc",
                String.valueOf(pid), "1000").redirectErrorStream(true).start();
        Thread reader = new Thread(this::read, "heap-sampler-" + pid);
        reader.setDaemon(true);
        reader.start();
    }

    long peakBytes() {
        return peakBytes.get();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> header = null;
            for (String line; (line = lines.readLine()) != null; ) {
                List<String> columns = Arrays.asList(line.trim().split("\\s+"));
                if (columns.contains("EU")) {
                    header = columns;
                } else if (header != null && columns.size() == header.size()) {
                    double kilobytes = 0;
                    for (String name : USED) {
                        kilobytes += Double.parseDouble(columns.get(header.indexOf(name)));
                    }
                    long bytes = (long) (kilobytes * 1024);
                    peakBytes.accumulateAndGet(bytes, Math::max);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the JVM ended: the peak so far stands
        }
    }

    @Override
    public void close() {
        jstat.destroy();
    }
}
