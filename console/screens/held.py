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
