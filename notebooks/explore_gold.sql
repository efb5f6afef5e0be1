-- Exploration queries over the gold tables (see README.md for the views).

-- Cost per benefit year and BU
SELECT benefit_year, bu,
       COUNT(*)                                   AS employees,
       SUM(CASE WHEN is_bonus_eligible THEN 1 END) AS bonus_eligible,
       SUM(bonus_eur)                             AS bonus_eur,
       SUM(wellness_days)                         AS wellness_days,
       SUM(wellness_value_eur)                    AS wellness_value_eur,
       SUM(total_benefit_eur)                     AS total_eur
FROM gold_fct_employee_benefits
GROUP BY benefit_year, bu
ORDER BY benefit_year, bu;

-- Why employees do not get the bonus
SELECT benefit_year, bonus_status_label, COUNT(*) AS employees
FROM gold_fct_employee_benefits
GROUP BY benefit_year, bonus_status_label
ORDER BY benefit_year, employees DESC;

-- Declarations HR should review, with names (personal data: dim_employee)
SELECT r.benefit_year, d.full_name, d.bu, r.reason_code, r.reason
FROM gold_declarations_to_review r JOIN gold_dim_employee d USING (employee_id)
ORDER BY r.benefit_year, r.reason_code, d.full_name;

-- Adoption trend: share of employees with at least one activity, per month
SELECT month_start_date, SUM(active_employees) / SUM(headcount) AS adoption_rate, SUM(activity_count) AS activities
FROM gold_kpi_benefits_by_period
GROUP BY month_start_date
ORDER BY month_start_date;

-- Rejected rows and their reasons
SELECT target_table, reason, COUNT(*) AS rows_rejected
FROM silver_quarantine LATERAL VIEW explode(reasons) AS reason
GROUP BY target_table, reason
ORDER BY rows_rejected DESC;
