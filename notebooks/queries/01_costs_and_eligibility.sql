-- Data of notebook 01 that the BI export's aggregate CSVs lack, aggregated (no per-employee rows):
-- why people are (not) eligible, the reasons to review, and gold's own total per year (the notebook's check).
SELECT 'bonus_status' AS kind, benefit_year, bu, bonus_status_label AS key, CAST(count(*) AS DECIMAL(18, 2)) AS value
FROM gold_fct_employee_benefits GROUP BY benefit_year, bu, bonus_status_label
UNION ALL
SELECT 'review_reason', benefit_year, bu, reason_code, CAST(count(*) AS DECIMAL(18, 2))
FROM gold_declarations_to_review GROUP BY benefit_year, bu, reason_code
UNION ALL
SELECT 'gold_total_eur', benefit_year, 'ALL', 'total_benefit_eur', CAST(sum(total_benefit_eur) AS DECIMAL(18, 2))
FROM gold_fct_employee_benefits GROUP BY benefit_year
