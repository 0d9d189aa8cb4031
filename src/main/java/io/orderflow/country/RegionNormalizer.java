package io.orderflow.country;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

@Component
public class RegionNormalizer {

    static final String RESOURCE = "/country/regions.csv";
    static final String DEPARTEMENTS = "/country/departements.csv";

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    // Wider than hyphen, dot, apostrophe and space so that the ISO names "Virgin Islands, U.S." and
    // "Guyane (française)" match however their punctuation is typed.
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final Map<String, Map<String, String>> codesByCountry = new HashMap<>();

    public RegionNormalizer() {
        read(RESOURCE, "iso_code,", this::addRow);
        read(DEPARTEMENTS, "code,", this::addDepartement);
    }

    public String normalize(String country, String value) {
        String code = country == null || value == null ? null
                : codesByCountry.getOrDefault(country.trim().toUpperCase(Locale.ROOT), Map.of()).get(key(value));
        if (code == null) {
            throw new UnknownRegionException(country, value);
        }
        return code;
    }

    static String key(String value) {
        String withoutMarks = MARKS.matcher(Normalizer.normalize(value, Normalizer.Form.NFD)).replaceAll("");
        return SEPARATORS.matcher(withoutMarks.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
    }

    // Only the first comma separates the columns: ISO names such as "Virgin Islands, U.S." contain commas.
    private void addRow(String line) {
        int comma = line.indexOf(',');
        String iso = line.substring(0, comma).trim();
        Map<String, String> codes = codesByCountry.computeIfAbsent(iso.substring(0, 2), c -> new HashMap<>());
        put(codes, iso, iso);
        put(codes, iso.substring(3), iso);
        for (String name : line.substring(comma + 1).split("\\|")) {
            put(codes, name, iso);
        }
    }

    /**
     * Buyers in France type their département (name, number or ISO code FR-69); it stands for the region it lies in,
     * so that every French address is kept at the region level like the other countries' states and Länder.
     */
    private void addDepartement(String line) {
        String[] columns = line.split(",", 3);
        String number = columns[0].trim();
        String region = columns[1].trim();
        Map<String, String> codes = codesByCountry.computeIfAbsent("FR", c -> new HashMap<>());
        put(codes, number, region);
        put(codes, "FR-" + number, region);
        put(codes, columns[2], region);
    }

    private static void read(String resource, String header, Consumer<String> row) {
        try (InputStream in = RegionNormalizer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith(header))
                    .forEach(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(Map<String, String> codes, String name, String iso) {
        String previous = codes.putIfAbsent(key(name), iso);
        if (previous != null && !previous.equals(iso)) {
            throw new IllegalStateException("'" + name + "' names both " + previous + " and " + iso + " in " + RESOURCE + " or " + DEPARTEMENTS);
        }
    }
}
