package com.sportdata.benefits.spark;

import com.sportdata.benefits.rules.BenefitPeriods;
import com.sportdata.benefits.rules.PeriodKind;
import com.sportdata.benefits.sport.Sport;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/** The Column twins of plain-Java rules give, in Spark, what the rules give on the same rows. */
class RuleColumnsTest extends SparkTest {

    @ParameterizedTest(name = "{0} end month {1}: {2} → year {3}")
    @MethodSource("com.sportdata.benefits.rules.BenefitPeriodsTest#datesAndYears")
    void benefit_year_column_agrees_with_the_rule(PeriodKind kind, int endMonth, LocalDate date, int year) {
        BenefitPeriods periods = new BenefitPeriods(kind, endMonth);
        Row row = frame("d DATE", row(Date.valueOf(date))).select(RuleUdfs.benefitYear(col("d"), periods)).first();
        assertThat(row.getInt(0)).isEqualTo(year).isEqualTo(periods.benefitYearOf(date));
    }

    @Test
    void benefit_year_of_no_date_is_null() {
        Row row = frame("d DATE", row((Object) null)).select(RuleUdfs.benefitYear(col("d"), BenefitPeriods.calendarYear())).first();
        assertThat(row.isNullAt(0)).isTrue();
    }

    @Test
    void sport_has_distance_column_agrees_with_every_sport() {
        Object[][] rows = Arrays.stream(Sport.values()).map(s -> row(s.name())).toArray(Object[][]::new);
        List<Row> result = frame("sport STRING", rows).union(frame("sport STRING", row((Object) null)))
                .select(col("sport"), RuleUdfs.sportHasDistance(col("sport")).as("d")).collectAsList();
        assertThat(result).hasSize(Sport.values().length + 1);
        for (Row r : result) {
            if (r.isNullAt(0)) {
                assertThat(r.isNullAt(1)).isTrue();
            } else {
                assertThat(r.getBoolean(1)).as(r.getString(0)).isEqualTo(Sport.valueOf(r.getString(0)).hasDistance());
            }
        }
        assertThat(result.stream().filter(r -> !r.isNullAt(1) && r.getBoolean(1)).count()).isPositive();
        assertThat(result.stream().filter(r -> !r.isNullAt(1) && !r.getBoolean(1)).count()).isPositive();
    }
}
