"""The F3 queue as plain rows (R9-R11, D8): every open ticket in queue order with its ETA.

Read from the driver's rows, because at 10,000 open tickets building model instances would cost
more than the screen's whole frame budget; the columns a re-plan never writes are read again only
for the tickets whose version (or contract) changed. A row equal to one of the last snapshot is that
same object (the loader diffs in its worker): the screen then knows an unchanged row by identity
and the reactor's equality check of two 10,000-row snapshots costs the UI thread next to nothing.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

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


# What the last load read, kept for the next one (issue 12: a re-plan moves the ETAs of a fifth
# of the queue and nothing else, and reading every column of 10,000 tickets took ~60 ms):
# - `_last`: ticket id -> (its hot row with its position, its QueueRow). A ticket whose hot row
#   comes back unchanged at the same position is that same QueueRow again (the screen knows an
#   unchanged row by identity).
# - `_cold`: ticket id -> (its cold key, its cold values). The columns that a re-plan never
#   writes are read again only for a ticket whose key changed: every write to them bumps the
#   ticket's version (`tickets._save`, roster, callbacks), and the billing import, the one
#   writer of contracts, stamps `updated_at`.
# - `_names`: the technicians' names and the task types read with them: when either changed,
#   every row is built again.
_last: dict[int, tuple[tuple[Any, ...], QueueRow]] = {}
_cold: dict[int, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
_names: tuple[dict[int, str], dict[int, tuple[Any, ...]]] = ({}, {})
_last_lock = threading.Lock()
_ALL_COLD = 500  # more tickets than this to read cold: one query over the whole queue


def _hot_query() -> Any:
    return (
        Ticket.select(
            Ticket.id, Ticket.priority, Ticket.status, Ticket.planned_technician,
            Ticket.technician, Ticket.eta_start, Ticket.eta_end, Ticket.told_start,
            Ticket.created_at, Ticket.pinned, Ticket.version, Ticket.task_type, Ticket.contract,
            Contract.updated_at,
        )
        .join(Contract, on=(Ticket.contract == Contract.id))
        .where(Ticket.status.in_(OPEN))
        .order_by(Ticket.priority, Ticket.created_at, Ticket.id)  # queue order (D8)
    )


def _cold_rows(ids: list[int] | None) -> Any:
    """The cold columns with their key, of `ids` (None: of every open ticket)."""
    query = (
        Ticket.select(
            Ticket.id, Ticket.version, Ticket.contract, Contract.updated_at,
            Contract.address, Contract.surname, Contract.first_name, Contract.patronymic,
            Contract.company, Contract.number, Ticket.contact_phone, Ticket.desired_at,
            Ticket.description, Ticket.responsible_name, Ticket.intercom_code,
            Ticket.no_intercom, Ticket.priority_reason,
        )
        .join(Contract, on=(Ticket.contract == Contract.id))
    )
    return database.execute(query.where(
        Ticket.status.in_(OPEN) if ids is None else Ticket.id.in_(ids)))


def _row(pos: int, hot: tuple[Any, ...], cold: tuple[Any, ...], names: dict[int, str],
         tasks: dict[int, tuple[Any, ...]]) -> QueueRow:
    """A QueueRow from the driver's hot and cold rows of one ticket."""
    (tid, prio, status, planned, assigned, eta_start, eta_end, told, created, pinned, version,
     task_type, _contract, _updated) = hot
    (address, surname, first, patronymic, company, number, phone, desired, description,
     responsible, intercom, no_intercom, priority_reason) = cold
    code, ru, en, visit, class_priority = tasks[task_type]
    initials = "".join(f" {p[0]}." for p in (first, patronymic) if p)
    client = company or f"{surname}{initials}"
    return QueueRow(
        tid, pos, prio, code, ru, en, bool(visit), address, client, number, status,
        names.get(planned, "") if planned else "", names.get(assigned, "") if assigned else "",
        stored_time(eta_start), stored_time(eta_end), stored_time(told), stored_time(created),
        bool(pinned), phone, stored_time(desired), description, version, responsible, intercom,
        bool(no_intercom), class_priority, priority_reason or "",
    )


def load_queue(_now: datetime | None = None) -> QueueSnapshot:
    global _last, _names
    names = {tid: name for tid, name in database.execute(
        Technician.select(Technician.id, Technician.name))}
    tasks = {row[0]: row[1:] for row in database.execute(TaskType.select(
        TaskType.id, TaskType.code, TaskType.name_ru, TaskType.name_en, TaskType.needs_visit,
        TaskType.priority))}
    # The driver's rows as they are, the times converted here: peewee's per-field conversion
    # took three quarters of the load (~170 of 230 ms at 10,000 tickets).
    hot_rows: list[tuple[Any, ...]] = list(database.execute(_hot_query()))
    with _last_lock:
        last = _last if _names == (names, tasks) else {}
        cold = _cold
        stale = [hot[0] for hot in hot_rows
                 if (known := cold.get(hot[0])) is None or known[0] != (hot[10], *hot[12:])]
        if stale:
            fresh = _cold_rows(None if len(stale) > _ALL_COLD else stale)
            for tid, version, contract, updated, *values in fresh:
                cold[tid] = ((version, contract, updated), tuple(values))
        seen: dict[int, tuple[tuple[Any, ...], QueueRow]] = {}
        for pos, hot in enumerate(hot_rows, start=1):
            tid = hot[0]
            known_row = last.get(tid)
            if known_row is not None and known_row[0] == hot and known_row[1].position == pos:
                seen[tid] = known_row  # the common case: nothing about it changed
                continue
            values = cold.get(tid)
            if values is None:
                continue  # closed between the two reads: the next load has it right
            row = _row(pos, hot, values[1], names, tasks)
            if (known_row is not None and known_row[1].position == pos
                    and known_row[1] == row):
                row = known_row[1]
            seen[tid] = (hot, row)
        for tid in [tid for tid in cold if tid not in seen]:
            del cold[tid]  # left the queue
        _last, _names = seen, (names, tasks)
    kept = tuple(row for _hot, row in seen.values())
    snapshot = QueueSnapshot(kept, common_city(row.address for row in kept))
    snapshot.by_id()  # here in the worker, not on the UI thread
    return snapshot
