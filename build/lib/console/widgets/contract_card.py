"""The contract card of a verified caller (D3): holder, address, phones, balance, history."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from console.i18n import pick, t
from console.rules.fees import money
from console.services.calls import ContractCard
from console.widgets.fmt import eta_window, hm


class ContractCardView(Static):
    """Shows a `ContractCard`, or nothing at all: an unverified caller sees no contract data."""

    DEFAULT_CSS = """
    ContractCardView { border: round $primary; padding: 0 1; height: auto; min-height: 5; }
    ContractCardView.-empty { border: round $panel; color: $text-muted; }
    """

    def on_mount(self) -> None:
        self.show(None)

    def show(self, card: ContractCard | None, now: datetime | None = None) -> None:
        self.set_class(card is None, "-empty")
        if card is None:
            self.update(t("The contract is shown after the number and the surname match (R13)."))
            return
        text = Text()
        text.append(t("Contract {number}", number=card.number) + "\n", style="bold")
        if card.company:
            text.append(f"{card.company}\n")
            text.append(t("Representative: {name}", name=card.holder) + "\n")
        else:
            text.append(card.holder + "\n")
        text.append(card.address + "\n")
        for phone, mobile in card.phones:
            text.append(f"{phone} ({t('mobile') if mobile else t('landline')})\n")
        balance_style = "bold green" if card.balance_kopecks > 0 else "bold red"
        text.append(t("Balance: "))
        text.append(money(card.balance_kopecks), style=balance_style)
        if card.balance_as_of is not None:
            text.append(" " + t("as of {time}", time=hm(card.balance_as_of)))
        text.append("\n")
        if card.status != "active":
            text.append(t("Contract status: {status}", status=t(card.status)) + "\n", style="red")
        text.append(t("Open tickets:") + (" —\n" if not card.tickets else "\n"), style="bold")
        for ticket in card.tickets:
            eta = eta_window(ticket.eta_start) or t("no visit")
            text.append(f"  №{ticket.id} {pick(ticket.task_ru, ticket.task_en)} · {eta}\n")
        text.append(t("Last calls:") + (" —" if not card.calls else ""), style="bold")
        for call in card.calls:
            outcome = t(call.outcome) if call.outcome else "—"
            text.append(f"\n  {hm(call.started_at)} · {outcome} · {call.operator}")
        self.update(text)
