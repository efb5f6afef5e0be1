package com.sportdata.benefits.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local file system without child processes does what Hadoop's does: permissions, checksums, link status, renames. */
class LocalFileSystemsTest {
    @TempDir
    java.nio.file.Path dir;

    private static Configuration conf() {
        Configuration conf = new Configuration(false);
        LocalFileSystems.HADOOP_PROPERTIES.forEach(conf::set);
        conf.set("fs.permissions.umask-mode", "027");
        conf.setBoolean("fs.file.impl.disable.cache", true);
        return conf;
    }

    private static String mode(java.nio.file.Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void files_and_folders_get_their_permissions_with_the_umask_and_a_checksum_beside_them() throws Exception {
        FileSystem fs = FileSystem.get(dir.toUri(), conf());
        assertThat(fs).isInstanceOf(LocalFileSystems.Checksummed.class);
        Path folder = new Path(dir.toUri().toString(), "a/b");
        assertThat(fs.mkdirs(folder, new FsPermission((short) 0777))).isTrue();
        assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwxr-x---");
        try (FSDataOutputStream out = fs.create(new Path(folder, "part.parquet"))) {
            out.write("rows".getBytes(StandardCharsets.UTF_8));
        }
        // Hadoop's file default (0666) less the umask 027
        assertThat(mode(dir.resolve("a/b/part.parquet"))).isEqualTo("rw-r-----");
        assertThat(dir.resolve("a/b/.part.parquet.crc")).exists();
        fs.setPermission(new Path(folder, "part.parquet"), new FsPermission((short) 0604));
        assertThat(mode(dir.resolve("a/b/part.parquet"))).isEqualTo("rw----r--");
        assertThatThrownBy(() -> fs.setPermission(new Path(folder, "missing"), new FsPermission((short) 0644)))
                .isInstanceOf(FileNotFoundException.class);
    }

    @Test
    void a_sticky_bit_goes_the_way_hadoop_sets_it() throws Exception {
        FileSystem fs = FileSystem.get(dir.toUri(), conf());
        Path folder = new Path(dir.toUri().toString(), "shared");
        fs.mkdirs(folder);
        fs.setPermission(folder, new FsPermission((short) 01777));
        Process stat = new ProcessBuilder("stat", "-c", "%a", dir.resolve("shared").toString()).start();
        assertThat(new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim()).isEqualTo("1777");
        assertThat(LocalFileSystems.posix(new FsPermission((short) 01777))).isNull();
        assertThat(PosixFilePermissions.toString(LocalFileSystems.posix(new FsPermission((short) 0754)))).isEqualTo("rwxr-xr--");
    }

    @Test
    void link_status_is_the_files_own_status_and_a_link_is_still_a_link() throws Exception {
        FileSystem fs = FileSystem.get(dir.toUri(), conf());
        Files.writeString(dir.resolve("target.json"), "{}");
        Files.createSymbolicLink(dir.resolve("link.json"), dir.resolve("target.json"));
        FileStatus file = fs.getFileLinkStatus(new Path(dir.resolve("target.json").toUri()));
        assertThat(file.isSymlink()).isFalse();
        assertThat(file.isFile()).isTrue();
        assertThat(file.getLen()).isEqualTo(2);
        // a link goes to Hadoop's own code, and gets its answer (which, for a qualified path, is the target's status)
        Configuration stock = new Configuration(false);
        stock.setBoolean("fs.file.impl.disable.cache", true);
        FileSystem hadoops = FileSystem.get(dir.toUri(), stock);
        assertThat(hadoops).isNotInstanceOf(LocalFileSystems.Checksummed.class);
        Path linkPath = new Path(dir.resolve("link.json").toUri());
        FileStatus link = fs.getFileLinkStatus(linkPath);
        FileStatus expected = hadoops.getFileLinkStatus(linkPath);
        assertThat(link.isSymlink()).isEqualTo(expected.isSymlink());
        assertThat(link.getLen()).isEqualTo(expected.getLen()).isEqualTo(2);
        assertThat(link.getPath()).isEqualTo(expected.getPath());
        assertThatThrownBy(() -> fs.getFileLinkStatus(new Path(dir.resolve("none.json").toUri())))
                .isInstanceOf(FileNotFoundException.class);
    }

    @Test
    void a_file_context_writes_and_renames_without_overwriting_as_delta_commits_do() throws Exception {
        FileContext fc = FileContext.getFileContext(dir.toUri(), conf());
        assertThat(fc.getDefaultFileSystem()).isInstanceOf(LocalFileSystems.Context.class);
        Path temp = new Path(dir.toUri().toString(), "_delta_log/.00000.json.tmp");
        Path committed = new Path(dir.toUri().toString(), "_delta_log/00000.json");
        try (FSDataOutputStream out = fc.create(temp, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
            out.write("{\"commitInfo\":{}}".getBytes(StandardCharsets.UTF_8));
        }
        fc.rename(temp, committed, Options.Rename.NONE);
        assertThat(Files.readString(dir.resolve("_delta_log/00000.json"))).isEqualTo("{\"commitInfo\":{}}");
        assertThat(dir.resolve("_delta_log/.00000.json.crc")).exists();
        assertThat(dir.resolve("_delta_log/.00000.json.tmp")).doesNotExist();
        // a second writer of the same version loses: the commit protocol's mutual exclusion
        Path other = new Path(dir.toUri().toString(), "_delta_log/.other.tmp");
        try (FSDataOutputStream out = fc.create(other, EnumSet.of(CreateFlag.CREATE))) {
            out.write('x');
        }
        assertThatThrownBy(() -> fc.rename(other, committed, Options.Rename.NONE))
                .isInstanceOf(org.apache.hadoop.fs.FileAlreadyExistsException.class);
        assertThat(Files.readString(dir.resolve("_delta_log/00000.json"))).isEqualTo("{\"commitInfo\":{}}");
        assertThat(mode(dir.resolve("_delta_log/00000.json"))).isEqualTo("rw-r-----");
    }
}
