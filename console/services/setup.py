"""Start-up housekeeping: mirror reference data into the database and register the operator."""

from __future__ import annotations

from console.models import Contract, Operator, PriceItem, TaskType, Technician, database
from console.reference import Reference


def sync_reference(reference: Reference) -> None:
    """Upsert Appendix No. 4 task types and Price List No. 3 items from data/ (D7, R8, R12)."""
    with database.atomic():
        for tt in reference.task_types:
            fields = dict(
                name_ru=tt.name_ru,
                name_en=tt.name_en,
                priority=tt.priority,
                duration_min=tt.duration_min,
                needs_visit=tt.needs_visit,
                billable=tt.billable,
            )
            if TaskType.update(**fields).where(TaskType.code == tt.code).execute() == 0:
                TaskType.create(code=tt.code, **fields)
        for item in reference.price_items:
            fields = dict(
                name_ru=item.name_ru,
                name_en=item.name_en,
                price_kopecks=item.price_kopecks,
                unit=item.unit_ru,
            )
            if PriceItem.update(**fields).where(PriceItem.code == item.code).execute() == 0:
                PriceItem.create(code=item.code, **fields)


def ensure_operator(login: str, name: str | None = None) -> str:
    """The operator's display name, creating the row on first start."""
    with database.atomic():
        operator, _ = Operator.get_or_create(login=login, defaults={"name": name or login})
    return operator.name


def is_empty() -> bool:
    """No contracts yet: the console explains how to import them (a fresh console.db)."""
    return not Contract.select(Contract.id).limit(1).exists()


def has_technicians() -> bool:
    return Technician.select(Technician.id).where(Technician.active).limit(1).exists()
