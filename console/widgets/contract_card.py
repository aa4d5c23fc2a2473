"""The contract card of a verified caller (D3): holder, address, phones, balance, history."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from console.i18n import pick, t
from console.rules.balance_age import age_parts, balance_age, balance_is_stale
from console.rules.fees import money
from console.rules.text import printable
from console.statuses import ContractStatus
from console.widgets.fmt import eta_window, hm
from console.widgets.tones import tone

if TYPE_CHECKING:
    from console.services.calls import ContractCard


def balance_staleness(as_of: datetime | None, now: datetime, max_age_hours: int) -> str:
    """'' for a fresh balance, else what to say about its age (R14, policy limit)."""
    if not balance_is_stale(as_of, now, max_age_hours):
        return ""
    age = balance_age(as_of, now)
    if age is None:
        return t("balance date unknown: check billing")
    n, unit = age_parts(age)
    return t("{n} d old: check billing", n=n) if unit == "d" else t(
        "{n} h old: check billing", n=n)


class ContractCardView(Static):
    """Shows a `ContractCard`, or nothing at all: an unverified caller sees no contract data."""

    DEFAULT_CSS = """
    ContractCardView { border: round $primary; padding: 0 1; height: auto; min-height: 5; }
    ContractCardView.-empty { border: round $panel; color: $text-muted; }
    """

    def on_mount(self) -> None:
        self.show(None)

    def show(self, card: ContractCard | None, now: datetime | None = None,
             max_age_hours: int | None = None) -> None:
        """`now` and `max_age_hours` flag a balance older than the policy allows (R14)."""
        self.set_class(card is None, "-empty")
        if card is None:
            self.update(t("The contract is shown after the number and the surname match (R13)."))
            return
        text = Text()
        text.append(t("Contract {number}", number=printable(card.number)) + "\n", style="bold")
        if card.company:
            text.append(f"{printable(card.company)}\n")
            text.append(t("Representative: {name}", name=printable(card.holder)) + "\n")
        else:
            text.append(printable(card.holder) + "\n")
        text.append(printable(card.address) + "\n")
        for phone, mobile in card.phones:
            text.append(f"{printable(phone)} ({t('mobile') if mobile else t('landline')})\n")
        balance_style = tone(self, "ok" if card.balance_kopecks > 0 else "bad", bold=True)
        text.append(t("Balance: "))
        text.append(money(card.balance_kopecks), style=balance_style)
        if card.balance_as_of is not None:
            text.append(" " + t("as of {time}", time=hm(card.balance_as_of)))
        if now is not None and max_age_hours is not None:
            stale = balance_staleness(card.balance_as_of, now, max_age_hours)
            if stale:
                text.append(f" ({stale})", style=tone(self, "warn", bold=True))
        text.append("\n")
        if card.status != ContractStatus.ACTIVE:
            text.append(t("Contract status: {status}", status=t(card.status)) + "\n",
                        style=tone(self, "bad"))
        text.append(t("Open tickets:") + (" —\n" if not card.tickets else "\n"), style="bold")
        for ticket in card.tickets:
            eta = eta_window(ticket.eta_start) or t("no visit")
            text.append(f"  №{ticket.id} {pick(ticket.task_ru, ticket.task_en)} · {eta}\n")
        if card.charges:
            text.append(t("Charges:") + "\n", style="bold")
            for charge in card.charges:
                text.append(f"  {hm(charge.created_at)} · {t('item')} {charge.item} · ")
                text.append(money(charge.amount_kopecks),
                            style="strike" if charge.waived else "bold")
                if charge.waived:
                    text.append(" · " + t("waived: {reason}", reason=charge.waiver_reason))
                elif charge.reason:
                    text.append(" · " + charge.reason)
                text.append("\n")
        if card.cancelled:
            text.append(t("Cancelled tickets:") + "\n", style="bold")
            for gone in card.cancelled:
                text.append(f"  №{gone.id} {pick(gone.task_ru, gone.task_en)} · "
                            f"{hm(gone.cancelled_at)} · {gone.by or '—'} · "
                            f"{gone.reason or '—'}\n")
        text.append(t("Last calls:") + (" —" if not card.calls else ""), style="bold")
        for call in card.calls:
            outcome = t(call.outcome) if call.outcome else "—"
            text.append(f"\n  {hm(call.started_at)} · {outcome} · {printable(call.operator)}")
        self.update(text)
