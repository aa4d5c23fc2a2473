"""The claims register of a year as a table (R18): `support-console export claims`.

One row per claim registered that year, in number order, with its due date, the answer (or
rejection) date and how many working days late it was; CSV or XLSX through the shared writer.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from console.documents.tabular import DATE, DATETIME, INTEGER, Column, Sheet, write_table
from console.models import Claim
from console.rules.calendar import WorkingCalendar
from console.rules.claims import CLOSED_STATUSES
from console.statuses import ClaimStatus

STATUS_RU = {ClaimStatus.REGISTERED: "зарегистрирована", ClaimStatus.INCOMPLETE: "неполная",
             ClaimStatus.DIRECTOR: "у директора", ClaimStatus.ANSWERED: "отвечена",
             ClaimStatus.REJECTED: "отклонена"}
CHANNEL_RU = {"letter": "почта", "fax": "факс", "in_person": "лично", "email": "e-mail",
              "phone": "телефон"}
MISSING_RU = {"holder": "ФИО", "contract": "договор", "phone": "телефон",
              "description": "суть", "incident_date": "дата инцидента",
              "specialist": "специалист", "reply_channel": "способ ответа",
              "signature": "подпись"}

COLUMNS = (
    Column("Номер"), Column("Получена", DATETIME), Column("Канал"), Column("Владелец"),
    Column("Договор"), Column("Телефон"), Column("Суть претензии"),
    Column("Инцидент с", DATE), Column("Инцидент по", DATE), Column("Специалист"),
    Column("Способ ответа"), Column("Подпись"), Column("Не хватает (R17)"), Column("Статус"),
    Column("Срок", DATE), Column("Дата ответа", DATE), Column("Ответ отправлен"),
    Column("Исх. номер"), Column("Дней просрочки (раб.)", INTEGER), Column("Ответ / причина"),
)


def days_late(cal: WorkingCalendar, due: datetime, closed: datetime | None,
              now: datetime) -> int:
    """Working days past the due day: to the answer, or to today for an open claim."""
    end = closed or now
    if end <= due:
        return 0
    return max(0, cal.count_working_days(cal.local(due).date(), cal.local(end).date()))


def register_rows(year: int, cal: WorkingCalendar, now: datetime) -> list[list[object]]:
    rows = []
    query = (Claim.select().where(Claim.reg_year == year)
             .order_by(Claim.reg_seq, Claim.id))
    for c in query:
        closed = c.replied_at if c.status in CLOSED_STATUSES else None
        rows.append([
            c.number, c.received_at, CHANNEL_RU.get(c.channel, c.channel), c.holder_full_name,
            c.contract_number, c.contact_phone, c.description, c.incident_from,
            c.incident_to, c.specialist_name, CHANNEL_RU.get(c.reply_channel, ""),
            "да" if c.signed else "нет",
            ", ".join(MISSING_RU.get(m, m) for m in c.missing.split(",") if m),
            STATUS_RU.get(c.status, c.status), cal.local(c.due_at).date(),
            cal.local(closed).date() if closed else None,
            CHANNEL_RU.get(c.reply_channel_used or "", ""), c.reply_letter_no or "",
            days_late(cal, c.due_at, closed, now),
            (c.reply or "") if c.status == ClaimStatus.ANSWERED else (c.reject_reason or ""),
        ])
    return rows


def export_claims(year: int, fmt: str, out: Path, *, calendar: WorkingCalendar,
                  now: datetime) -> tuple[Path, int]:
    """Write the year's register; returns the file and the number of claims in it."""
    rows = register_rows(year, calendar, now)
    sheet = Sheet(f"Претензии {year}", COLUMNS, rows)
    return write_table(out, fmt, [sheet]), len(rows)

