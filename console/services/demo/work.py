"""The demo database's work: tickets in every state with visits, claims and HelpDesk questions.

All times are anchored at the injected `now` and laid out on the working calendar, so a demo
run "at 11:00 on a Tuesday" always shows booked visits inside the R3 window, a visit in
progress, and some overdue claims and questions (D11).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from console.models import BookingCell, Claim, HelpDeskQuestion, TaskType, Ticket, Visit
from console.rules.calendar import WorkingCalendar
from console.rules.deadlines import claim_due, helpdesk_due
from console.services.claims import next_number
from console.services.demo.people import (
    CANCEL_REASONS,
    CLAIM_REPLIES,
    CLAIMS,
    QUESTIONS,
    TICKET_TEXTS,
    DemoContract,
    PeoplePools,
    recent,
)
from console.services.tickets import cell_rows
from console.statuses import ClaimStatus, ContractStatus, TicketStatus, VisitStatus

CELL = timedelta(minutes=15)  # the demo spaces visits on quarter hours
# How often each task type is called in; a type added to data/ later gets weight 2.
TYPE_WEIGHTS = {"node_outage": 1, "no_link": 8, "unstable_link": 8, "consultation": 3,
                "callback": 3, "router_setup": 4, "cable_laying": 2, "os_reinstall": 2,
                "lan_setup": 2}
CHANNELS = (("phone", 6), ("answering_machine", 3), ("helpdesk", 1))
CHANNEL_NAMES = tuple(name for name, _ in CHANNELS)
CHANNEL_WEIGHTS = tuple(weight for _, weight in CHANNELS)
R17_FIELDS = ("phone", "incident_date", "specialist", "reply_channel", "signature")


class WorkBuilder:
    """Generates and inserts tickets, visits, claims and questions for given contracts."""

    def __init__(self, pools: PeoplePools, cal: WorkingCalendar, now: datetime,
                 people: list[tuple[int, DemoContract]], n_contracts: int,
                 techs: list[tuple[int, str]], operator_id: int,
                 task_types: dict[str, TaskType]) -> None:
        self.pools, self.rng, self.cal, self.now = pools, pools.rng, cal, now
        self.techs, self.operator_id = techs, operator_id
        # Only clients who may book a visit (R14) get tickets; the first fixed one always does.
        self.eligible = [p for p in people
                         if p[1].balance_kopecks > 0 and p[1].status == ContractStatus.ACTIVE]
        self.types = list(task_types.values())
        self.visit_types = [t for t in self.types if t.needs_visit]
        self.today = now.date()
        self.n_contracts = n_contracts
        self._under_way: dict[tuple[int, date], datetime] = {}  # (technician, day) -> start

    # -- helpers ---------------------------------------------------------------------------
    def _type(self, types: list[TaskType]) -> TaskType:
        return self.rng.choices(types, [TYPE_WEIGHTS.get(t.code, 2) for t in types])[0]

    def _back(self, n: int) -> date:
        """The n-th working day before today."""
        d = self.today
        while n:
            d -= timedelta(days=1)
            n -= self.cal.is_working_day(d)
        return d

    def _at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=self.cal.tz)

    def _grid_start(self, day: date, duration: int, earliest: datetime | None,
                    latest: datetime | None, step: int = 30) -> datetime | None:
        """A random start on a `step`-minute grid so the visit fits the R3 window of `day`."""
        window = self.cal.visit_window_on(day)
        if window is None:
            return None
        starts, t = [], window[0]
        while t + timedelta(minutes=duration) <= window[1]:
            if (earliest is None or t >= earliest) and (latest is None or t <= latest):
                starts.append(t)
            t += timedelta(minutes=step)
        return self.rng.choice(starts) if starts else None

    def _ticket(self, contract: tuple[int, DemoContract], tt: TaskType, status: TicketStatus,
                created: datetime, **extra: Any) -> dict[str, Any]:
        """A ticket row with the R6 fields filled the way a dispatcher would."""
        rng, (cid, c) = self.rng, contract
        mobiles = [p for p in c.phones if p.is_mobile] or list(c.phones)
        if c.company is None and rng.random() < 0.2:  # a relative or tenant receives the visit
            responsible = " ".join(self.pools.person()[:2])
            phone, mobile = self.pools.mobile(), True
        else:
            responsible, phone, mobile = c.full_name, mobiles[0].e164, mobiles[0].is_mobile
        no_intercom = c.apartment is None or rng.random() < 0.15
        row = dict(
            contract=cid, task_type=tt.id, priority=tt.priority, status=status,
            channel=rng.choices(CHANNEL_NAMES, CHANNEL_WEIGHTS)[0],
            description=rng.choice(TICKET_TEXTS.get(tt.code, (tt.name_ru,))),
            responsible_name=responsible, contact_phone=phone, contact_is_mobile=mobile,
            desired_at=None, no_intercom=no_intercom,
            intercom_code="" if no_intercom else f"{c.apartment}К{rng.randrange(10000):04d}",
            billable_agreed=tt.billable, technician=None, eta_start=None, eta_end=None,
            told_start=None, told_at=None, pinned=False, cancel_reason=None,
            created_at=created, created_by=self.operator_id, updated_at=created, version=1)
        row.update(extra)
        return row

    # -- tickets ---------------------------------------------------------------------------
    def tickets(self, report: Callable[[str, int, int], None]) -> int:
        """Open tickets for the planner, visits in progress and done, cancelled tickets."""
        if not self.eligible or not self.visit_types:
            return 0
        n_open = min(600, max(60, self.n_contracts // 200))
        upcoming = [self.cal.next_working_day(self.today, include_self=True)]
        while len(upcoming) < 8:
            upcoming.append(self.cal.next_working_day(upcoming[-1]))
        rows = []
        for i in range(n_open):
            contract = self.eligible[0] if i == 0 else self.rng.choice(self.eligible)
            tt = self._type(self.types)
            created = recent(self.rng, self.now, 96)
            extra: dict[str, Any] = {}
            if tt.needs_visit and self.rng.random() < 0.5:
                desired = None
                while desired is None:  # today may have no slot left an hour from now
                    desired = self._grid_start(self.rng.choice(upcoming), tt.duration_min,
                                               self.now + timedelta(hours=1), None)
                extra["desired_at"] = desired
                if self.rng.random() < 0.3:  # told earlier: a re-plan will prompt (D9)
                    extra.update(told_start=desired, told_at=created)
            rows.append(self._ticket(contract, tt, TicketStatus.OPEN, created, **extra))
        for _ in range(10):
            created = recent(self.rng, self.now, 96)
            updated = min(self.now, created + timedelta(minutes=self.rng.randint(5, 600)))
            rows.append(self._ticket(self.rng.choice(self.eligible), self._type(self.types),
                                     TicketStatus.CANCELLED, created, updated_at=updated,
                                     cancel_reason=self.rng.choice(CANCEL_REASONS)))
        for start in range(0, len(rows), 500):
            Ticket.insert_many(rows[start:start + 500]).execute()
        report("tickets", len(rows), len(rows) + 25)
        visits = self._visits_in_progress() + self._visits_done()
        report("tickets", len(rows) + visits, len(rows) + visits)
        return len(rows) + visits

    def _visit(self, tech: tuple[int, str], tt: TaskType, start: datetime,
               status: VisitStatus) -> None:
        """A visit under way or done, and its ticket in the same state."""
        end = start + timedelta(minutes=tt.duration_min)
        created = min(self.now, start) - timedelta(minutes=self.rng.randint(60, 3 * 24 * 60))
        contract = self.rng.choice(self.eligible)
        done = status == VisitStatus.DONE
        ticket_status = TicketStatus.DONE if done else TicketStatus.IN_PROGRESS
        row = self._ticket(contract, tt, ticket_status, created, technician=tech[0],
                           eta_start=start, eta_end=end, told_start=start, told_at=created,
                           updated_at=end if done else start)
        ticket_id = Ticket.insert(**row).execute()
        visit_id = Visit.insert(ticket=ticket_id, technician=tech[0], start=start, end=end,
                                status=status, finished_at=end if done else None,
                                act_signed_by=row["responsible_name"] if done else None).execute()
        if not done:  # a visit under way holds its technician's cells (double-booking guard)
            BookingCell.insert_many(cell_rows(tech[0], start, end, visit_id)).execute()

    def _visits_in_progress(self) -> int:
        """About five visits under way: today if the window has opened, else the last workday."""
        window = self.cal.visit_window_on(self.today)
        if window is not None and self.now >= window[0] + CELL:
            day, latest = self.today, self.now
        else:
            day, latest = self._back(1), None
        techs = self.rng.sample(self.techs, min(5, len(self.techs)))
        for tech in techs:
            tt = self._type(self.visit_types)
            # Preferably started recently enough to be still within its planned duration.
            recently = latest - timedelta(minutes=tt.duration_min) if latest else None
            start = (self._grid_start(day, tt.duration_min, recently, latest, step=15)
                     or self._grid_start(day, tt.duration_min, None, latest, step=15))
            assert start is not None  # the window start always fits (durations are validated)
            self._visit(tech, tt, start, VisitStatus.IN_PROGRESS)
            self._under_way[(tech[0], day)] = start  # he is busy from then on that day
        return len(techs)

    def _visits_done(self) -> int:
        """About twenty finished visits over the last ten working days, never overlapping."""
        days = [self._back(n) for n in range(1, 11)]
        free: dict[tuple[int, date], datetime] = {}  # technician's next free time that day
        made = 0
        for _ in range(60):  # a few picks may not fit the day; stop at twenty
            tech, day = self.rng.choice(self.techs), self.rng.choice(days)
            tt = self._type(self.visit_types)
            key = (tech[0], day)
            if key not in free:
                free[key] = self._at(day, 10, 30) + CELL * self.rng.randint(0, 4)
            latest = free[key] + CELL * 3
            if key in self._under_way:  # done before the visit he is still on that day
                latest = min(latest, self._under_way[key] - timedelta(minutes=tt.duration_min))
            start = self._grid_start(day, tt.duration_min, free[key], latest, 15)
            if start is None:
                continue
            self._visit(tech, tt, start, VisitStatus.DONE)
            free[key] = start + timedelta(minutes=tt.duration_min) + CELL * self.rng.randint(1, 4)
            made += 1
            if made == 20:
                break
        return made

    # -- claims and questions ----------------------------------------------------------------
    def claims(self, working_days: int) -> int:
        """Twelve claims (R17): some overdue (R18), three incomplete (D12), two answered."""
        persons = [p for p in self.eligible if p[1].company is None] or self.eligible
        if not persons:
            return 0
        wd = max(working_days, 2)
        # (working days ago, status): the first three are older than the deadline.
        answered, registered, incomplete = (ClaimStatus.ANSWERED, ClaimStatus.REGISTERED,
                                            ClaimStatus.INCOMPLETE)
        plan = [(wd + 4, answered), (wd + 2, registered), (wd + 1, incomplete)]
        statuses = [answered, incomplete, incomplete] + [registered] * 6
        plan += zip(sorted((self.rng.randrange(1, wd) for _ in statuses), reverse=True),
                    statuses, strict=True)
        for ago, status in plan:
            cid, c = self.rng.choice(persons)
            channel = self.rng.choice(("letter", "fax", "email"))
            received = self._at(self._back(ago), self.rng.randint(10, 17), self.rng.randrange(60))
            due = claim_due(self.cal, received, working_days)
            incident = received.date() - timedelta(days=self.rng.randint(1, 10))
            row = dict(
                received_at=received, due_at=due, channel=channel, holder_full_name=c.full_name,
                contract_number=c.number, contract=cid, contact_phone=c.phones[0].e164,
                description=self.rng.choice(CLAIMS), incident_from=incident,
                incident_to=incident + timedelta(days=self.rng.choice((0, 0, 2))),
                specialist_name=self.rng.choice(self.techs)[1],
                reply_channel=self.rng.choice(("letter", "fax", "email", "phone")), signed=True,
                status=status, missing="", reply=None, replied_at=None,
                created_by=self.operator_id, version=1)
            if status == incomplete:
                missing = sorted(self.rng.sample(R17_FIELDS, self.rng.randint(1, 2)),
                                 key=R17_FIELDS.index)
                row["missing"] = ",".join(missing)
                blanks: dict[str, dict[str, object]] = {"phone": {"contact_phone": ""},
                          "incident_date": {"incident_from": None, "incident_to": None},
                          "specialist": {"specialist_name": ""},
                          "reply_channel": {"reply_channel": ""}, "signature": {"signed": False}}
                for code in missing:
                    row.update(blanks[code])
            elif status == answered:
                replied = self._answer_time(received, due) or received
                row.update(reply=self.rng.choice(CLAIM_REPLIES), replied_at=replied,
                           director_at=received, reply_channel_used=row["reply_channel"])
            year = self.cal.local(received).year
            row["reg_seq"], row["number"] = next_number(year)
            row.update(reg_year=year, updated_at=received)
            Claim.insert(**row).execute()
        return len(plan)

    def _answer_time(self, received: datetime, due: datetime) -> datetime | None:
        """An instant of service time (R1) between receipt and min(due, now); None if none."""
        span = self.cal.service_time_between(received, min(due, self.now))
        if span <= timedelta(0):
            return None
        answered = self.cal.add_service_time(received, span * self.rng.uniform(0.1, 0.9))
        return answered.replace(microsecond=0)

    def questions(self, working_days: int) -> int:
        """Twenty-five HelpDesk questions (R5): four left overdue, the rest from the last days."""
        if not self.eligible:
            return 0
        received = [self._at(self._back(working_days + 1 + i % 2), self.rng.randint(10, 16),
                             self.rng.randrange(60)) for i in range(4)]
        received += sorted(recent(self.rng, self.now, 96) for _ in range(21))
        rows = []
        for i, at in enumerate(received):
            subject, body, answer = self.rng.choice(QUESTIONS)
            due = helpdesk_due(self.cal, at, working_days)
            # The first four stay unanswered past their due time; most of the rest are answered.
            answered = self._answer_time(at, due) if i >= 4 and self.rng.random() < 0.6 else None
            rows.append(dict(
                contract=self.rng.choice(self.eligible)[0], received_at=at, due_at=due,
                subject=subject, body=body,
                answered_at=answered,
                answer=answer if answered else None,
                answered_by=self.operator_id if answered else None))
        HelpDeskQuestion.insert_many(rows).execute()
        return len(rows)
