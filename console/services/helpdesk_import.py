"""Importing web-cabinet questions (R5): a JSON file, and the inbox folder watched while the
console runs.

A file is a JSON array of objects with the web cabinet's field names (`id`, `contract`,
`received_at`, `subject`, `text`). Each record is checked alone: a bad one is reported by its
position and id and the rest are imported; a record whose id is already stored changes nothing,
so importing the same file twice is harmless. The inbox moves each file it has read to `done/`,
or to `failed/` with `FILE.error.txt` beside it when the file or any record was refused.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from console.db import write_transaction
from console.i18n import os_reason, t
from console.rules import helpdesk as rules
from console.rules.calendar import WorkingCalendar
from console.services.helpdesk import store_question

MAX_FILE_BYTES = 50 * 1024 * 1024  # a day of questions is kilobytes; more is not an export


class ImportFailed(Exception):
    """The file cannot be imported at all; the message is one line naming it."""


@dataclass
class ImportReport:
    """What one file gave: counts and one line per refused record."""

    file: str
    added: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return t("{file}: {added} added, {unchanged} already there, {refused} refused",
                 file=self.file, added=self.added, unchanged=self.unchanged,
                 refused=len(self.errors))


def read_records(path: Path) -> list[Any]:
    """The file's records; ImportFailed when it is not a readable JSON array."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportFailed(t("{file}: larger than 50 MB, not a HelpDesk export", file=path))
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise ImportFailed(t("{file}: cannot read ({error})", file=path,
                             error=os_reason(exc))) from exc
    except UnicodeDecodeError as exc:
        raise ImportFailed(t("{file}: not UTF-8 text", file=path)) from exc
    except json.JSONDecodeError as exc:
        raise ImportFailed(t("{file}: not JSON ({error})", file=path, error=exc.msg)) from exc
    except RecursionError as exc:  # `[[[[...` a hundred thousand deep
        raise ImportFailed(t("{file}: not JSON (nested too deeply)", file=path)) from exc
    if not isinstance(data, list):
        raise ImportFailed(t("{file}: expected a JSON array of questions", file=path))
    return data


def import_records(records: list[Any], report: ImportReport, *, operator: str,
                   calendar: WorkingCalendar,
                   now: datetime, working_days: int) -> ImportReport:
    """Check each record alone; store the good ones in one transaction."""
    good: list[rules.QuestionIn] = []
    seen: set[str | None] = set()
    for number, record in enumerate(records, start=1):
        checked = rules.check_record(record, now)
        label = t("record {n}", n=number)
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            label += f" (id {record['id'][:rules.ID_LIMIT]!r})"
        if isinstance(checked, rules.Refusal):
            report.errors.append(f"{label}: {t(checked.key, **checked.values)}")
            continue
        if checked.external_id in seen:
            report.errors.append(f"{label}: {t('the same id appears earlier in the file')}")
            continue
        seen.add(checked.external_id)
        good.append(checked)
    with write_transaction():
        for question in good:
            added = store_question(question, source="web", operator=operator,
                                   calendar=calendar, now=now, working_days=working_days)
            if added.created:
                report.added += 1
            else:
                report.unchanged += 1
    return report


def import_file(path: Path, *, operator: str, calendar: WorkingCalendar, now: datetime,
                working_days: int = 1) -> ImportReport:
    """`support-console helpdesk import FILE.json`."""
    records = read_records(Path(path))
    return import_records(records, ImportReport(str(path)), operator=operator,
                          calendar=calendar, now=now, working_days=working_days)


def inbox_folder(db_target: str, data_dir: Path | None = None) -> Path:
    """`inbox/` beside a SQLite database (the data folder's for the default one), else in the
    data folder."""
    from console.db import is_postgres_url

    if is_postgres_url(db_target):
        from console.datafolder import resolve_data_dir

        return (data_dir or resolve_data_dir()) / "inbox"
    return Path(db_target).resolve().parent / "inbox"


def scan_inbox(folder: Path, *, operator: str, calendar: WorkingCalendar, now: datetime,
               working_days: int = 1) -> list[ImportReport]:
    """Import every `*.json` in `folder` (oldest name first) and move it out of the way."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    reports = []
    for path in sorted(folder.glob("*.json")):
        report = ImportReport(path.name)
        try:
            import_records(read_records(path), report, operator=operator, calendar=calendar,
                           now=now, working_days=working_days)
        except ImportFailed as exc:
            report.errors.append(str(exc))
        target = folder / ("failed" if report.errors else "done")
        target.mkdir(exist_ok=True)
        dest = target / path.name
        if dest.exists():  # the same name dropped again: keep both
            dest = target / f"{path.stem}.{now.strftime('%Y%m%d-%H%M%S')}{path.suffix}"
        shutil.move(str(path), dest)
        if report.errors:
            dest.with_name(dest.name + ".error.txt").write_text(
                report.summary() + "\n" + "\n".join(report.errors) + "\n", encoding="utf-8")
        reports.append(report)
    return reports
