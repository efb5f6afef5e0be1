package com.sportdata.benefits.testing;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.TableId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

/** Reading a test lake and fingerprinting its tables. */
public final class Lakes {
    public static final Path REAL_DATA = Path.of(System.getProperty("sportbenefits.real.data", "../../shared/data/real"));

    private Lakes() {
    }

    public static Dataset<Row> read(SparkSession spark, Path lake, TableId table) {
        return spark.read().format("delta").load(new LakePaths(lake.toString()).table(table));
    }

    /** Order-independent fingerprint of a table's content, ignoring the given columns (e.g. run ids). */
    public static String contentHash(Dataset<Row> rows, String... ignored) {
        List<String> skip = Arrays.asList(ignored);
        Column[] kept = Arrays.stream(rows.columns()).filter(c -> !skip.contains(c)).sorted().map(c -> col(c)).toArray(Column[]::new);
        List<String> lines = rows.select(to_json(struct(kept))).as(org.apache.spark.sql.Encoders.STRING()).collectAsList()
                .stream().sorted().toList();
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            lines.forEach(l -> digest.update((l + "\n").getBytes(StandardCharsets.UTF_8)));
            return lines.size() + ":" + HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Lands the real files (HR, declarations, distances, postcodes) into {@code lake}; skips the calling test with a
     * message when they are absent.
     */
    public static void landRealFiles(Path lake) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(REAL_DATA.resolve("DonneesRH.xlsx")),
                "real data not found at " + REAL_DATA.toAbsolutePath() + ": skipping this test of the real files");
        copyInto(lake, "hr", REAL_DATA.resolve("DonneesRH.xlsx"));
        copyInto(lake, "sports", REAL_DATA.resolve("DonneesSportive.xlsx"));
        copyInto(lake, "reference", REAL_DATA.resolve("commute_distances_google.csv"), REAL_DATA.resolve("laposte_hexasmal.csv"));
    }

    public static void copyInto(Path lake, String folder, Path... files) throws IOException {
        Path dir = lake.resolve("landing").resolve(folder);
        Files.createDirectories(dir);
        for (Path file : files) {
            Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Copies a folder tree (a lake's landing zone, a whole lake), files replaced when they exist. */
    public static void copyTree(Path from, Path to) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Copies a folder's content (a landing zone, a whole lake) between local folders or object-store prefixes, files replaced. */
    public static void copy(SparkSession spark, String from, String to) throws IOException {
        if (!from.contains("://") && !to.contains("://")) {
            copyTree(Path.of(from), Path.of(to));
            return;
        }
        org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        org.apache.hadoop.fs.FileSystem source = org.apache.hadoop.fs.FileSystem.get(java.net.URI.create(from), hadoop);
        org.apache.hadoop.fs.FileSystem target = org.apache.hadoop.fs.FileSystem.get(java.net.URI.create(to), hadoop);
        // file by file (copying a folder onto an existing one would nest it inside)
        String root = source.makeQualified(new org.apache.hadoop.fs.Path(from)).toString();
        org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> files = source.listFiles(new org.apache.hadoop.fs.Path(from), true);
        while (files.hasNext()) {
            org.apache.hadoop.fs.Path file = files.next().getPath();
            String relative = file.toString().substring(root.length()).replaceFirst("^/", "");
            org.apache.hadoop.fs.FileUtil.copy(source, file, target, new org.apache.hadoop.fs.Path(to + "/" + relative), false, true, hadoop);
        }
    }

    /** Whether a file or folder exists, on any file system the session reaches. */
    public static boolean exists(SparkSession spark, String location) throws IOException {
        return org.apache.hadoop.fs.FileSystem.get(java.net.URI.create(location), spark.sparkContext().hadoopConfiguration())
                .exists(new org.apache.hadoop.fs.Path(location));
    }
}
