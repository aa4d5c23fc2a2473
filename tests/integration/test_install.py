"""Install anywhere: the wheel alone (no source tree) starts the console from any folder.

The wheel is built from a copy of the sources (pip with build isolation, as `pipx install .`
does), installed into a fresh virtualenv in a temporary folder, and `support-console --demo`
runs under a pseudo-terminal from another folder until its first screen shows, then Ctrl+Q.
The wheel is installed with --no-deps; its dependencies are reached through a .pth file naming
this interpreter's site-packages, which keeps the test to seconds instead of a minute of
downloads. The console package itself comes from the wheel (the test checks where it was
imported from), so a file missing from the wheel fails here.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import sys
import sysconfig
import termios
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _build_wheel(tmp: Path) -> Path:
    src = tmp / "src"
    shutil.copytree(REPO / "console", src / "console",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp / "dist"),
         str(src)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = (tmp / "dist").glob("support_console-*.whl")
    return wheel


def _fresh_venv(tmp: Path, wheel: Path) -> Path:
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    python = venv / "bin" / "python"
    subprocess.run(  # this pip, installing into the new environment (its scripts, its python)
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
         "--no-index", str(wheel)],
        check=True, capture_output=True, timeout=300,
    )
    site = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip())
    (site / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def _run_in_pty(argv: list[str], cwd: Path, env: dict[str, str], expect: list[str],
                timeout: float = 90.0) -> tuple[str, int]:
    """Run a full-screen program in a 160x48 pseudo-terminal until `expect` show; Ctrl+Q."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes the program
        try:
            os.chdir(cwd)
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 48, 160, 0, 0))
    os.kill(pid, signal.SIGWINCH)
    out = bytearray()
    deadline = time.monotonic() + timeout
    seen = False
    quit_sent_at = None
    status: int | None = None
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            out.extend(chunk)
        text = out.decode("utf-8", "replace")
        if not seen and all(word in text for word in expect):
            seen = True
            time.sleep(0.5)
            os.write(fd, b"\x11")  # Ctrl+Q
            quit_sent_at = time.monotonic()
        done, raw = os.waitpid(pid, os.WNOHANG)
        if done:
            status = raw
            break
        if quit_sent_at and time.monotonic() - quit_sent_at > 20:
            break
    if status is None:  # still running: it did not quit on Ctrl+Q (or never showed)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    os.close(fd)
    code = os.waitstatus_to_exitcode(status)
    return out.decode("utf-8", "replace"), code


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_wheel_installs_and_starts_the_demo_from_any_folder(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    venv = _fresh_venv(tmp_path, wheel)
    elsewhere = tmp_path / "elsewhere"
    home = tmp_path / "home"
    elsewhere.mkdir()
    home.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(home), "TERM": "xterm-256color",
           "LANG": "C.UTF-8", "COLUMNS": "160", "LINES": "48"}

    where = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import console; print(console.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(venv)), where.stdout  # from the wheel, not the checkout

    screen, code = _run_in_pty(
        [str(venv / "bin" / "support-console"), "--demo", "--now", "2026-11-24 11:00"],
        cwd=elsewhere, env=env, expect=["Звонок", "ПРИЁМ ОТКРЫТ"],
    )
    assert "Traceback" not in screen, screen[-3000:]
    assert "Звонок" in screen and "ПРИЁМ ОТКРЫТ" in screen, screen[-3000:]
    assert code == 0, screen[-3000:]

    data = home / ".local" / "share" / "support-console"  # the user's data directory
    for name in ("policy.toml", "priorities.toml", "pricelist3.toml", "calendar_overrides.toml",
                 "demo.db"):
        assert (data / name).is_file(), sorted(p.name for p in data.iterdir())
    assert list(elsewhere.iterdir()) == []  # nothing written where it was started
