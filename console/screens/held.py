"""Dialogs on a ticket or claim that other consoles can see are open here (D14 presence).

`push_on(screen, "claim:7", dialog, callback)` opens the dialog and tells the presence row
what it is open on until it closes; `held_here_text(screen, "claim:7")` is what this console
says about another console holding it ("открыто у Ивановой с 11:02"), or "".
"""

from __future__ import annotations

from typing import Any


def push_on(screen, entity: str, dialog, callback=None) -> None:
    state = screen.app.state

    state.open_entity(entity)

    def closed(result: Any) -> None:
        state.open_entity(None)
        if callback is not None:
            callback(result)

    screen.app.push_screen(dialog, closed)


def held_here_text(screen, entity: str) -> str:
    from console.widgets.presence_text import held_text

    state = screen.app.state
    holder = state.held_elsewhere(entity)
    return held_text(holder, state.ctx.tz) if holder else ""


# What another console's last audited action was, in words (a stale edit's refusal, D14).
LAST_ACTIONS = {
    "claim_registered": "claim registered", "claim_signed": "signature recorded",
    "claim_to_director": "sent to the director", "claim_answered": "claim answered",
    "claim_rejected": "claim rejected", "claim_deleted": "claim deleted",
    "claim_letter": "reply letter written", "question_answer": "question answered",
    "question_ticket": "a ticket was made of it", "question_out_of_scope": "referred (R2)",
}


def refusal_text(error: Exception, tz) -> str:
    """The service's sentence; for a stale edit also what the other console did, who, when:
    "… Last change: answered (Petrova, 11:02)."."""
    from console.i18n import t
    from console.rules.text import printable

    text = t(str(error))
    change = getattr(error, "change", None)
    if change is None:
        return text
    what = t(LAST_ACTIONS[change.action]) if change.action in LAST_ACTIONS else change.action
    return text + " " + t("Last change: {what} ({who}, {time}).", what=what,
                          who=printable(change.operator),
                          time=change.at.astimezone(tz).strftime("%H:%M"))
