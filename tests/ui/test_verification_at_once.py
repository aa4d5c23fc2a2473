"""D3/R13 as the dispatcher waits for it (issue 12): the key that completes the holder's surname
shows the verified card at once, without the pause the console waits for before it says a
surname does not match; the verification is still recorded on the call once, after the pause."""

from __future__ import annotations

from console.app import ConsoleApp
from console.db import open_database
from console.models import AuditEvent, Call
from console.screens.call import LOOKUP_DELAY
from tests.ui.pilot_helpers import settle, wait_for
from tests.ui.test_call_screen import SIZE, text_of


async def test_d03_a_verified_caller_shows_before_the_typing_pause(app_at):
    app: ConsoleApp = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press(*"10000001", "tab", *"Ивано")
        await pilot.pause(LOOKUP_DELAY + 0.2)
        await settle(pilot)
        assert "не совпадает" in text_of(app, "#call-verify")  # after the pause: a mismatch
        await pilot.press("в")
        screen = app.screen
        if screen._lookup_timer is not None:  # none pending when the look-up already ran
            screen._lookup_timer.stop()  # no pause: what shows now comes from the key itself
        await wait_for(pilot, lambda: "✓" in text_of(app, "#call-verify"))
        assert screen.card is not None and screen.card.number == "10000001"
        assert screen.verification_pending()  # not yet recorded: Ctrl+T would record it first
        screen._lookup()  # what the pause runs
        await settle(pilot)
        assert not screen.verification_pending()
        db = open_database(app.ctx.db_target)
        call = Call.get()
        assert call.verified
        assert AuditEvent.select().where(AuditEvent.action == "caller_verified").count() == 1
        db.close()


async def test_d03_a_half_typed_surname_is_not_called_a_mismatch_while_typing(app_at):
    app: ConsoleApp = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press(*"10000001", "tab", *"Ив")
        await pilot.pause(LOOKUP_DELAY * 0.4)
        assert "✗" not in text_of(app, "#call-verify")
        await pilot.pause(LOOKUP_DELAY + 0.2)
        await settle(pilot)
        assert "✗" in text_of(app, "#call-verify")
