"""Closing a visit from F4: the act (R7, R12), a no-show (D18), the act's PDF again, a
cancellation at the client's request (R8, D10), and settling the day-close list.

`VisitClosing` belongs to the F4 screen (composition): it asks the dispatcher through dialogs and
runs the services through the screen's `call_service`, whose refusals the screen shows next to
the grid. The act form shows its own refusals next to the field they are about.
"""

from __future__ import annotations

from pathlib import Path

from console.i18n import t
from console.rules.fees import money
from console.screens.act_dialog import ActDialog
from console.screens.dialogs import ChargeDialog, ReasonDialog, ask_charge
from console.screens.held import push_on
from console.services import acts, tickets, visits
from console.services.acts import ActInput, ActResult
from console.services.slots import UNSETTLED, WITH_ACT, SlotKind, SlotVisit
from console.statuses import TicketStatus, VisitOutcome
from console.widgets.fmt import hm

CLOSE_OPTIONS = (
    (VisitOutcome.DONE, "Done: the act is signed"),
    (VisitOutcome.FOLLOW_UP, "Not solved: a follow-up visit is needed"),
    (VisitOutcome.REFUSED, "Refused as impossible or impractical (R12)"),
    (VisitOutcome.NO_SHOW, "Client absent or no access (D18)"),
)


def acts_dir(ctx) -> Path:
    """Where this console writes acts (services.acts.acts_folder)."""
    return acts.acts_folder(ctx.db_target, ctx.data_dir)


class VisitClosing:
    """The F4 flows that end a visit; `screen` is the TimeslotsScreen that owns it."""

    def __init__(self, screen) -> None:
        self.screen = screen

    def close(self, visit: SlotVisit | None) -> None:
        """`c`: the outcome, then the act form or the no-show charge question."""
        screen = self.screen
        if visit is None:
            screen.notify(t("Put the cursor on a visit first."), severity="warning")
            return
        if visit.status not in UNSETTLED:
            screen.refused(tickets.TicketError("The ticket is already closed"))
            return
        options = [(key, t(label)) for key, label in CLOSE_OPTIONS]

        def chosen(key: str | None) -> None:
            if key == VisitOutcome.NO_SHOW:
                self.no_show(visit.ticket_id, visit.version)
            elif key is not None:
                if visit.status != SlotKind.IN_PROGRESS:
                    screen.refused(tickets.TicketError("The visit has not started"))
                    return
                self.act_form(visit.ticket_id, visit.version, visit.client, visit.address,
                              visit.responsible_name, key)

        screen.pick(t("Close №{ticket}: the outcome", ticket=visit.ticket_id), options, chosen,
                    entity=f"ticket:{visit.ticket_id}")

    def act_form(self, ticket_id: int, version: int | None, client: str, address: str,
                 responsible: str, outcome: str, then=None) -> None:
        """The act dialog; Ctrl+S runs `acts.close_visit`, refusals go back to the dialog."""
        screen = self.screen
        ctx = screen.state.ctx
        prices = {item.code: item for item in ctx.reference.price_items}

        def save(act: ActInput, dialog: ActDialog) -> None:
            def done(result: ActResult) -> None:
                dialog.dismiss(None)
                screen.notify(t("Act {number} written: {path}", number=result.number,
                                path=str(result.pdf_path)), timeout=10)
                if result.follow_up_refused:
                    screen.notify(t("No follow-up ticket was queued: {why}",
                                    why=t(result.follow_up_refused)), severity="warning",
                                  timeout=12)
                screen.applied(result.outcome)
                if then is not None:
                    then()

            screen.state.run_service(
                acts.close_visit, ticket_id, act, version=version,
                operator=ctx.operator_login, calendar=ctx.calendar, now=screen.state.now(),
                acts_dir=acts_dir(ctx), company=ctx.reference.policy.company_name,
                on_done=done, on_error=dialog.refused, refresh=True)

        title = t("Act for №{ticket} · {client} · {address}", ticket=ticket_id, client=client,
                  address=address)
        push_on(screen, f"ticket:{ticket_id}",
                ActDialog(title, outcome, responsible, prices, save))

    def no_show(self, ticket_id: int, version: int | None, then=None) -> None:
        """D18: the service asks for the decision; item 1.1 charged (Enter) or waived (W)."""
        screen = self.screen
        policy = screen.state.ctx.reference.policy

        def finished(outcome) -> None:
            screen.applied(outcome)
            if then is not None:
                then()

        def refused(error: Exception) -> None:
            if not isinstance(error, tickets.ChargeDecisionNeeded):
                screen.refused(error)
                return
            message = t("Nobody at {time}, or no access (D18). Charge {price} (Price List "
                        "No. 3, item 1.1)?", time=hm(error.told_start),
                        price=money(error.price_kopecks))

            def decided(answer: tuple[bool, str] | None) -> None:
                if answer is not None:
                    screen.call_service(visits.record_no_show, ticket_id, version=version,
                                        charge=answer[0], waiver_reason=answer[1],
                                        policy=policy, on_done=finished)

            push_on(screen, f"ticket:{ticket_id}",
                    ChargeDialog(message, t("Client absent or no access (D18)"),
                                 t("Enter: charge · W: waive with a reason · Esc: back")),
                    decided)

        screen.call_service(visits.record_no_show, ticket_id, version=version, policy=policy,
                            on_error=refused)

    def rewrite_act(self, visit: SlotVisit | None) -> None:
        """`o`: write the closed visit's act again."""
        screen = self.screen
        if visit is None or visit.status not in WITH_ACT:
            screen.notify(t("Put the cursor on a closed visit: only it has an act."),
                          severity="warning")
            return
        ctx = screen.state.ctx

        def shown(view) -> None:
            screen.notify(t("Act {number} written: {path}", number=view.number,
                            path=view.pdf_path), timeout=10)

        screen.state.run_service(acts.rewrite_act, visit.ticket_id, acts_dir=acts_dir(ctx),
                                 company=ctx.reference.policy.company_name, on_done=shown,
                                 on_error=screen.refused)

    # -- cancelling at the client's request (R8, D10) --
    def cancel(self, visit: SlotVisit | None) -> None:
        """`x`: who asks, why, and the R8 charge question when it is late. The notice counts
        from the moment `x` was pressed, or from the start of the call in progress."""
        screen = self.screen
        if visit is None or visit.status not in UNSETTLED:
            screen.notify(t("Put the cursor on a planned visit first."), severity="warning")
            return
        call = screen.state.get("call")
        notice_at = (call.started_at if call is not None and call.call_id
                     and call.started_at is not None else screen.state.now())

        def who(key: str | None) -> None:
            if key is None:
                return

            def got(reason: str | None) -> None:
                if reason:
                    self._cancel(visit, reason, key, notice_at)

            push_on(screen, f"ticket:{visit.ticket_id}", ReasonDialog(
                t("Cancel {ticket}", ticket=f"№{visit.ticket_id}"),
                t("Why is it cancelled?")), got)

        screen.pick(t("Who asks to cancel №{ticket}?", ticket=visit.ticket_id),
                    [("client", t("The client (the contract holder)")),
                     ("responsible", t("The responsible person: {name}",
                                       name=visit.responsible_name or "—"))], who,
                    entity=f"ticket:{visit.ticket_id}")

    def _cancel(self, visit: SlotVisit, reason: str, cancelled_by: str, notice_at) -> None:
        screen = self.screen
        policy = screen.state.ctx.reference.policy
        common = dict(version=visit.version, policy=policy, notice_at=notice_at,
                      cancelled_by=cancelled_by)

        def refused(error: Exception) -> None:
            if not isinstance(error, tickets.ChargeDecisionNeeded):
                screen.refused(error)
                return

            def decided(charge: bool, waiver: str) -> None:
                screen.call_service(tickets.cancel, visit.ticket_id, reason, charge=charge,
                                    waiver_reason=waiver, **common)

            ask_charge(screen.app, error.told_start, error.price_kopecks, decided)

        screen.call_service(tickets.cancel, visit.ticket_id, reason, on_error=refused, **common)

    # -- the day close --
    def settle(self, row, how: str, then) -> None:
        """Settle one visit of the day-close list: done (the act), no-show, reschedule."""
        screen = self.screen
        if how == "reschedule":
            screen.call_service(visits.reschedule, row.ticket_id, version=None,
                                on_done=lambda out: (screen.applied(out), then()))
        elif how == VisitOutcome.NO_SHOW:
            self.no_show(row.ticket_id, None, then)
        elif row.status == TicketStatus.IN_PROGRESS:
            self.act_form(row.ticket_id, None, row.client, row.address, row.responsible,
                          VisitOutcome.DONE, then)
        else:
            # Never marked on site: he was there at the planned time (reported afterwards).
            def started(_out) -> None:
                self.act_form(row.ticket_id, None, row.client, row.address, row.responsible,
                              VisitOutcome.DONE, then)

            screen.call_service(tickets.start_visit, row.ticket_id, version=None,
                                started_at=row.start, on_done=started)
