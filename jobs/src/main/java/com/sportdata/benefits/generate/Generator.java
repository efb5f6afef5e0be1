package com.sportdata.benefits.generate;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.LakeStorage;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.landing.LandingSource;
import com.sportdata.benefits.landing.UnreadableFileException;
import com.sportdata.benefits.landing.XlsxTable;
import com.sportdata.benefits.sport.Sport;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The {@code generate} command: writes a company (or takes given HR and declaration files) and
 * {@code history-months} of activities for the employees who declare a sport into {@code <lake>/landing/}.
 * Same seed and as-of date → byte-identical activity files.
 */
public final class Generator {
    private final AppConfig config;

    public Generator(AppConfig config) {
        this.config = config;
    }

    /**
     * @param landing where the files were written on this machine (the lake's landing zone, or a staging folder
     *                when the lake is on an object store)
     * @param location the lake's landing zone the files are in now
     */
    public record Result(Path landing, String location, int employees, int sporty, int activities, List<Path> files) {
        public String render() {
            StringBuilder out = new StringBuilder("Generated into " + location + ": " + employees + " employees, " + sporty
                    + " declaring a sport, " + activities + " activities\n");
            files.forEach(f -> out.append("  ").append(landing.relativize(f)).append('\n'));
            return out.toString();
        }
    }

    /** @param hrFile an existing HR xlsx to use instead of a synthetic company (with {@code sportsFile}), or null */
    public Result writeLanding(Path hrFile, Path sportsFile) {
        AppConfig.Generator settings = config.generator();
        LocalDate asOf = config.pipeline().asOfDate().orElse(LocalDate.now(config.office().timeZone()));
        Path landing = localLanding();
        Random random = new Random(settings.seed());
        List<Path> files = new ArrayList<>();
        try {
            for (LandingSource source : LandingSource.values()) {
                Files.createDirectories(landing.resolve(source.folder()));
            }
            Map<Long, String> declared;
            Map<Long, LocalDate> hired;
            int employees;
            if (hrFile != null) {
                if (sportsFile == null) {
                    throw new IllegalArgumentException("--hr needs --sports too (the declarations say who gets activities)");
                }
                hired = readHireDates(hrFile);
                employees = hired.size();
                declared = readDeclarations(sportsFile);
                files.add(copy(hrFile, landing.resolve("hr")));
                files.add(copy(sportsFile, landing.resolve("sports")));
            } else {
                List<Company.Employee> company = Company.generate(settings.employees(), random, asOf, config.office().location());
                employees = company.size();
                declared = new HashMap<>();
                hired = new HashMap<>();
                company.forEach(e -> hired.put(e.id(), e.hireDate()));
                company.stream().filter(e -> e.declaredSport() != null).forEach(e -> declared.put(e.id(), e.declaredSport()));
                files.add(write(landing.resolve("hr/DonneesRH_synthetic_seed" + settings.seed() + ".xlsx"), p -> LandingFiles.writeHr(p, company)));
                files.add(write(landing.resolve("sports/DonneesSportive_synthetic_seed" + settings.seed() + ".xlsx"),
                        p -> LandingFiles.writeSports(p, company)));
                files.add(write(landing.resolve("reference/postcodes_synthetic.csv"), LandingFiles::writePostcodes));
            }
            int activityCount;
            try (DayOrdered activities = history(declared, hired, asOf, settings.historyMonths(), random)) {
                String name = "activities_seed" + settings.seed() + "_" + asOf;
                if (settings.activityFormat().equals("json")) {
                    files.add(write(landing.resolve("activities/" + name + ".jsonl"),
                            p -> LandingFiles.writeJsonLines(p, activities, config.office().timeZone())));
                } else {
                    files.add(write(landing.resolve("activities/" + name + ".csv"), p -> LandingFiles.writeCsv(p, activities)));
                }
                activityCount = activities.given();
            }
            publish(landing, files);
            return new Result(landing, location(), employees, declared.size(), activityCount, files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write landing files under " + landing, e);
        }
    }

    /**
     * {@code generate --live N}: N new activities that have just finished (started at most
     * {@code generator.live-max-minutes-ago} minutes ago), for employees who declared a sport in the latest
     * declarations file of the landing zone, in a new file of {@code landing/activities/}.
     */
    public Result writeLive(int count) {
        return writeLive(count, null);
    }

    /**
     * {@code count} activities of one day (ending by 20:00, office time) instead of "just finished": one new day of
     * a company's activities, for incremental runs and their benchmark.
     */
    public Result writeDay(int count, LocalDate day) {
        return writeLive(count, java.util.Objects.requireNonNull(day, "day"));
    }

    private Result writeLive(int count, LocalDate day) {
        if (count < 1 || count > 1_000_000) {
            throw new IllegalArgumentException("--live expects a number of activities between 1 and 1000000, got " + count);
        }
        Path landing = localLanding();
        Path sportsDir = landing.resolve("sports");
        try {
            fetchLatestDeclarations(sportsDir);
            Path sports;
            try (var files = Files.list(sportsDir)) {
                sports = files.filter(p -> p.toString().endsWith(".xlsx")).max(java.util.Comparator.comparing(p -> p.toFile().lastModified()))
                        .orElseThrow(() -> new IllegalArgumentException("no declarations file in " + sportsDir + ": run `generate` first"));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IllegalArgumentException("no landing zone at " + landing + ": run `generate` first");
            }
            List<Map.Entry<Long, Sport>> sporty = readDeclarations(sports).entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), Sport.fromText(e.getValue()).orElse(null))).filter(e -> e.getValue() != null)
                    .sorted(Map.Entry.comparingByKey()).toList();
            if (sporty.isEmpty()) {
                throw new IllegalArgumentException("nobody declared a sport in " + sports);
            }
            java.time.ZoneId zone = config.office().timeZone();
            java.time.LocalDateTime now = day != null ? day.atTime(20, 0) : java.time.LocalDateTime.now(zone).withNano(0);
            Random random = day != null ? new Random(config.generator().seed() ^ day.toEpochDay()) : new Random(System.nanoTime());
            List<Activities.Activity> live = new ArrayList<>();
            java.util.Set<Long> ids = new java.util.HashSet<>();
            int maxMinutes = day != null ? 12 * 60 : config.generator().liveMaxMinutesAgo();
            List<Map.Entry<Long, Sport>> order = new ArrayList<>(sporty);
            java.util.Collections.shuffle(order, random);
            while (live.size() < count) {
                // distinct people while there are enough of them: one person's live activities would overlap
                Map.Entry<Long, Sport> who = order.get(live.size() % order.size());
                Activities.Activity shape = Activities.one(who.getKey(), who.getValue(), who.getValue().label(), now.toLocalDate(), false, 2, random);
                long limit = maxMinutes * 60L - 60;
                long seconds = shape.elapsedSeconds() <= limit ? shape.elapsedSeconds()
                        : Math.max(60, (long) (limit * (0.35 + 0.6 * random.nextDouble())));
                java.time.LocalDateTime start = now.minusSeconds(seconds + random.nextInt(60) + 1L).withNano(0);
                Double meters = shape.distanceMeters() == null ? null : (double) Math.round(shape.distanceMeters() * seconds / (double) shape.elapsedSeconds());
                long id = Activities.activityId(who.getKey(), start) + live.size();
                if (ids.add(id)) {
                    live.add(new Activities.Activity(id, who.getKey(), who.getValue(), who.getValue().label(), start, seconds, meters,
                            shape.comment(), shape.name()));
                }
            }
            Path file = landing.resolve("activities/" + (day != null ? "day_" + day + "_" : "live_")
                    + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS").format(java.time.LocalDateTime.now(zone)) + ".csv");
            Path written = write(file, p -> LandingFiles.writeCsv(p, live));
            publish(landing, List.of(written));
            return new Result(landing, location(), sporty.size(), sporty.size(), live.size(), List.of(written));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write live activities under " + landing, e);
        }
    }

    /**
     * Activities of each declared sport from the start of the history, or from the hiring day if later, in the order
     * of their start (then employee), each id once.
     */
    private static DayOrdered history(Map<Long, String> declared, Map<Long, LocalDate> hired, LocalDate asOf, int months,
                                      Random random) throws IOException {
        LocalDate historyStart = asOf.minusMonths(months).plusDays(1);
        LocalDate to = asOf.minusDays(1);
        DayOrdered all = new DayOrdered(Path.of(System.getProperty("java.io.tmpdir")));
        try {
            declared.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                Optional<Sport> sport = Sport.fromText(e.getValue());
                LocalDate hire = hired.get(e.getKey());
                LocalDate from = hire != null && hire.isAfter(historyStart) ? hire : historyStart;
                sport.ifPresent(s -> all.addAll(Activities.history(e.getKey(), s, e.getValue(), from, to, random)));
            });
            return all;
        } catch (RuntimeException e) {
            all.close();
            throw e;
        }
    }

    private String location() {
        return new LakePaths(config.lake()).landingRoot();
    }

    private boolean remote() {
        return !location().startsWith("file:");
    }

    /** The landing zone itself for a local lake; for a lake on an object store, a staging folder (see {@link #publish}). */
    private Path localLanding() {
        if (!remote()) {
            return Path.of(URI.create(location()));
        }
        try {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            Files.createDirectories(tmp);
            return Files.createTempDirectory(tmp, "generate-landing-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a staging folder for the landing files", e);
        }
    }

    /**
     * For a lake on an object store: uploads the staged files to the landing zone (one PUT each: an object appears
     * whole or not at all, so the ingest never reads half a file) and removes the staging folder.
     */
    private void publish(Path staged, List<Path> files) throws IOException {
        if (!remote()) {
            return;
        }
        Configuration hadoop = LakeStorage.hadoopConfiguration(config);
        try {
            for (Path file : files) {
                org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(location() + "/" + staged.relativize(file).toString().replace('\\', '/'));
                // a plain streamed create (S3A's block output stream, as Spark's writers use), not copyFromLocalFile:
                // hadoop-aws 3.3.4's transfer manager never reports completion to s3proxy
                try (InputStream in = Files.newInputStream(file);
                     var out = target.getFileSystem(hadoop).create(target, true)) {
                    in.transferTo(out);
                }
            }
        } finally {
            try (var walk = Files.walk(staged)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** For a lake on an object store: brings its latest declarations file into the staging folder. */
    private void fetchLatestDeclarations(Path sportsDir) throws IOException {
        if (!remote()) {
            return;
        }
        Configuration hadoop = LakeStorage.hadoopConfiguration(config);
        org.apache.hadoop.fs.Path remoteDir = new org.apache.hadoop.fs.Path(location() + "/sports");
        org.apache.hadoop.fs.FileSystem fs = remoteDir.getFileSystem(hadoop);
        org.apache.hadoop.fs.FileStatus latest = null;
        try {
            for (org.apache.hadoop.fs.FileStatus status : fs.listStatus(remoteDir)) {
                if (status.isFile() && status.getPath().getName().endsWith(".xlsx")
                        && (latest == null || status.getModificationTime() > latest.getModificationTime())) {
                    latest = status;
                }
            }
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalArgumentException("no landing zone at " + location() + ": run `generate` first");
        }
        if (latest == null) {
            throw new IllegalArgumentException("no declarations file in " + remoteDir + ": run `generate` first");
        }
        Files.createDirectories(sportsDir);
        fs.copyToLocalFile(false, latest.getPath(), new org.apache.hadoop.fs.Path(sportsDir.resolve(latest.getPath().getName()).toUri()), true);
    }

    /** Employee id → hire date (the HR file stores it as an Excel serial number; null when unreadable). */
    private static Map<Long, LocalDate> readHireDates(Path hrFile) {
        Map<Long, LocalDate> hired = new HashMap<>();
        readColumn(hrFile, List.of("ID salarié", "Date d'embauche")).forEach((id, serial) -> {
            try {
                hired.put(id, LocalDate.of(1899, 12, 30).plusDays((long) Double.parseDouble(serial)));
            } catch (NumberFormatException | NullPointerException e) {
                hired.put(id, null);
            }
        });
        return hired;
    }

    private static Map<Long, String> readDeclarations(Path sportsFile) {
        Map<Long, String> declared = new HashMap<>();
        readColumn(sportsFile, List.of("ID salarié", "Pratique d'un sport")).forEach((id, sport) -> {
            if (sport != null) {
                declared.put(id, sport);
            }
        });
        return declared;
    }

    /** id → value of the last required header, for every row with a whole-number id. */
    private static Map<Long, String> readColumn(Path file, List<String> headers) {
        try (InputStream in = Files.newInputStream(file)) {
            XlsxTable table = XlsxTable.read(in, file.getFileName().toString(), headers);
            Map<Long, String> values = new HashMap<>();
            for (XlsxTable.XlsxRow row : table.rows()) {
                try {
                    values.put((long) Double.parseDouble(row.values().get(0)), row.values().get(row.values().size() - 1));
                } catch (NumberFormatException | NullPointerException e) {
                    // rows without a usable id get no activities; the pipeline will quarantine them
                }
            }
            return values;
        } catch (IOException e) {
            throw new UnreadableFileException(file.toString(), "cannot be opened: " + e.getMessage(), e);
        }
    }

    private static Path copy(Path file, Path folder) throws IOException {
        Path target = folder.resolve(file.getFileName());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    private interface FileWriter {
        void write(Path path) throws IOException;
    }

    private static Path write(Path path, FileWriter writer) throws IOException {
        Files.createDirectories(path.getParent());
        Path tmp = path.resolveSibling("." + path.getFileName() + ".tmp");
        writer.write(tmp);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return path;
    }
}
