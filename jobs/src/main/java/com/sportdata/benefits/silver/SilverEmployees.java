package com.sportdata.benefits.silver;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.quality.QualityCheck;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.pipeline.WriteMode;
import com.sportdata.benefits.rules.CommuteMode;
import com.sportdata.benefits.spark.ColumnMaps;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

import java.sql.Date;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static com.sportdata.benefits.silver.SilverColumns.DUPLICATES_IN_FILE;
import static com.sportdata.benefits.silver.SilverColumns.excelOrTextDate;
import static com.sportdata.benefits.silver.SilverColumns.reasonWhen;
import static com.sportdata.benefits.silver.SilverColumns.reasons;
import static com.sportdata.benefits.silver.SilverColumns.wholeNumber;
import static com.sportdata.benefits.spark.RuleUdfs.addressKey;
import static com.sportdata.benefits.spark.RuleUdfs.cleanName;
import static com.sportdata.benefits.spark.RuleUdfs.commuteMode;
import static com.sportdata.benefits.spark.RuleUdfs.parseAddress;
import static com.sportdata.benefits.spark.RuleUdfs.townKey;
import static com.sportdata.benefits.quality.QualityCheck.complete;
import static com.sportdata.benefits.quality.QualityCheck.containedIn;
import static com.sportdata.benefits.quality.QualityCheck.mostly;
import static com.sportdata.benefits.quality.QualityCheck.satisfies;
import static com.sportdata.benefits.quality.QualityCheck.unique;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;

/**
 * Employees, typed and cleaned. Grain: one row per employee of the latest HR file (each HR file is a full
 * snapshot of the company: an employee absent from it has left; older snapshots stay in bronze).
 * Names have their mojibake repaired, the address is split into street / postcode / town, the commute
 * mode is one of {@link CommuteMode}. Rows that cannot be trusted (no id, duplicate id in a file, no
 * salary, unknown mode, unreadable dates) are rejected with their reasons.
 */
public final class SilverEmployees implements TableJob {

    @Override
    public String grain() {
        return "one row per employee of the latest HR file";
    }

    @Override
    public TableId target() {
        return Tables.EMPLOYEES;
    }

    @Override
    public List<TableId> inputs() {
        return List.of(Tables.HR_EMPLOYEES);
    }

    @Override
    public boolean dependsOnAsOfDate() {
        return true;
    }

    @Override
    public WriteMode writeMode(RunContext run) {
        return new WriteMode.Overwrite(List.of());
    }

    @Override
    public Dataset<Row> transform(Map<TableId, Dataset<Row>> inputs, RunContext run) {
        return typed(SilverColumns.latestSnapshot(inputs.get(Tables.HR_EMPLOYEES), trim(col("employee_id"))), run);
    }

    /**
     * Types and validates HR rows of one or more snapshots (with {@value SilverColumns#DUPLICATES_IN_FILE} counted
     * per snapshot); {@code keep} names extra columns to carry through.
     */
    static Dataset<Row> typed(Dataset<Row> latest, RunContext run, String... keep) {
        AppConfig.Quality q = run.quality();
        Column asOf = lit(Date.valueOf(run.asOfDate()));
        Column salary = trim(col("gross_salary")).cast(DataTypes.createDecimalType(12, 2));
        Column mode = commuteMode(col("commute_mode"));
        Dataset<Row> typed = latest
                .withColumn(RAW_ROW, SilverColumns.rawRow(latest))
                .withColumn("_address", parseAddress(col("home_address")))
                .select(SilverColumns.plus(keep,
                        wholeNumber(col("employee_id")).as("employee_id"),
                        cleanName(col("last_name")).as("last_name"),
                        cleanName(col("first_name")).as("first_name"),
                        excelOrTextDate(col("birth_date")).as("birth_date"),
                        cleanName(col("bu")).as("bu"),
                        excelOrTextDate(col("hire_date")).as("hire_date"),
                        salary.as("gross_salary_eur"),
                        upper(cleanName(col("contract_type"))).as("contract_type"),
                        wholeNumber(col("paid_leave_days")).cast(DataTypes.IntegerType).as("paid_leave_days"),
                        cleanName(col("home_address")).as("home_address"),
                        col("_address.street").as("street"),
                        col("_address.postcode").as("postcode"),
                        col("_address.town").as("town"),
                        townKey(col("_address.town")).as("town_key"),
                        addressKey(col("home_address")).as("address_key"),
                        mode.as("commute_mode"),
                        col("commute_mode").as("commute_mode_raw"),
                        col("employee_id").as("_employee_id_raw"),
                        col("gross_salary").as("_salary_raw"),
                        col(DUPLICATES_IN_FILE),
                        col(RAW_ROW),
                        col("_source_file"), col("_source_row"), col("_ingested_at"), col("_run_id")));
        Dataset<Row> withMode = typed
                .withColumn("commute_mode_label", ColumnMaps.lookup(col("commute_mode"), byMode(CommuteMode::label), DataTypes.StringType))
                .withColumn("travel_mode", ColumnMaps.lookup(col("commute_mode"), byMode(m -> m.travelMode().name()), DataTypes.StringType));
        return withMode.withColumn(REJECT_REASONS, reasons(
                        reasonWhen(col("employee_id").isNull(),
                                concat(lit("employee_id missing or not a whole number: '"), coalesce(col("_employee_id_raw"), lit("")), lit("'"))),
                        reasonWhen(col(DUPLICATES_IN_FILE).gt(1), "employee_id appears more than once in " + "the same HR file"),
                        // a reason travels to reports, the ledger and the BI export: it names the personal field and
                        // the rule, never the value (the row as received stays in the restricted quarantine)
                        reasonWhen(col("gross_salary_eur").isNull().or(col("gross_salary_eur").leq(0)),
                                "gross salary missing, not a number or not positive"),
                        reasonWhen(col("commute_mode").isNull(),
                                concat(lit("unknown commute mode '"), coalesce(col("commute_mode_raw"), lit("")), lit("'"))),
                        reasonWhen(col("birth_date").isNull(), "birth date missing or unreadable"),
                        reasonWhen(col("birth_date").gt(asOf), "birth date is in the future"),
                        reasonWhen(col("birth_date").lt(lit(Date.valueOf(run.asOfDate().minusYears(q.maxAgeYears())))),
                                "birth date is not plausible (over " + q.maxAgeYears() + " years old)"),
                        reasonWhen(col("hire_date").isNull(), "hire date missing or unreadable"),
                        reasonWhen(col("hire_date").gt(asOf), concat(lit("hire date "), col("hire_date").cast("string"), lit(" is in the future"))),
                        reasonWhen(col("hire_date").lt(add_months(col("birth_date"), 12 * q.minWorkingAge())),
                                concat(lit("hired on "), col("hire_date").cast("string"), lit(" before the age of " + q.minWorkingAge()))),
                        reasonWhen(col("bu").isNull(), "BU missing"),
                        reasonWhen(col("bu").isNotNull().and(not(col("bu").isin(q.businessUnits().toArray()))),
                                concat(lit("unknown BU '"), col("bu"), lit("'"))),
                        reasonWhen(col("contract_type").isNull().or(not(col("contract_type").isin(q.contractTypes().toArray()))),
                                concat(lit("unknown contract type '"), coalesce(col("contract_type"), lit("")), lit("'"))),
                        reasonWhen(col("paid_leave_days").isNull().or(col("paid_leave_days").gt(q.paidLeaveDaysMax())),
                                "paid-leave days missing or above " + q.paidLeaveDaysMax())))
                .drop("_employee_id_raw", "_salary_raw", DUPLICATES_IN_FILE);
    }

    @Override
    public List<QualityCheck> checks(Dataset<Row> published, Map<TableId, Dataset<Row>> inputs, RunContext run) {
        AppConfig.Quality q = run.quality();
        return List.of(
                QualityCheck.error("employee_id complete", "every benefit is keyed by the employee id", complete("employee_id")),
                QualityCheck.error("employee_id unique", "one person, one row: duplicates would pay twice", unique("employee_id")),
                QualityCheck.error("BU known", "KPIs are cut by BU", containedIn("bu", q.businessUnits())),
                QualityCheck.error("contract known", "the contract type is reported in PowerBI", containedIn("contract_type", q.contractTypes())),
                QualityCheck.error("commute mode known", "the bonus depends on the mode",
                        containedIn("commute_mode", Arrays.stream(CommuteMode.values()).map(Enum::name).toList())),
                QualityCheck.error("salary positive", "the bonus is a share of the salary", satisfies("gross_salary_eur > 0")),
                QualityCheck.warning("salary plausible", "a salary outside the usual range is often a typo (monthly vs annual)",
                        satisfies("gross_salary_eur BETWEEN " + q.salaryPlausibleMinEur() + " AND " + q.salaryPlausibleMaxEur())),
                QualityCheck.error("birth date plausible", "ages drive nothing but reveal broken dates",
                        satisfies("birth_date <= DATE'" + run.asOfDate() + "' AND birth_date >= DATE'"
                                + run.asOfDate().minusYears(q.maxAgeYears()) + "'")),
                QualityCheck.error("hired after 16th birthday and not in the future", "a hire date decides who counts in a year",
                        satisfies("hire_date >= add_months(birth_date, " + 12 * q.minWorkingAge() + ") AND hire_date <= DATE'" + run.asOfDate() + "'")),
                QualityCheck.error("paid-leave days in range", "CP days outside 0.." + q.paidLeaveDaysMax() + " mean a broken column",
                        satisfies("paid_leave_days BETWEEN 0 AND " + q.paidLeaveDaysMax())),
                QualityCheck.warning("addresses mostly have a postcode", "a few without are geocoded by town and listed for review; "
                        + "many mean a broken address column", mostly("postcode IS NOT NULL", 0.95)));
    }

    private static Map<String, String> byMode(java.util.function.Function<CommuteMode, String> value) {
        return java.util.Arrays.stream(CommuteMode.values()).collect(java.util.stream.Collectors.toMap(Enum::name, value));
    }
}
