package com.sportdata.benefits.spark;

import com.sportdata.benefits.geo.GeoPoint;
import com.sportdata.benefits.geo.PostalAddress;
import com.sportdata.benefits.geo.Text;
import com.sportdata.benefits.rules.BenefitPeriods;
import com.sportdata.benefits.rules.CommuteMode;
import com.sportdata.benefits.sport.Sport;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.api.java.UDF5;
import com.sportdata.benefits.rules.RuleBook;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import com.sportdata.benefits.rules.BonusRules;
import com.sportdata.benefits.rules.Rules;
import com.sportdata.benefits.rules.WellnessRules;
import java.math.BigDecimal;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;


import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

/**
 * Spark column functions that call the plain-Java rule and text code, so each rule exists once and
 * its table-driven tests cover what Spark computes.
 */
public final class RuleUdfs {
    public static final DataType MONEY = DataTypes.createDecimalType(12, 2);

    public static final StructType ADDRESS = new StructType()
            .add("street", DataTypes.StringType)
            .add("postcode", DataTypes.StringType)
            .add("town", DataTypes.StringType);

    private static final UserDefinedFunction CLEAN_NAME = udf(
            (UDF1<String, String>) s -> Text.clean(Text.repairMojibake(s)), DataTypes.StringType);
    private static final UserDefinedFunction PARSE_ADDRESS = udf((UDF1<String, Row>) s -> {
        PostalAddress a = PostalAddress.parse(s);
        return RowFactory.create(a.street(), a.postcode(), a.town());
    }, ADDRESS);
    private static final UserDefinedFunction ADDRESS_KEY = udf((UDF1<String, String>) Text::addressKey, DataTypes.StringType);
    private static final UserDefinedFunction TOWN_KEY = udf((UDF1<String, String>) Text::townKey, DataTypes.StringType);
    private static final UserDefinedFunction COMMUTE_MODE = udf(
            (UDF1<String, String>) s -> CommuteMode.fromLabel(s).map(Enum::name).orElse(null), DataTypes.StringType);
    private static final UserDefinedFunction MATCH_KEY = udf((UDF1<String, String>) Text::matchKey, DataTypes.StringType);
    private static final UserDefinedFunction SPORT = udf(
            (UDF1<String, String>) s -> Sport.fromText(s).map(Enum::name).orElse(null), DataTypes.StringType);
    private static final java.util.Map<String, Boolean> SPORT_DISTANCE = java.util.Arrays.stream(Sport.values())
            .collect(java.util.stream.Collectors.toMap(Enum::name, Sport::hasDistance));
    private static final UserDefinedFunction SPORT_LABEL = udf(
            (UDF1<String, String>) s -> s == null ? null : Sport.valueOf(s).label(), DataTypes.StringType);
    private static final UserDefinedFunction DISTANCE_KM = udf(
            (UDF3<Double, Double, String, Double>) (lat, lon, officeLatLon) -> {
                if (lat == null || lon == null) {
                    return null;
                }
                return GeoPoint.parse(officeLatLon).distanceKm(new GeoPoint(lat, lon));
            }, DataTypes.DoubleType);

    private RuleUdfs() {
    }

    public static Column cleanName(Column c) {
        return CLEAN_NAME.apply(c);
    }

    public static Column parseAddress(Column c) {
        return PARSE_ADDRESS.apply(c);
    }

    public static Column addressKey(Column c) {
        return ADDRESS_KEY.apply(c);
    }

    public static Column townKey(Column c) {
        return TOWN_KEY.apply(c);
    }

    public static Column commuteMode(Column label) {
        return COMMUTE_MODE.apply(label);
    }

    public static Column sport(Column text) {
        return SPORT.apply(text);
    }

    /**
     * The catalogue's sport of a name, or of the name's match key in {@code aliases} (activities.sport-aliases: names
     * the catalogue lacks, declared in configuration); null when neither knows it.
     */
    public static Column sport(Column text, java.util.Map<String, String> aliases) {
        if (aliases.isEmpty()) {
            return SPORT.apply(text);
        }
        java.util.HashMap<String, String> declared = new java.util.HashMap<>(aliases);
        return udf((UDF1<String, String>) s -> Sport.fromText(s).map(Enum::name).orElseGet(() -> declared.get(Text.matchKey(s))),
                DataTypes.StringType).apply(text);
    }

    /** A name as the catalogue compares it (lower case, no accents, letters and digits): the key to declare an alias under. */
    public static Column matchKey(Column text) {
        return MATCH_KEY.apply(text);
    }

    /** Whether a sport code has a distance: a lookup in the enum's values, not a UDF (it runs on every activity). */
    public static Column sportHasDistance(Column sport) {
        return ColumnMaps.lookup(sport, SPORT_DISTANCE, DataTypes.BooleanType);
    }

    public static Column sportLabel(Column sport) {
        return SPORT_LABEL.apply(sport);
    }

    /** Great-circle km from the office ("lat,lon" literal) to a point. */
    public static Column greatCircleKm(Column lat, Column lon, GeoPoint office) {
        return DISTANCE_KM.apply(lat, lon, org.apache.spark.sql.functions.lit(office.latitude() + "," + office.longitude()));
    }

    public static final StructType BENEFITS = new StructType()
            .add("bonus_status", DataTypes.StringType)
            .add("is_bonus_eligible", DataTypes.BooleanType)
            .add("bonus_eur", MONEY)
            .add("is_wellness_eligible", DataTypes.BooleanType)
            .add("wellness_days", DataTypes.IntegerType)
            .add("wellness_value_eur", MONEY);

    /**
     * The benefit decision of one employee for one period, computed by {@link Rules}: a struct of
     * {@link #BENEFITS} from (benefit year, commute mode code, distance km or null, annual gross salary, activity
     * count), with the rules in force that year.
     */
    public static Column benefits(RuleBook book, Column benefitYear, Column commuteMode, Column distanceKm, Column salary,
                                  Column activityCount) {
        UserDefinedFunction f = udf((UDF5<Integer, String, Double, BigDecimal, Long, Row>) (year, mode, km, gross, activities) -> {
            if (year == null || mode == null || gross == null) {
                return null;
            }
            Rules rules = book.forYear(year);
            BonusRules.Decision bonus = rules.bonus().decide(CommuteMode.valueOf(mode), km, gross);
            WellnessRules.Decision wellness = rules.wellness().decide(activities == null ? 0 : activities, gross);
            return RowFactory.create(bonus.status().name(), bonus.eligible(), bonus.amountEur(), wellness.eligible(),
                    wellness.days(), wellness.valueEur());
        }, BENEFITS);
        return f.apply(benefitYear, commuteMode, distanceKm, salary, activityCount);
    }

    /**
     * Benefit year of a date under the given period rule ({@link BenefitPeriods#benefitYearOf}): a Column expression,
     * not a UDF, since it runs on every activity (no per-row (de)serialisation, whole-stage code generation kept).
     */
    public static Column benefitYear(Column date, BenefitPeriods periods) {
        return when(month(date).gt(periods.endMonth()), year(date).plus(1)).otherwise(year(date));
    }
}
