"""Drafts (D14): typed forms survive a crash or a closed terminal.

A draft belongs to a console run (`AppContext.console_id`), its operator and the form: two
consoles under one login keep their own, and one console's save deletes only its own draft.
Each autosave overwrites the console's draft; saving the form or discarding it deletes it.

At the next start every draft of the operator is offered, except those of a console that is
still running (its presence heartbeat is fresh: that dispatcher is still typing). A draft taken
over by a new console (`adopt_draft`) becomes that console's, so it is offered once, not again
at every start.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from console.models import Draft, database
from console.rules.text import clean_json


@dataclass(frozen=True)
class DraftView:
    """A saved draft and when it was last written."""

    payload: dict[str, Any]
    updated_at: datetime
    console: str = ""
    form: str = ""


def save_draft(operator: str, form: str, payload: dict[str, Any], now: datetime, *,
               console: str = "") -> None:
    text = json.dumps(clean_json(payload), ensure_ascii=False, default=str)
    with database.atomic():
        updated = Draft.update(payload=text, updated_at=now).where(
            Draft.console == console, Draft.operator == operator, Draft.form == form
        ).execute()
        if not updated:
            Draft.create(console=console, operator=operator, form=form, payload=text,
                         updated_at=now)


def _view(draft: Draft) -> DraftView | None:
    try:
        payload = json.loads(draft.payload)
    except ValueError:
        return None  # a torn write from a killed process: nothing usable to offer
    return DraftView(payload if isinstance(payload, dict) else {}, draft.updated_at,
                     draft.console, draft.form)


def list_drafts(operator: str, form: str | None = None, *, now: datetime | None = None,
                own_console: str | None = None) -> list[DraftView]:
    """The operator's drafts to offer, newest first: this console's own, and those of consoles
    no longer running (with `now`: another console seen within `presence.ONLINE_SECONDS` is
    running and keeps its draft to itself)."""
    from console.services.presence import live_consoles

    query = Draft.select().where(Draft.operator == operator)
    if form is not None:
        query = query.where(Draft.form == form)
    live = live_consoles(now) - {own_console} if now is not None else set()
    views = [_view(d) for d in query.order_by(Draft.updated_at.desc(), Draft.id.desc())
             if d.console not in live]
    return [v for v in views if v is not None]


def load_draft(operator: str, form: str, *, now: datetime | None = None,
               own_console: str | None = None) -> DraftView | None:
    """The newest draft of this operator and form that may be offered (see `list_drafts`)."""
    found = list_drafts(operator, form, now=now, own_console=own_console)
    return found[0] if found else None


def adopt_draft(operator: str, form: str, from_console: str, to_console: str) -> None:
    """A restored draft becomes the restoring console's (replacing its own autosave)."""
    if from_console == to_console:
        return
    with database.atomic():
        Draft.delete().where(Draft.console == to_console, Draft.operator == operator,
                             Draft.form == form).execute()
        Draft.update(console=to_console).where(
            Draft.console == from_console, Draft.operator == operator, Draft.form == form
        ).execute()


def delete_draft(operator: str, form: str, *, console: str = "") -> None:
    """Delete this console's draft of the form (never another console's)."""
    Draft.delete().where(Draft.console == console, Draft.operator == operator,
                         Draft.form == form).execute()

