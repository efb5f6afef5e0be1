package com.sportdata.benefits.gold;

import com.sportdata.benefits.spark.Seqs;
import scala.collection.Seq;

/** Small helpers shared by the gold tables. */
final class GoldColumns {
    private GoldColumns() {
    }

    static Seq<String> joinKeys(String... names) {
        return Seqs.of(names);
    }
}
