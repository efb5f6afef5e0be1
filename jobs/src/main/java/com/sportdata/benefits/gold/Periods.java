package com.sportdata.benefits.gold;

import com.sportdata.benefits.pipeline.RunContext;
import com.sportdata.benefits.rules.BenefitPeriods;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Date;
import java.util.List;
import java.util.stream.Collectors;

/** The benefit periods a run recomputes, as a small frame, and the replaceWhere predicate that matches them. */
final class Periods {
    static final StructType SCHEMA = new StructType()
            .add("benefit_year", DataTypes.IntegerType)
            .add("period_start_date", DataTypes.DateType)
            .add("period_end_exclusive", DataTypes.DateType);

    private Periods() {
    }

    static Dataset<Row> frame(SparkSession spark, RunContext run) {
        BenefitPeriods periods = run.rules().periods();
        List<Row> rows = run.benefitYears().stream()
                .map(y -> RowFactory.create(y, Date.valueOf(periods.start(y)), Date.valueOf(periods.endExclusive(y))))
                .toList();
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** Built from the requested periods, never from the data, so a period that became empty is cleared too. */
    static String predicate(RunContext run) {
        if (run.benefitYears().isEmpty()) {
            return "false";
        }
        return "benefit_year IN (" + run.benefitYears().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
    }
}
