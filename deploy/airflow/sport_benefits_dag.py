"""The sport benefits run as an Apache Airflow DAG: one task per stage of a run, in order, the same entry script.

Copy this file to Airflow's dags/ folder on a machine (or image) that has the product checked out and built, and set
SPORT_BENEFITS_HOME (the checkout) and SPORT_BENEFITS_LAKE (the lake: a folder or s3a://bucket/prefix) in the worker's
environment, with the product's secrets (AWS_*, SLACK_WEBHOOK_URL, PUSHGATEWAY_URL) from Airflow's secret backend or the
worker's environment, never in this file.

Each task runs one stage of the same run: `scripts/sport-benefits run --stage NAME --run-id {{ run_id }}`; the run
ledger ties the stages together and a stage already done for this run id is a no-op, so a retried or cleared task is
safe. Exit codes (README, "Exit codes"): 0 success; 1 the stage failed (its own transient failures were already
retried inside, pipeline.stages); 2 usage or configuration; 3 the lake is busy with another writer — a retry later is
the answer, which is what the task's retries are for. quality runs even when gold failed (trigger rule all_done), as
in a whole run.
"""
import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

HOME = os.environ.get("SPORT_BENEFITS_HOME", "/opt/sport-benefits")
LAKE = os.environ.get("SPORT_BENEFITS_LAKE", "/data/sport-benefits/lake")
STAGES = ["ingest", "silver", "gold", "quality", "notify"]
LAKE_BUSY = 3

default_args = {
    "owner": "data-team",
    # a busy lake (exit 3) is retried: 6 tries, 5 minutes apart then longer
    "retries": 6,
    "retry_delay": timedelta(minutes=5),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=30),
    "execution_timeout": timedelta(hours=2),
}

with DAG(
    dag_id="sport_benefits",
    description="landing -> bronze -> silver -> gold -> quality report -> Slack, one task per stage",
    schedule="0 2 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    # one run of the lake at a time (the product's lock would refuse a second writer anyway: exit 3)
    max_active_runs=1,
    default_args=default_args,
    tags=["sport-benefits"],
) as dag:
    previous = None
    for stage in STAGES:
        task = BashOperator(
            task_id=stage,
            bash_command=(
                f"cd {HOME} && scripts/sport-benefits run --stage {stage} --run-id '{{{{ run_id }}}}' --lake {LAKE}"
            ),
            # quality reports whatever happened before it, as a whole run does
            trigger_rule="all_done" if stage == "quality" else "all_success",
        )
        if previous is not None:
            previous >> task
        previous = task
