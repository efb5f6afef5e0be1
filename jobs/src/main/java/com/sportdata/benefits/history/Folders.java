package com.sportdata.benefits.history;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.net.URI;

/** Folder removal on whatever file system the lake is on (local or S3). */
final class Folders {
    private Folders() {
    }

    static void delete(SparkSession spark, String folder) {
        try {
            FileSystem fs = FileSystem.get(URI.create(folder), spark.sparkContext().hadoopConfiguration());
            fs.delete(new Path(folder), true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove " + folder + ": " + e.getMessage(), e);
        }
    }
}
