"""Drafts for every dialog that takes typed text (D14: nothing typed is lost).

`DialogDraftsMixin` on the App gives each dialog pushed (a `ModalScreen` with text fields) a
`DraftKeeper`: what is typed into its `Input`s and `TextArea`s autosaves, keyed by the dialog
and what it shows (its title "Cancel №51", the question it answers), so the draft comes back
when the same dialog is opened again after a crash or a closed terminal. A dialog that answers
or backs out deletes its draft: only a console that dies with a dialog open leaves one. Forms
with drafts of their own (the claim form) say so with `OWN_DRAFT = True`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.screen import ModalScreen
from textual.widgets import Input

from console.screens.draft_keeper import DraftKeeper
from console.widgets.text_fields import field_value, is_text_area, is_text_field

if TYPE_CHECKING:
    from textual.widgets import TextArea

PREFIX = "dialog:"
RETRIES = 20  # x 0.05 s: the dialog's fields are composed after it is pushed


def _fields(screen) -> list[Any]:
    return [w for w in screen.query("Input, TextArea") if is_text_field(w)]


def _value(widget) -> str:
    return field_value(widget)


def _title(screen) -> str:
    titles = screen.query(".dialog-title")
    return str(titles.first().render()).strip() if titles else ""


_NOT_IDENTITY = {"dialog-hint", "dialog-error", "error"}


def _identity(screen) -> str:
    """What the dialog shows besides its fields (title, prompt, the question answered): a
    dialog titled alike for two different questions gets two drafts, so a draft never comes
    back into a dialog about something else."""
    texts = [str(w.render()) for w in screen.query("Static")
             if not is_text_field(w) and not (set(w.classes) & _NOT_IDENTITY)]
    import hashlib  # here: the first dialog needs it, the first frame (issue 12) does not

    return hashlib.sha1("\n".join(texts).encode("utf-8")).hexdigest()[:12]


class _DialogDraft:
    """The draft of one open dialog: its fields' values by position and id."""

    def __init__(self, screen) -> None:
        self.screen = screen
        self.keeper = DraftKeeper(screen, "", self.payload)
        self.initial: list[str] | None = None

    def start(self, tries: int = RETRIES) -> None:
        fields = _fields(self.screen)
        if not fields:
            if tries and self.screen.is_attached:
                self.screen.set_timer(0.05, lambda: self.start(tries - 1))
            return
        self.initial = [_value(w) for w in fields]
        name = f"{PREFIX}{type(self.screen).__name__}:{_identity(self.screen)}:"
        self.keeper.form = (name + _title(self.screen))[:200]
        self.keeper.offer(self.apply)

    def payload(self) -> dict:
        return {"title": _title(self.screen),
                "fields": [[w.id or "", _value(w)] for w in _fields(self.screen)]}

    def changed(self) -> None:
        if self.initial is None:
            return  # not started yet: these are the dialog's own initial values
        if [_value(w) for w in _fields(self.screen)] == self.initial:
            return
        self.keeper.changed()

    def apply(self, draft) -> None:
        stored = draft.payload.get("fields")
        fields = _fields(self.screen)
        if not isinstance(stored, list) or len(stored) != len(fields):
            return  # another dialog's shape (an older version): leave the fields alone
        if [_value(w) for w in fields] != self.initial:
            return  # typed into already: what is on screen now is newer
        for widget, item in zip(fields, stored, strict=True):
            if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], str)):
                continue
            if is_text_area(widget):
                widget.text = item[1]
            else:
                widget.value = item[1]
        self.screen.notify(self.screen.app.translate_draft_restored(draft), timeout=6)


class DialogDraftsMixin:
    """App mixin: drafts for the dialogs it pushes (see the module docstring)."""

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        result = super().push_screen(screen, *args, **kwargs)  # type: ignore[misc]
        if (isinstance(screen, ModalScreen) and not getattr(screen, "OWN_DRAFT", False)
                and getattr(self, "state", None) is not None
                and not hasattr(screen, "_dialog_draft")):
            draft = _DialogDraft(screen)
            screen._dialog_draft = draft  # type: ignore[attr-defined]
            screen.call_after_refresh(draft.start)
        return result

    def pop_screen(self) -> Any:
        stack = self.screen_stack  # type: ignore[attr-defined]
        draft = getattr(stack[-1], "_dialog_draft", None) if stack else None
        if draft is not None and draft.initial is not None:
            draft.keeper.drop()  # answered or backed out: nothing left to offer
        return super().pop_screen()  # type: ignore[misc]

    def on_input_changed(self, event: Input.Changed) -> None:
        self._dialog_changed(event.input)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._dialog_changed(event.text_area)

    @staticmethod
    def _dialog_changed(widget) -> None:
        try:
            screen = widget.screen
        except Exception:
            return  # removed meanwhile
        draft = getattr(screen, "_dialog_draft", None)
        if draft is not None:
            draft.changed()

    def translate_draft_restored(self, draft) -> str:
        from console.i18n import t

        tz = self.state.ctx.tz  # type: ignore[attr-defined]
        return t("Draft of {time} restored", time=draft.updated_at.astimezone(tz).strftime(
            "%d.%m %H:%M"))
