"""The planner (R3, R9-R11, D8) and the notify diff (R10, R11, D9).

Most tests run on a small fake calendar (Mon-Fri, chosen holidays and working Saturdays); a few
run on the real production calendar. The property tests compare the planner with a slow,
obviously correct reference (every 5-minute start, every technician, in order).
"""

from __future__ import annotations

import gc
import random
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.rules.calendar import WorkingCalendar
from console.rules.notify_diff import Move, notify_diff
from console.rules.planner import (
    Placement,
    Plan,
    PlanTechnician,
    PlanTicket,
    plan,
    queue_order,
)

MSK = ZoneInfo("Europe/Moscow")
MIN = timedelta(minutes=1)
PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass
class FakeCalendar:
    """Mon-Fri working days, plus/minus chosen dates; visit window 10:30-17:00 (R3)."""

    holidays: set[date] = field(default_factory=set)
    working_saturdays: set[date] = field(default_factory=set)
    tz: ZoneInfo = MSK

    def is_working_day(self, d: date) -> bool:
        if d in self.holidays:
            return False
        return d.weekday() < 5 or d in self.working_saturdays

    def visit_window_on(self, d: date) -> tuple[datetime, datetime] | None:
        if not self.is_working_day(d):
            return None
        return (
            datetime.combine(d, time(10, 30), tzinfo=self.tz),
            datetime.combine(d, time(17), tzinfo=self.tz),
        )


CAL = FakeCalendar()
MON = date(2026, 11, 23)  # a Monday


def at(d: date, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    return datetime.combine(d, time(hh, mm, ss), tzinfo=MSK)


def day(n: int) -> date:
    return MON + timedelta(days=n)


NOW = at(MON, 9)


def ticket(tid: int, minutes: int = 60, priority: int = 2, **kw) -> PlanTicket:
    created = kw.pop("created", NOW - timedelta(hours=1) + tid * MIN)
    return PlanTicket(tid, priority, created, minutes * MIN, kw.pop("needs_visit", True), **kw)


def techs(*ids: int) -> list[PlanTechnician]:
    return [PlanTechnician(i) for i in ids]


def starts(p: Plan) -> dict[int, tuple[int, datetime]]:
    return {tid: (pl.technician_id, pl.start) for tid, pl in p.placements.items()}


# -- R3: the visit window -----------------------------------------------------------------------
def test_r03_sixty_minutes_can_start_at_1600_but_not_1605() -> None:
    busy = ticket(1, fixed=(1, at(MON, 10, 30), at(MON, 16)))
    p = plan([busy, ticket(2)], techs(1), CAL, NOW)
    assert p.placements[2].start == at(MON, 16)
    assert p.placements[2].end == at(MON, 17)
    busy = ticket(1, fixed=(1, at(MON, 10, 30), at(MON, 16, 5)))
    p = plan([busy, ticket(2)], techs(1), CAL, NOW)
    assert p.placements[2].start == at(day(1), 10, 30)


def test_r03_no_visit_starts_before_1030() -> None:
    p = plan([ticket(1)], techs(1), CAL, at(MON, 6))
    assert p.placements[1].start == at(MON, 10, 30)


def test_r03_visit_that_would_cross_1700_goes_to_next_working_day() -> None:
    friday = day(4)
    busy = ticket(1, fixed=(1, at(friday, 10, 30), at(friday, 15, 30)))
    p = plan([busy, ticket(2, 120)], techs(1), CAL, at(friday, 9))
    assert p.placements[2].start == at(day(7), 10, 30)  # Monday: the weekend is skipped


def test_r03_after_the_window_today_means_tomorrow() -> None:
    p = plan([ticket(1)], techs(1), CAL, at(MON, 16, 30))
    assert p.placements[1].start == at(day(1), 10, 30)


def test_r04_holidays_skipped_and_working_saturday_used() -> None:
    cal = FakeCalendar(holidays={day(1)}, working_saturdays={day(5)})
    busy = [ticket(d + 1, fixed=(1, at(day(d), 10, 30), at(day(d), 17))) for d in (0, 2, 3, 4)]
    p = plan([*busy, ticket(9)], techs(1), cal, NOW)
    assert p.placements[9].start == at(day(5), 10, 30)  # Tuesday a holiday; Saturday works


def test_r04_real_calendar_new_year_break() -> None:
    cal = WorkingCalendar()
    dec30 = date(2026, 12, 30)
    busy = ticket(1, fixed=(1, at(dec30, 10, 30), at(dec30, 16, 30)))
    p = plan([busy, ticket(2, 60)], techs(1), cal, at(dec30, 9))
    # 31 Dec and 1-8 Jan are days off, 9-10 Jan a weekend: the first working day is 11 Jan.
    assert p.placements[2].start == at(date(2027, 1, 11), 10, 30)
    assert plan([ticket(3, 30)], techs(1), cal, at(dec30, 9)).placements[3].start == at(
        dec30, 10, 30
    )


def test_r03_real_calendar_window_edges() -> None:
    cal = WorkingCalendar()
    now = at(date(2026, 11, 25), 16, 1)  # Wednesday
    p = plan([ticket(1, 55), ticket(2, 30)], techs(1), cal, now)
    assert p.placements[1].start == at(date(2026, 11, 25), 16, 5)
    assert p.placements[1].end == at(date(2026, 11, 25), 17)
    assert p.placements[2].start == at(date(2026, 11, 26), 10, 30)


# -- D8: the placement rules --------------------------------------------------------------------
def test_d08_desired_time_honoured_and_snapped_to_grid() -> None:
    p = plan([ticket(1, desired=at(day(2), 13, 3, 17))], techs(1), CAL, NOW)
    assert p.placements[1].start == at(day(2), 13, 5)


def test_d08_desired_before_now_means_now_on_the_grid() -> None:
    now = at(MON, 11, 7, 23)
    p = plan([ticket(1, desired=at(MON, 10, 30))], techs(1), CAL, now)
    assert p.placements[1].start == at(MON, 11, 10)


def test_d08_desired_on_a_day_off_goes_to_the_next_working_day() -> None:
    p = plan([ticket(1, desired=at(day(5), 12))], techs(1), CAL, NOW)
    assert p.placements[1].start == at(day(7), 10, 30)


def test_d08_technician_days_off_honoured() -> None:
    staff = [PlanTechnician(1, frozenset({MON, day(1)})), PlanTechnician(2, frozenset({MON}))]
    p = plan([ticket(1), ticket(2), ticket(3, technician_id=1)], staff, CAL, NOW)
    assert starts(p) == {
        1: (2, at(day(1), 10, 30)),
        2: (2, at(day(1), 11, 30)),
        3: (1, at(day(2), 10, 30)),
    }


def test_d08_fixed_visits_never_move_and_block_time() -> None:
    odd = (1, at(MON, 8, 3), at(MON, 11, 58))  # outside the window, off the grid: a fact
    overlap = (1, at(MON, 11), at(MON, 12))  # overlaps the first one: kept as given
    tickets = [ticket(1, priority=4, fixed=odd), ticket(2, priority=4, fixed=overlap), ticket(3)]
    p = plan(tickets, techs(1), CAL, NOW)
    assert (p.placements[1].start, p.placements[1].end) == odd[1:]
    assert (p.placements[2].start, p.placements[2].end) == overlap[1:]
    assert p.placements[3].start == at(MON, 12)


def test_d08_fixed_off_grid_blocks_whole_cells() -> None:
    fixed = ticket(1, fixed=(1, at(MON, 11, 3), at(MON, 11, 57)))
    p = plan([fixed, ticket(2, 30), ticket(3, 30)], techs(1), CAL, NOW)
    assert p.placements[2].start == at(MON, 10, 30)  # 10:30-11:00 fits before 11:00
    assert p.placements[3].start == at(MON, 12)  # cells 11:00-12:00 are taken


def test_d08_in_progress_visit_blocks_its_technician_until_it_ends() -> None:
    now = at(MON, 12)
    running = ticket(1, fixed=(2, at(MON, 11), at(MON, 13, 30)))
    p = plan([running, ticket(2), ticket(3)], techs(1, 2), CAL, now)
    assert starts(p)[2] == (1, at(MON, 12))
    assert starts(p)[3] == (1, at(MON, 13))
    assert p.placements[1].start == at(MON, 11)


def test_d08_named_technician_only() -> None:
    p = plan([ticket(1), ticket(2, technician_id=1)], techs(1, 2), CAL, NOW)
    assert starts(p) == {1: (1, at(MON, 10, 30)), 2: (1, at(MON, 11, 30))}


def test_d08_ties_go_to_lowest_technician_id() -> None:
    p = plan([ticket(1)], techs(7, 3, 5), CAL, NOW)
    assert p.placements[1].technician_id == 3


def test_d08_gaps_left_earlier_are_filled_later() -> None:
    first = ticket(1, priority=1, desired=at(MON, 14))
    later = ticket(2, 90, priority=4)
    p = plan([later, first], techs(1), CAL, NOW)
    assert p.placements[1].start == at(MON, 14)
    assert p.placements[2].start == at(MON, 10, 30)  # the gap before 14:00


def test_d08_a_late_desired_time_does_not_hide_earlier_room() -> None:
    late = ticket(1, priority=1, desired=at(MON, 16, 30))  # no hour left after 16:30
    p = plan([late, ticket(2, priority=2)], techs(1), CAL, NOW)
    assert p.placements[1].start == at(day(1), 10, 30)
    assert p.placements[2].start == at(MON, 10, 30)


def test_d08_queue_order_is_priority_then_created_then_id() -> None:
    a = ticket(3, priority=2, created=at(MON, 8))
    b = ticket(1, priority=2, created=at(MON, 8))
    c = ticket(2, priority=1, created=at(MON, 8, 30))
    assert [t.id for t in queue_order([a, b, c])] == [2, 1, 3]


def test_d08_no_visit_tickets_get_nothing() -> None:
    p = plan([ticket(1, needs_visit=False), ticket(2)], techs(1), CAL, NOW)
    assert 1 not in p.placements and 1 not in p.unplaced
    assert p.placements[2].start == at(MON, 10, 30)


def test_d08_unplaced_reasons() -> None:
    tickets = [ticket(1, 391), ticket(2, technician_id=9), ticket(3, 390)]
    p = plan(tickets, techs(1), CAL, NOW)
    assert p.unplaced == {1: "too_long", 2: "no_technician"}
    assert p.placements[3].end == at(MON, 17)
    assert plan([ticket(1)], [], CAL, NOW).unplaced == {1: "no_technician"}
    full = [ticket(i, 390, priority=1) for i in range(1, 4)]
    p = plan([*full, ticket(9)], techs(1), CAL, NOW, horizon_days=3)
    assert p.unplaced == {9: "beyond_horizon"}


def test_d08_horizon_counts_from_the_desired_day() -> None:
    p = plan([ticket(1, desired=at(day(30), 12))], techs(1), CAL, NOW, horizon_days=1)
    assert p.placements[1].start == at(day(30), 12)


def test_d08_deterministic_and_input_order_independent() -> None:
    rnd = random.Random(7)
    tickets = [
        ticket(i, rnd.randrange(30, 181, 15), rnd.randint(1, 4), created=NOW - i % 5 * MIN)
        for i in range(1, 60)
    ]
    expected = plan(tickets, techs(1, 2, 3), CAL, NOW)
    for _ in range(5):
        rnd.shuffle(tickets)
        staff = techs(3, 1, 2)
        rnd.shuffle(staff)
        assert plan(tickets, staff, CAL, NOW) == expected


# -- R11 / D9: an urgent ticket and the notify list ---------------------------------------------
def test_r11_urgent_ticket_goes_ahead_and_d09_lists_exactly_the_moved() -> None:
    queue = [ticket(i, 60, priority=3) for i in range(1, 8)]
    before = plan(queue, techs(1), CAL, NOW)
    told = {tid: pl.start for tid, pl in before.placements.items()}
    assert told[6] == at(MON, 15, 30) and told[7] == at(day(1), 10, 30)
    told[1] = None  # never told a time: never on the list
    after = plan([*queue, ticket(50, 60, priority=1)], techs(1), CAL, NOW)
    assert after.placements[50].start == at(MON, 10, 30)
    assert all(after.placements[i].start == told[i] + timedelta(hours=1) for i in (2, 3, 4, 5, 7))
    moves = notify_diff(after, told, CAL)
    # 2-5 and 7 moved by exactly one hour: within R10's accuracy, not listed; 6 to Tuesday.
    assert moves == [Move(6, at(MON, 15, 30), at(day(1), 10, 30), "other_day")]


def test_d09_shift_over_threshold_unplaced_and_sorting() -> None:
    placements = {
        1: Placement(1, 1, at(MON, 14, 5), at(MON, 15)),
        2: Placement(2, 1, at(MON, 12), at(MON, 13)),
        3: Placement(3, 1, at(MON, 11), at(MON, 12)),
    }
    told = {1: at(MON, 13, 5), 2: at(MON, 10, 30), 3: at(MON, 11), 4: at(MON, 16), 5: None}
    moves = notify_diff(Plan(placements, {4: "beyond_horizon"}), told, CAL)
    assert moves == [
        Move(4, at(MON, 16), None, "unplaced"),
        Move(2, at(MON, 10, 30), at(MON, 12), "shifted"),
    ]
    moves = notify_diff(Plan(placements, {}), {1: at(MON, 13, 5)}, CAL, threshold=59 * MIN)
    assert moves == [Move(1, at(MON, 13, 5), at(MON, 14, 5), "shifted")]


def test_d09_other_day_is_judged_in_moscow_time() -> None:
    utc = ZoneInfo("UTC")
    told_utc = datetime(2026, 11, 23, 21, 30, tzinfo=utc)  # 00:30 on Tuesday in Moscow
    new = Placement(1, 1, at(day(1), 0, 40), at(day(1), 1))
    assert notify_diff(Plan({1: new}, {}), {1: told_utc}, CAL) == []
    earlier = Placement(1, 1, at(MON, 23, 50), at(day(1), 0, 20))
    assert notify_diff(Plan({1: earlier}, {}), {1: told_utc}, CAL)[0].reason == "other_day"


def test_d08_planner_pauses_the_gc_only_while_it_runs() -> None:
    assert gc.isenabled()
    plan([ticket(1)], techs(1), CAL, NOW)
    assert gc.isenabled()
    gc.disable()
    try:
        plan([ticket(1)], techs(1), CAL, NOW)
        assert not gc.isenabled()  # the caller's choice is kept
    finally:
        gc.enable()


# -- an urgent ticket ------------------------------------------------------------------------------
def test_r11_urgent_ticket_goes_first_and_leaving_restores_the_plan() -> None:
    queue = [ticket(i, 60, priority=3) for i in range(1, 8)]
    before = plan(queue, techs(1), CAL, NOW)
    urgent = ticket(50, 60, priority=1)
    after = plan([*queue, urgent], techs(1), CAL, NOW)
    assert after.placements[50].start == at(MON, 10, 30)
    assert all(after.placements[i].start > before.placements[i].start for i in range(1, 8))
    assert plan(queue, techs(1), CAL, NOW) == before  # gone again: the old plan
    no_visit = replace(queue[0], needs_visit=False)
    assert 1 not in plan([no_visit, *queue[1:]], techs(1), CAL, NOW).placements


# -- properties against a reference ---------------------------------------------------------------
def reference_plan(tickets, technicians, cal, now, horizon_days) -> Plan:
    """Every 5-minute start of every day, every technician in id order: the first that fits."""
    busy: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    placements, unplaced = {}, {}
    for t in tickets:
        if t.fixed is not None:
            placements[t.id] = Placement(t.id, *t.fixed)
            busy[t.fixed[0]].append(t.fixed[1:])
    off = {tech.id: tech.days_off for tech in technicians}
    ids = sorted(off)
    todo = [t for t in tickets if t.fixed is None and t.needs_visit]
    for t in sorted(todo, key=lambda t: (t.priority, t.created, t.id)):
        eligible = ids if t.technician_id is None else [i for i in ids if i == t.technician_id]
        if t.duration > timedelta(minutes=390):
            unplaced[t.id] = "too_long"
            continue
        if not eligible:
            unplaced[t.id] = "no_technician"
            continue
        t0 = max(now, t.desired or now)
        found = None
        for n in range(horizon_days):
            d = t0.astimezone(cal.tz).date() + timedelta(days=n)
            window = cal.visit_window_on(d)
            start = window[0] if window else None
            while found is None and start is not None and start + t.duration <= window[1]:
                for tid in eligible:
                    free = all(start >= e or start + t.duration <= s for s, e in busy[tid])
                    if start >= t0 and d not in off[tid] and free:
                        found = Placement(t.id, tid, start, start + t.duration)
                        break
                start += timedelta(minutes=5)
            if found:
                break
        if found is None:
            unplaced[t.id] = "beyond_horizon"
        else:
            placements[t.id] = found
            busy[found.technician_id].append((found.start, found.end))
    return Plan(placements, unplaced)


@st.composite
def worlds(draw):
    cal = FakeCalendar(
        holidays={day(n) for n in draw(st.sets(st.integers(0, 9), max_size=3))},
        working_saturdays={day(5)} if draw(st.booleans()) else set(),
    )
    now = at(MON, 8) + draw(st.integers(0, 3 * 24 * 60)) * MIN
    now += draw(st.integers(0, 59)) * timedelta(seconds=1)
    ids = draw(st.lists(st.integers(1, 9), max_size=4, unique=True))
    days_off = st.sets(st.integers(0, 6), max_size=2)
    staff = [PlanTechnician(i, frozenset(day(n) for n in draw(days_off))) for i in ids]
    tickets = []
    for tid in range(1, draw(st.integers(0, 25)) + 1):
        minutes = draw(st.one_of(st.integers(5, 200), st.sampled_from([390, 391, 60, 30])))
        desired = None
        if draw(st.booleans()):
            desired = at(MON, 0) + draw(st.integers(0, 8 * 24 * 60)) * MIN
        fixed = None
        if draw(st.integers(0, 9)) == 0:
            start = at(day(draw(st.integers(0, 4))), 8) + draw(st.integers(0, 120)) * 5 * MIN
            fixed = (draw(st.sampled_from([*ids, 99])), start, start + minutes * MIN)
        tickets.append(
            PlanTicket(
                tid,
                draw(st.integers(1, 3)),
                at(MON, 7) + draw(st.integers(0, 5)) * MIN,
                minutes * MIN,
                fixed is not None or draw(st.integers(0, 9)) > 0,
                desired,
                draw(st.sampled_from([None, None, None, *ids, 42])),
                fixed,
            )
        )
    return tickets, staff, cal, now, draw(st.integers(1, 10))


@PROPS
@given(worlds())
def test_d08_property_matches_the_reference(world) -> None:
    tickets, staff, cal, now, horizon = world
    assert plan(tickets, staff, cal, now, horizon_days=horizon) == reference_plan(
        tickets, staff, cal, now, horizon
    )


@PROPS
@given(worlds(), st.randoms(use_true_random=False))
def test_d08_property_invariants(world, rnd) -> None:
    tickets, staff, cal, now, horizon = world
    p = plan(tickets, staff, cal, now, horizon_days=horizon)
    by_id = {t.id: t for t in tickets}
    off = {tech.id: tech.days_off for tech in staff}
    booked: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for t in tickets:
        if t.fixed:
            assert p.placements[t.id] == Placement(t.id, *t.fixed)  # never moved
            booked[t.fixed[0]].append(t.fixed[1:])
        elif not t.needs_visit:
            assert t.id not in p.placements and t.id not in p.unplaced
        else:
            assert (t.id in p.placements) != (t.id in p.unplaced)
    for pl in p.placements.values():
        t = by_id[pl.ticket_id]
        if t.fixed:
            continue
        local = pl.start.astimezone(MSK)
        window = cal.visit_window_on(local.date())
        assert window and window[0] <= pl.start and pl.end <= window[1]  # R3
        assert local.date() not in off[pl.technician_id]
        assert pl.start >= now and (t.desired is None or pl.start >= t.desired)
        assert local.minute % 5 == 0 and local.second == 0 == local.microsecond
        assert t.technician_id in (None, pl.technician_id)
        for s, e in booked[pl.technician_id]:
            assert pl.end <= s or e <= pl.start, "double-booked"
        booked[pl.technician_id].append((pl.start, pl.end))
    ranked = queue_order(t for t in tickets if t.needs_visit and not t.fixed)
    for i, a in enumerate(ranked):  # R11: ahead in the queue is never later, same constraints
        for b in ranked[i + 1 :]:
            same = (a.duration, a.desired, a.technician_id) == (
                b.duration,
                b.desired,
                b.technician_id,
            )
            if same and b.id in p.placements:
                assert a.id in p.placements
                assert p.placements[a.id].start <= p.placements[b.id].start
    shuffled = list(tickets)
    rnd.shuffle(shuffled)
    assert plan(shuffled, staff[::-1], cal, now, horizon_days=horizon) == p


@PROPS
@given(worlds(), st.integers(0, 30), st.integers(1, 3))
def test_r11_property_urgent_insert_moves_only_what_it_must(world, minute, priority) -> None:
    tickets, staff, cal, now, horizon = world
    before = plan(tickets, staff, cal, now, horizon_days=horizon)
    urgent = PlanTicket(1000, priority, now + minute * MIN, timedelta(minutes=45), True)
    after = plan([*tickets, urgent], staff, cal, now, horizon_days=horizon)
    assert after == reference_plan([*tickets, urgent], staff, cal, now, horizon)
    told = {tid: pl.start for tid, pl in before.placements.items()}
    for m in notify_diff(after, told, cal):
        assert (
            m.new is None
            or abs(m.new - m.old) > timedelta(hours=1)
            or (m.new.astimezone(MSK).date() != m.old.astimezone(MSK).date())
        )
