"""The injectable clock (D1): real time, a clock that starts at `--now` and runs, or a frozen one.

Rules never read a clock of their own; the app asks this object for `now()` and passes it down.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta


class Clock:
    """Aware UTC `now()`; started at `start` it runs from there, `frozen` it never moves."""

    def __init__(self, start: datetime | None = None, *, frozen: bool = False) -> None:
        if start is not None and start.tzinfo is None:
            raise ValueError("the clock needs an aware start time")
        self._start = start.astimezone(UTC) if start is not None else None
        self._frozen = frozen
        self._t0 = time.monotonic()

    @property
    def is_real(self) -> bool:
        return self._start is None

    def now(self) -> datetime:
        if self._start is None:
            return datetime.now(UTC)
        if self._frozen:
            return self._start
        return self._start + timedelta(seconds=time.monotonic() - self._t0)

    def advance(self, delta: timedelta) -> None:
        """Move an injected clock (tests, demos); a real clock cannot be moved."""
        if self._start is None:
            raise RuntimeError("the real clock cannot be moved")
        self._start += delta
