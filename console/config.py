"""What the console runs with: the database, reference data, calendar, clock, operator, language.

`build_context` turns parsed command-line options into an `AppContext`, failing with one clear
line (`ConfigError`) on anything bad, before a single byte is written.
"""

from __future__ import annotations

import getpass
import os
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from console.clock import Clock
from console.i18n import t
from console.reference import Reference, default_data_dir, load_reference
from console.reference_cache import load_cached
from console.rules.calendar import WorkingCalendar

NOW_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S")


class ConfigError(Exception):
    """A bad option or setting; the message is one line."""


@dataclass
class AppContext:
    """Everything the app and its services need, built once at start."""

    db_target: str
    reference: Reference
    calendar: WorkingCalendar
    clock: Clock
    operator_login: str
    operator_name: str
    lang: str = "ru"
    data_dir: Path | None = None
    theme: str | None = None  # --theme; else the operator's last choice (console.preferences)
    keymap: dict[str, str] = field(default_factory=dict)  # keys.toml (console.keymap)
    notices: list[str] = field(default_factory=list)  # said once the console is up
    # This run of the console: its drafts and its presence row carry it (D14).
    console_id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])

    @property
    def tz(self) -> ZoneInfo:
        return self.calendar.tz


def parse_now(text: str, tz: ZoneInfo) -> datetime:
    """'2026-11-25 11:00' in Moscow time -> aware datetime (D1)."""
    shape = re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?\s*", text)
    for fmt in NOW_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).replace(tzinfo=tz)
        except ValueError:
            continue
    if shape:
        raise ConfigError(t("--now {value}: no such date or time", value=repr(text)))
    raise ConfigError(t('--now {value}: expected "YYYY-MM-DD HH:MM" (Moscow time)',
                        value=repr(text)))


def default_operator() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry in a container: still start
        return os.environ.get("USER", "operator")


def build_calendar(reference: Reference, lang: str = "ru") -> WorkingCalendar:
    policy = reference.policy
    return WorkingCalendar(
        tz=ZoneInfo(policy.timezone),
        service_hours=(policy.service_open, policy.service_close),
        visit_window=(policy.visit_start, policy.visit_end),
        extra_days_off=reference.overrides.days_off,
        extra_working_days=reference.overrides.working_days,
        language="ru" if lang == "ru" else "en_US",
        notify_threshold=timedelta(minutes=policy.notify_threshold_min),  # D9
        eta_accuracy=timedelta(minutes=policy.eta_accuracy_min),  # R10
    )


def build_context(
    *,
    db_target: str,
    now: str | None = None,
    lang: str = "ru",
    operator: str | None = None,
    data_dir: Path | None = None,
    frozen: bool = False,
) -> AppContext:
    if data_dir is None:  # the shipped defaults (tests, tools): nowhere to keep a cache
        reference = load_reference(default_data_dir())
    else:
        reference = load_cached(data_dir, data_dir / ".cache")
    calendar = build_calendar(reference, lang)
    clock = Clock(parse_now(now, calendar.tz), frozen=frozen) if now else Clock()
    login = (default_operator() if operator is None else operator).strip()
    if not login or len(login) > 64 or any(not ch.isprintable() for ch in login):
        raise ConfigError(t("--operator {value}: give a printable name of 1-64 characters",
                            value=repr(operator)))
    return AppContext(
        db_target=db_target,
        reference=reference,
        calendar=calendar,
        clock=clock,
        operator_login=login,
        operator_name=login,
        lang=lang,
        data_dir=data_dir,
    )
