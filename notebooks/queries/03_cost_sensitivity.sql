-- Data of notebook 03, per benefit year: the rate in force, the official costs, and per activity count the number of
-- employees and the wellness value their days would be worth (salary × days / working days is in gold only for those
-- who earned them: the notebook uses the average value per beneficiary for the others).
SELECT benefit_year, activity_count,
       count(*) AS employees,
       sum(CASE WHEN is_bonus_eligible THEN 1 ELSE 0 END) AS bonus_beneficiaries,
       CAST(sum(bonus_eur) AS DECIMAL(18, 2)) AS bonus_eur,
       CAST(sum(wellness_value_eur) AS DECIMAL(18, 2)) AS wellness_value_eur,
       sum(CASE WHEN is_wellness_eligible THEN 1 ELSE 0 END) AS wellness_beneficiaries,
       max(bonus_rate) AS bonus_rate
FROM gold_fct_employee_benefits GROUP BY benefit_year, activity_count
