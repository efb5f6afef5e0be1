"""Imports the DAG against a minimal stub of the airflow package (Airflow cannot be installed here: no PyPI) and checks
its tasks, their order, their commands and their retry settings. Run: python3 deploy/airflow/test_sport_benefits_dag.py
(JUnit runs it: AirflowDagTest)."""
import importlib.util
import os
import sys
import tempfile
import textwrap
import unittest
from datetime import timedelta

HERE = os.path.dirname(os.path.abspath(__file__))

STUB = {
    "airflow/__init__.py": """
        class DAG:
            current = None
            def __init__(self, dag_id, **kwargs):
                self.dag_id = dag_id
                self.kwargs = kwargs
                self.tasks = []
            def __enter__(self):
                DAG.current = self
                return self
            def __exit__(self, *exc):
                DAG.current = None
                return False
    """,
    "airflow/operators/__init__.py": "",
    "airflow/operators/bash.py": """
        from airflow import DAG
        class BashOperator:
            def __init__(self, task_id, bash_command, trigger_rule="all_success", **kwargs):
                if DAG.current is None:
                    raise RuntimeError("a task outside a DAG")
                self.dag = DAG.current
                self.task_id = task_id
                self.bash_command = bash_command
                self.trigger_rule = trigger_rule
                self.kwargs = kwargs
                self.upstream = []
                self.dag.tasks.append(self)
            def __rshift__(self, other):
                other.upstream.append(self)
                return other
    """,
}


def load_dag(env):
    stub = tempfile.mkdtemp(prefix="airflow-stub-")
    for path, text in STUB.items():
        full = os.path.join(stub, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(textwrap.dedent(text))
    sys.path.insert(0, stub)
    for name in [m for m in sys.modules if m == "airflow" or m.startswith("airflow.")]:
        del sys.modules[name]
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        spec = importlib.util.spec_from_file_location("sport_benefits_dag", os.path.join(HERE, "sport_benefits_dag.py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.dag
    finally:
        sys.path.remove(stub)
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class DagTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dag = load_dag({"SPORT_BENEFITS_HOME": "/srv/sb", "SPORT_BENEFITS_LAKE": "s3a://lake/prod"})

    def test_one_task_per_stage_in_the_order_of_a_run(self):
        self.assertEqual(self.dag.dag_id, "sport_benefits")
        self.assertEqual([t.task_id for t in self.dag.tasks], ["ingest", "silver", "gold", "quality", "notify"])
        ids = [t.task_id for t in self.dag.tasks]
        for i, task in enumerate(self.dag.tasks):
            self.assertEqual([u.task_id for u in task.upstream], ids[i - 1:i], task.task_id)

    def test_each_task_runs_its_stage_of_the_same_run_through_the_entry_script(self):
        for task in self.dag.tasks:
            self.assertEqual(
                task.bash_command,
                "cd /srv/sb && scripts/sport-benefits run --stage %s --run-id '{{ run_id }}' --lake s3a://lake/prod" % task.task_id,
            )

    def test_a_busy_lake_is_retried_and_runs_never_overlap(self):
        args = self.dag.kwargs["default_args"]
        self.assertGreaterEqual(args["retries"], 3)
        self.assertGreaterEqual(args["retry_delay"], timedelta(minutes=1))
        self.assertTrue(args["retry_exponential_backoff"])
        self.assertEqual(self.dag.kwargs["max_active_runs"], 1)
        self.assertFalse(self.dag.kwargs["catchup"])

    def test_quality_reports_even_after_a_failed_gold_as_a_whole_run_does(self):
        rules = {t.task_id: t.trigger_rule for t in self.dag.tasks}
        self.assertEqual(rules, {"ingest": "all_success", "silver": "all_success", "gold": "all_success",
                                 "quality": "all_done", "notify": "all_success"})

    def test_the_stages_are_the_products(self):
        # the DAG's list follows the product's stage graph (Pipeline.STAGES), read from the Java source
        source = os.path.join(HERE, "..", "..", "jobs", "src", "main", "java", "com", "sportdata", "benefits", "run", "Pipeline.java")
        with open(source) as f:
            text = f.read()
        self.assertIn("STAGES = List.of(IngestStage.NAME, SilverStage.NAME, GoldStage.NAME, QualityStage.NAME,", text)


if __name__ == "__main__":
    unittest.main(verbosity=2)
