"""The F3 queue as plain rows (R9-R11, D8): every open ticket in queue order with its ETA.

Read from the driver's rows, because at 10,000 open tickets building model instances would cost
more than the screen's whole frame budget; the columns a re-plan never writes are read again only
for the tickets whose version (or contract) changed. A row equal to one of the last snapshot is that
same object (the loader diffs in its worker): the screen then knows an unchanged row by identity
and the reactor's equality check of two 10,000-row snapshots costs the UI thread next to nothing.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple, cast

from console.models import Contract, TaskType, Technician, Ticket, database
from console.rules.addresses import common_city
from console.services.stored import stored_time
from console.statuses import OPEN_TICKETS

OPEN = OPEN_TICKETS


class QueueRow(NamedTuple):
    """One open ticket as the queue shows it.

    A named tuple, immutable as a frozen dataclass and ten times quicker to make: a re-plan
    after an urgent ticket rewrites ~1,700 rows, and a frozen dataclass's __init__ (one
    `object.__setattr__` per field) cost ~10 µs each here (issue 12)."""

    id: int
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
    """The reactor's `queue` part: rows in queue order, and the town most addresses share.

    A row's place in the queue is its index here (`position`), not a field of the row: an
    urgent ticket moves a few thousand tickets down by one, and those rows stay the same
    objects (issue 12: rebuilding them cost ~25 ms of every urgent ticket's reload).
    """

    rows: tuple[QueueRow, ...] = ()
    city: str = ""
    _by_id: dict[int, QueueRow] = field(default_factory=dict, init=False, repr=False,
                                        compare=False)
    _positions: dict[int, int] = field(default_factory=dict, init=False, repr=False,
                                       compare=False)
    # How it differs from the snapshot the loader made before it: "serial" its own number,
    # "follows" that one's, "moved" the ETA shifts of the rows that changed (only when the
    # loader knows them: after this console's own change, `load_queue_delta`).
    _diff: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def moved_since(self, before: QueueSnapshot) -> dict[int, timedelta | None]:
        """The rows whose ETA moved since `before`, and by how much (None: the ETA was lost):
        as the loader found them in its worker, over only the rows a change wrote, when this
        snapshot follows `before`; else the rows are compared here. A row the loader kept is
        the same object (its ETA the same): only the others are (issue 12)."""
        diff = self._diff
        moved = diff.get("moved")
        if moved is not None and diff.get("follows") and before._diff.get("serial") == diff[
                "follows"]:
            return cast("dict[int, timedelta | None]", moved)
        rows = self.by_id()
        return _moved(before.by_id(), rows, rows)

    def by_id(self) -> dict[int, QueueRow]:
        """Rows by ticket id, built once (the screen looks a row up on every cursor move)."""
        if len(self._by_id) != len(self.rows):
            self._by_id.update((row.id, row) for row in self.rows)
        return self._by_id

    def position(self, ticket_id: int) -> int:
        """The ticket's place in the queue, from 1 (0: not in it)."""
        if len(self._positions) != len(self.rows):
            self._positions.update((row.id, pos) for pos, row in enumerate(self.rows, start=1))
        return self._positions.get(ticket_id, 0)


# What the last load read, kept for the next one (issue 12: a re-plan moves the ETAs of a fifth
# of the queue and nothing else, and reading every column of 10,000 tickets took ~60 ms):
# - `_order`: the ticket ids in queue order; `_hot`: ticket id -> its hot row; `_rows`: ticket
#   id -> its QueueRow. A ticket whose hot row comes back unchanged is that same QueueRow again
#   (the screen knows an unchanged row by identity).
# - `_cold`: ticket id -> (its cold key, its cold values). The columns that a re-plan never
#   writes are read again only for a ticket whose key changed: every write to them bumps the
#   ticket's version (`tickets._save`, roster, callbacks), and the billing import, the one
#   writer of contracts, stamps `updated_at`.
# - `_names`: the technicians' names and the task types read with them: when either changed,
#   every row is built again.
# - `_db`: which database all that was read from (another one: start afresh); `_city`: the
#   town of the last snapshot.
_order: list[int] = []
_hot: dict[int, tuple[Any, ...]] = {}
_rows: dict[int, QueueRow] = {}
_cold: dict[int, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
_names: tuple[dict[int, str], dict[int, tuple[Any, ...]]] = ({}, {})
_db: object = None
_city = ""
_last_lock = threading.Lock()
_serial = 0  # the last snapshot's number (`QueueSnapshot.moved_since`)
_ALL_COLD = 500  # more tickets than this to read cold: one query over the whole queue
_CHUNK = 900  # ids per IN list (SQLite builds before 3.32 take 999 parameters at most)
# The tables the queue's rows are read from: a change by this console's own service to these
# and no other commit meanwhile lets the reactor re-read only the tickets it wrote.
READS = ("ticket", "contract", "technician", "task_type")


def _hot_query(ids: list[int] | None = None) -> Any:
    """The hot columns of every open ticket in queue order, or of `ids` (open or not)."""
    query = (
        Ticket.select(
            Ticket.id, Ticket.priority, Ticket.status, Ticket.planned_technician,
            Ticket.technician, Ticket.eta_start, Ticket.eta_end, Ticket.told_start,
            Ticket.created_at, Ticket.pinned, Ticket.version, Ticket.task_type, Ticket.contract,
            Contract.updated_at,
        )
        .join(Contract, on=(Ticket.contract == Contract.id))
    )
    if ids is not None:
        return query.where(Ticket.id.in_(ids))
    return query.where(Ticket.status.in_(OPEN)).order_by(
        Ticket.priority, Ticket.created_at, Ticket.id)  # queue order (D8)


def _hot_of(ids: list[int]) -> Any:
    """`_hot_query(ids)` run: its SQL made once for one id and widened to all of them (peewee
    builds an IN list value by value: ~15 ms for the ~1,700 ETAs an urgent ticket moves)."""
    sql, params = _hot_query([0]).sql()
    one = f"IN ({database.param})"
    if params != [0] or sql.count(one) != 1 or not ids:
        return database.execute(_hot_query(ids))
    return database.execute_sql(sql.replace(one, f"IN ({', '.join([database.param] * len(ids))})"),
                                ids)


def _queue_key(hot: tuple[Any, ...]) -> tuple[Any, ...]:
    """The hot query's ORDER BY on a hot row, compared as the database compares the stored
    values (texts byte by byte on SQLite)."""
    return hot[1], hot[8], hot[0]


def _db_key() -> object:
    return (id(database.obj), database.database)


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


def _row(hot: tuple[Any, ...], cold: tuple[Any, ...], names: dict[int, str],
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
        tid, prio, code, ru, en, bool(visit), address, client, number, status,
        names.get(planned, "") if planned else "", names.get(assigned, "") if assigned else "",
        stored_time(eta_start), stored_time(eta_end), stored_time(told), stored_time(created),
        bool(pinned), phone, stored_time(desired), description, version, responsible, intercom,
        bool(no_intercom), class_priority, priority_reason or "",
    )


_new_row = tuple.__new__  # a QueueRow from a tuple of its fields, without the keyword call


def _cold_key(hot: tuple[Any, ...]) -> tuple[Any, ...]:
    """What the cold columns of a hot row are read again on (see `_cold`)."""
    return hot[10], hot[12], hot[13]  # version, contract, contract.updated_at


def _rehot(known: QueueRow, hot: tuple[Any, ...], names: dict[int, str],
           tasks: dict[int, tuple[Any, ...]]) -> QueueRow:
    """`_row(hot, cold, ...)` for a ticket whose cold values are the ones `known` was made
    from (its cold key did not change): the fields a hot row gives made again, the others taken
    from `known`. A re-plan after an urgent ticket moves the ETAs of ~1,800 tickets and nothing
    else; making their clients' names and the rest anew was most of the queue's reload (issue
    12). `tests/unit/test_queue_rows.py` proves it equal to `_row`."""
    (tid, prio, status, planned, assigned, eta_start, eta_end, told, created, pinned, version,
     task_type, _contract, _updated) = hot
    code, ru, en, visit, class_priority = tasks[task_type]
    return _new_row(QueueRow, (
        tid, prio, code, ru, en, bool(visit), known[6], known[7], known[8], status,
        names.get(planned, "") if planned else "", names.get(assigned, "") if assigned else "",
        stored_time(eta_start), stored_time(eta_end), stored_time(told), stored_time(created),
        bool(pinned), known[17], known[18], known[19], version, known[21], known[22],
        known[23], class_priority, known[25],
    ))


def _reference() -> tuple[dict[int, str], dict[int, tuple[Any, ...]]]:
    names = {tid: name for tid, name in database.execute(
        Technician.select(Technician.id, Technician.name))}
    tasks = {row[0]: row[1:] for row in database.execute(TaskType.select(
        TaskType.id, TaskType.code, TaskType.name_ru, TaskType.name_en, TaskType.needs_visit,
        TaskType.priority))}
    return names, tasks


def _read_cold(hot_rows: Iterable[tuple[Any, ...]], cold: dict[int, Any], everything: bool
               ) -> bool:
    """Read the cold columns of the rows whose cold key changed; whether any were read."""
    stale = [hot[0] for hot in hot_rows
             if (known := cold.get(hot[0])) is None or known[0] != _cold_key(hot)]
    if not stale:
        return False
    if everything and len(stale) > _ALL_COLD:
        chunks: list[list[int] | None] = [None]
    else:
        chunks = [stale[i:i + _CHUNK] for i in range(0, len(stale), _CHUNK)]
    for chunk in chunks:
        for tid, version, contract, updated, *values in _cold_rows(chunk):
            cold[tid] = ((version, contract, updated), tuple(values))
    return True


def _build(hot: tuple[Any, ...], known: QueueRow | None, known_hot: tuple[Any, ...] | None,
           cold: dict[int, Any], names: dict[int, str], tasks: dict[int, tuple[Any, ...]]
           ) -> QueueRow | None:
    """A ticket's QueueRow from its changed hot row (`known`: its row made from `known_hot`):
    the known one when it reads the same (None: it was closed between the two reads; the next
    load has it right)."""
    values = cold.get(hot[0])
    if values is None:
        return None
    if known is not None and known_hot is not None and _cold_key(known_hot) == _cold_key(hot):
        # Its cold values are those `known` was made from: they are read again only when the
        # cold key changes (and `_rows`, `_hot` and `_cold` are kept together).
        row = _rehot(known, hot, names, tasks)
    else:
        row = _row(hot, values[1], names, tasks)
    return known if known is not None and known == row else row


def _keep(order: list[int], hot: dict[int, tuple[Any, ...]], rows: dict[int, QueueRow],
          city: str | None, moved: dict[int, timedelta | None] | None = None
          ) -> QueueSnapshot:
    """Keep what was read for the next load and make the snapshot (lock held). `moved`: the
    ETA shifts since the last snapshot, when the caller knows them."""
    global _order, _hot, _rows, _city, _serial
    kept = tuple(map(rows.__getitem__, order))
    if city is None:
        city = common_city(row.address for row in kept)
    _order, _hot, _rows, _city = order, hot, rows, city
    snapshot = QueueSnapshot(kept, city)
    _serial += 1
    snapshot._diff.update(serial=_serial, follows=_serial - 1, moved=moved)
    # Here in the worker, not on the UI thread.
    snapshot._by_id.update(rows)
    snapshot._positions.update(zip(order, range(1, len(order) + 1), strict=True))
    return snapshot


def load_queue(_now: datetime | None = None) -> QueueSnapshot:
    """Every open ticket in queue order (D8), read in full."""
    global _cold, _names, _db, _hot, _rows
    names, tasks = _reference()
    # The driver's rows as they are, the times converted here: peewee's per-field conversion
    # took three quarters of the load (~170 of 230 ms at 10,000 tickets).
    hot_rows: list[tuple[Any, ...]] = list(database.execute(_hot_query()))
    with _last_lock:
        if _db != _db_key():
            _hot, _rows, _cold, _names, _db = {}, {}, {}, ({}, {}), _db_key()
        last_hot, last_rows = (_hot, _rows) if _names == (names, tasks) else ({}, {})
        cold = _cold
        _read_cold(hot_rows, cold, everything=True)
        order: list[int] = []
        hot: dict[int, tuple[Any, ...]] = {}
        rows: dict[int, QueueRow] = {}
        for row_hot in hot_rows:
            tid = row_hot[0]
            if last_hot.get(tid) == row_hot:
                row: QueueRow | None = last_rows[tid]  # the common case: nothing changed
            else:
                row = _build(row_hot, last_rows.get(tid), last_hot.get(tid), cold, names,
                             tasks)
                if row is None:
                    continue
            order.append(tid)
            hot[tid] = row_hot
            rows[tid] = row  # type: ignore[assignment]
        for tid in [tid for tid in cold if tid not in rows]:
            del cold[tid]  # left the queue
        _names = (names, tasks)
        return _keep(order, hot, rows, None)


def load_queue_delta(changed: Iterable[int],
                     placed: dict[int, tuple[Any, Any, Any]] | None = None
                     ) -> QueueSnapshot | None:
    """The last snapshot loaded here with only the tickets in `changed` read again: what a
    full load gives when nothing else changed since it (the caller proves that; see
    `ConsoleState`). A ticket in `placed` is not read: only its placement was written, and
    `placed` holds what was stored (technician, start, end: a re-plan's ETAs, ~1,800 of them
    after an urgent ticket). None when there is no load of this database to start from, or the
    technicians or task types changed: then the caller loads in full."""
    placed = placed or {}
    ids = sorted(set(changed) - placed.keys())
    names, tasks = _reference()
    hot_rows: list[tuple[Any, ...]] = []
    for i in range(0, len(ids), _CHUNK):
        hot_rows.extend(_hot_of(ids[i:i + _CHUNK]))
    with _last_lock:
        if _db != _db_key() or not _order or _names != (names, tasks):
            return None
        last_hot, cold, last_rows = _hot, _cold, _rows
        hot, rows = dict(last_hot), dict(_rows)
        if not _replace_placements(placed, hot, rows, names):
            return None
        fresh = {row_hot[0]: row_hot for row_hot in hot_rows if row_hot[2] in OPEN}
        # Only a ticket whose place in queue order changed (or that came or went) moves: an
        # ETA is not part of the order.
        moving = {tid for tid, row_hot in fresh.items()
                  if (known := last_hot.get(tid)) is None
                  or _queue_key(known) != _queue_key(row_hot)}
        leaving = {tid for tid in ids if tid not in fresh} | moving
        order = [tid for tid in _order if tid not in leaving] if leaving else list(_order)

        def key_of(tid: int) -> tuple[Any, ...]:
            return _queue_key(fresh[tid] if tid in fresh else last_hot[tid])

        try:
            for tid in sorted(moving, key=key_of):
                order.insert(bisect.bisect_left(order, key_of(tid), key=key_of), tid)
        except TypeError:
            return None  # values the database orders but Python cannot compare: read in full
        city_may_change = any(tid not in fresh or tid not in last_hot for tid in ids)
        if _read_cold(fresh.values(), cold, everything=False):
            city_may_change = city_may_change or any(
                (values := cold.get(tid)) is None or values[1][0] != _rows[tid].address
                for tid in fresh)
        dropped = set()
        for tid in ids:
            row_hot = fresh.get(tid)
            if row_hot is not None and last_hot.get(tid) == row_hot:
                continue
            row = None if row_hot is None else _build(row_hot, rows.get(tid), last_hot.get(tid),
                                                      cold, names, tasks)
            if row is None:
                hot.pop(tid, None)
                rows.pop(tid, None)
                cold.pop(tid, None)  # left the queue
                dropped.add(tid)
                continue
            hot[tid], rows[tid] = row_hot, row  # type: ignore[assignment]
        if dropped & set(order):
            order = [tid for tid in order if tid not in dropped]
        # Here in the worker, over the rows the change wrote: the screen compared all 10,000.
        return _keep(order, hot, rows, None if city_may_change else _city,
                     _moved(last_rows, rows, placed.keys() | set(ids)))


def _moved(before: dict[int, QueueRow], after: dict[int, QueueRow], ids: Iterable[int]
           ) -> dict[int, timedelta | None]:
    """The ETA shifts of `ids` between two loads: a row that came or stayed the same is not
    a move, nor is an ETA given to a ticket that had none."""
    moved: dict[int, timedelta | None] = {}
    for tid in ids:
        was, row = before.get(tid), after.get(tid)
        if was is None or row is None or was is row:
            continue
        eta, old = row.eta_start, was.eta_start
        if eta != old and old is not None:
            moved[tid] = (eta - old) if eta else None
    return moved


def _replace_placements(placed: dict[int, tuple[Any, Any, Any]], hot: dict[int, tuple[Any, ...]],
                        rows: dict[int, QueueRow], names: dict[int, str]) -> bool:
    """Put the placements a re-plan stored into the kept hot rows and QueueRows (lock held):
    only the technician and the ETA change, so a row is its known one with those three fields
    made again (`tests/integration/test_own_change.py` proves the result equal to a full read).
    False when a ticket is not in the last load (it cannot be, when only its placement changed:
    the caller then reads in full)."""
    for tid, (planned, start, end) in placed.items():
        known_hot = hot.get(tid)
        if known_hot is None:
            return False
        if known_hot[3] == planned and known_hot[5] == start and known_hot[6] == end:
            continue
        hot[tid] = (*known_hot[:3], planned, known_hot[4], start, end, *known_hot[7:])
        known = rows[tid]
        rows[tid] = _new_row(QueueRow, (
            *known[:10], names.get(planned, "") if planned else "", known[11],
            stored_time(start), stored_time(end), *known[14:]))
    return True
