"""R13/D3 at typing speed (issue 12): the key that completes the surname and the verified card
are drawn in one frame, and a slow look-up never holds the screen back longer than a moment."""

from __future__ import annotations

import threading

from textual.widgets import Input

from console.app import ConsoleApp
from console.screens import call as call_screen
from console.screens.call import ONE_FRAME_WAIT, CallScreen
from console.services import calls
from console.widgets.contract_card import ContractCardView
from tests.ui.pilot_helpers import settle, wait_for
from tests.ui.test_call_screen import SIZE, seed


def _frames(app: ConsoleApp) -> list[tuple[str, bool]]:
    """Each frame the screen draws: the surname typed then, and whether the card showed."""
    drawn: list[tuple[str, bool]] = []
    screen = app.screen
    refresh = screen._compositor_refresh

    def counted() -> None:
        if not app._batch_count:
            card = screen.query_one(ContractCardView)
            surname = screen.query_one("#call-surname", Input).value
            drawn.append((surname, not card.has_class("-empty")))
        refresh()

    screen._compositor_refresh = counted  # type: ignore[method-assign]
    return drawn


async def test_r13_the_last_letter_and_the_verified_card_come_in_one_frame(make_ctx,
                                                                          monkeypatch):
    # The frame is held until the look-up answers (its cap, ONE_FRAME_WAIT, is the next
    # test's); a loaded test machine must not make the look-up outlast the cap here.
    monkeypatch.setattr(call_screen, "ONE_FRAME_WAIT", 5.0)
    ctx = make_ctx("2026-11-24 11:00")
    seed(ctx)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"10000001", "tab", *"Ивано")
        await pilot.pause(0.4)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CallScreen) and screen.card is None
        drawn = _frames(app)
        await pilot.press("в")
        await wait_for(pilot, lambda: screen.card is not None and ("Иванов", True) in drawn)
        await settle(pilot)
        # The letter's frame is the card's frame: no frame shows the letter without the card.
        assert ("Иванов", False) not in drawn
        assert app._batch_count == 0
        assert screen.query_one("#call-surname", Input).value == "Иванов"


async def test_r13_a_slow_lookup_lets_the_typed_letter_show_after_a_moment(make_ctx,
                                                                          monkeypatch):
    ctx = make_ctx("2026-11-24 11:00")
    seed(ctx)
    app = ConsoleApp(ctx)
    release = threading.Event()
    lookup = calls.lookup  # F2 calls it through the module, in its worker

    def slow(*args, **kwargs):
        release.wait(5)  # a database busy elsewhere
        return lookup(*args, **kwargs)

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"10000001", "tab", *"Ивано")
        await pilot.pause(0.4)
        await settle(pilot)
        monkeypatch.setattr(calls, "lookup", slow)
        drawn = _frames(app)
        await pilot.press("в")
        await pilot.pause(ONE_FRAME_WAIT * 4)
        # The look-up still runs, the screen is drawn again with the letter typed.
        assert app._batch_count == 0 and ("Иванов", False) in drawn
        assert app.screen.query_one("#call-surname", Input).value == "Иванов"
        release.set()
        await wait_for(pilot, lambda: app.screen.card is not None)
