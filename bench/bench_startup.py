"""Startup benchmark: process start to the first frame of the console with 100,000 contracts.

What is measured: wall time from just before the process is spawned to the moment its first
frame showing the screen's content reaches the terminal. Each app runs in a pseudo-terminal
(160x48, TERM=xterm-256color), exactly as a dispatcher would start it, and the time is taken
when a marker text appears in what the app writes to the terminal:

- the console, `python -m console --db <100k demo db> --now "2026-11-25 11:00" --lang ru`:
  its status bar's clock ("... 11:00:00 МСК"), which it shows once the screen is mounted;
- the floor, a bare Textual app with one Static, `python -c <BARE_APP>`: the Static's text.

Nothing is hooked inside the app: the measurement is made from outside, so the console is timed
as shipped. Both are launched by the same Python with the same environment. Each process is then
told to quit (ctrl+q; SIGTERM/SIGKILL to its own process group if it does not) and reaped.

The runs are interleaved A/B (ABBA order across pairs, so a drift in machine load hits both
sides alike) after one untimed warm-up of each. The value is the median of the per-pair ratios
console/bare; the medians of each side are reported too.

Target (DESIGN.md "Performance"): startup_ratio <= 1.5 (the naive full stack is 1.7x).

Bytecode: the children run with PYTHONPYCACHEPREFIX under the cache folder (and without
PYTHONDONTWRITEBYTECODE), so after the warm-up every module loads from cached bytecode, as in a
normal installation, and nothing is written into the repository. `--no-pycache` keeps the
environment's setting instead (with PYTHONDONTWRITEBYTECODE=1 the console's own sources are then
compiled on every start).

The 100k database is built once by the project's own code (`console.services.demo.builder.
build_demo(path, contracts=100000, seed=1, now=2026-11-25 11:00 MSK)`)
and cached in /tmp/support-console-bench/, keyed by a hash of the sources that shape it
(models, migrations, demo generator, reference data); a stale one is replaced.

Prints a JSON list of {name, value, unit, floor, ratio} on stdout; progress goes to stderr:
- startup_ratio: value = median per-pair ratio (unit "x"), floor = the bare app's median ms,
  ratio = the same median ratio;
- startup_console_ms, startup_bare_ms: the medians in ms (no floor);
- startup_cpu_ratio: the same ratio of CPU time (user + system, all threads, read from
  /proc/PID/stat when the marker shows; 10 ms ticks), floor = the bare app's median CPU ms.
  Wall time is what the dispatcher waits; CPU time hardly moves when other work loads the
  machine, so it tells a real change from noise there. Same target.

Run: .venv/bin/python bench/bench_startup.py [--pairs 7] [--no-pycache]
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path("/tmp/support-console-bench")
CONTRACTS = 100_000
SEED = 1
NOW = "2026-11-25 11:00"  # a Wednesday, service open: Moscow time
COLUMNS, LINES = 160, 48
LAUNCH_TIMEOUT = 30.0  # seconds to the first frame before a launch counts as failed
QUIT_TIMEOUT = 5.0  # seconds for an app to leave after ctrl+q before it is terminated
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")  # /proc CPU times are in these (100 a second)

CONSOLE_MARKER = "МСК".encode()  # the status bar clock: "Ср 25.11.2026 11:00:00 МСК"
BARE_MARKER = b"bare-textual-app-first-frame"
BARE_APP = f"""\
from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("{BARE_MARKER.decode()}")


Bare().run()
"""

# The sources that decide what the demo database holds: a change to any rebuilds it.
DB_SOURCES = (
    "console/models.py",
    "console/db.py",
    "console/migrations/*.py",
    "console/services/demo/*.py",
    "console/defaults/*.toml",
)
BUILD_DB = """\
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from console.services.demo.builder import build_demo

path, contracts, seed, now = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
now = datetime.strptime(now, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo("Europe/Moscow"))
print(build_demo(path, contracts=contracts, seed=seed, now=now), file=sys.stderr)
"""

# Settings that would make one run differ from another (or from a plain start).
DROP_ENV = (
    "PYTHONPROFILEIMPORTTIME",
    "PYTHONDEVMODE",
    "PYTHONTRACEMALLOC",
    "PYTHONASYNCIODEBUG",
    "PYTHONMALLOC",
    "PYTHONWARNINGS",
)
ANSI = re.compile(rb"\x1b(\[[0-9;?$>=<]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


class BenchError(Exception):
    """A launch that did not reach its first frame; the message says what it printed."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- the 100k database --------------------------------------------------------------------------
def sources_digest() -> str:
    digest = hashlib.sha256()
    for pattern in DB_SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def ensure_database(env: dict[str, str]) -> Path:
    """The cached demo database for the current sources; built by the project's code if absent."""
    if not (ROOT / "console" / "services" / "demo" / "builder.py").exists():
        raise BenchError("console/services/demo/builder.py is missing: cannot build the demo db")
    CACHE.mkdir(parents=True, exist_ok=True)
    stem = f"contracts-{CONTRACTS}-seed{SEED}"
    path = CACHE / f"{stem}-{sources_digest()}.db"
    if path.exists():
        return path
    for stale in CACHE.glob(f"{stem}-*.db*"):  # an older generator's output: never reused
        stale.unlink()
    building = CACHE / f"building-{os.getpid()}.db"
    log(f"building the {CONTRACTS:,}-contract demo database (once) in {path} ...")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", BUILD_DB, str(building), str(CONTRACTS), str(SEED), NOW],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        for leftover in CACHE.glob(f"{building.name}*"):
            leftover.unlink()
        raise BenchError(f"building the demo database failed:\n{result.stderr[-2000:]}")
    os.replace(building, path)
    for leftover in CACHE.glob(f"{building.name}-*"):  # WAL files, if any survived the close
        leftover.unlink()
    log(f"  built in {time.perf_counter() - started:.1f} s: {result.stderr.strip()[-300:]}")
    return path


# -- one launch in a pseudo-terminal ------------------------------------------------------------
def child_env(*, pycache: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL") and k not in DROP_ENV}
    env.update(
        TERM="xterm-256color",
        COLUMNS=str(COLUMNS),
        LINES=str(LINES),
        PYTHONIOENCODING="utf-8",
    )
    if pycache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(CACHE / "pycache")
    return env


def _read(fd: int, deadline: float) -> bytes | None:
    """Some output, b"" if none came before the deadline, None once the terminal is closed."""
    ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.perf_counter()))
    if not ready:
        return b""
    try:
        return os.read(fd, 65536) or None
    except OSError:  # EIO: every process holding the slave side has gone
        return None


def _readable(output: bytearray, limit: int = 1500) -> str:
    text = ANSI.sub(b"", bytes(output)).decode("utf-8", "replace")
    text = re.sub(r"[ \t]+", " ", text).strip()
    return text[-limit:] or "(no output)"


def _stop(proc: subprocess.Popen[bytes], master: int) -> None:
    """Ask the app to quit like a user would; terminate it (its own group) if it will not."""
    with contextlib.suppress(OSError):
        os.write(master, b"\x11")  # ctrl+q
    deadline = time.perf_counter() + QUIT_TIMEOUT
    while proc.poll() is None and time.perf_counter() < deadline:
        if _read(master, min(deadline, time.perf_counter() + 0.1)) is None:
            break  # drain, so the app never blocks writing its last frames
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if proc.poll() is not None:
            break
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)  # start_new_session: the group is this app's alone
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=3)
    proc.wait()


def cpu_ms(pid: int) -> float:
    """CPU time (user + system, all threads, finished ones too) the process has used so far."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "; comm may hold spaces
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) * 1000 / CLOCK_TICKS


def time_to_marker(argv: list[str], marker: bytes, env: dict[str, str]) -> tuple[float, float]:
    """(wall ms, CPU ms) from just before spawning `argv` in a pty to `marker` in its output."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    output = bytearray()
    try:
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        slave = -1
        try:
            deadline = started + LAUNCH_TIMEOUT
            while time.perf_counter() < deadline:
                chunk = _read(master, deadline)
                if chunk is None:
                    break
                output += chunk
                # Only the new bytes (and a marker's length before them) can hold a new match.
                if marker in output[-(len(chunk) + len(marker)) :]:
                    wall = (time.perf_counter() - started) * 1000
                    return wall, cpu_ms(proc.pid)
            why = "exited" if proc.poll() is not None else f"timed out ({LAUNCH_TIMEOUT:.0f} s)"
            raise BenchError(
                f"{' '.join(argv[:3])}... {why} before showing {marker.decode()!r}; "
                f"exit code {proc.poll()}; its output ends with:\n{_readable(output)}"
            )
        finally:
            _stop(proc, master)
    finally:
        if slave >= 0:
            os.close(slave)
        os.close(master)


# -- the benchmark ------------------------------------------------------------------------------
def entry(name: str, value: float, unit: str, floor: float | None = None) -> dict[str, object]:
    digits = 3 if unit == "x" else 1
    return {
        "name": name,
        "value": round(value, digits),
        "unit": unit,
        "floor": None if floor is None else round(floor, 1),
        "ratio": round(value, 3) if floor is not None else None,
    }


def measure(pairs: int, *, pycache: bool) -> list[dict[str, object]]:
    env = child_env(pycache=pycache)
    db = ensure_database(env)
    console = [sys.executable, "-m", "console", "--db", str(db), "--now", NOW, "--lang", "ru"]
    bare = [sys.executable, "-c", BARE_APP]

    def run(side: str) -> tuple[float, float]:
        if side == "console":
            return time_to_marker(console, CONSOLE_MARKER, env)
        return time_to_marker(bare, BARE_MARKER, env)

    # Untimed: writes bytecode, applies any pending migration, registers the operator, and
    # warms the page cache for the database and the site-packages.
    log(f"warm-up: console {run('console')[0]:.0f} ms, bare {run('bare')[0]:.0f} ms")
    wall: dict[str, list[float]] = {"console": [], "bare": []}
    cpu: dict[str, list[float]] = {"console": [], "bare": []}
    ratios: list[float] = []
    cpu_ratios: list[float] = []
    for i in range(pairs):
        for side in ("bare", "console") if i % 2 == 0 else ("console", "bare"):
            w, c = run(side)
            wall[side].append(w)
            cpu[side].append(c)
        ratios.append(wall["console"][-1] / wall["bare"][-1])
        cpu_ratios.append(cpu["console"][-1] / cpu["bare"][-1])
        log(
            f"pair {i + 1}/{pairs}: console {wall['console'][-1]:7.1f} ms "
            f"(cpu {cpu['console'][-1]:5.0f})  bare {wall['bare'][-1]:7.1f} ms "
            f"(cpu {cpu['bare'][-1]:5.0f})  ratio {ratios[-1]:.3f}"
        )
    ratio, cpu_ratio = statistics.median(ratios), statistics.median(cpu_ratios)
    console_ms, bare_ms = statistics.median(wall["console"]), statistics.median(wall["bare"])
    log(
        f"medians: console {console_ms:.1f} ms, bare {bare_ms:.1f} ms, ratio {ratio:.3f} "
        f"(range {min(ratios):.3f}-{max(ratios):.3f}; target <= 1.5); "
        f"CPU time ratio {cpu_ratio:.3f}"
    )
    load, cpus = os.getloadavg()[0], os.cpu_count() or 1
    if load > cpus / 2:
        log(f"warning: load average {load:.1f} on {cpus} CPUs: other work skews these figures")
    return [
        entry("startup_ratio", ratio, "x", floor=bare_ms),
        entry("startup_console_ms", console_ms, "ms"),
        entry("startup_bare_ms", bare_ms, "ms"),
        entry("startup_cpu_ratio", cpu_ratio, "x", floor=statistics.median(cpu["bare"])),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=7, help="timed A/B pairs (default 7)")
    parser.add_argument(
        "--no-pycache",
        dest="pycache",
        action="store_false",
        help="keep the environment's bytecode settings instead of a cache under /tmp",
    )
    args = parser.parse_args(argv)
    if args.pairs < 1:
        parser.error("--pairs must be at least 1")
    try:
        results = measure(args.pairs, pycache=args.pycache)
    except BenchError as exc:
        log(f"bench_startup: {exc}")
        return 1
    print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
