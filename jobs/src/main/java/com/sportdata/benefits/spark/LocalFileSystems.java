package com.sportdata.benefits.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Hadoop's local file system without a process per file. Without Hadoop's native library (which no Maven artefact
 * carries), {@link RawLocalFileSystem} runs {@code chmod} in a child process for every file and folder it creates and
 * {@code readlink} for every status a rename asks for: a demo run started 919 processes, 20 for each Delta commit, on
 * the driver's path. These classes do the same through {@code java.nio} (one system call each) and fall back on
 * Hadoop's way for what {@code java.nio} cannot say (a sticky bit, a file system without POSIX permissions, a
 * symbolic link).
 *
 * <p>Spark gets them as {@code fs.file.impl} (the {@code FileSystem} API: Parquet files, Delta's folders) and
 * {@code fs.AbstractFileSystem.file.impl} (the {@code FileContext} API: Delta's commits and checksum files).
 */
public final class LocalFileSystems {
    /** The Hadoop properties that put these classes in place of Hadoop's for {@code file:} paths. */
    public static final Map<String, String> HADOOP_PROPERTIES = Map.of(
            "fs.file.impl", Checksummed.class.getName(),
            "fs.AbstractFileSystem.file.impl", Context.class.getName());

    private LocalFileSystems() {
    }

    /** The raw local file system, permissions and link status through {@code java.nio}. */
    public static class Raw extends RawLocalFileSystem {
        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            Set<PosixFilePermission> posix = posix(permission);
            if (posix == null) {
                super.setPermission(p, permission);
                return;
            }
            java.nio.file.Path file = pathToFile(p).toPath();
            try {
                Files.setPosixFilePermissions(file, posix);
            } catch (UnsupportedOperationException e) {
                super.setPermission(p, permission);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new java.io.FileNotFoundException(p + ": no such file or directory");
            }
        }

        @Override
        public FileStatus getFileLinkStatus(Path f) throws IOException {
            // Hadoop's answer for anything but a link is the file's own status
            if (Files.isSymbolicLink(pathToFile(f).toPath())) {
                return super.getFileLinkStatus(f);
            }
            return getFileStatus(f);
        }
    }

    /** What {@code fs.file.impl} names: Hadoop's checksummed local file system over {@link Raw}. */
    public static class Checksummed extends LocalFileSystem {
        public Checksummed() {
            super(new Raw());
        }
    }

    /** What {@code fs.AbstractFileSystem.file.impl} names: Hadoop's {@code LocalFs} (checksummed) over {@link Raw}. */
    public static class Context extends ChecksumFs {
        public Context(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(new RawContext(uri, conf));
        }
    }

    /** Hadoop's {@code RawLocalFs} over {@link Raw}. */
    static class RawContext extends DelegateToFileSystem {
        RawContext(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new Raw(), conf, uri.getScheme(), false);
        }

        @Override
        public int getUriDefaultPort() {
            return -1;
        }

        @Override
        public FsServerDefaults getServerDefaults(Path f) throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        @SuppressWarnings("deprecation")
        public FsServerDefaults getServerDefaults() throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public boolean isValidName(String src) {
            return true;
        }
    }

    /** The POSIX permission set of a Hadoop permission, or null when it carries what POSIX sets cannot (a sticky bit). */
    static Set<PosixFilePermission> posix(FsPermission permission) {
        short mode = permission.toShort();
        if ((mode & ~0777) != 0) {
            return null;
        }
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
