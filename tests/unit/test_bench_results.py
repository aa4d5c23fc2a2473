"""bench/run.py --merge (`make bench-day`): the soak's full day replaces the short day's figures
in bench/results.json and leaves the other benchmarks' figures where they were."""

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
