package com.sportdata.benefits.catalog;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Small files next to the tables (markers, scratch folders), on whatever file system the lake is on
 * (local or S3).
 */
public final class LakeFiles {
    private LakeFiles() {
    }

    public static FileSystem fileSystem(SparkSession spark, String location) {
        try {
            return FileSystem.get(URI.create(location), spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + location + ": " + e.getMessage(), e);
        }
    }

    /** For files people or other tools read (exports, query results): on a local folder, without Hadoop's .crc side files. */
    public static FileSystem outputFileSystem(SparkSession spark, String location) {
        FileSystem fs = fileSystem(spark, location);
        return fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRaw() : fs;
    }

    public static boolean exists(SparkSession spark, String location) {
        try {
            return fileSystem(spark, location).exists(new Path(location));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    public static String readText(SparkSession spark, String file) {
        try (var in = fileSystem(spark, file).open(new Path(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static void writeText(SparkSession spark, String file, String content) {
        try (var out = fileSystem(spark, file).create(new Path(file), true)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes a folder and everything in it. */
    public static void delete(SparkSession spark, String folder) {
        try {
            fileSystem(spark, folder).delete(new Path(folder), true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove " + folder + ": " + e.getMessage(), e);
        }
    }
}
