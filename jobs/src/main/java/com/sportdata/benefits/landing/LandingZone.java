package com.sportdata.benefits.landing;

import com.sportdata.benefits.catalog.LakePaths;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/** Lists and opens landing files through Hadoop's FileSystem, so local folders and s3a:// work alike. */
public final class LandingZone {
    private final LakePaths paths;
    private final Configuration hadoop;

    public LandingZone(LakePaths paths, Configuration hadoop) {
        this.paths = paths;
        this.hadoop = hadoop;
    }

    /** Files of one source, oldest name first; hidden and temporary files ({@code .x}, {@code _x}) are ignored. */
    public List<LandingFile> list(LandingSource source) {
        List<LandingFile> files = new ArrayList<>();
        for (FileStatus status : visibleFiles(source)) {
            String hash;
            try {
                hash = sha256(status.getPath());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list landing folder " + status.getPath().getParent(), e);
            }
            files.add(new LandingFile(source, status.getPath().toString(), status.getPath().getName(), status.getLen(),
                    hash, java.time.Instant.ofEpochMilli(status.getModificationTime())));
        }
        return files;
    }

    /** The bytes of one source's visible files, from a listing (no file is read). */
    public long bytes(LandingSource source) {
        return visibleFiles(source).stream().mapToLong(FileStatus::getLen).sum();
    }

    /**
     * What the landing zone holds, cheaply: every visible file's folder, name, size and modification time, without
     * reading any (a follower compares it between polls to know whether there is anything to ingest).
     */
    public String listing() {
        StringBuilder out = new StringBuilder();
        for (LandingSource source : LandingSource.values()) {
            for (FileStatus status : visibleFiles(source)) {
                out.append(source.folder()).append('/').append(status.getPath().getName()).append(' ').append(status.getLen()).append(' ')
                        .append(status.getModificationTime()).append('\n');
            }
        }
        return out.toString();
    }

    /** One source's landing files (see {@link #visible}), by name; none when its folder does not exist. */
    private List<FileStatus> visibleFiles(LandingSource source) {
        Path dir = new Path(paths.landing(source.folder()));
        try {
            FileSystem fs = dir.getFileSystem(hadoop);
            if (!fs.exists(dir)) {
                return List.of();
            }
            List<FileStatus> files = new ArrayList<>();
            for (FileStatus status : fs.listStatus(dir)) {
                if (visible(status)) {
                    files.add(status);
                }
            }
            files.sort(Comparator.comparing(st -> st.getPath().getName()));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list landing folder " + dir, e);
        }
    }

    /** A landing file, not a folder, a hidden or temporary file ({@code .x}, {@code _x}) or a checksum. */
    private static boolean visible(FileStatus status) {
        String name = status.getPath().getName();
        return status.isFile() && !name.startsWith(".") && !name.startsWith("_") && !name.endsWith(".crc");
    }

    public InputStream open(LandingFile file) throws IOException {
        Path path = new Path(file.path());
        return path.getFileSystem(hadoop).open(path);
    }

    private String sha256(Path path) throws IOException {
        return sha256(path, hadoop);
    }

    /** The SHA-256 of a file's bytes, hex: what the ingestion log records of each landing file. */
    public static String sha256(Path path, org.apache.hadoop.conf.Configuration hadoop) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (FSDataInputStream in = path.getFileSystem(hadoop).open(path)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
