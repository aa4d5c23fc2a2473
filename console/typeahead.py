"""Typeahead: every key typed ahead reaches the field or dialog it was typed for.

Why this exists. Textual forwards a key to the focused widget at once, but runs a non-priority
binding (Tab -> next field, `x` -> the cancel dialog, Enter -> pick an option) only when the key
has bubbled back up to the App, one ancestor's message queue at a time. Keys typed in one burst
(a fast dispatcher, a paste, a loaded machine that falls behind) are all forwarded to the *old*
focused widget before the first key's binding has moved focus or opened its dialog: in
`10000001<Tab>Иванов` the surname lands in the contract number field, and the text typed after
`x` goes to the queue under the dialog instead of into its reason.

The gate. The App hands keys (and pastes) to Textual one at a time. A key that arrives while the
UI is still busy with the previous one waits in a buffer until the focus chain has settled: the
message queues of the focused widget, its ancestors and the screen hold nothing but repaints
(the binding ran, the dialog it opened is mounted and focused, the callbacks it scheduled ran).
Text typed into a field goes straight after the text before it (same field, same order).
Typing at human speed never waits: the UI has settled long before the next key.

Holds. A dialog opened by a worker's answer (pick a technician once the list is read; confirm a
late-cancel charge the service asked about) appears later than the key that asked for it.
`hold()` keeps keys in the buffer until `release()`, so an Esc typed before that dialog opened
goes to the dialog.

Double taps. An Enter tapped twice within `DOUBLE_TAP`, the second arriving after the first closed
a dialog back to a screen or opened one from a screen, confirms once: the second is dropped
rather than acting on whatever came up next (the ticket details, the row under the cursor).
When the first Enter answered a dialog and the flow asked its next question in another dialog
(the reason, then who asks to cancel), the second Enter was typed for that question and goes to it.

A hold never outlives `HOLD_LIMIT`, nor a wait for the screen to settle `SETTLE_LIMIT`: whatever
goes wrong, the keyboard comes back.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque
from typing import TYPE_CHECKING

from textual import events, messages
from textual.message import Message
from textual.screen import ModalScreen

from console.widgets.text_fields import is_text_field

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump
    from textual.widget import Widget

HOLD_LIMIT = 10.0  # seconds: a worker slower than this gives the keyboard back
SETTLE_LIMIT = 5.0  # seconds a buffered key waits for a busy focus chain at most
POLL = 0.002  # seconds between looks while a key waits
DOUBLE_TAP = 0.3  # seconds: the same confirming key again this fast is a double tap
DOUBLE_TAP_KEYS = ("enter",)

Typed = events.Key | events.Paste
IDLE = (messages.Prompt, events.Idle)  # a pump waking up with nothing to do
# Queued work that only repaints: it never moves focus or opens a screen.
COSMETIC = (*IDLE, messages.Update, messages.Layout, messages.UpdateScroll)


class DeliverKey(Message, bubble=False):
    """Asks the App (on its own task) to hand the next buffered key to Textual."""


def _parked(pump: MessagePump) -> bool:
    """The pump's task waits in its queue's `get` (or was just woken there): it is not in the
    middle of handling a message. Textual's queue is a deque plus an asyncio.Event; a task in
    `get` is a waiter on that event until it runs again."""
    return bool(pump._message_queue.ready_event._waiters)  # type: ignore[attr-defined]


def _busy(pump: MessagePump, *, screen: bool = False) -> bool:
    """Something that may move focus or change screens is queued or being handled, or the
    pump is still mounting. Repaints and layouts queued on the screen do not count; neither
    does the screen's task being in the middle of one (its own handlers are short and
    synchronous; keys and actions run on the App, which is checked on its own)."""
    if getattr(pump, "_closing", False) or getattr(pump, "_closed", False):
        return False
    if not pump._is_mounted:
        return True
    pending = pump._pending_message  # type: ignore[attr-defined]
    if (pending is not None and not isinstance(pending, COSMETIC)) or pump._next_callbacks:
        return True
    queued = [m for m in pump._message_queue.values if not isinstance(m, COSMETIC)]  # type: ignore
    if queued:
        return True
    return not screen and not _parked(pump)


class KeyGate:
    """The buffer of keys typed ahead and the holds that keep them there."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.buffer: deque[Typed] = deque()
        self._holds: dict[int, float] = {}  # token -> monotonic deadline
        self._tokens = itertools.count(1)
        self._posted = False  # a DeliverKey is on its way to the App
        self._polling = False
        self._waiting_since: float | None = None
        # The text field the keys delivered last were typed into, while they were all plain
        # text: the next key goes straight after them (same field, same order), no waiting.
        self._typing_into: Widget | None = None
        self._last: tuple[str, float, object] | None = None  # key, when typed, screen then

    # -- holds ---------------------------------------------------------------------------------
    def hold(self) -> int:
        """Keep typed keys in the buffer until `release(token)` (or `HOLD_LIMIT`)."""
        token = next(self._tokens)
        self._holds[token] = time.monotonic() + HOLD_LIMIT
        return token

    def release(self, token: int) -> None:
        self._holds.pop(token, None)
        self.poll()

    @property
    def held(self) -> bool:
        now = time.monotonic()
        for token, deadline in list(self._holds.items()):
            if deadline <= now:
                del self._holds[token]
                self.app.log.warning("typeahead: a hold expired; keys go where focus is now")
        return bool(self._holds)

    # -- settling ------------------------------------------------------------------------------
    def settled(self, *, on_app_task: bool = False) -> bool:
        """Whether the next key may go: no hold, and the screen and App have nothing pending.

        `on_app_task`: asked by the App while it handles the arriving key itself (that one
        message does not make the App busy).
        """
        if self.held:
            return False
        app = self.app
        # The App's own queue may hold keys not yet buffered (they wait their turn anyway);
        # anything else there (a worker's answer, a bubbled key) is work in progress.
        queued: list[Message] = list(app._message_queue.values)  # type: ignore[attr-defined]
        if any(not _is_typed(m) and not isinstance(m, IDLE) for m in queued):
            return False
        if app._next_callbacks or app._pending_message is not None:  # type: ignore[attr-defined]
            return False
        if not on_app_task and not _parked(app):
            return False
        try:
            screen = app.screen
        except Exception:  # no screen yet (start) or none left (exit)
            return True
        if screen._callbacks:  # call_after_refresh work not run yet  # type: ignore[attr-defined]
            return False
        # Only the focus chain decides where the next key goes: the focused widget and its
        # ancestors (a key bubbles up through them; so do the messages its binding posts, like
        # an option picked or a field submitted) and the screen. The footer redrawing its keys
        # or the status bar ticking elsewhere on the screen do not hold keys back.
        focused = screen.focused
        chain = focused.ancestors_with_self if focused is not None else [screen]
        return not any(
            _busy(node, screen=node is screen) for node in chain if node is not app
        )

    # -- the flow ------------------------------------------------------------------------------
    def ready(self, event: Typed, *, on_app_task: bool = False) -> bool:
        """Whether `event`, the next key, may go now."""
        if self.held:
            return False
        typing_into = self._typing_into
        if typing_into is not None and self._focused() is typing_into and _plain(event):
            # More text for the field the last keys went to: it queues behind them there.
            # Anything else (Tab, Enter, Ctrl+T, which the App may run at once) waits until
            # the field has taken the text before it.
            return True
        try:
            return self.settled(on_app_task=on_app_task)
        except Exception as error:  # Textual's insides changed: never lose the keyboard
            self.app.log.error(f"typeahead: cannot tell whether the screen settled: {error!r}")
            return True

    def _focused(self) -> Widget | None:
        try:
            return self.app.focused
        except Exception:  # no screen (the app is starting or ending)
            return None

    def accept(self, event: Typed) -> bool:
        """A key or paste arrived on the App. True: hand it to Textual now; False: buffered."""
        if not self.buffer and self.ready(event, on_app_task=True):
            self._delivering(event)
            return True
        self.buffer.append(event)
        self.poll()
        return False

    def _delivering(self, event: Typed) -> None:
        """Note where `event` goes: plain text into a text field changes neither focus nor
        screen, so the key after it need not wait for the screen to settle."""
        if isinstance(event, events.Key):
            try:
                self._last = (event.key, event.time, self.app.screen)
            except Exception:
                self._last = None
        focused = self._focused()
        self._typing_into = focused if _plain(event) and is_text_field(focused) else None

    @property
    def last_key_at(self) -> float | None:
        """When the last key handed to Textual was typed (monotonic seconds), if any."""
        return self._last[1] if self._last is not None else None

    def take(self) -> Typed | None:
        """On the App's task: the next buffered key if it may go now (None: keep waiting)."""
        if not self.buffer or not (self._posted or self.ready(self.buffer[0], on_app_task=True)):
            if self.buffer:
                self.poll()
            return None
        self._posted = False
        self._waiting_since = None
        event = self.buffer.popleft()
        if self._double_tap(event):
            self.app.log.info("typeahead: a double-tapped Enter confirmed once")
            return self.take()
        self._delivering(event)
        return event

    def _double_tap(self, event: Typed) -> bool:
        """An Enter tapped twice, the second while the first was still closing (or opening) a
        dialog: one confirmation, not a second one on whatever came up next."""
        last = self._last
        if last is None or not isinstance(event, events.Key) or event.key not in DOUBLE_TAP_KEYS:
            return False
        key, at, screen = last
        try:
            now = self.app.screen
        except Exception:
            return False
        if now is screen or key != event.key or not 0 <= event.time - at < DOUBLE_TAP:
            return False
        # One dialog's answer led to the flow's next question: the key was typed for it.
        return not (isinstance(screen, ModalScreen) and isinstance(now, ModalScreen))

    def poll(self) -> None:
        """Look again shortly (outside any message pump, so nothing here touches widgets)."""
        if self._polling or self._posted or not self.buffer:
            return
        self._polling = True
        try:
            asyncio.get_running_loop().call_later(POLL, self._look)
        except RuntimeError:  # no loop: the app is gone
            self._polling = False

    def _look(self) -> None:
        self._polling = False
        if self._posted or not self.buffer or not self.app.is_running:
            return
        now = time.monotonic()
        if self._waiting_since is None:
            self._waiting_since = now
        overdue = now - self._waiting_since > SETTLE_LIMIT and not self.held
        if self.ready(self.buffer[0]) or overdue:
            if overdue:
                self.app.log.warning("typeahead: the screen stayed busy; delivering anyway")
            self._posted = True
            self.app.post_message(DeliverKey())
        else:
            self.poll()


def _plain(event: Typed) -> bool:
    """Text for a field: a printable key or a paste."""
    return isinstance(event, events.Paste) or event.is_printable


def _is_typed(message: Message) -> bool:
    return isinstance(message, (events.Key, events.Paste)) and not message.is_forwarded


class TypeaheadMixin:
    """For the App: keys go through a `KeyGate` (see the module docstring)."""

    def _typeahead(self) -> KeyGate:
        gate = self.__dict__.get("_key_gate")
        if gate is None:
            gate = self.__dict__["_key_gate"] = KeyGate(self)  # type: ignore[arg-type]
        return gate

    @property
    def key_gate(self) -> KeyGate:
        return self._typeahead()

    async def on_event(self, event: events.Event) -> None:
        if _is_typed(event) and not getattr(event, "_gate_passed", False):
            if not self._typeahead().accept(event):  # type: ignore[arg-type]
                return
            event._gate_passed = True  # type: ignore[attr-defined]
        await super().on_event(event)  # type: ignore[misc]

    async def on_deliver_key(self, _message: DeliverKey) -> None:
        # The key the gate looked at, then every key after it that may go at once (more text
        # for the same field): a typed word is handed over in one turn.
        gate = self._typeahead()
        while (event := gate.take()) is not None:
            event._gate_passed = True  # type: ignore[union-attr]
            await super().on_event(event)  # type: ignore[misc]
