package com.sportdata.benefits.lock;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The lock on an object store (S3 through S3A). An object PUT is atomic — a reader sees the whole old object or the
 * whole new one — but hadoop-aws 3.3's client has no conditional PUT ({@code If-None-Match}), so "create unless it
 * exists" is a check followed by a PUT. Two writers could both pass the check within the same instant; each therefore
 * reads the lock back after {@link #SETTLE} and holds it only if its own content is there (S3 reads are strongly
 * consistent: both see the last PUT, and exactly one of them wrote it). The window left is an upload slower than the
 * settling delay; that, and Delta's own single-driver log store on S3, is why the product runs one writer per lake.
 */
final class ObjectStoreLockMedium implements LockMedium {
    static final Duration SETTLE = Duration.ofMillis(1500);
    private final Path file;
    private final Path guard;
    private final Configuration hadoop;

    ObjectStoreLockMedium(String location, Configuration hadoop) {
        this.file = new Path(location);
        this.guard = new Path(location + ".takeover");
        this.hadoop = hadoop;
    }

    private FileSystem fs() throws IOException {
        return FileSystem.get(URI.create(file.toString()), hadoop);
    }

    @Override
    public boolean createExclusive(byte[] content) throws IOException {
        if (!put(file, content)) {
            return false;
        }
        for (int attempt = 1; ; attempt++) {
            sleep(SETTLE);
            try {
                Optional<byte[]> now = read();
                return now.isPresent() && Arrays.equals(now.get(), content);
            } catch (org.apache.hadoop.fs.ChecksumException e) {
                // a file system that keeps a checksum beside each file (Hadoop's local one) wrote another writer's bytes
                // and checksum one after the other: still being written; read again once it has settled
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private boolean put(Path path, byte[] content) throws IOException {
        try (FSDataOutputStream out = fs().create(path, false)) {
            out.write(content);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    @Override
    public Optional<byte[]> read() throws IOException {
        try (InputStream in = fs().open(file)) {
            return Optional.of(in.readAllBytes());
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void replace(byte[] content) throws IOException {
        try (FSDataOutputStream out = fs().create(file, true)) {
            out.write(content);
        }
    }

    @Override
    public boolean delete() throws IOException {
        return fs().delete(file, false);
    }

    @Override
    public boolean createGuard() throws IOException {
        return put(guard, new byte[0]);
    }

    @Override
    public Optional<Instant> guardCreated() throws IOException {
        try {
            return Optional.of(Instant.ofEpochMilli(fs().getFileStatus(guard).getModificationTime()));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void deleteGuard() throws IOException {
        fs().delete(guard, false);
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while taking the lake lock");
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
