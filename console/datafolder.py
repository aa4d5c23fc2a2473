"""Where the console keeps its files, and the reference files it ships.

The data folder holds the database, the reference files (editable copies of the defaults that
ship inside the package), the calendar cache and what the console writes (acts, exports).
It is, in this order: `--data DIR`; the `SUPPORT_CONSOLE_DATA` environment variable; `data/` of
the source checkout the package runs from; the user's data directory (platformdirs), so a
`pip install` / `pipx install` runs from any folder.

On every start the shipped defaults are copied into the folder where a file is missing. A copy
the console wrote and nobody edited since follows the shipped file when a newer version of the
console changes it; an edited copy is never touched (the hashes of what was written are kept in
`.defaults.json`).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "SUPPORT_CONSOLE_DATA"
APP_NAME = "support-console"
STAMP = ".defaults.json"
# The database files the console uses in the data folder when --db is not given.
DEFAULT_DB_NAME = "console.db"
DEMO_DB_NAME = "demo.db"

# The package's parent: a source checkout when it holds pyproject.toml (an editable install too).
_CHECKOUT = Path(__file__).resolve().parent.parent


def defaults_dir() -> Path:
    """The reference files shipped inside the package (the source of truth for the defaults)."""
    # setuptools installs packages unzipped, so the resource is a real folder on disk, beside
    # this module (importlib.resources would say the same, and cost every start its imports).
    return Path(__file__).resolve().parent / "defaults"


def default_files() -> list[str]:
    return sorted(p.name for p in defaults_dir().iterdir() if p.suffix == ".toml")


def checkout_data_dir() -> Path | None:
    """`data/` of the source checkout the package runs from, or None for an installed package."""
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "console").is_dir():
        return _CHECKOUT / "data"
    return None


def resolve_data_dir(option: Path | None = None, environ: dict[str, str] | None = None) -> Path:
    """The data folder: --data, else $SUPPORT_CONSOLE_DATA, else the checkout's, else the user's."""
    env = os.environ if environ is None else environ
    if option is not None:
        return Path(option).expanduser()
    if env.get(ENV_VAR):
        return Path(env[ENV_VAR]).expanduser()
    checkout = checkout_data_dir()
    if checkout is not None:
        return checkout
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _stamps(path: Path) -> dict[str, str]:
    import json

    try:
        stamps: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamps = {}
    return stamps


def install_defaults(folder: Path) -> list[str]:
    """Copy missing (or unedited, outdated) default files into `folder`; return what was written.

    A folder that does not exist is created, with its parents; nothing is written when every
    file is present and either edited or current.
    """
    stamp_path = folder / STAMP
    stamps: dict[str, str] | None = None  # read only when a copy differs (not on a usual start)
    written: list[str] = []
    for name in default_files():
        shipped = (defaults_dir() / name).read_bytes()
        target = folder / name
        if target.exists():
            held = target.read_bytes()
            if held == shipped:
                continue  # current already
            if stamps is None:
                stamps = _stamps(stamp_path)
            if stamps.get(name) != _digest(held):
                continue  # edited by someone: theirs
        if stamps is None:
            stamps = _stamps(stamp_path)
        folder.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{name}.tmp")
        tmp.write_bytes(shipped)
        tmp.replace(target)
        stamps[name] = _digest(shipped)
        written.append(name)
    if written:
        import json

        stamp_path.write_text(json.dumps(stamps, indent=1, sort_keys=True), encoding="utf-8")
    return written
