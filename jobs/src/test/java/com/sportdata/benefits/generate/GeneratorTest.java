package com.sportdata.benefits.generate;

import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.config.ConfigLoader;
import com.sportdata.benefits.landing.XlsxTable;
import com.sportdata.benefits.sport.Sport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratorTest {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static Generator.Result generate(Path lake, String seed, String format) {
        AppConfig config = ConfigLoader.load(List.of(), Map.of("lake.root", lake.toString(), "generator.seed", seed,
                "pipeline.as-of-date", "2026-06-30", "generator.activity-format", format));
        return new Generator(config).writeLanding(null, null);
    }

    @Test
    void the_same_seed_gives_the_same_files_and_another_seed_another_company(@TempDir Path dir) throws Exception {
        Generator.Result a = generate(dir.resolve("a"), "42", "csv");
        Generator.Result b = generate(dir.resolve("b"), "42", "csv");
        Generator.Result c = generate(dir.resolve("c"), "43", "csv");
        Path csvA = a.landing().resolve("activities/activities_seed42_2026-06-30.csv");
        assertThat(Files.readAllBytes(csvA)).isEqualTo(Files.readAllBytes(b.landing().resolve("activities/activities_seed42_2026-06-30.csv")));
        assertThat(a.activities()).isEqualTo(b.activities()).isNotEqualTo(c.activities());
    }

    @Test
    void writes_the_real_formats_with_a_realistic_company(@TempDir Path dir) throws Exception {
        Generator.Result result = generate(dir, "42", "csv");
        assertThat(result.employees()).isEqualTo(161);
        XlsxTable hr;
        try (InputStream in = Files.newInputStream(result.landing().resolve("hr/DonneesRH_synthetic_seed42.xlsx"))) {
            hr = XlsxTable.read(in, "hr", com.sportdata.benefits.bronze.BronzeSources.HR_HEADERS);
        }
        assertThat(hr.sheetName()).isEqualTo("Feuille 1");
        assertThat(hr.rows()).hasSize(161);
        List<String> first = hr.rows().get(0).values();
        assertThat(first.get(0)).matches("\\d+\\.0");                   // ids stored as floats, like the real file
        assertThat(first.get(3)).matches("\\d{5}\\.0");                 // dates as Excel serial numbers
        Set<String> modes = hr.rows().stream().map(r -> r.values().get(10)).collect(Collectors.toSet());
        assertThat(modes).containsExactlyInAnyOrder("Marche/running", "Vélo/Trottinette/Autres", "Transports en commun",
                "véhicule thermique/électrique");
        assertThat(hr.rows().stream().map(r -> r.values().get(4)).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("Ventes", "R&D", "Support", "Finance", "Marketing");

        List<String> lines = Files.readAllLines(result.landing().resolve("activities/activities_seed42_2026-06-30.csv"));
        assertThat(lines.get(0)).isEqualTo("ID,ID salarié,Date de début de l'activité,Type,Distance (m),Date de fin de l'activité,Commentaire");
        Map<Sport, Integer> withDistance = new HashMap<>();
        Map<Sport, Integer> total = new HashMap<>();
        int comments = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", 7);
            Sport sport = Sport.fromText(f[3]).orElseThrow();
            LocalDateTime start = LocalDateTime.parse(f[2], LOCAL);
            LocalDateTime end = LocalDateTime.parse(f[5], LOCAL);
            assertThat(end).isAfter(start);
            assertThat(start.toLocalDate()).isBetween(LocalDate.of(2025, 7, 1), LocalDate.of(2026, 6, 29));
            total.merge(sport, 1, Integer::sum);
            if (!f[4].isEmpty()) {
                withDistance.merge(sport, 1, Integer::sum);
                double kmh = Double.parseDouble(f[4]) / 1000 / (java.time.Duration.between(start, end).toSeconds() / 3600.0);
                assertThat(kmh).as(line).isBetween(1.5, 40.0);
            }
            comments += f[6].isEmpty() ? 0 : 1;
        }
        assertThat(total).as("sports generated").isNotEmpty();
        total.forEach((sport, n) -> assertThat(withDistance.getOrDefault(sport, 0)).as(sport.name()).isEqualTo(sport.hasDistance() ? n : 0));
        assertThat(comments).isBetween(lines.size() / 5, lines.size() / 2);       // about a third carry a comment
        assertThat(total.keySet()).hasSizeGreaterThan(8);
    }
}
