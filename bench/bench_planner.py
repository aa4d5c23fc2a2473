"""Benchmark of the pure planner (D8, D9) as `services/schedule.replan` runs it: a full plan of
10,000 open tickets over 50 technicians, and the same with one urgent ticket added plus the
notify list against the starts told before (what every urgent ticket costs in memory, before the
database writes). Prints a JSON list of {name, value, unit, floor, ratio}.

Floors are measured in the same run: a plain greedy list scheduling of the same tickets (queue
order, then a heap of technicians by free-at time: pop, assign, push; no calendar, no windows).
Every change re-plans in full: the console has no incremental planner, so none is timed here.

Run: .venv/bin/python bench/bench_planner.py [--runs 7] [--clock cpu]
(`--clock cpu` times with process_time instead of perf_counter: steadier on a busy machine.)
"""

from __future__ import annotations

import argparse
import heapq
import json
import random
import statistics
import time
from datetime import date, datetime, timedelta

from console.rules.calendar import WorkingCalendar
from console.rules.notify_diff import notify_diff
from console.rules.planner import PlanTechnician, PlanTicket, plan, queue_order

SEED = 20261125
clock = time.perf_counter
N_TICKETS, N_TECHS = 10_000, 50
MINUTE = timedelta(minutes=1)


def make_world(cal: WorkingCalendar) -> tuple[datetime, list[PlanTicket], list[PlanTechnician]]:
    """Seeded: 10,000 tickets (priorities 1-4; 30-180 min in 15-min steps; ~40% with a desired
    time over the next 10 working days, ~3% fixed, ~5% without a visit, ~1% for a named
    technician) over 50 technicians, every fifth with a few days off."""
    rnd = random.Random(SEED)
    now = datetime(2026, 11, 25, 11, 7, 23, tzinfo=cal.tz)  # a Wednesday, mid-window
    workdays, d = [], now.date()
    while len(workdays) < 10:
        if cal.is_working_day(d):
            workdays.append(d)
        d += timedelta(days=1)
    techs = []
    for tid in range(1, N_TECHS + 1):
        off: frozenset[date] = frozenset()
        if tid % 5 == 0:  # every fifth technician has a few days off in the next month
            off = frozenset(now.date() + timedelta(days=rnd.randrange(30)) for _ in range(4))
        techs.append(PlanTechnician(tid, off))
    tickets = []
    for tid in range(1, N_TICKETS + 1):
        duration = timedelta(minutes=rnd.randrange(30, 181, 15))
        created = now - timedelta(seconds=rnd.randrange(30 * 86400))
        desired = fixed = tech = None
        roll = rnd.random()
        if roll < 0.03:  # pinned or in progress: fixed inside a window of the next days
            day = rnd.choice(workdays[:5])
            start = datetime.combine(day, datetime.min.time(), tzinfo=cal.tz) + timedelta(
                hours=10, minutes=30 + 15 * rnd.randrange(int((390 - duration / MINUTE) // 15))
            )
            fixed = (rnd.randrange(1, N_TECHS + 1), start, start + duration)
        elif roll < 0.43:
            day = rnd.choice(workdays)
            desired = datetime.combine(day, datetime.min.time(), tzinfo=cal.tz) + timedelta(
                hours=10, minutes=15 * rnd.randrange(28)
            )
        if rnd.random() < 0.01:
            tech = rnd.randrange(1, N_TECHS + 1)
        needs_visit = fixed is not None or rnd.random() >= 0.05
        tickets.append(
            PlanTicket(tid, rnd.randint(1, 4), created, duration, needs_visit, desired, tech, fixed)
        )
    rnd.shuffle(tickets)
    return now, tickets, techs


def greedy(order: list[PlanTicket], n_techs: int) -> dict[int, tuple[int, int]]:
    """The floor: plain list scheduling in queue order, minutes from zero, no calendar."""
    heap = [(0, tid) for tid in range(1, n_techs + 1)]
    out = {}
    for t in order:
        if not t.needs_visit:
            continue
        free_at, tid = heapq.heappop(heap)
        out[t.id] = (tid, free_at)
        heapq.heappush(heap, (free_at + t.duration // MINUTE, tid))
    return out


def once(fn) -> float:
    """Time of one fn() call in ms."""
    t0 = clock()
    fn()
    return (clock() - t0) * 1000


def paired(fn, floor_fn, runs: int) -> tuple[float, float]:
    """Medians of fn() and floor_fn() in ms, runs interleaved (both see the same machine
    load), after one warm-up call of each."""
    fn(), floor_fn()
    values, floors = [], []
    for _ in range(runs):
        floors.append(once(floor_fn))
        values.append(once(fn))
    return statistics.median(values), statistics.median(floors)


def row(name: str, value: float, floor: float) -> dict:
    return {
        "name": name,
        "value": round(value, 2),
        "unit": "ms",
        "floor": round(floor, 2),
        "ratio": round(value / floor, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    args = parser.parse_args()
    global clock
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    runs = args.runs
    cal = WorkingCalendar()
    now, tickets, techs = make_world(cal)

    replan, replan_floor = paired(
        lambda: plan(tickets, techs, cal, now),
        lambda: greedy(queue_order(tickets), N_TECHS),
        runs,
    )

    before = plan(tickets, techs, cal, now)
    told = {tid: p.start for tid, p in before.placements.items()}
    first = PlanTicket(10**6, 1, now, timedelta(minutes=60), True)
    assert notify_diff(plan([*tickets, first], techs, cal, now), told, cal), "someone moves"
    full_ms, full_floor = paired(
        lambda: notify_diff(plan([*tickets, first], techs, cal, now), told, cal),
        lambda: greedy(queue_order(tickets), N_TECHS),
        runs,
    )

    print(
        json.dumps(
            [
                row("replan_10k_ms", replan, replan_floor),
                row("urgent_plan_diff_10k_ms", full_ms, full_floor),
            ],
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
