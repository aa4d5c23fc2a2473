"""Start-up housekeeping: mirror reference data into the database and register the operator."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from console.db import write_transaction
from console.models import Contract, Operator, PriceItem, TaskType, Technician
from console.reference import Reference
from console.services.rows import tuples
from console.start_check import reference_rows

MODELS: dict[str, type[TaskType] | type[PriceItem]] = {"task_type": TaskType,
                                                       "price_item": PriceItem}


def _mirror(model: type[TaskType] | type[PriceItem], rows: dict[str, dict[str, Any]], *,
            write: bool = True) -> bool:
    """Make `model`'s rows (by code) equal `rows`, writing only what differs; True if
    anything differs (with `write=False` nothing is written: a look before taking the lock)."""
    names = next(iter(rows.values())).keys() if rows else ()
    fields = [getattr(model, n) for n in names]
    current = {code: dict(zip(names, values, strict=True))
               for code, *values in tuples(model.select(model.code, *fields))}
    differs = False
    for code, wanted in rows.items():
        if code not in current:
            differs = True
            if write:
                model.create(code=code, **wanted)
        elif current[code] != wanted:
            differs = True
            if write:
                model.update(**wanted).where(model.code == code).execute()
    return differs


def sync_reference(reference: Reference) -> None:
    """Mirror Appendix No. 4 task types and Price List No. 3 items from data/ (D7, R8, R12).

    Runs at every start, so it writes only what changed: usually nothing, and then it does
    not even take the write lock (another console's long write does not delay this start).
    The rows are the ones `console.start_check` compares when it skips this at a start.
    """
    tables = [(MODELS[table], rows) for table, rows in reference_rows(reference)]
    if not any(_mirror(model, rows, write=False) for model, rows in tables):
        return
    # The write lock first (SQLite BEGIN IMMEDIATE): a read that turns into a write while
    # another console writes would fail at once instead of waiting its turn.
    with write_transaction():
        for model, rows in tables:
            _mirror(model, rows)


def ensure_operator(login: str, name: str | None = None, *, now: datetime | None = None) -> str:
    """The operator's display name, creating the row on first start."""
    existing = Operator.get_or_none(Operator.login == login)
    if existing is not None:
        found: str = existing.name  # the usual start: nothing to write, no lock to wait for
        return found
    with write_transaction():
        operator, made = Operator.get_or_create(  # type: ignore[no-untyped-call]  # untyped in peewee's stubs
            login=login, defaults={"name": name or login})
        if made:
            # D14: a new login is a change too (a typo in --operator shows up in the trail).
            from console.services import audit

            audit.record(login, "operator_added", "operator", operator.id,
                         {"login": login, "supervisor": False, "first_start": True},
                         at=now)  # D1: the console's clock (--now), not the wall clock
    created: str = operator.name
    return created


def is_empty() -> bool:
    """No contracts yet: the console explains how to import them (a fresh console.db)."""
    return not Contract.select(Contract.id).limit(1).exists()


def has_technicians() -> bool:
    return Technician.select(Technician.id).where(Technician.active).limit(1).exists()


def demo_built_at() -> datetime | None:
    """When the demo in this database was built for (its clock), None if it is not a demo."""
    import json

    from console.models import AuditEvent

    event = (AuditEvent.select(AuditEvent.details).where(AuditEvent.action == "demo_built")
             .order_by(AuditEvent.id.desc()).first())
    if event is None:
        return None
    try:
        return datetime.fromisoformat(json.loads(event.details)["now"])
    except (ValueError, KeyError, TypeError):
        return None
