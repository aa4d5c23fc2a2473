"""Which clients to call after a re-plan (R10, R11, D9).

A client was told a time accurate to within one hour (R10). When a re-plan (an urgent ticket
queued ahead, R11) moves their visit by more than that, to another day, or out of the plan, the
dispatcher must call them back: each such ticket is a `Move` on the notify list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from console.rules.planner import CalendarLike, Plan

SHIFTED = "shifted"  # moved by more than the threshold on the same day
OTHER_DAY = "other_day"  # moved to another calendar day (in the calendar's zone)
UNPLACED = "unplaced"  # lost its slot altogether


@dataclass(frozen=True, slots=True)
class Move:
    """A visit that moved away from the time the client was told (D9)."""

    ticket_id: int
    old: datetime
    new: datetime | None
    reason: str


def notify_diff(
    plan: Plan,
    told: Mapping[int, datetime | None],
    calendar: CalendarLike,
    *,
    threshold: timedelta = timedelta(hours=1),
) -> list[Move]:
    """Moves for the tickets the client was told a time for (told value not None).

    A move of exactly `threshold` is still "within one hour" (R10) and is not reported; another
    day wins over a plain shift. `told` should hold open tickets only: a closed or cancelled one
    would read as "unplaced". Sorted by new time, then ticket id; unplaced ones (no new time)
    come first, by old time: losing the slot is the most urgent call.
    """
    tz, placements = calendar.tz, plan.placements
    moves: list[Move] = []
    days: dict[datetime, object] = {}  # time -> its local day: told times and ETAs repeat

    def day(moment: datetime) -> object:
        found = days.get(moment)
        if found is None:
            found = days[moment] = moment.astimezone(tz).date()
        return found

    for tid, old in told.items():
        if old is None:
            continue  # never told a time: nothing to take back
        placed = placements.get(tid)
        if placed is None:
            moves.append(Move(tid, old, None, UNPLACED))
            continue
        new = placed.start
        if new == old:  # the common case after a re-plan: no conversions at all
            continue
        if day(new) != day(old):
            moves.append(Move(tid, old, new, OTHER_DAY))
        elif abs(new - old) > threshold:
            moves.append(Move(tid, old, new, SHIFTED))
    moves.sort(key=lambda m: (m.new is not None, m.old if m.new is None else m.new, m.ticket_id))
    return moves
