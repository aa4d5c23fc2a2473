"""D16 in F2: Ctrl+L, the answering machine's messages, each option to its effect."""

from __future__ import annotations

from console.app import ConsoleApp
from console.models import Call, MachineMessage, Notification, Ticket
from console.screens.dialogs import ChoiceDialog
from console.screens.machine import MachineIntakeDialog
from tests.ui.pilot_helpers import settle, status, wait_for
from tests.ui.test_call_screen import seed, text_of

SIZE = (160, 48)


async def fill(pilot, app, number: str, surname: str, phone: str = "") -> None:
    screen = app.screen
    screen.query_one("#mi-left").value = "22:15"
    screen.query_one("#mi-number").value = number
    screen.query_one("#mi-surname").value = surname
    screen.query_one("#mi-phone").value = phone
    screen.query_one("#mi-problem").value = "нет интернета"
    screen.query_one("#mi-desired").value = "завтра 11"
    screen.query_one("#mi-type").highlighted = 1  # no_link, a visit
    await pilot.pause()


async def open_machine(pilot, app) -> None:
    await pilot.press("f2")  # the call screen (no call is needed for the machine)
    await settle(pilot)
    await pilot.press("ctrl+l")
    await wait_for(pilot, lambda: isinstance(app.screen, MachineIntakeDialog))


async def test_d16_a_message_is_entered_as_a_ticket_and_the_machine_counts_down(make_ctx):
    ctx = make_ctx("2026-11-24 10:05")
    seed(ctx)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_machine(pilot, app)
        app.screen.query_one("#mi-held").focus()
        await pilot.press("2", "enter")
        await wait_for(pilot, lambda: app.state.get("counts").machine_left == 2)
        await fill(pilot, app, "№ 10000001", "иванов")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: Ticket.select().count() == 1)
        await settle(pilot)
        assert Ticket.get().channel == "answering_machine"
        assert Notification.get().reason == "confirm"
        assert "подтверждения" in text_of(app, "#mi-result")
        assert app.screen.query_one("#mi-number").value == ""  # ready for the next one
        await wait_for(pilot, lambda: app.state.get("counts").machine_left == 1)
        assert Call.select().where(Call.verified).count() == 0  # no call for a message
        await pilot.press("escape")
        await pilot.pause()
        assert "На автоответчике: 1" in status(app, "sb-machine")


async def test_d16_an_unidentified_message_is_kept_or_not_as_the_dispatcher_chooses(make_ctx):
    ctx = make_ctx("2026-11-24 10:05")
    seed(ctx)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_machine(pilot, app)
        await fill(pilot, app, "10000001", "Петров", "+7 903 555-44-33")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("down", "enter")  # back to the message: nothing stored
        await wait_for(pilot, lambda: isinstance(app.screen, MachineIntakeDialog))
        assert MachineMessage.select().count() == 0
        assert app.screen.query_one("#mi-surname").value == "Петров"  # kept to correct
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")  # keep it for a callback
        await wait_for(pilot, lambda: MachineMessage.select().count() == 1)
        assert MachineMessage.get().status == "unidentified"
        assert Ticket.select().count() == 0
        kept = app.screen.query_one("#mi-kept")
        await wait_for(pilot, lambda: kept.option_count == 1)
        assert "+7 903 555-44-33" in str(kept.get_option_at_index(0).prompt)
        kept.highlighted = 0
        await pilot.press("ctrl+o")  # called back: it leaves the list, audited
        await wait_for(pilot, lambda: MachineMessage.get().status == "called_back")
        await wait_for(pilot, lambda: not kept.display)
