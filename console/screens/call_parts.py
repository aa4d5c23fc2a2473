"""What the parts of the call screen may use of it: the `CallHost` interface.

The call screen (call.py) owns the call, its verification and verdict. Its parts are small
objects it makes and keeps, each given the screen as a `CallHost` in its constructor (and the
other parts it asks things of): the intake (call_intake.py: the ticket form, callbacks,
drafts), the endings (call_outcome.py: out of scope, the override, the 15-minute prompt, the
outcome) and the outgoing callbacks (call_callback.py). A part holds its own state and reaches
the screen only through what is declared here, so the type checker (make lint) holds both
sides to it: a misspelt attribute, a wrong argument or an async step called without `await`
(the R15 prompt's ticket once was) is an error where it is made, and the screen is checked to
provide all of it where it makes its parts.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from textual.notifications import SeverityLevel
from textual.timer import Timer

if TYPE_CHECKING:
    from textual.app import App
    from textual.css.query import DOMQuery
    from textual.widget import Widget

    from console.reference import Policy
    from console.rules.eligibility import Decision, Verification
    from console.services.callbacks import CallbackItem
    from console.services.calls import ContractCard, LookupResult
    from console.state import ClockSnapshot, ConsoleState

W = TypeVar("W", bound="Widget")


class CallHost(Protocol):
    """The call screen as its parts see it: the running call, its steps, and the few Textual
    services a part needs (its widgets, dialogs, timers, notifications)."""

    # -- the call (the screen sets them; a part changes the ones it decides) --
    call_id: int | None  # None: not logged yet; -1: being logged
    started_at: datetime | None  # None: no call running
    card: ContractCard | None
    verification: Verification | None
    decision: Decision | None
    override: bool  # D4: the balance gate lifted for this call
    override_request: int | None  # D4: asked the supervisors, no answer yet
    ticket_taken: bool
    callback_booked: bool
    callback: CallbackItem | None  # the callback an outgoing call works off
    quit_after_call: bool  # Ctrl+Q asked to end the call first
    ending: int | None  # the call whose closing is being stored (one at a time)

    @property
    def state(self) -> ConsoleState: ...

    @property
    def _policy(self) -> Policy: ...

    # -- the screen's steps (call.py) --
    def _begin(self) -> None: ...
    def _log_call(self, then: Callable[[], None] | None = None,
                  hold_keys: bool = False) -> None: ...
    def _ended(self) -> None: ...
    def _reset_view(self) -> None: ...
    def _tick(self, clock: ClockSnapshot | None) -> None: ...
    def _need_call(self, retry: Callable[[], None] | None = None) -> bool: ...
    def _current_call_id(self) -> int | None: ...
    def verification_pending(self) -> bool: ...
    def verify_now(self, then: Callable[[], object]) -> None: ...
    def _lookup(self, hold_keys: bool = False, then: Callable[[], object] | None = None,
                record: bool = True) -> None: ...
    def _show_lookup(self, result: LookupResult | None) -> None: ...
    def _show_verdict(self) -> None: ...
    async def action_ticket(self, looked_up: bool = False) -> None: ...
    def action_callback(self) -> None: ...

    # -- Textual, as the parts use it --
    @property
    def app(self) -> App[object]: ...

    def query(self, selector: str) -> DOMQuery[Widget]: ...
    def query_one(self, selector: str, expect_type: type[W]) -> W: ...
    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None: ...
    def set_timer(self, delay: float, callback: Callable[[], Any] | None = None, *,
                  name: str | None = None, pause: bool = False) -> Timer: ...
    def call_later(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool: ...
    def call_after_refresh(self, callback: Callable[..., Any], *args: Any,
                           **kwargs: Any) -> bool: ...
    def run_action(self, action: str) -> Any: ...
    def filled_quietly(self) -> AbstractContextManager[None]: ...
