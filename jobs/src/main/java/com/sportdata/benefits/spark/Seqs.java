package com.sportdata.benefits.spark;

import scala.collection.JavaConverters;
import scala.collection.Seq;

import java.util.Arrays;

/** Scala sequences for the few Spark Java APIs that want one (join on column names). */
public final class Seqs {
    private Seqs() {
    }

    public static Seq<String> of(String... values) {
        return JavaConverters.asScalaBuffer(Arrays.asList(values)).toSeq();
    }
}
