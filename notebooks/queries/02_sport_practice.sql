-- Data of notebook 02: activities by weekday and hour (in the office's time zone, office.time-zone = Europe/Paris),
-- and how many employees reached each activity count (the wellness threshold), aggregated.
SELECT 'weekday_hour' AS kind, benefit_year, sport AS key,
       dayofweek(from_utc_timestamp(started_at, 'Europe/Paris')) AS a,
       hour(from_utc_timestamp(started_at, 'Europe/Paris')) AS b, count(*) AS value
FROM silver_activities GROUP BY benefit_year, sport, a, b
UNION ALL
SELECT 'activity_count', benefit_year, 'ALL', activity_count, 0, count(*)
FROM gold_fct_employee_benefits GROUP BY benefit_year, activity_count
