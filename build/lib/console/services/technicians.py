"""Technicians: the people who make visits (R3). Added from the command line or the F4 screen."""

from __future__ import annotations

from dataclasses import dataclass

from console.models import Technician, database
from console.rules.normalize import clean_text, phone_e164
from console.services import audit


class TechnicianError(ValueError):
    """Bad technician data; the message says which field and why."""


@dataclass(frozen=True)
class TechnicianView:
    """A technician as the UI and the CLI see one."""

    id: int
    name: str
    phone: str
    active: bool


def _view(t: Technician) -> TechnicianView:
    return TechnicianView(id=t.id, name=t.name, phone=t.phone, active=t.active)


def add_technician(name: str, phone: str = "", *, operator: str) -> TechnicianView:
    name = clean_text(name, limit=200)
    if not name or "\n" in name:
        raise TechnicianError("name: give the technician's full name on one line")
    e164 = ""
    if phone.strip():
        e164 = phone_e164(phone) or ""
        if not e164:
            raise TechnicianError(f"--phone {phone!r}: not a valid phone number")
    with database.atomic():
        tech = Technician.create(name=name, phone=e164)
        audit.record(operator, "technician_added", "technician", tech.id, {"name": name})
    return _view(tech)


def list_technicians() -> list[TechnicianView]:
    return [_view(t) for t in Technician.select().order_by(Technician.name)]
