"""Closing a visit with its completion act (R7, R12): the act, its items, charges, the PDF.

`close_visit` is one write transaction: it re-checks the act (a signer, the signer's role when
it is not the responsible person, existing items with whole positive quantities, a reason for a
refusal), finishes the visit through `tickets.finish_visit` (the visit must have started),
numbers the act per year, stores its items, charges the Price List No. 3 work to the contract
(R12: paid separately), and for "not solved" queues a linked follow-up ticket. The printable
A4 PDF is written after the commit under `data/acts/<year>/`; `write_act_pdf` writes it again
(the `o` key), so a failed write loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from peewee import fn

from console.db import write_transaction
from console.models import (
    Act,
    ActItem,
    Charge,
    Contract,
    Operator,
    PriceItem,
    TaskType,
    Technician,
    Ticket,
    Visit,
)
from console.rules.acts import (
    ERR_PAID_EMPTY,
    ActItemsRefused,
    ActLine,
    act_number,
    price_lines,
)
from console.rules.calendar import WorkingCalendar
from console.rules.fees import money
from console.services import audit, tickets
from console.services.rows import tuples
from console.statuses import TicketStatus, VisitOutcome, VisitStatus

OUTCOMES = (VisitOutcome.DONE, VisitOutcome.FOLLOW_UP, VisitOutcome.REFUSED)
MSK = ZoneInfo("Europe/Moscow")  # D1: the act is dated in Moscow time


class ActRefused(ValueError):
    """The act cannot be stored; `key` is the sentence, `field` the form field it is about."""

    def __init__(self, key: str, field: str = "", **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.field = field
        self.values = values


@dataclass(frozen=True)
class ActInput:
    """What the dispatcher enters when the technician reports the visit done (R7)."""

    outcome: str  # done | follow_up | refused
    signer_name: str
    work_done: str
    items: tuple[ActLine, ...] = ()
    signer_is_responsible: bool = True
    signer_role: str = ""
    refusal_reason: str = ""


@dataclass(frozen=True)
class ActResult:
    """The stored act: its number, total, the PDF and the follow-up ticket if one was queued."""

    act_id: int
    number: str
    total_kopecks: int
    pdf_path: Path | None
    follow_up_ticket: int | None
    outcome: tickets.Outcome
    follow_up_refused: str = ""  # why the follow-up could not be queued (a gate said no)


def _check(act: ActInput) -> None:
    if act.outcome not in OUTCOMES:
        raise ActRefused("Choose the visit's outcome", "outcome")
    if not act.signer_name.strip():
        raise ActRefused("Who signed the act?", "signer")
    if not act.signer_is_responsible and not act.signer_role.strip():
        raise ActRefused("Give the signer's role (e.g. the flat's owner, the office manager)",
                         "role")
    if act.outcome == VisitOutcome.REFUSED and not act.refusal_reason.strip():
        raise ActRefused("Give the reason the work was refused (R12)", "refusal")
    if not act.work_done.strip() and act.outcome != VisitOutcome.REFUSED:
        raise ActRefused("Describe the work done", "work")


def close_visit(ticket_id: int, act: ActInput, *, version: int | None, operator: str,
                calendar: WorkingCalendar, now: datetime, acts_dir: Path,
                company: str = "") -> ActResult:
    """R7: close the visit with the signed act. Nothing is stored when anything is wrong."""
    _check(act)
    follow_up_refused = ""
    with write_transaction():
        prices: dict[str, int] = {
            code: price for code, price in
            tuples(PriceItem.select(PriceItem.code, PriceItem.price_kopecks))}
        try:
            lines = price_lines(act.items, prices)
        except ActItemsRefused as exc:
            raise ActRefused(exc.key, "items", **exc.values) from exc
        ticket = Ticket.get_or_none(Ticket.id == ticket_id)
        if ticket is None:
            raise tickets.TicketError("No such ticket")
        if ticket.status != TicketStatus.IN_PROGRESS:
            raise tickets.TicketError("The visit has not started")
        if act.outcome == VisitOutcome.DONE and not lines and ticket.task_type.billable:
            # R12: the work is billed by the act's items; a done act without them bills 0.
            raise ActRefused(ERR_PAID_EMPTY, "items")
        outcome = tickets.finish_visit(ticket_id, act.signer_name.strip(), version=version,
                                       operator=operator, calendar=calendar, now=now)
        visit = (Visit.select().where(Visit.ticket == ticket_id, Visit.status == VisitStatus.DONE)
                 .order_by(Visit.finished_at.desc(), Visit.id.desc()).get())
        Visit.update(outcome=act.outcome).where(Visit.id == visit.id).execute()
        year = calendar.local(now).year
        number = (Act.select(fn.MAX(Act.number)).where(Act.year == year).scalar() or 0) + 1
        total = sum(line.amount_kopecks for line in lines)
        by = Operator.get_or_none(Operator.login == operator)
        row = Act.create(
            year=year, number=number, visit=visit.id, ticket=ticket_id,
            signer_name=act.signer_name.strip(), signer_role=act.signer_role.strip(),
            signer_is_responsible=act.signer_is_responsible, work_done=act.work_done.strip(),
            outcome=act.outcome, refusal_reason=act.refusal_reason.strip() or None,
            total_kopecks=total, created_at=now, updated_at=now, created_by=by,
        )
        items = {code: pid for pid, code in tuples(PriceItem.select(PriceItem.id, PriceItem.code))}
        for line in lines:
            ActItem.create(act=row, item=items[line.code], quantity=line.quantity,
                           price_kopecks=line.price_kopecks, amount_kopecks=line.amount_kopecks)
            # R12: Price List No. 3 work is outside the contract and billed separately.
            Charge.create(contract=ticket.contract_id, item=items[line.code],
                          amount_kopecks=line.amount_kopecks, quantity=line.quantity,
                          reason=f"act {act_number(year, number)}", ticket=ticket_id,
                          visit=visit.id, act=row, created_at=now, created_by=by)
        follow_up = None
        if act.outcome == VisitOutcome.FOLLOW_UP:
            try:
                follow_up = _queue_follow_up(ticket, row, operator=operator, calendar=calendar,
                                             now=now)
            except tickets.TicketError as exc:
                # The act stands; the dispatcher is told why no follow-up was queued.
                follow_up_refused = str(exc)
        audit.record(operator, "act_signed", "ticket", ticket_id,
                     {"act": act_number(year, number), "outcome": act.outcome,
                      "total_kopecks": total, "signer": act.signer_name,
                      "follow_up": follow_up}, at=now)
    path = write_act_pdf(row.id, acts_dir=acts_dir, company=company)
    return ActResult(row.id, act_number(year, number), total, path, follow_up, outcome,
                     follow_up_refused)


def _queue_follow_up(ticket: Ticket, act: Act, *, operator: str, calendar: WorkingCalendar,
                     now: datetime) -> int:
    """Not solved: a linked ticket with the same client and task goes into the queue."""
    task = TaskType.get_by_id(ticket.task_type_id)
    # R6: a visit ticket names a desired time: the start of the next working day's window.
    next_day = calendar.next_working_day(calendar.local(now).date())
    window = calendar.visit_window_on(next_day)
    assert window is not None, "a working day has a visit window"
    desired = window[0]
    form = tickets.NewTicket(
        task_type=task.code,
        description=f"Повторный выезд по заявке №{ticket.id}: {ticket.description}"[:2000],
        responsible_name=ticket.responsible_name, contact_phone=ticket.contact_phone,
        contact_is_mobile=ticket.contact_is_mobile, desired_at=desired,
        intercom_code=ticket.intercom_code, no_intercom=ticket.no_intercom,
        billable_agreed=ticket.billable_agreed, contract_id=ticket.contract_id,
        channel=ticket.channel,
    )
    out = tickets.create_ticket(form, operator=operator, calendar=calendar, now=now)
    Act.update(follow_up_ticket=out.ticket_id).where(Act.id == act.id).execute()
    return out.ticket_id


OUTCOME_TEXT = {
    "done": "Работы выполнены, претензий к качеству нет.",
    "follow_up": "Проблема не решена: нужен повторный выезд (заявка № {follow_up}).",
    "refused": "В выполнении работ отказано как в невозможных или нецелесообразных "
               "(Прейскурант № 3, R12). Причина: {reason}",
}


def acts_folder(db_target: str, data_dir: Path | None) -> Path:
    """Acts live in `acts/` beside the SQLite database (the data folder's `acts/` for its
    console.db); with PostgreSQL in the data folder."""
    from console.db import is_postgres_url

    if is_postgres_url(db_target):
        from console.datafolder import resolve_data_dir

        return (data_dir or resolve_data_dir()) / "acts"
    return Path(db_target).resolve().parent / "acts"


def act_pdf_path(acts_dir: Path, year: int, number: int) -> Path:
    return Path(acts_dir) / str(year) / f"{act_number(year, number)}.pdf"


def write_act_pdf(act_id: int, *, acts_dir: Path, company: str = "") -> Path:
    """Write (or re-write) the act's printable A4 PDF; returns its path."""
    from console.documents.pdf import PdfDocument

    act = Act.get_by_id(act_id)
    visit = Visit.get_by_id(act.visit_id)
    ticket = Ticket.get_by_id(act.ticket_id)
    contract = Contract.get_by_id(ticket.contract_id)
    tech = Technician.get_by_id(visit.technician_id)
    task = TaskType.get_by_id(ticket.task_type_id)
    tz = MSK
    holder = " ".join(p for p in (contract.surname, contract.first_name, contract.patronymic)
                      if p)
    if contract.company:
        holder = f"{contract.company} (представитель: {holder})"
    number = act_number(act.year, act.number)
    started = visit.started_at or visit.start
    doc = PdfDocument(f"Акт выполненных работ № {number}", author=company,
                      created=act.created_at)
    doc.heading(f"Акт выполненных работ № {number}")
    if company:
        doc.paragraph(company, bold=True, align="C")
        doc.spacer(2)
    doc.fields([
        ("Дата", f"{started.astimezone(tz):%d.%m.%Y}"),
        ("Договор", contract.number),
        ("Абонент", holder),
        ("Адрес", contract.address),
        ("Заявка", f"№ {ticket.id} · {task.name_ru}"),
        ("Техник", tech.name),
        ("Время работ", f"{started.astimezone(tz):%H:%M}–"
                        f"{(visit.finished_at or visit.end).astimezone(tz):%H:%M}"),
        ("Что сделано", act.work_done),
    ])
    doc.spacer(3)
    rows = []
    for ai, item in _items(act.id):
        rows.append([item.code, item.name_ru, str(ai.quantity), item.unit,
                     money(ai.price_kopecks), money(ai.amount_kopecks)])
    if rows:
        doc.paragraph("Работы по Прейскуранту № 3 (оплачиваются отдельно, R12):", bold=True)
        doc.table(["№", "Работа", "Кол-во", "Ед.", "Цена", "Сумма"], rows,
                  widths=(1, 6, 1.3, 1, 2, 2), align="LLRLRR",
                  footer=["", "Итого", "", "", "", money(act.total_kopecks)])
    else:
        doc.paragraph("Работы по Прейскуранту № 3 не выполнялись. Итого: "
                      + money(act.total_kopecks))
    doc.spacer(2)
    doc.paragraph(OUTCOME_TEXT[act.outcome].format(
        follow_up=act.follow_up_ticket_id or "—", reason=act.refusal_reason or "—"))
    doc.spacer(4)
    doc.signature("Исполнитель", tech.name)
    doc.signature("Работы принял (заказчик)", act.signer_name)
    if not act.signer_is_responsible:
        doc.paragraph(f"Подписал не ответственное лицо по заявке: {act.signer_name}, "
                      f"{act.signer_role}", size=8)
    path = doc.save(act_pdf_path(acts_dir, act.year, act.number))
    Act.update(pdf_path=str(path)).where(Act.id == act.id).execute()
    return path


def _items(act_id: int) -> list[tuple[ActItem, PriceItem]]:
    rows = (ActItem.select(ActItem, PriceItem).join(PriceItem)
            .where(ActItem.act == act_id).order_by(PriceItem.code))
    return [(row, row.item) for row in rows]


@dataclass(frozen=True)
class ActView:
    """A stored act as the screen shows it."""

    id: int
    number: str
    outcome: str
    total_kopecks: int
    pdf_path: str


def rewrite_act(ticket_id: int, *, acts_dir: Path, company: str = "") -> ActView:
    """`o`: the act of a done visit, written again from the database."""
    act = (Act.select().where(Act.ticket == ticket_id).order_by(Act.id.desc()).first())
    if act is None:
        raise tickets.TicketError("This visit has no act")
    path = write_act_pdf(act.id, acts_dir=acts_dir, company=company)
    return ActView(act.id, act_number(act.year, act.number), act.outcome, act.total_kopecks,
                   str(path))
