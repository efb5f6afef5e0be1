package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gold schemas PowerBI depends on. Changing a column here is a contract change: update the PowerBI
 * model in powerbi/ in the same commit. Adding columns is allowed; renaming or retyping is not.
 */
final class GoldContract {
    static final Map<TableId, String> SCHEMAS = new LinkedHashMap<>();

    static {
        SCHEMAS.put(Tables.FCT_EMPLOYEE_BENEFITS, String.join(",",
                "employee_id BIGINT", "benefit_year INT", "period_start_date DATE", "period_end_date DATE", "bu STRING",
                "contract_type STRING", "commute_mode STRING", "commute_distance_km DOUBLE", "distance_provider STRING",
                "distance_confidence STRING", "geocode_method STRING", "home_insee_code STRING", "distance_limit_km DECIMAL(8,2)",
                "is_bonus_eligible BOOLEAN", "bonus_status STRING", "bonus_status_label STRING", "bonus_rate DECIMAL(6,4)",
                "bonus_eur DECIMAL(12,2)", "activity_count BIGINT", "activity_distance_km DOUBLE", "is_wellness_eligible BOOLEAN",
                "wellness_days INT", "wellness_value_eur DECIMAL(12,2)", "wellness_earned_date DATE", "total_benefit_eur DECIMAL(12,2)",
                "rules_hash STRING", "run_id STRING"));
        SCHEMAS.put(Tables.KPI_BENEFITS_BY_PERIOD, String.join(",",
                "benefit_year INT", "month_start_date DATE", "bu STRING", "headcount BIGINT", "bonus_eligible_count BIGINT",
                "new_wellness_earners BIGINT", "wellness_earners_to_date BIGINT", "active_employees BIGINT", "adoption_rate DOUBLE",
                "activity_count BIGINT", "distance_km DOUBLE", "bonus_cost_eur DECIMAL(12,2)", "wellness_days BIGINT",
                "wellness_value_eur DECIMAL(12,2)", "total_cost_eur DECIMAL(12,2)", "payroll_eur DECIMAL(12,2)",
                "share_of_payroll DECIMAL(9,6)", "rules_hash STRING", "run_id STRING"));
        SCHEMAS.put(Tables.DECLARATIONS_TO_REVIEW, String.join(",",
                "employee_id BIGINT", "benefit_year INT", "bu STRING", "commute_mode STRING", "commute_distance_km DOUBLE",
                "distance_limit_km DECIMAL(8,2)", "distance_provider STRING", "distance_confidence STRING", "geocode_method STRING",
                "bonus_status STRING", "reason_code STRING", "reason STRING", "rules_hash STRING", "run_id STRING"));
        SCHEMAS.put(Tables.KPI_BENEFITS_BY_YEAR_BU, String.join(",",
                "benefit_year INT", "bu STRING", "headcount BIGINT", "bonus_beneficiaries BIGINT", "eligible_share DOUBLE",
                "active_employees BIGINT", "adoption_rate DOUBLE", "activity_count BIGINT", "activity_distance_km DOUBLE",
                "wellness_beneficiaries BIGINT", "wellness_days BIGINT", "bonus_cost_eur DECIMAL(12,2)", "wellness_value_eur DECIMAL(12,2)",
                "total_cost_eur DECIMAL(12,2)", "cost_per_employee_eur DECIMAL(12,2)", "payroll_eur DECIMAL(12,2)",
                "share_of_payroll DECIMAL(9,6)", "employees_to_review BIGINT", "rules_hash STRING", "run_id STRING"));
        SCHEMAS.put(Tables.KPI_ACTIVITIES_BY_SPORT, String.join(",",
                "benefit_year INT", "month_start_date DATE", "bu STRING", "sport STRING", "sport_label STRING", "activity_count BIGINT",
                "active_employees BIGINT", "distance_km DOUBLE", "duration_hours DOUBLE", "run_id STRING"));
        SCHEMAS.put(Tables.DIM_EMPLOYEE, String.join(",",
                "employee_id BIGINT", "first_name STRING", "last_name STRING", "full_name STRING", "bu STRING",
                "contract_type STRING", "hire_date DATE", "commute_mode STRING", "commute_mode_label STRING", "home_town STRING",
                "declared_sport STRING", "declared_sport_label STRING"));
    }

    private GoldContract() {
    }
}
