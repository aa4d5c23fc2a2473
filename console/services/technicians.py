"""Technicians: the people who make visits (R3). Added from the command line or the F4 screen."""

from __future__ import annotations

from dataclasses import dataclass

from console.i18n import t
from console.models import Technician, database
from console.rules.normalize import clean_text, phone_e164, surname_key
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


def _same_name(a: str, b: str) -> bool:
    """'Сидоров  Пётр' = 'сидоров петр': case, ё and spacing do not make another person."""
    return " ".join(surname_key(a).split()) == " ".join(surname_key(b).split())


NAME_LIMIT = 200


def _checked_name(name: str) -> str:
    """A full name on one line, with letters (`#1` or `12345` would read as a number in every
    command that finds a technician), never cut short without a word."""
    name = clean_text(name)
    if not name or "\n" in name or not any(ch.isalpha() for ch in name):
        raise TechnicianError("name: give the technician's full name on one line")
    if len(name) > NAME_LIMIT:
        raise TechnicianError(t("name: longer than {limit} characters", limit=NAME_LIMIT))
    return name


def _name_taken(name: str, but: int | None = None) -> Technician | None:
    return next((other for other in Technician.select()
                 if other.id != but and _same_name(other.name, name)), None)


def add_technician(name: str, phone: str = "", *, operator: str,
                   force: bool = False) -> TechnicianView:
    """Add a technician. A name or phone another technician already has is refused (item 23:
    the assign dialog could not tell them apart) unless `force` (two people can share a name)."""
    name = _checked_name(name)
    e164 = ""
    if phone.strip():
        e164 = phone_e164(phone) or ""
        if not e164:
            raise TechnicianError(t("--phone {value}: not a valid phone number", value=repr(phone)))
    with database.atomic():
        if not force:
            for other in Technician.select():
                if _same_name(other.name, name) or (e164 and other.phone == e164):
                    who = {"id": other.id, "name": other.name, "phone": other.phone}
                    raise TechnicianError(
                        t("technician #{id} {name} {phone} already has this name; give another "
                          "one, or add --force to add this one anyway", **who)
                        if _same_name(other.name, name) else
                        t("technician #{id} {name} {phone} already has this phone; give "
                          "another one, or add --force to add this one anyway", **who))
        tech = Technician.create(name=name, phone=e164)
        audit.record(operator, "technician_added", "technician", tech.id, {"name": name})
    return _view(tech)


def list_technicians() -> list[TechnicianView]:
    return [_view(t) for t in Technician.select().order_by(Technician.name)]


class TechnicianNotFound(TechnicianError):
    """No technician by that name or number."""


def find_technician(name_or_id: str) -> TechnicianView:
    """A technician by `#id`, id, or full name (case and ё/е ignored)."""
    key = name_or_id.strip().lstrip("#")
    tech = None
    if key.isdigit():
        tech = Technician.get_or_none(Technician.id == int(key))
    if tech is None:
        wanted = _fold(name_or_id)
        found = [x for x in Technician.select() if _fold(x.name) == wanted]
        if len(found) > 1:
            raise TechnicianError(t("{name}: several technicians have that name; give the number "
                                    "from `technician list`", name=repr(name_or_id)))
        tech = found[0] if found else None
    if tech is None:
        raise TechnicianNotFound(t("{name}: no such technician (see `technician list`)",
                                   name=repr(name_or_id)))
    return _view(tech)


def _fold(text: str) -> str:
    return " ".join(clean_text(text, limit=200).casefold().replace("ё", "е").split())


def rename_technician(technician_id: int, name: str, *, operator: str) -> TechnicianView:
    """Rename; a name another technician has is refused (as `add` without --force: the assign
    dialog and the commands could not tell the two apart)."""
    name = _checked_name(name)
    with database.atomic():
        tech = Technician.get_or_none(Technician.id == technician_id)
        if tech is None:
            raise TechnicianNotFound("No such technician")
        other = _name_taken(name, but=tech.id)
        if other is not None:
            raise TechnicianError(t("technician #{id} {name} already has this name; give "
                                    "another one", id=other.id, name=other.name))
        old = tech.name
        tech.name = name
        tech.save(only=[Technician.name])
        audit.record(operator, "technician_renamed", "technician", tech.id,
                     {"from": old, "to": name})
    return _view(tech)
