"""What the client is told when a ticket is taken (R10, D15).

R10 promises the time the task is *solved* («время решения задачи»), within an hour. So the
sentence gives the technician's arrival window (the ETA ± the policy's accuracy, narrowed to
arrivals that can happen: see `arrival_window`) and how long the work should take: arrival +
duration = when it should be done. A ticket without a visit is told when it will be handled
(its callback time, or the R5 working day); a visit the planner cannot place is said so
honestly.

Pure: the ETA, the task and the calendar are arguments. Sentences are English keys with
placeholders; the UI translates them (Russian in console/i18n/ru_gates.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from console.rules.deadlines import helpdesk_due

VISIT = "visit"
NO_VISIT = "no_visit"
UNPLACED = "unplaced"

SAY_VISIT = ("Say: the technician will come on {day} between {start} and {end}; "
             "the work will take about {duration}.")
SAY_VISIT_AT = ("Say: the technician will come on {day} at {start}; "
                "the work will take about {duration}.")
SAY_NO_VISIT = "Say: your request will be handled by {due}."
SAY_CALLBACK = "Say: we will call you back on {due}."
SAY_UNPLACED = ("Say honestly: no technician is free yet for your time; we will call you "
                "as soon as a visit time is found.")
MESSAGES = (SAY_VISIT, SAY_VISIT_AT, SAY_NO_VISIT, SAY_CALLBACK, SAY_UNPLACED)


@dataclass(frozen=True)
class Told:
    """What was said to the client, stored with the ticket (D15)."""

    kind: str  # visit | no_visit | unplaced
    window_start: datetime | None = None
    window_end: datetime | None = None
    duration_min: int | None = None
    due: datetime | None = None  # visit: arrival + duration; no visit: handled by
    callback: bool = False


def arrival_window(eta: datetime, calendar, accuracy: timedelta, *,
                   duration: timedelta = timedelta(0),
                   desired: datetime | None = None) -> tuple[datetime, datetime]:
    """ETA ± accuracy (R10), narrowed to arrivals that can happen: inside the day's R3 visit
    window with the work done by its end (nobody arrives at 9:30, nor at 17:00 for an hour's
    work), and not before the client's desired time (D8). The ETA itself is always inside."""
    start, end = eta - accuracy, eta + accuracy
    window = calendar.visit_window_on(calendar.local(eta).date())
    if window is not None:
        start, end = max(start, window[0]), min(end, window[1] - duration)
    if desired is not None:
        start = max(start, desired)
    return min(start, eta), max(end, eta)


def what_to_tell(*, needs_visit: bool, eta_start: datetime | None, duration_min: int,
                 desired_at: datetime | None, callback: bool, now: datetime,
                 calendar) -> Told:
    """The facts for the sentence, from the ticket as just planned."""
    if needs_visit:
        if eta_start is None:
            return Told(UNPLACED, duration_min=duration_min)
        accuracy = getattr(calendar, "eta_accuracy", timedelta(hours=1))
        start, end = arrival_window(eta_start, calendar, accuracy,
                                    duration=timedelta(minutes=duration_min), desired=desired_at)
        return Told(VISIT, start, end, duration_min,
                    eta_start + timedelta(minutes=duration_min))
    due = desired_at if desired_at is not None else helpdesk_due(calendar, now)
    return Told(NO_VISIT, due=due, callback=callback)
