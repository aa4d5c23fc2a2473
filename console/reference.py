"""Reference data: Appendix No. 4, Price List No. 3, the service policy, calendar overrides.

The four TOML files in ``data/`` (D7) are loaded into frozen dataclasses and validated in full at
start, so a typo stops the console with one clear line naming the file, the key and the problem
(``data/policy.toml: hours.service.open: expected "HH:MM", got '25:00'``) instead of showing up
later as a wrong schedule or a wrong fee. Money is parsed with Decimal and kept as integer kopecks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from console._toml import ReferenceError as ReferenceError  # re-exported: part of this API
from console._toml import Table, read_toml, show
from console.i18n import t

MIN_TASK_TYPES = 6
# Patterns as text: compiled (and cached by `re`) by the validation that uses them, which a
# start with its reference data cached skips (console/reference_cache.py).
_SLUG = r"[a-z][a-z0-9_]*\Z"
_ITEM_CODE = r"\d+(\.\d+)*\Z"


class ReferenceLookupError(ReferenceError, LookupError):
    """An unknown task type, price item or priority class was asked for."""


@dataclass(frozen=True)
class PriorityClass:
    """A priority class of Appendix No. 4 (R9); a lower level is more urgent (R11)."""

    level: int
    name_ru: str
    name_en: str


@dataclass(frozen=True)
class TaskType:
    """A task type of Appendix No. 4 (R9, D7): its class, planned duration, visit and billing."""

    code: str
    name_ru: str
    name_en: str
    priority: int
    duration_min: int
    needs_visit: bool
    billable: bool
    price_items: tuple[str, ...]


@dataclass(frozen=True)
class PriceItem:
    """An item of Price List No. 3, "service and installation works" (R8, R12)."""

    code: str
    name_ru: str
    name_en: str
    price_kopecks: int
    unit_ru: str
    unit_en: str


@dataclass(frozen=True)
class Contact:
    """A contact number of the support service (R19)."""

    label_ru: str
    label_en: str
    phone: str


@dataclass(frozen=True)
class Policy:
    """The numbers of the regulations the console enforces (times are in ``timezone``)."""

    timezone: str
    service_open: time
    service_close: time
    visit_start: time
    visit_end: time
    cancel_notice_min: int
    call_warn_min: int
    call_limit_min: int
    notify_threshold_min: int
    eta_accuracy_min: int
    helpdesk_working_days: int
    claim_working_days: int
    director: str
    contacts: tuple[Contact, ...]
    late_cancel_item: str
    # R14, D4: a balance must be strictly greater than this; last, with a default, so the
    # positional order above stays the agreed one.
    min_balance_kopecks: int = 0
    # R14: older balances are flagged (hours); optional in policy.toml for older data folders.
    balance_max_age_hours: int = 24
    # The company's name as printed on documents (the completion act, R7); optional.
    company_name: str = ""


@dataclass(frozen=True)
class CalendarOverrides:
    """Local days off and working days on top of the production calendar (D1), date -> name."""

    days_off: Mapping[date, str]
    working_days: Mapping[date, str]

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled by console/reference_cache.py: a read-only mapping is not picklable as such.
        return _read_only_overrides, (dict(self.days_off), dict(self.working_days))


def _read_only_overrides(days_off: dict[date, str],
                         working_days: dict[date, str]) -> CalendarOverrides:
    return CalendarOverrides(MappingProxyType(days_off), MappingProxyType(working_days))


@dataclass(frozen=True)
class Reference:
    """All reference data, validated and cross-checked; lookups raise ReferenceLookupError."""

    classes: tuple[PriorityClass, ...]
    task_types: tuple[TaskType, ...]
    price_items: tuple[PriceItem, ...]
    policy: Policy
    overrides: CalendarOverrides

    def task_type(self, code: str) -> TaskType:
        """The Appendix No. 4 task type with this code."""
        return _find(self.task_types, "code", code, t("task type"))

    def price_item(self, code: str) -> PriceItem:
        """The Price List No. 3 item with this number, e.g. "1.1"."""
        return _find(self.price_items, "code", code, t("price item"))

    def priority_class(self, level: int) -> PriorityClass:
        """The priority class with this level (1 = most urgent)."""
        return _find(self.classes, "level", level, t("priority class"))


def _find(items: tuple[Any, ...], attr: str, value: object, what: str) -> Any:
    # The lists are a dozen entries long: a scan is cheaper than keeping an index in sync.
    for item in items:
        if getattr(item, attr) == value:
            return item
    known = ", ".join(str(getattr(item, attr)) for item in items)
    raise ReferenceLookupError(t("unknown {what} {value} (known: {known})", what=what,
                                 value=repr(value), known=known))


def default_data_dir() -> Path:
    """The default reference files shipped inside the package (console/defaults/).

    The console itself reads the editable copies in its data folder (console.datafolder).
    """
    from console.datafolder import defaults_dir

    return defaults_dir()


# The four files, as load_reference reads them.
FILES = ("policy.toml", "pricelist3.toml", "priorities.toml", "calendar_overrides.toml")


def load_reference(data_dir: Path) -> Reference:
    """Load, validate and cross-check the four files; raise ReferenceError on the first fault."""
    data_dir = Path(data_dir)
    policy_doc = read_toml(data_dir / "policy.toml")
    prices_doc = read_toml(data_dir / "pricelist3.toml")
    policy, prices = _policy(policy_doc), _price_items(prices_doc)
    if policy.late_cancel_item not in {item.code for item in prices}:  # R8: item 1.1 must exist
        policy_doc.sub("billing").fail(
            "late_cancel_item", t("item {item} is not in {file}",
                                  item=repr(policy.late_cancel_item), file=prices_doc.label))
    classes, types = _priorities(read_toml(data_dir / "priorities.toml"), policy, prices)
    overrides = _overrides(read_toml(data_dir / "calendar_overrides.toml"))
    return Reference(classes, types, prices, policy, overrides)


def _policy(doc: Table) -> Policy:
    doc.only("timezone", "hours", "limits", "deadlines", "billing", "claims", "contacts",
             "company")
    zone = doc.text("timezone")
    try:  # D1: every time in the console is in this zone; fail now, not on the first clock tick
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        doc.fail("timezone", t("unknown time zone {zone}", zone=repr(zone)))
    hours = doc.sub("hours").only("service", "visit")
    service = hours.sub("service").only("open", "close")
    visit = hours.sub("visit").only("start", "end")
    opens, closes = service.clock("open"), service.clock("close")
    if opens >= closes:  # R1
        service.fail("close", t("must be later than open ({open}), got {value}",
                                open=f"{opens:%H:%M}", value=f"{closes:%H:%M}"))
    start, end = visit.clock("start"), visit.clock("end")
    if start >= end:  # R3
        visit.fail("end", t("must be later than start ({start}), got {value}",
                            start=f"{start:%H:%M}", value=f"{end:%H:%M}"))
    limits = doc.sub("limits").only("cancel_notice_min", "call_warn_min", "call_limit_min",
                                    "notify_threshold_min", "eta_accuracy_min",
                                    "balance_max_age_hours")
    balance_age = limits.get("balance_max_age_hours", (int,), default=24,
                             expected=t("whole hours"))
    if balance_age < 1:
        limits.fail("balance_max_age_hours", t("must be at least {minimum}, got {value}",
                                               minimum=1, value=balance_age))
    warn, limit = limits.count("call_warn_min"), limits.count("call_limit_min")
    if warn >= limit:  # D6: the warning has to come before the 15-minute prompt
        limits.fail("call_warn_min", t("must be less than call_limit_min ({limit}), got {value}",
                                       limit=limit, value=warn))
    deadlines = doc.sub("deadlines").only("helpdesk_working_days", "claim_working_days")
    billing = doc.sub("billing").only("late_cancel_item", "min_balance")
    contacts = tuple(Contact(c.text("label_ru"), c.text("label_en"), c.text("phone"))
                     for c in doc.entries("contacts") if c.only("label_ru", "label_en", "phone"))
    if not contacts:  # R19
        doc.fail("contacts", t("at least one contact is needed"))
    return Policy(
        timezone=zone, service_open=opens, service_close=closes, visit_start=start,
        visit_end=end, cancel_notice_min=limits.count("cancel_notice_min"), call_warn_min=warn,
        call_limit_min=limit, notify_threshold_min=limits.count("notify_threshold_min"),
        eta_accuracy_min=limits.count("eta_accuracy_min"),
        helpdesk_working_days=deadlines.count("helpdesk_working_days"),
        claim_working_days=deadlines.count("claim_working_days"),
        director=doc.sub("claims").only("director").text("director"), contacts=contacts,
        late_cancel_item=billing.text("late_cancel_item"),
        min_balance_kopecks=billing.money("min_balance"), balance_max_age_hours=balance_age,
        company_name=(doc.sub("company").only("name").text("name")
                      if "company" in doc.data else ""))


def _price_items(doc: Table) -> tuple[PriceItem, ...]:
    doc.only("items")
    items: list[PriceItem] = []
    for e in doc.entries("items"):
        e.only("code", "name_ru", "name_en", "price", "unit_ru", "unit_en")
        code = e.text("code")
        if not re.match(_ITEM_CODE, code):
            e.fail("code", t('expected an item number like "2.1", got {value}', value=repr(code)))
        if code in {item.code for item in items}:
            e.fail("code", t("duplicate code {value}", value=repr(code)))
        items.append(PriceItem(code, e.text("name_ru"), e.text("name_en"), e.money("price"),
                               e.text("unit_ru"), e.text("unit_en")))
    return tuple(items)


def _priorities(doc: Table, policy: Policy, prices: tuple[PriceItem, ...]
                ) -> tuple[tuple[PriorityClass, ...], tuple[TaskType, ...]]:
    doc.only("classes", "task_types")
    classes: dict[int, PriorityClass] = {}
    for e in doc.entries("classes"):
        level = e.only("level", "name_ru", "name_en").count("level")
        if level in classes:
            e.fail("level", t("duplicate level {value}", value=level))
        classes[level] = PriorityClass(level, e.text("name_ru"), e.text("name_en"))
    window = (policy.visit_end.hour * 60 + policy.visit_end.minute
              - policy.visit_start.hour * 60 - policy.visit_start.minute)
    known_items = {item.code for item in prices}
    types: list[TaskType] = []
    for e in doc.entries("task_types"):
        e.only("code", "name_ru", "name_en", "priority", "duration_min", "needs_visit",
               "billable", "price_items")
        code = e.text("code")
        if not re.match(_SLUG, code):
            e.fail("code", t("expected a lower-case ASCII slug like 'node_outage', got {value}",
                             value=repr(code)))
        if code in {known.code for known in types}:
            e.fail("code", t("duplicate code {value}", value=repr(code)))
        priority = e.get("priority", (int,))
        if priority not in classes:  # R9: every type is queued in a class of Appendix No. 4
            e.fail("priority", t("unknown priority class {value} (known: {known})",
                                 value=priority, known=", ".join(map(str, sorted(classes)))))
        duration, visit = e.count("duration_min"), e.flag("needs_visit")
        billable = e.flag("billable")
        if visit and duration > window:  # R3: a visit starts and ends inside the visit window
            e.fail("duration_min", t("a visit of {minutes} min does not fit the visit window "
                                     "({window} min, policy.toml hours.visit)",
                                     minutes=duration, window=window))
        items = e.get("price_items", (list,), default=[])
        for i, item in enumerate(items):
            if item not in known_items:  # R12: billable work is priced by Price List No. 3
                e.fail(f"price_items[{i}]", t("unknown price item {value}", value=show(item)))
        if billable != bool(items):
            e.fail("price_items", t("a billable type lists its Price List No. 3 items (R12)")
                   if billable else t("must be empty for a type that is not billable (R12)"))
        types.append(TaskType(code, e.text("name_ru"), e.text("name_en"), priority, duration,
                              visit, billable, tuple(items)))
    if len(types) < MIN_TASK_TYPES:
        doc.fail("task_types", t("at least {minimum} task types are needed, got {value}",
                                 minimum=MIN_TASK_TYPES, value=len(types)))
    return tuple(sorted(classes.values(), key=lambda c: c.level)), tuple(types)


def _overrides(doc: Table) -> CalendarOverrides:
    # Both lists are optional: an absent list means "no overrides", the production calendar as is.
    doc.only("days_off", "working_days")
    lists: dict[str, dict[date, str]] = {}
    for key in ("days_off", "working_days"):
        lists[key] = {}
        for e in doc.entries(key, default=[]):
            like = t("a TOML date like 2026-12-31 (no quotes)")
            day = e.only("date", "name").get("date", (date,), expected=like)
            if isinstance(day, datetime):  # a date-time is a date subclass, and a mistake here
                e.fail("date", t("expected {kind}, got {value}", kind=like, value=show(day)))
            if day in lists[key]:
                e.fail("date", t("{day} is listed twice", day=day))
            if day in lists.get("days_off", {}) and key == "working_days":  # D1: one verdict a day
                e.fail("date", t("{day} is also in days_off", day=day))
            lists[key][day] = e.text("name")
    return _read_only_overrides(lists["days_off"], lists["working_days"])
