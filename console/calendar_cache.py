"""A file cache of the production calendar, so a start does not import `holidays` (~150 ms).

The `holidays` package answers the same for the same version and language, so its days off and
working Saturdays for the years around today are written once to `data/.cache/` and read back
on later starts. Local overrides are not cached: they are applied on top every time (D1). Any
problem with the cache (missing, corrupt, read-only folder) just falls back to the package.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from console.rules.calendar import WorkingCalendar
from console.versions import installed_version


def holidays_version() -> str:
    """The installed `holidays` version (`importlib.metadata` would cost ~25 ms on every start,
    the package itself far more)."""
    return installed_version("holidays")


def _path(folder: Path, language: str) -> Path:
    return folder / f"calendar-{holidays_version()}-{language}.json"


def warm(calendar: WorkingCalendar, folder: Path, years: range) -> bool:
    """Preload `years` from the cache, or compute and write them; True on a cache hit."""
    path = _path(folder, calendar.language)
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if all(str(y) in cached for y in years):
            for y in years:
                days = cached[str(y)].items()
                calendar.preload(y, {date.fromisoformat(d): (k, name) for d, (k, name) in days})
            return True
    except (OSError, ValueError, TypeError, KeyError):
        pass  # no cache or a broken one: rebuild it below
    data = {
        str(y): {d.isoformat(): list(v) for d, v in calendar.exceptions(y).items()} for y in years
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)  # atomic: a concurrent start never reads half a file
    except OSError:
        pass  # a read-only install still works, only slower to start
    return False
