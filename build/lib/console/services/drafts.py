"""Drafts (D14): typed forms survive a crash or a closed terminal.

One draft per operator and form, overwritten on every autosave and deleted when the form is
saved or deliberately discarded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from console.models import Draft, database


@dataclass(frozen=True)
class DraftView:
    """A saved draft and when it was last written."""

    payload: dict
    updated_at: datetime


def save_draft(operator: str, form: str, payload: dict, now: datetime) -> None:
    text = json.dumps(payload, ensure_ascii=False, default=str)
    with database.atomic():
        updated = Draft.update(payload=text, updated_at=now).where(
            Draft.operator == operator, Draft.form == form
        ).execute()
        if not updated:
            Draft.create(operator=operator, form=form, payload=text, updated_at=now)


def load_draft(operator: str, form: str) -> DraftView | None:
    draft = Draft.get_or_none(Draft.operator == operator, Draft.form == form)
    if draft is None:
        return None
    try:
        payload = json.loads(draft.payload)
    except ValueError:
        return None  # a torn write from a killed process: nothing usable to offer
    return DraftView(payload if isinstance(payload, dict) else {}, draft.updated_at)


def delete_draft(operator: str, form: str) -> None:
    Draft.delete().where(Draft.operator == operator, Draft.form == form).execute()
