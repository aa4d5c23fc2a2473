"""What the parts of the call screen share, declared once: the call's state and the steps
one part asks of another.

The call screen (call.py) is built from parts: the intake (call_intake.py), the endings
(call_outcome.py) and the outgoing callbacks (call_callback.py). Each part subclasses
`CallParts`, so every attribute it reads and every step it calls on the screen or on another
part is declared here with its type, and the type checker (make lint) holds each part to it:
a misspelt attribute, a wrong argument or an async step called without `await` is an error in
the part that makes it, not a surprise at run time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.timer import Timer

from console.rules import eligibility
from console.rules.eligibility import Decision
from console.screens.base import ConsoleScreen
from console.services import calls, drafts

if TYPE_CHECKING:
    from console.reference import Policy
    from console.services.callbacks import CallbackItem
    from console.state import ClockSnapshot, ConsoleState


class CallParts(ConsoleScreen):
    """The call screen's shared state and steps; `CallScreen` sets and defines them."""

    # -- the call (CallScreen.__init__ sets every one) --
    call_id: int | None  # None: not logged yet; -1: being logged
    started_at: datetime | None  # None: no call running
    card: calls.ContractCard | None
    verification: eligibility.Verification | None
    decision: Decision | None
    override: bool  # D4: the balance gate lifted for this call
    override_request: int | None  # D4: asked the supervisors, no answer yet
    ticket_taken: bool
    callback_booked: bool
    prompted_15: bool  # R15: the 15-minute prompt was shown
    callback: CallbackItem | None  # the callback an outgoing call works off
    quit_after_call: bool
    _draft: drafts.DraftView | None
    _draft_timer: Timer | None
    # Set by the parts on first use (read with getattr until then).
    _ending: int | None  # call_outcome, call_callback: the call being closed
    _intake_key: str | None  # call_intake: one ticket per form, however often saved
    _draft_dirty_since: float | None  # call_intake: typed since the last draft write
    _draft_busy: bool
    _draft_next: tuple[Callable[..., object], tuple[Any, ...], dict[str, Any]] | None

    if TYPE_CHECKING:  # the steps, defined by CallScreen (call.py) or by another part

        @property
        def state(self) -> ConsoleState: ...

        @property
        def _policy(self) -> Policy: ...

        # call.py: the call and its verification
        def _begin(self) -> None: ...
        def _log_call(self, then: Callable[[], None] | None = None) -> None: ...
        def _ended(self) -> None: ...
        def _reset_view(self) -> None: ...
        def _tick(self, clock: ClockSnapshot) -> None: ...
        def _need_call(self) -> bool: ...
        def _current_call_id(self) -> int | None: ...
        def verification_pending(self) -> bool: ...
        def verify_now(self, then: Callable[[], object]) -> None: ...
        def _lookup(self, hold_keys: bool = False,
                    then: Callable[[], object] | None = None) -> None: ...
        def _show_lookup(self, result: calls.LookupResult | None) -> None: ...
        def _show_verdict(self) -> None: ...

        # call_intake.py
        async def action_ticket(self, looked_up: bool = False) -> None: ...
        def action_callback(self) -> None: ...
        def _refused(self, error: Exception) -> None: ...
        def _callback_time_parser(
            self) -> Callable[[str], tuple[datetime | None, str | None]]: ...
        def _show_draft_notice(self) -> None: ...

        # call_outcome.py
        def _finish(self, outcome: str, *, refusal: str | None = None, notes: str = "",
                    then: Callable[[], None] | None = None) -> None: ...

        # call_callback.py
        def _ask_callback_outcome(self) -> None: ...
