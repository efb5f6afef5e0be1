package com.sportdata.benefits.gold;

import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.rules.BenefitPeriods;
import com.sportdata.benefits.rules.Rules;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The benefit periods a run recomputes, as a small frame with the parameters in force in each (rules are
 * effective-dated), and the replaceWhere predicate that matches them.
 */
final class Periods {
    static final StructType SCHEMA = new StructType()
            .add("benefit_year", DataTypes.IntegerType)
            .add("period_start_date", DataTypes.DateType)
            .add("period_end_exclusive", DataTypes.DateType)
            .add("rules_hash", DataTypes.StringType)
            .add("bonus_rate", DataTypes.createDecimalType(6, 4))
            .add("distance_limits_km", DataTypes.createMapType(DataTypes.StringType, DataTypes.createDecimalType(8, 2)))
            .add("wellness_threshold", DataTypes.IntegerType)
            .add("wellness_days_granted", DataTypes.IntegerType)
            .add("working_days_per_year", DataTypes.IntegerType);

    private Periods() {
    }

    static Dataset<Row> frame(SparkSession spark, RunContext run) {
        BenefitPeriods periods = run.rules().periods();
        List<Row> rows = run.benefitYears().stream().map(y -> {
            Rules rules = run.rules().forYear(y);
            Map<String, BigDecimal> limits = rules.bonus().maxDistanceKm().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));
            return RowFactory.create(y, Date.valueOf(periods.start(y)), Date.valueOf(periods.endExclusive(y)), rules.hash(),
                    rules.bonus().rate(), limits,
                    rules.wellness().activityThreshold(), rules.wellness().days(), rules.wellness().workingDaysPerYear());
        }).toList();
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** The rows of an input that belong to the run's benefit periods. */
    static Dataset<Row> only(Dataset<Row> rows, RunContext run) {
        return rows.filter(org.apache.spark.sql.functions.expr(predicate(run)));
    }

    /** Built from the requested periods, never from the data, so a period that became empty is cleared too. */
    static String predicate(RunContext run) {
        if (run.benefitYears().isEmpty()) {
            return "false";
        }
        return "benefit_year IN (" + run.benefitYears().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
    }
}
