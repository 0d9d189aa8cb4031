package io.orderflow.country;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RegionNormalizerTest {

    // Built on first use, so that an ambiguous table, which makes the constructor throw, still lets
    // noNameStandsForTwoRegionsOfTheSameCountry report the offending names.
    private static final class Shared {
        static final RegionNormalizer NORMALIZER = new RegionNormalizer();
    }

    private static String normalize(String country, String value) {
        return Shared.NORMALIZER.normalize(country, value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"California", "calif.", "Calif", "CA", "ca", "US-CA", " us-ca ", "CALIFORNIA", "  california  "})
    void californiaSpellingsNormalizeToUsCa(String value) {
        assertThat(normalize("US", value)).isEqualTo("US-CA");
    }

    @ParameterizedTest
    @CsvSource({
        "Ala., US-AL", "Ariz., US-AZ", "Ark., US-AR", "Calif., US-CA", "Colo., US-CO", "Conn., US-CT", "Del., US-DE",
        "Fla., US-FL", "Ga., US-GA", "Ill., US-IL", "Ind., US-IN", "Kan., US-KS", "Ky., US-KY", "La., US-LA",
        "Md., US-MD", "Mass., US-MA", "Mich., US-MI", "Minn., US-MN", "Miss., US-MS", "Mo., US-MO", "Mont., US-MT",
        "Neb., US-NE", "Nev., US-NV", "N.H., US-NH", "N.J., US-NJ", "N.M., US-NM", "N.Y., US-NY", "N.C., US-NC",
        "N.D., US-ND", "Okla., US-OK", "Ore., US-OR", "Pa., US-PA", "R.I., US-RI", "S.C., US-SC", "S.D., US-SD",
        "Tenn., US-TN", "Vt., US-VT", "Va., US-VA", "Wash., US-WA", "W.Va., US-WV", "Wis., US-WI", "Wyo., US-WY",
        "D.C., US-DC"})
    void apStyleAbbreviationsNormalizeToTheirState(String abbreviation, String iso) {
        assertThat(normalize("US", abbreviation)).isEqualTo(iso);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "New York; US-NY", "NY; US-NY", "us-ny; US-NY", "n y; US-NY", "Washington; US-WA", "Washington, D.C.; US-DC",
        "District of Columbia; US-DC", "DC; US-DC", "Puerto Rico; US-PR", "American Samoa; US-AS", "Guam; US-GU",
        "Northern Mariana Islands; US-MP", "United States Minor Outlying Islands; US-UM", "UM; US-UM",
        "Virgin Islands, U.S.; US-VI", "U.S. Virgin Islands; US-VI", "VI; US-VI", "West  Virginia; US-WV"})
    void usStatesDcAndOutlyingAreasNormalizeByNameCodeAndIsoCode(String value, String iso) {
        assertThat(normalize("US", value)).isEqualTo(iso);
    }

    @ParameterizedTest
    @CsvSource({
        "Bayern, DE-BY", "Bavaria, DE-BY", "BY, DE-BY", "DE-BY, DE-BY", "bayern, DE-BY",
        "Niedersachsen, DE-NI", "Lower Saxony, DE-NI", "Nordrhein-Westfalen, DE-NW", "North Rhine-Westphalia, DE-NW",
        "north rhine westphalia, DE-NW", "NRW, DE-NW", "Hessen, DE-HE", "Hesse, DE-HE", "Sachsen, DE-SN", "Saxony, DE-SN",
        "Sachsen-Anhalt, DE-ST", "Saxony-Anhalt, DE-ST", "Thüringen, DE-TH", "Thuringen, DE-TH", "Thuringia, DE-TH",
        "Rheinland-Pfalz, DE-RP", "Rhineland-Palatinate, DE-RP", "Mecklenburg-Vorpommern, DE-MV",
        "Mecklenburg-Western Pomerania, DE-MV", "Baden-Württemberg, DE-BW", "Berlin, DE-BE", "HH, DE-HH"})
    void germanLaenderNormalizeByGermanNameEnglishNameCodeAndIsoCode(String value, String iso) {
        assertThat(normalize("DE", value)).isEqualTo(iso);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "Île-de-France; FR-IDF", "Ile de France; FR-IDF", "ile-de-france; FR-IDF", "IDF; FR-IDF", "fr-idf; FR-IDF",
        "PACA; FR-PAC", "PAC; FR-PAC", "Provence-Alpes-Côte d'Azur; FR-PAC", "provence alpes cote d’azur; FR-PAC",
        "ARA; FR-ARA", "Auvergne-Rhône-Alpes; FR-ARA", "Bretagne; FR-BRE", "Brittany; FR-BRE", "Normandie; FR-NOR",
        "Normandy; FR-NOR", "Corse; FR-20R", "Corsica; FR-20R", "20R; FR-20R", "FR-20R; FR-20R",
        "Pays de la Loire; FR-PDL", "Grand Est; FR-GES", "Centre-Val de Loire; FR-CVL",
        "Guyane; FR-GF", "Guyane française; FR-GF", "French Guiana; FR-GF", "GF; FR-GF", "Guadeloupe; FR-GP",
        "Martinique; FR-MQ", "La Réunion; FR-RE", "Reunion; FR-RE", "RE; FR-RE", "Mayotte; FR-YT", "FR-YT; FR-YT"})
    void frenchRegionsNormalizeWithOrWithoutAccentsAndHyphens(String value, String iso) {
        assertThat(normalize("FR", value)).isEqualTo(iso);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "Rhône; FR-ARA", "rhone; FR-ARA", "RHÔNE; FR-ARA", "69; FR-ARA", "FR-69; FR-ARA", "fr-69; FR-ARA",
        "Paris; FR-IDF", "75; FR-IDF", "Bouches-du-Rhône; FR-PAC", "bouches du rhone; FR-PAC", "13; FR-PAC",
        "Côte-d'Or; FR-BFC", "Cote d’Or; FR-BFC", "01; FR-ARA", "Ain; FR-ARA", "Corse-du-Sud; FR-20R", "2A; FR-20R",
        "FR-2B; FR-20R", "Haute-Corse; FR-20R", "Finistère; FR-BRE", "Nord; FR-HDF", "Territoire de Belfort; FR-BFC",
        "971; FR-GP", "FR-971; FR-GP", "972; FR-MQ", "973; FR-GF", "FR-974; FR-RE", "976; FR-YT", "Mayotte; FR-YT"})
    void frenchDepartementsNormalizeToTheirRegionByNameNumberAndIsoCode(String value, String iso) {
        assertThat(normalize("FR", value)).isEqualTo(iso);
    }

    @Test
    void everyOneOfTheHundredAndOneDepartementsIsKnownByNameNumberAndIsoCode() throws IOException {
        List<String[]> departements = departements();
        assertThat(departements).hasSize(101);
        for (String[] row : departements) {
            for (String spelling : List.of(row[2], row[0], "FR-" + row[0])) {
                assertThat(normalize("FR", spelling)).as(spelling).isEqualTo(row[1]);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"DE, Rhône", "US, 69", "FR, 20", "FR, 975", "FR, FR-96"})
    void departementsAreKnownOnlyInFranceAndOnlyTheirOwnNumbers(String country, String value) {
        assertThatThrownBy(() -> normalize(country, value)).isInstanceOf(UnknownRegionException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"us", "US", " Us "})
    void countryCodeIsCaseInsensitive(String country) {
        assertThat(normalize(country, "Texas")).isEqualTo("US-TX");
    }

    @ParameterizedTest(name = "{0} ← {1}")
    @MethodSource("everySpellingInTheTable")
    void everyCsvRowResolvesItsIsoCodeAndEachOfItsNames(String iso, String spelling) {
        assertThat(normalize(iso.substring(0, 2), spelling)).isEqualTo(iso);
    }

    @Test
    void noNameStandsForTwoRegionsOfTheSameCountry() throws IOException {
        Map<String, Set<String>> codesByCountryAndKey = new TreeMap<>();
        for (Map.Entry<String, List<String>> row : rows().entrySet()) {
            String iso = row.getKey();
            for (String spelling : spellings(iso, row.getValue())) {
                codesByCountryAndKey.computeIfAbsent(iso.substring(0, 2) + ":" + RegionNormalizer.key(spelling),
                        k -> new TreeSet<>()).add(iso);
            }
        }
        codesByCountryAndKey.values().removeIf(codes -> codes.size() == 1);
        assertThat(codesByCountryAndKey).as("names standing for more than one region").isEmpty();
    }

    @Test
    void unknownValueNamesTheValueAndCountry() {
        assertThatThrownBy(() -> normalize("US", "Atlantis"))
                .isInstanceOfSatisfying(UnknownRegionException.class, e -> {
                    assertThat(e.country()).isEqualTo("US");
                    assertThat(e.value()).isEqualTo("Atlantis");
                })
                .hasMessage("Unknown region 'Atlantis' for country US");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "-", ". '"})
    void blankOrNullValueIsUnknown(String value) {
        assertThatThrownBy(() -> normalize("US", value)).isInstanceOf(UnknownRegionException.class);
    }

    @ParameterizedTest
    @CsvSource({"IT, Lazio", "IT, IT-62", "'', CA", "US, Bayern", "DE, California", "FR, DE-BY"})
    void unshippedCountryOrRegionOfAnotherCountryIsUnknown(String country, String value) {
        assertThatThrownBy(() -> normalize(country, value))
                .isInstanceOf(UnknownRegionException.class)
                .hasMessageContaining("'" + value + "'");
    }

    @Test
    void nullCountryIsUnknown() {
        assertThatThrownBy(() -> normalize(null, "CA")).isInstanceOf(UnknownRegionException.class);
    }

    static Stream<Arguments> everySpellingInTheTable() throws IOException {
        return rows().entrySet().stream().flatMap(row ->
                spellings(row.getKey(), row.getValue()).stream().map(spelling -> Arguments.of(row.getKey(), spelling)));
    }

    private static List<String[]> departements() throws IOException {
        try (var reader = new BufferedReader(new InputStreamReader(
                RegionNormalizer.class.getResourceAsStream(RegionNormalizer.DEPARTEMENTS), StandardCharsets.UTF_8))) {
            return reader.lines().filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("code,"))
                    .map(line -> line.split(",", 3)).toList();
        }
    }

    private static List<String> spellings(String iso, List<String> names) {
        return Stream.concat(Stream.of(iso, iso.substring(3), iso.toLowerCase()), names.stream()).toList();
    }

    private static Map<String, List<String>> rows() throws IOException {
        try (var reader = new BufferedReader(new InputStreamReader(
                RegionNormalizer.class.getResourceAsStream(RegionNormalizer.RESOURCE), StandardCharsets.UTF_8))) {
            Map<String, List<String>> rows = new TreeMap<>();
            reader.lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("iso_code,"))
                    .forEach(line -> {
                        int comma = line.indexOf(',');
                        assertThat(rows.put(line.substring(0, comma), Arrays.asList(line.substring(comma + 1).split("\\|"))))
                                .as("duplicate row %s", line).isNull();
                    });
            assertThat(rows).hasSize(57 + 16 + 18);
            return rows;
        }
    }
}
