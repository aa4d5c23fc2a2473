"""Run every benchmark in bench/ and collect the results (`make bench`).

Each `bench/bench_*.py` runs as its own process (this Python), one after another so they never
compete for the machine, and prints on stdout a JSON list of
{"name", "value", "unit", "floor", "ratio"} (floor and ratio may be null); progress goes to
its stderr. The results of every script that succeeded are written, in script order, to
`bench/results.json` (only this run's: a script that was not run or failed leaves nothing
there), then a compact table is printed. A script that fails (non-zero exit, timeout or
malformed output) is reported with the tail of its stderr, and makes this exit non-zero. Each
script runs in a session of its own, and whatever it started is killed with it when it ends
(the soak's other writer must not keep this run waiting).

Targets are in DESIGN.md "Performance", in each script's docstring and in TARGETS below: the
table shows each figure's target and marks those that miss it (`MISS`); `bench/results.json`
holds the same, each object with its "target" (null where none) and "meets" (null likewise).
A miss does not fail the run: benchmarks measure, they do not gate.

`--merge` keeps the figures of the scripts not run this time: each figure this run produced
replaces the one of the same name in the existing output, in place, and the others stay (one
benchmark run again after a change, with `--only`).

Run: .venv/bin/python bench/run.py [--only NAME ...] [--output PATH] [--timeout S] [--merge] [-v]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results.json"
FIELDS = ("name", "value", "unit", "floor", "ratio")
STDERR_TAIL = 20  # lines shown for a failed script

# Upper bounds (issue 12, DESIGN.md "Performance"): a figure meets its target when value <= it.
TARGETS: dict[str, float] = {
    "startup_ratio": 1.5,
    "replan_10k_ms": 50,
    "queue_keypress_p95_ms": 30,
    "queue_refresh_block_ms": 16,
    "queue_filter_keypress_p95_ms": 50,
    "urgent_to_frame_ms": 150,
    "lookup_to_frame_p95_ms": 50,
    "lookup_number_p99_ms": 2,
    "lookup_surname_p99_ms": 5,
    "import_1m_s": 60,
    "soak_rss_growth_mb": 30,
    "soak_slowdown": 1.2,
    "soak_calls_failed": 0,
    "soak_switches_failed": 0,
    "soak_dialogs_failed": 0,
}


def judged(result: dict[str, object]) -> dict[str, object]:
    """The result with its target and whether the value meets it (None where no target)."""
    target = TARGETS.get(str(result["name"]))
    value = result["value"]
    meets = None if target is None else bool(isinstance(value, int | float) and value <= target)
    return {**result, "target": target, "meets": meets}


def merged(path: Path, results: list[dict[str, object]]) -> list[dict[str, object]]:
    """The figures in `path` (if any) with those of `results` replacing their namesakes in
    place; figures new to the file come after."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        kept = []
    fresh = {str(r["name"]): r for r in results}
    out = [fresh.pop(str(r["name"]), r) for r in kept]
    return out + list(fresh.values())


@dataclass
class Outcome:
    """What one script produced."""

    script: Path
    seconds: float = 0.0
    results: list[dict[str, object]] = field(default_factory=list)
    error: str | None = None
    stderr: list[str] = field(default_factory=list)


def discover(only: list[str] | None) -> list[Path]:
    """bench_*.py in name order; `only` keeps those named `x`, `bench_x` or `bench_x.py`."""
    scripts = sorted(BENCH.glob("bench_*.py"))
    if not only:
        return scripts
    wanted = {name.removesuffix(".py").removeprefix("bench_") for name in only}
    return [s for s in scripts if s.stem.removeprefix("bench_") in wanted]


def _number(value: object, *, nullable: bool) -> bool:
    if value is None:
        return nullable
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def validate(data: object) -> list[dict[str, object]]:
    """The script's stdout as a list of result objects, or ValueError saying what is wrong."""
    if not isinstance(data, list) or not data:
        raise ValueError("stdout is not a non-empty JSON list")
    for i, item in enumerate(data):
        if not isinstance(item, dict) or set(item) != set(FIELDS):
            raise ValueError(f"item {i} is not an object with exactly the keys {FIELDS}: {item}")
        if not isinstance(item["name"], str) or not isinstance(item["unit"], str):
            raise ValueError(f"item {i}: name and unit must be strings: {item}")
        if not _number(item["value"], nullable=False):
            raise ValueError(f"item {i}: value must be a finite number: {item}")
        if not (_number(item["floor"], nullable=True) and _number(item["ratio"], nullable=True)):
            raise ValueError(f"item {i}: floor and ratio must be finite numbers or null: {item}")
    return [{key: item[key] for key in FIELDS} for item in data]


def kill_group(proc: subprocess.Popen[str]) -> None:
    """Kill the script and everything it started (its own session: `run_script`)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group is gone
        os.killpg(proc.pid, signal.SIGKILL)


def run_script(script: Path, *, timeout: float, verbose: bool) -> Outcome:
    """Run `script` in a session of its own; its stdout is read to EOF. When it ends, times out
    or is interrupted, its whole process group is killed: a child it left behind (the soak's
    other writer, when the soak was killed) would otherwise keep the pipes open, and this run
    would wait for their end forever."""
    outcome = Outcome(script)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        start_new_session=True,
    )

    def pump_stderr() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            outcome.stderr.append(line.rstrip("\n"))
            if verbose:
                print(f"  | {line}", end="", file=sys.stderr, flush=True)

    read: list[str] = []

    def read_stdout() -> None:
        assert proc.stdout is not None
        read.append(proc.stdout.read())

    pumps = [threading.Thread(target=pump_stderr, daemon=True),
             threading.Thread(target=read_stdout, daemon=True)]
    for pump in pumps:
        pump.start()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        outcome.error = f"timed out after {timeout:.0f} s"
    finally:  # also on Ctrl+C: nothing the script started outlives this run
        kill_group(proc)
        proc.wait()
    for pump in pumps:
        pump.join(timeout=5)
    outcome.seconds = time.perf_counter() - started
    if outcome.error:
        return outcome
    if proc.returncode != 0:
        outcome.error = f"exit code {proc.returncode}"
        return outcome
    stdout = read[0] if read else ""
    try:
        outcome.results = validate(json.loads(stdout))
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        outcome.error = f"bad output: {exc}; stdout ends with {stdout[-300:]!r}"
    return outcome


def fmt(value: object) -> str:
    if value is None:
        return "-"
    assert isinstance(value, int | float)
    if float(value).is_integer() and abs(value) < 1e12:
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.1f}"
    return f"{value:.3f}".rstrip("0").rstrip(".")


def table(outcomes: list[Outcome]) -> str:
    rows = [("figure", "value", "unit", "floor", "ratio", "target", "", "script")]
    for o in outcomes:
        for r in map(judged, o.results):
            rows.append(
                (
                    str(r["name"]),
                    fmt(r["value"]),
                    str(r["unit"]),
                    fmt(r["floor"]),
                    fmt(r["ratio"]),
                    "-" if r["target"] is None else f"<= {fmt(r['target'])}",
                    "" if r["meets"] is not False else "MISS",
                    o.script.stem,
                )
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = {1, 3, 4, 5}  # numbers
    lines = []
    for n, row in enumerate(rows):
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only this script (startup, bench_startup or bench_startup.py); repeatable",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="default bench/results.json")
    parser.add_argument(
        "--timeout", type=float, default=900, help="seconds per script (default 900)"
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the output's figures that this run did not produce (replace the others)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show each script's progress as it runs"
    )
    args = parser.parse_args(argv)
    scripts = discover(args.only)
    if not scripts:
        names = ", ".join(s.stem for s in discover(None)) or "none"
        print(
            f"run.py: no benchmark matches --only {args.only}; there are: {names}", file=sys.stderr
        )
        return 2

    outcomes = []
    for script in scripts:
        print(f"{script.name} ...", end="", file=sys.stderr, flush=True)
        if args.verbose:
            print(file=sys.stderr)
        outcome = run_script(script, timeout=args.timeout, verbose=args.verbose)
        status = "FAILED" if outcome.error else "ok"
        print(
            f"{'' if not args.verbose else script.name} {status} in {outcome.seconds:.1f} s",
            file=sys.stderr,
            flush=True,
        )
        outcomes.append(outcome)

    names: dict[str, str] = {}
    for o in outcomes:
        for r in o.results:
            other = names.setdefault(str(r["name"]), o.script.stem)
            if other != o.script.stem:
                print(
                    f"run.py: warning: {r['name']} is reported by both {other} and {o.script.stem}",
                    file=sys.stderr,
                )

    results = [judged(r) for o in outcomes for r in o.results]
    written = merged(args.output, results) if args.merge else results
    args.output.write_text(
        json.dumps(written, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    if results:
        print(table(outcomes))
        missed = [str(r["name"]) for r in results if r["meets"] is False]
        if missed:
            print(f"{len(missed)} figure(s) miss their target: {', '.join(missed)}")
    print(f"{len(results)} results written to {args.output}", file=sys.stderr)

    failed = [o for o in outcomes if o.error]
    for o in failed:
        print(f"\n{o.script.name} FAILED: {o.error}", file=sys.stderr)
        for line in o.stderr[-STDERR_TAIL:]:
            print(f"  | {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
