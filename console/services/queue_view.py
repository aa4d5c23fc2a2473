"""The F3 queue as plain rows (R9-R11, D8): every open ticket in queue order with its ETA.

Read with one `.tuples()` query, because at 10,000 open tickets building model instances would
cost more than the screen's whole frame budget. A row equal to one of the last snapshot is that
same object (the loader diffs in its worker): the screen then knows an unchanged row by identity
and the reactor's equality check of two 10,000-row snapshots costs the UI thread next to nothing.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from peewee import JOIN

from console.models import Contract, TaskType, Technician, Ticket, database
from console.rules.addresses import common_city
from console.services.stored import stored_time
from console.statuses import OPEN_TICKETS

OPEN = OPEN_TICKETS


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One open ticket as the queue shows it."""

    id: int
    position: int
    priority: int
    task_code: str
    task_ru: str
    task_en: str
    needs_visit: bool
    address: str
    client: str
    contract_number: str
    status: str
    technician: str
    assigned: str
    eta_start: datetime | None
    eta_end: datetime | None
    told_start: datetime | None
    created_at: datetime
    pinned: bool
    contact_phone: str
    desired_at: datetime | None
    description: str
    version: int
    responsible_name: str = ""
    intercom_code: str = ""
    no_intercom: bool = False
    class_priority: int = 0  # D17: the Appendix No. 4 class of its task type
    priority_reason: str = ""  # D17: why the dispatcher moved it off that class


@dataclass(frozen=True)
class QueueSnapshot:
    """The reactor's `queue` part: rows in queue order, and the town most addresses share."""

    rows: tuple[QueueRow, ...] = ()
    city: str = ""
    _by_id: dict[int, QueueRow] = field(default_factory=dict, init=False, repr=False,
                                        compare=False)

    def by_id(self) -> dict[int, QueueRow]:
        """Rows by ticket id, built once (the screen looks a row up on every cursor move)."""
        if len(self._by_id) != len(self.rows):
            self._by_id.update((row.id, row) for row in self.rows)
        return self._by_id


# The last snapshot loaded: ticket id -> (the driver's row with its position, the QueueRow).
# A row the database returns unchanged at the same position is that same QueueRow again,
# recognised by comparing the driver's tuples (no conversion, no QueueRow built); a row whose
# stored text changed but whose values did not (an equal time written again) is still the old
# object after the built row compared equal.
_last: dict[int, tuple[tuple[Any, ...], QueueRow]] = {}
_last_lock = threading.Lock()


def _row(pos: int, raw: tuple[Any, ...]) -> QueueRow:
    """A QueueRow from the driver's row of `load_queue`'s query."""
    (tid, prio, code, ru, en, visit, address, surname, first, patronymic, company, number,
     status, planned, assigned, eta_start, eta_end, told, created, pinned, phone, desired,
     description, version, responsible, intercom, no_intercom, class_priority,
     priority_reason) = raw
    initials = "".join(f" {p[0]}." for p in (first, patronymic) if p)
    client = company or f"{surname}{initials}"
    return QueueRow(
        tid, pos, prio, code, ru, en, bool(visit), address, client, number, status,
        planned or "", assigned or "", stored_time(eta_start), stored_time(eta_end),
        stored_time(told), stored_time(created), bool(pinned), phone, stored_time(desired),
        description, version, responsible, intercom, bool(no_intercom), class_priority,
        priority_reason or "",
    )


def load_queue(_now: datetime | None = None) -> QueueSnapshot:
    Planned = Technician.alias("planned")
    Assigned = Technician.alias("assigned")
    query = (
        Ticket.select(
            Ticket.id, Ticket.priority, TaskType.code, TaskType.name_ru, TaskType.name_en,
            TaskType.needs_visit, Contract.address, Contract.surname, Contract.first_name,
            Contract.patronymic, Contract.company, Contract.number, Ticket.status,
            Planned.name, Assigned.name, Ticket.eta_start, Ticket.eta_end, Ticket.told_start,
            Ticket.created_at, Ticket.pinned, Ticket.contact_phone, Ticket.desired_at,
            Ticket.description, Ticket.version, Ticket.responsible_name,
            Ticket.intercom_code, Ticket.no_intercom, TaskType.priority,
            Ticket.priority_reason,
        )
        .join(TaskType, on=(Ticket.task_type == TaskType.id))
        .switch(Ticket)
        .join(Contract, on=(Ticket.contract == Contract.id))
        .switch(Ticket)
        .join(Planned, JOIN.LEFT_OUTER, on=(Ticket.planned_technician == Planned.id))
        .switch(Ticket)
        .join(Assigned, JOIN.LEFT_OUTER, on=(Ticket.technician == Assigned.id))
        .where(Ticket.status.in_(OPEN))
        .order_by(Ticket.priority, Ticket.created_at, Ticket.id)  # queue order (D8)
    )
    # The driver's rows as they are, the times converted here: peewee's per-field conversion
    # took three quarters of the load (~170 of 230 ms at 10,000 tickets).
    global _last
    with _last_lock:
        last = _last
        seen: dict[int, tuple[tuple[Any, ...], QueueRow]] = {}
        for pos, raw in enumerate(database.execute(query), start=1):
            tid = raw[0]
            known = last.get(tid)
            if known is not None and known[0] == raw and known[1].position == pos:
                seen[tid] = known  # the common case: nothing about it changed
                continue
            row = _row(pos, raw)
            if known is not None and known[1].position == pos and known[1] == row:
                row = known[1]
            seen[tid] = (raw, row)
        _last = seen
    kept = tuple(row for _raw, row in seen.values())
    snapshot = QueueSnapshot(kept, common_city(row.address for row in kept))
    snapshot.by_id()  # here in the worker, not on the UI thread
    return snapshot
