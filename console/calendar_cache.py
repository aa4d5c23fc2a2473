"""A file cache of the production calendar, so a start does not import `holidays` (~150 ms).

The `holidays` package answers the same for the same version and language, so its days off and
working Saturdays for the years around today are written once to `data/.cache/` and read back
on later starts. Local overrides are not cached: they are applied on top every time (D1). Any
problem with the cache (missing, corrupt, read-only folder) just falls back to the package.

The file is in `marshal`'s format, days as ordinals (issue 12: `json`'s import, with the patterns
it compiles, was ~6 M instructions of the start; marshal is built in, and reading it runs no
code, so unlike a pickle it needs no check of who may write the file).
"""

from __future__ import annotations

import marshal
from datetime import date
from pathlib import Path

from console.rules.calendar import WorkingCalendar
from console.versions import installed_version


def holidays_version() -> str:
    """The installed `holidays` version (`importlib.metadata` would cost ~25 ms on every start,
    the package itself far more)."""
    return installed_version("holidays")


def _path(folder: Path, language: str) -> Path:
    return folder / f"calendar-{holidays_version()}-{language}.marshal"


def warm(calendar: WorkingCalendar, folder: Path, years: range) -> bool:
    """Preload `years` from the cache, or compute and write them; True on a cache hit."""
    path = _path(folder, calendar.language)
    try:
        cached = marshal.loads(path.read_bytes())
        if all(y in cached for y in years):
            for y in years:
                days = cached[y].items()
                calendar.preload(y, {date.fromordinal(d): (k, name) for d, (k, name) in days})
            return True
    except (OSError, ValueError, TypeError, KeyError, EOFError, AttributeError):
        pass  # no cache or a broken one: rebuild it below
    data = {y: {d.toordinal(): v for d, v in calendar.exceptions(y).items()} for y in years}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(marshal.dumps(data))
        tmp.replace(path)  # atomic: a concurrent start never reads half a file
    except OSError:
        pass  # a read-only install still works, only slower to start
    return False
