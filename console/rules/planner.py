"""The planner: the priority queue turned into technician visits and ETAs (R3, R9-R11, D8).

Pure: no database, no UI, no clock (`now` is an argument). Fixed visits (pinned or in progress)
stay exactly where they are; every other visit goes, in queue order, to the earliest technician
time inside the R3 window of a working day, not before now and not before the desired time.

Internally time is 5-minute cells. A day is one big int with one bit per (cell, technician), set
while that technician is free then. Bits run backwards in time, technician-minor, so "the
earliest start over all technicians, lowest id on ties" is the highest set bit of a run mask: a
few big-int shifts per ticket, no loop over technicians, and a day shrinks as its morning fills.
Every change re-plans the whole queue (`services/schedule.replan`): ~50 ms at 10,000 tickets.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import wraps
from operator import attrgetter
from typing import Any, NamedTuple, Protocol, TypeVar
from zoneinfo import ZoneInfo

GRID = timedelta(minutes=5)  # starts snap up to this grid: a dispatcher says "13:05" (R10)
_GRID_MIN = 5
_STEPS = [GRID * i for i in range(24 * 12 + 1)]  # cell -> offset from the window's start


class CalendarLike(Protocol):
    """The part of the working calendar the planner needs (D1)."""

    tz: ZoneInfo

    def is_working_day(self, d: date) -> bool: ...

    def visit_window_on(self, d: date) -> tuple[datetime, datetime] | None: ...


@dataclass(frozen=True, slots=True)
class PlanTicket:
    """One open ticket as the planner sees it; `fixed` = (technician, start, end) stays put."""

    id: int
    priority: int  # 1 = most urgent (R9)
    created: datetime
    duration: timedelta
    needs_visit: bool
    desired: datetime | None = None
    technician_id: int | None = None  # only this technician may take it
    fixed: tuple[int, datetime, datetime] | None = None


@dataclass(frozen=True, slots=True)
class PlanTechnician:
    """A technician and the days they do not work."""

    id: int
    days_off: frozenset[date] = frozenset()


class Placement(NamedTuple):
    """A visit: the ticket's ETA is `start` (D8). Placed times are in UTC; fixed ones as given.

    A named tuple: a re-plan makes ten thousand of them, and a frozen dataclass's __init__
    cost a tenth of the plan."""

    ticket_id: int
    technician_id: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Plan:
    """Placed visits by ticket id, and unplaced tickets with a reason code."""

    placements: dict[int, Placement]
    unplaced: dict[int, str]  # "too_long", "no_technician", "beyond_horizon"


def queue_order(tickets: Iterable[PlanTicket]) -> list[PlanTicket]:
    """Tickets in queue order: priority, then creation time, then id (R9, R11, D8)."""
    # Three stable sorts on single attributes beat one sort on tuples by ~2x at 10k tickets.
    order = sorted(tickets, key=attrgetter("id"))
    order.sort(key=attrgetter("created"))
    order.sort(key=attrgetter("priority"))
    return order


def plan(
    tickets: Iterable[PlanTicket],
    technicians: Iterable[PlanTechnician],
    calendar: CalendarLike,
    now: datetime,
    *,
    horizon_days: int = 60,
) -> Plan:
    """Place every visit ticket (D8). The search covers `horizon_days` calendar days starting
    with the day of max(now, desired); nothing there -> "beyond_horizon". Ticket ids are unique.
    """
    return Planner(technicians, calendar, now, horizon_days=horizon_days).plan(tickets)


_F = TypeVar("_F", bound=Callable[..., Plan])


def _gc_paused(fn: _F) -> _F:
    """Run `fn` with the cyclic GC paused. A plan allocates tens of thousands of objects, none
    in cycles; a collection they trigger would walk the whole app's heap mid-plan (~10% here)."""

    @wraps(fn)
    def paused(*args, **kwargs):  # type: ignore[no-untyped-def]
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return paused  # type: ignore[return-value]


class Planner:
    """Places a queue for one `now`, technician list and horizon (see `plan`).

    The calendar's days, durations and desired times are worked out once per Planner.
    Not thread-safe: one owner at a time.
    """

    def __init__(
        self,
        technicians: Iterable[PlanTechnician],
        calendar: CalendarLike,
        now: datetime,
        *,
        horizon_days: int = 60,
    ) -> None:
        self._techs = sorted(technicians, key=attrgetter("id"))
        self._ids = [t.id for t in self._techs]
        self._col = {tid: j for j, tid in enumerate(self._ids)}
        self._cal, self._tz, self._h = calendar, calendar.tz, horizon_days
        local = now.astimezone(self._tz)
        # Compared with every desired time, which come in UTC as stored: two aware times of
        # different zones compare through two offset look-ups (~1.3 µs against ~0.04 µs).
        self._now, self._base = now.astimezone(UTC), local.toordinal()
        self._now_mod = local.hour * 60 + local.minute + bool(local.second or local.microsecond)
        self._days: list[Any] = []  # day index -> (window start, start minute-of-day, cells) | None
        self._kinds: dict[timedelta, tuple[Any, ...]] = {}  # duration -> see _kind
        self._keep: dict[int, int] = {}  # bits -> mask of the lowest `bits` bits
        self._whens: dict[datetime, tuple[int, int, int]] = {}  # desired -> see _when
        # "too_long" means longer than any window; a month always holds a working day.
        days = self._day_range(max(horizon_days, 31))
        self._max_cells = max((d[2] for d in days if d), default=0)

    # -- public ----------------------------------------------------------------------------
    @_gc_paused
    def plan(self, tickets: Iterable[PlanTicket]) -> Plan:
        """Plan the whole queue (D8): fixed visits stay, the rest in queue order."""
        by_id = {t.id: t for t in tickets}  # unique ids: the last one given wins
        self._fixed = [t for t in by_id.values() if t.fixed is not None]
        # day index -> free mask with days off, fixed visits and now
        self._init: list[int | None] = []
        self._blocks: dict[int, list[tuple[int, int, int]]] = {}
        for t in self._fixed:
            self._block_fixed(t)
        order = queue_order(t for t in by_id.values() if t.needs_visit and not t.fixed)
        self._order = self._prepare(order)  # records of the hot loop, in queue order
        return self._place_all()

    # -- days ------------------------------------------------------------------------------
    def _day_range(self, n: int) -> list[Any]:
        """Day infos 0..n-1, computing missing ones (the calendar is asked once per day)."""
        cal, days = self._cal, self._days
        for idx in range(len(days), n):
            w = cal.visit_window_on(date.fromordinal(self._base + idx))
            if w is None:
                days.append(None)
                continue
            ws = w[0].astimezone(self._tz)
            # A window not on the 5-minute grid loses its last partial cell (R3 is 10:30-17:00).
            # Starts are made in UTC, as the database gives them back: comparing two aware
            # times of different zones costs two offset look-ups (issue 12: ~20 ms of a re-plan
            # went on comparing 10,000 new ETAs with the stored ones).
            days.append((ws.astimezone(UTC), ws.hour * 60 + ws.minute, (w[1] - w[0]) // GRID))
        return days

    def _block_fixed(self, t: PlanTicket) -> None:
        """Record the cells a fixed visit takes from its technician, day by day."""
        tech, start, end = t.fixed  # type: ignore[misc]
        j = self._col.get(tech)
        s, e = start.astimezone(self._tz), end.astimezone(self._tz)
        if j is None or e <= s:
            return  # still placed (a fact), but blocks none of our technicians
        s_mod = s.hour * 60 + s.minute
        e_mod = e.hour * 60 + e.minute + bool(e.second or e.microsecond)
        first, last = s.toordinal() - self._base, e.toordinal() - self._base
        days = self._day_range(last + 1)
        for idx in range(max(first, 0), last + 1):
            if days[idx] is None:
                continue
            _, w_mod, n = days[idx]
            # Whole cells, rounded outwards: off-grid fixed times block a little more, never less.
            lo = max(0, (s_mod - w_mod) // _GRID_MIN if idx == first else 0)
            hi = min(n, -((w_mod - e_mod) // _GRID_MIN) if idx == last else n)
            if lo < hi:
                self._blocks.setdefault(idx, []).append((j, lo, hi))

    def _initial(self, idx: int) -> int:
        """The free mask of day `idx` before any non-fixed ticket is placed. The bit of (cell c,
        technician j) is (n - 1 - c) * T + (T - 1 - j): later cells and higher ids lower."""
        while len(self._init) <= idx:
            self._init.append(None)
        mask: int | None = self._init[idx]
        if mask is None:
            info, T = self._day_range(idx + 1)[idx], len(self._ids)
            mask = 0
            if info is not None:
                n, d = info[2], date.fromordinal(self._base + idx)
                mask = (1 << (n * T)) - 1
                for j, tech in enumerate(self._techs):
                    if d in tech.days_off:
                        mask &= ~(_rep(n, T) << (T - 1 - j))
                for j, lo, hi in self._blocks.get(idx, ()):
                    mask &= ~(_rep(hi - lo, T) << ((n - hi) * T + T - 1 - j))
                if idx == 0:  # not before now: drop the cells already started
                    mask &= self._from_cell(n, -((info[1] - self._now_mod) // _GRID_MIN))
            self._init[idx] = mask
        return mask

    def _from_cell(self, n: int, cut: int) -> int:
        """The mask keeping cells cut .. n - 1 of a day (all technicians)."""
        bits = max(0, n - max(cut, 0)) * len(self._ids)
        keep = self._keep.get(bits)
        if keep is None:
            keep = self._keep[bits] = (1 << bits) - 1
        return keep

    # -- tickets ---------------------------------------------------------------------------
    def _prepare(self, tickets: Iterable[PlanTicket]) -> list[tuple[Any, ...]]:
        """Per-ticket constants of the hot loop: (ticket, first day, horizon end, mask keeping
        the first day's cells from the desired time or 0, column mask or 0, lower-bound key,
        run shifts, run mask, cells, reason known up front)."""
        T, H, now, col, kinds = len(self._ids), self._h, self._now, self._col, self._kinds
        when, out = self._whens, []
        for t in tickets:
            k, shifts, rep, plain = kinds.get(t.duration) or self._kind(t.duration)
            late = t.desired is not None and t.desired > now  # a desired time before now: now
            if plain and t.technician_id is None and not late:
                out.append((t, *plain))  # the common case: any technician, from now on
                continue
            if k > self._max_cells > 0:
                out.append((t, 0, 0, 0, 0, 0, (), rep, k, "too_long"))
                continue
            j = -1 if t.technician_id is None else col.get(t.technician_id)
            if j is None or not T:
                out.append((t, 0, 0, 0, 0, 0, (), rep, k, "no_technician"))
                continue
            day, end, keep = ((0, H, 0) if not late or t.desired is None
                              else when.get(t.desired) or self._when(t.desired))
            colmask = 0 if j < 0 else _rep(len(_STEPS), T) << (T - 1 - j)
            out.append((t, day, end, keep, colmask, k * (T + 1) + j, shifts, rep, k, None))
        return out

    def _when(self, desired: datetime) -> tuple[int, int, int]:
        """(first day, horizon end, mask keeping that day's cells from `desired` or 0) of a
        desired time after now. Cached: desired times repeat ("tomorrow at 14:00")."""
        dl = desired.astimezone(self._tz)
        day, H, keep = dl.toordinal() - self._base, self._h, 0
        end = day + H  # the horizon counts from the day of max(now, desired)
        if (info := self._day_range(end)[day]) is not None:
            mod = dl.hour * 60 + dl.minute + bool(dl.second or dl.microsecond)
            cut = (mod - info[1] + _GRID_MIN - 1) // _GRID_MIN  # snap up to the grid
            if cut >= info[2]:
                day += 1  # nothing left of that day's window
            elif cut > 0:
                keep = self._from_cell(info[2], cut)
        when = self._whens[desired] = (day, end, keep)
        return when

    def _kind(self, duration: timedelta) -> tuple[Any, ...]:
        """(cells, shifts, run mask, record tail for any technician from now or ()) of a
        duration. ANDing a day with itself shifted by `shifts` leaves the bits where that many
        consecutive cells of one technician are free."""
        T, k = len(self._ids), max(1, -(-duration // GRID))
        runs: list[int] = []
        have = 1
        while have * 2 <= k:
            runs.append(have * T)
            have *= 2
        if have < k:  # runs of `have` at p and at p + (k - have) cover p .. p + k - 1
            runs.append((k - have) * T)
        shifts, rep, H = tuple(runs), _rep(k, T), self._h
        fits = T and not k > self._max_cells > 0
        plain = (0, H, 0, 0, k * (T + 1) - 1, shifts, rep, k, None) if fits else ()
        kind = self._kinds[duration] = (k, shifts, rep, plain)
        return kind

    # -- the hot loops ---------------------------------------------------------------------
    def _place_all(self) -> Plan:
        """Place every record in queue order (D8), from scratch, then build the Plan."""
        free: list[Any] = [None] * len(self._days)  # day -> current free mask
        lb: dict[int, int] = {}  # kind of ticket -> first day that may still have room
        order, ids = self._order, self._ids
        days, initial, T = self._days, self._initial, len(ids)
        placements = {t.id: Placement(t.id, *t.fixed) for t in self._fixed}  # type: ignore[misc]
        unplaced: dict[int, str] = {}
        for t, t0, end, keep, colmask, lbk, shifts, rep, k, reason in order:
            if reason is not None:
                unplaced[t.id] = reason
                continue
            low = lb.get(lbk, 0)
            if low > t0:  # every day before `low` is known full for this kind of ticket
                idx, keep = low, 0
            else:
                idx = t0
            while idx < end:
                f = free[idx]
                if f is None:
                    f = free[idx] = initial(idx)
                if f:
                    m = f & keep if keep else f  # D8: not before the desired time
                    if colmask:
                        m &= colmask  # only the named technician
                    for s in shifts:
                        m &= m >> s
                    if m:
                        break
                if idx == low and not keep:
                    low = lb[lbk] = idx + 1
                keep = 0
                idx += 1
            else:
                unplaced[t.id] = "beyond_horizon"
                continue
            pos = m.bit_length() - 1  # the earliest cell, then the lowest technician id
            free[idx] = f ^ (rep << pos)  # R3: the whole visit inside one window
            info = days[idx]
            last, j = divmod(info[2] * T - 1 - pos, T)
            at = info[0] + _STEPS[last - k + 1]
            placements[t.id] = Placement(t.id, ids[j], at, at + t.duration)
        return Plan(placements, unplaced)


_REPS: dict[tuple[int, int], int] = {}


def _rep(n: int, stride: int) -> int:
    """Bits 0, stride, 2*stride, ... (n of them): one technician's column over n cells."""
    r = _REPS.get((n, stride))
    if r is None:
        r = _REPS[(n, stride)] = sum(1 << (i * stride) for i in range(n))
    return r
