"""bench/run.py --merge (one benchmark run again with `--only`): its figures replace those of the
same name in bench/results.json and leave the other benchmarks' figures where they were."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

RUN = Path(__file__).resolve().parents[2] / "bench" / "run.py"


def _run_module():
    spec = importlib.util.spec_from_file_location("bench_run", RUN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_run", module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_merge_replaces_namesakes_in_place_and_keeps_the_rest(tmp_path):
    run = _run_module()
    output = tmp_path / "results.json"
    output.write_text(json.dumps([
        {"name": "startup_ratio", "value": 1.4},
        {"name": "soak_slowdown", "value": 1.3},
        {"name": "import_1m_s", "value": 30},
    ]))
    fresh = [{"name": "soak_slowdown", "value": 1.05},
             {"name": "soak_switch_samples", "value": 625}]
    assert run.merged(output, fresh) == [
        {"name": "startup_ratio", "value": 1.4},
        {"name": "soak_slowdown", "value": 1.05},
        {"name": "import_1m_s", "value": 30},
        {"name": "soak_switch_samples", "value": 625},
    ]


def test_merge_without_an_earlier_file_is_this_run(tmp_path):
    run = _run_module()
    fresh = [{"name": "soak_slowdown", "value": 1.05}]
    assert run.merged(tmp_path / "none.json", fresh) == fresh


CHILD_LEFT_BEHIND = """
import json, pathlib, subprocess, sys, time
# Like the soak's other writer: a child that inherits the pipes and outlives this script.
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
pathlib.Path(sys.argv[0]).with_suffix(".pid").write_text(str(child.pid))
print(json.dumps([{"name": "x", "value": 1, "unit": "ms", "floor": None, "ratio": None}]))
sys.stdout.flush()
time.sleep(float(pathlib.Path(sys.argv[0]).with_suffix(".wait").read_text()))
"""


def _gone(pid: int, seconds: float = 5.0) -> bool:
    """Not running any more (gone, or a zombie its new parent has not reaped yet), within
    `seconds` (a killed process takes a moment to die)."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            return True
        if "\nState:\tZ" in status:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def _left_behind(tmp_path, wait: float):
    script = tmp_path / "bench_left.py"
    script.write_text(CHILD_LEFT_BEHIND)
    script.with_suffix(".wait").write_text(str(wait))
    return script


def test_a_script_timed_out_does_not_keep_the_run_waiting_for_the_child_it_left(tmp_path):
    """The soak killed by the time limit left its writer holding the pipes: `make bench` hung
    until that writer ended. The script's whole process group goes with it now."""
    import time

    run = _run_module()
    script = _left_behind(tmp_path, wait=30)
    started = time.monotonic()
    outcome = run.run_script(script, timeout=2, verbose=False)
    assert time.monotonic() - started < 15
    assert outcome.error == "timed out after 2 s"
    assert _gone(int(script.with_suffix(".pid").read_text()))


def test_a_script_that_ends_takes_the_children_it_left_with_it(tmp_path):
    import time

    run = _run_module()
    script = _left_behind(tmp_path, wait=0)
    started = time.monotonic()
    outcome = run.run_script(script, timeout=60, verbose=False)
    assert time.monotonic() - started < 15
    assert outcome.error is None and outcome.results[0]["name"] == "x"
    assert _gone(int(script.with_suffix(".pid").read_text()))
