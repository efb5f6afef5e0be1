-- Data of notebook 04: checks per run and status, straight from gold (the notebook's check against the export).
SELECT run_id, min(checked_at) AS checked_at, status, count(*) AS checks
FROM gold_fct_quality_checks GROUP BY run_id, status
