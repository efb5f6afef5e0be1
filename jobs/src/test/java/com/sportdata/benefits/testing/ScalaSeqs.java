package com.sportdata.benefits.testing;

import com.sportdata.benefits.spark.Seqs;
import scala.collection.Seq;

import java.util.stream.Collector;
import java.util.stream.Collectors;

/** Collects join keys into the Scala sequence Spark's Java API wants. */
public final class ScalaSeqs {
    private ScalaSeqs() {
    }

    public static Collector<String, ?, Seq<String>> collector() {
        return Collectors.collectingAndThen(Collectors.toList(), l -> Seqs.of(l.toArray(String[]::new)));
    }
}
