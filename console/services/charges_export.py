"""The period's charges for billing (R8, R12, D10, D18): one row per charge, CSV or XLSX.

Charges are late cancellations and no-shows (item 1.1, charged or waived) and the Price List
No. 3 work of signed acts. A period is whole Moscow days, `first` to `last` inclusive (D1).
Amounts stay integer kopecks until the writer turns them into roubles (numbers in XLSX).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from peewee import JOIN

from console.documents.tabular import (
    BOOL,
    DATETIME,
    INTEGER,
    MONEY,
    TEXT,
    Column,
    Sheet,
    write_table,
)
from console.models import Act, Charge, Contract, Operator, PriceItem
from console.rules.acts import act_number
from console.rules.calendar import WorkingCalendar
from console.rules.visits import day_range
from console.services.rows import tuples

COLUMNS = (
    Column("Договор", TEXT), Column("Абонент", TEXT), Column("Позиция", TEXT),
    Column("Наименование", TEXT), Column("Кол-во", INTEGER), Column("Сумма, ₽", MONEY),
    Column("Дата", DATETIME), Column("Основание", TEXT), Column("Заявка", INTEGER),
    Column("Выезд", INTEGER), Column("Акт", TEXT), Column("Оператор", TEXT),
    Column("Не начислено (отказ)", BOOL), Column("Причина отказа", TEXT),
)


def _said(reason: str | None) -> str:
    """The reasons the console itself writes, in the file's language (Russian, as its
    headers); a dispatcher's own reason as typed."""
    if not reason:
        return ""
    if reason.startswith("act "):
        return "акт " + reason.removeprefix("act ")
    return {"no-show (D18)": "неявка (D18)"}.get(reason, reason)


def charge_rows(first: date, last: date, calendar: WorkingCalendar) -> list[tuple[Any, ...]]:
    """The charges created in [first, last] (Moscow days), oldest first."""
    lo, hi = day_range(first, calendar)[0], day_range(last, calendar)[1]
    query = (
        tuples(Charge.select(Contract.number, Contract.surname, Contract.first_name,
                             Contract.patronymic, Contract.company, PriceItem.code,
                             PriceItem.name_ru, Charge.quantity, Charge.amount_kopecks,
                             Charge.created_at, Charge.reason, Charge.ticket, Charge.visit,
                             Act.year, Act.number, Operator.login, Charge.waived,
                             Charge.waiver_reason)
               .join(Contract, on=(Charge.contract == Contract.id)).switch(Charge)
               .join(PriceItem, on=(Charge.item == PriceItem.id)).switch(Charge)
               .join(Act, JOIN.LEFT_OUTER, on=(Charge.act == Act.id)).switch(Charge)
               .join(Operator, JOIN.LEFT_OUTER, on=(Charge.created_by == Operator.id))
               .where(Charge.created_at >= lo, Charge.created_at < hi)
               .order_by(Charge.created_at, Charge.id))
    )
    rows = []
    for (number, surname, first_name, patronymic, company, code, name, quantity, amount,
         created, reason, ticket, visit, year, act_no, login, waived, waiver) in query:
        holder = company or " ".join(p for p in (surname, first_name, patronymic) if p)
        rows.append((number, holder, code, name, quantity or 1, amount, created, _said(reason),
                     ticket, visit, act_number(year, act_no) if year else "", login or "",
                     bool(waived), waiver or ""))
    return rows


def export_charges(path: Path, fmt: str, first: date, last: date,
                   calendar: WorkingCalendar) -> tuple[int, int]:
    """Write the period's charges; returns (rows, kopecks charged, waivers excluded)."""
    rows = charge_rows(first, last, calendar)
    # A worksheet's name holds 31 characters: two full dates and the word would lose the year.
    title = f"Начисления {first:%d.%m.%y}-{last:%d.%m.%y}"
    write_table(path, fmt, [Sheet(title, COLUMNS, rows)])
    return len(rows), sum(r[5] for r in rows if not r[12])
