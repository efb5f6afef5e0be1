package com.sportdata.benefits.catalog;

import java.util.List;

/** Every table of the lake, in one place. Grains are documented on the class that owns each table. */
public final class Tables {
    // bronze: each source as received
    public static final TableId HR_EMPLOYEES = new TableId(Layer.BRONZE, "hr__employees");
    public static final TableId HR_SPORT_DECLARATIONS = new TableId(Layer.BRONZE, "hr__sport_declarations");
    public static final TableId ACTIVITIES_CSV = new TableId(Layer.BRONZE, "activities__csv");
    public static final TableId STRAVA_ACTIVITIES = new TableId(Layer.BRONZE, "strava__activities");
    public static final TableId REFERENCE_COMMUTE_DISTANCES = new TableId(Layer.BRONZE, "reference__commute_distances");
    public static final TableId REFERENCE_POSTCODES = new TableId(Layer.BRONZE, "reference__postcodes");
    public static final TableId INGESTION_LOG = new TableId(Layer.BRONZE, "ingestion_log");

    // silver: typed, cleaned, deduplicated
    public static final TableId EMPLOYEES = new TableId(Layer.SILVER, "employees");
    public static final TableId EMPLOYEES_HISTORY = new TableId(Layer.SILVER, "employees_history");
    public static final TableId SPORT_DECLARATIONS = new TableId(Layer.SILVER, "sport_declarations");
    public static final TableId ACTIVITIES = new TableId(Layer.SILVER, "activities");
    public static final TableId POSTCODES = new TableId(Layer.SILVER, "postcodes");
    public static final TableId COMMUTE_DISTANCES = new TableId(Layer.SILVER, "commute_distances");
    public static final TableId INT_ACTIVITIES_PER_EMPLOYEE_YEAR = new TableId(Layer.SILVER, "int_activities_per_employee_year");
    public static final TableId QUARANTINE = new TableId(Layer.SILVER, "quarantine");

    // gold: the PowerBI contract
    public static final TableId DIM_EMPLOYEE = new TableId(Layer.GOLD, "dim_employee");
    public static final TableId FCT_EMPLOYEE_BENEFITS = new TableId(Layer.GOLD, "fct_employee_benefits");
    public static final TableId KPI_BENEFITS_BY_PERIOD = new TableId(Layer.GOLD, "kpi_benefits_by_period");
    public static final TableId DECLARATIONS_TO_REVIEW = new TableId(Layer.GOLD, "declarations_to_review");
    public static final TableId KPI_BENEFITS_BY_YEAR_BU = new TableId(Layer.GOLD, "kpi_benefits_by_year_bu");
    public static final TableId KPI_ACTIVITIES_BY_SPORT = new TableId(Layer.GOLD, "kpi_activities_by_sport");

    // quality results, readable by PowerBI and people
    public static final TableId QUALITY_CHECKS = new TableId(Layer.GOLD, "fct_quality_checks");
    public static final TableId QUARANTINE_SUMMARY = new TableId(Layer.GOLD, "fct_quarantine_summary");
    // the run ledger as BI tools read it: one row per run, stage and attempt (flat columns, no configuration)
    public static final TableId RUNS = new TableId(Layer.GOLD, "fct_runs");

    // what-if scenarios compared with the official figures
    public static final TableId SCENARIO_COMPARISON = new TableId(Layer.GOLD, "scenario_comparison");

    // operations: one row per run and stage
    public static final TableId RUN_LEDGER = new TableId(Layer.OPS, "run_ledger");
    // the parameters of record of each benefit year: one row per register version and year it set
    public static final TableId RULES_REGISTER = new TableId(Layer.OPS, "rules_register");
    // what each benefit year of gold was last computed from: one row per benefit year
    public static final TableId GOLD_INPUTS = new TableId(Layer.OPS, "gold_inputs");
    public static final TableId QUARANTINE_RELEASES = new TableId(Layer.OPS, "quarantine_releases");
    // Slack posts and alerts to deliver, delivered or given up: one row per event
    public static final TableId SLACK_OUTBOX = new TableId(Layer.OPS, "slack_outbox");
    // what people acknowledged so the product stops repeating it (a rejected file, a default differing on purpose)
    public static final TableId ACKNOWLEDGEMENTS = new TableId(Layer.OPS, "acknowledgements");
    // what each run measured (stages, rows, checks, costs, Slack, the driver's JVM): one row per run and metric sample
    public static final TableId RUN_METRICS = new TableId(Layer.OPS, "run_metrics");

    public static final List<TableId> GOLD = List.of(DIM_EMPLOYEE, FCT_EMPLOYEE_BENEFITS, KPI_BENEFITS_BY_PERIOD,
            DECLARATIONS_TO_REVIEW, KPI_BENEFITS_BY_YEAR_BU, KPI_ACTIVITIES_BY_SPORT);

    private Tables() {
    }

    /** Every table above, in declaration order (what the classifications and the lineage must each cover). */
    public static List<TableId> all() {
        List<TableId> all = new java.util.ArrayList<>();
        for (java.lang.reflect.Field field : Tables.class.getDeclaredFields()) {
            if (java.lang.reflect.Modifier.isStatic(field.getModifiers()) && field.getType() == TableId.class) {
                try {
                    all.add((TableId) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return all;
    }
}
