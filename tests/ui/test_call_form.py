"""The ticket form and the call screen as a new dispatcher meets them (issue 8, F2 items 6-15)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from textual import events

from console.app import ConsoleApp
from console.db import open_database
from console.models import Contract, Ticket
from console.screens.dialogs import ChoiceDialog, InfoDialog
from console.services import tickets
from console.widgets.contract_card import ContractCardView
from console.widgets.line_table import LineTable
from console.widgets.tick import Tick
from console.widgets.ticket_form import TicketForm
from tests.ui.pilot_helpers import settle, wait_for
from tests.ui.test_call_screen import SIZE, seed, start_and_verify, text_of

MSK = ZoneInfo("Europe/Moscow")


async def open_form(pilot) -> TicketForm:
    await pilot.press("ctrl+t")
    await wait_for(pilot, lambda: any(f.display for f in pilot.app.screen.query(TicketForm)))
    return pilot.app.screen.query_one(TicketForm)


async def test_item6_focus_never_selects_and_the_cursor_lands_at_the_end(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        form = await open_form(pilot)
        await pilot.press("enter")  # a task type
        responsible = form.query_one("#tf-responsible")
        assert responsible.value.startswith("Иванов")
        await pilot.press("tab", "tab", "tab", "tab")  # desired, intercom, no-intercom, person
        assert app.focused is responsible
        assert responsible.selection.is_empty
        assert responsible.cursor_position == len(responsible.value)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")  # close, keep the draft
        await settle(pilot)
        number = app.screen.query_one("#call-number")
        assert app.focused is number and number.selection.is_empty
        assert number.cursor_position == len(number.value)
        await pilot.press("9")  # typing goes on after the number, it does not replace it
        assert number.value == "100000019"


async def test_item7_a_refused_save_puts_the_cursor_on_the_first_field_in_error(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        form = await open_form(pilot)
        await pilot.press("enter")
        form.query_one("#tf-description").value = "нет связи"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.focused is form.query_one("#tf-desired")  # the first one in error
        await pilot.press(*"завтра 11")
        assert form.query_one("#tf-desired").value == "завтра 11"


async def test_item8_a_focused_tick_is_readable_and_its_state_shows_without_colour(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        form = await open_form(pilot)
        tick = form.query_one("#tf-no-intercom", Tick)
        tick.focus()
        await pilot.pause()
        shown = str(tick.render())
        assert "[ ]" in shown and "Домофона нет" in shown and tick.size.height == 1
        await pilot.press("space")
        assert "[✓]" in str(tick.render()) and tick.value


async def test_item9_fields_stop_at_their_limit_and_say_so_and_a_paste_does_not_freeze(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        form = await open_form(pilot)
        await pilot.press("enter")
        intercom = form.query_one("#tf-intercom")
        intercom.focus()
        await pilot.pause()
        await pilot.press(*("1234567890" * 2), "1")
        assert intercom.value == "12345678901234567890"  # 20, the limit of the check
        assert "20" in text_of(app, "#tf-intercom-error")
        description = form.query_one("#tf-description")
        description.focus()
        await pilot.pause()
        started = time.monotonic()
        description.post_message(events.Paste("нет связи " * 460))  # 4,600 characters
        await settle(pilot)
        assert time.monotonic() - started < 3.0
        assert len(description.value) == 2000
        assert "2000" in text_of(app, "#tf-description-error")


async def test_item10_the_nearest_times_are_a_sentence_of_their_own(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        form = await open_form(pilot)
        await pilot.press("enter")
        form.query_one("#tf-desired").value = "24.11 09:00"  # before the visit window
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = text_of(app, "#tf-desired-error")
        assert "Ближайшее" in error and ". Ближайшее" in error


async def test_item10_ticket_details_scroll_on_a_small_terminal(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    seed(ctx)
    db = open_database(ctx.db_target)
    c = Contract.get(Contract.number == "10000001")
    tickets.create_ticket(tickets.NewTicket(
        task_type="no_link", description="нет связи " * 40, responsible_name="Иванов Иван",
        contact_phone="+79031112233", contact_is_mobile=True,
        desired_at=datetime(2026, 11, 25, 11, 0, tzinfo=MSK), intercom_code="12",
        no_intercom=False, billable_agreed=False, contract_id=c.id),
        operator="t", calendar=ctx.calendar, now=datetime(2026, 11, 24, 11, 0, tzinfo=MSK))
    db.close()
    app = ConsoleApp(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await wait_for(pilot, lambda: app.screen.query_one(LineTable).row_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, InfoDialog))
        await settle(pilot)
        box = app.screen.query_one("VerticalScroll")
        assert box.max_scroll_y > 0  # more than fits: it scrolls instead of being cut
        await pilot.press("pagedown")
        await pilot.pause()
        assert box.scroll_y > 0


async def test_item12_a_latin_lookalike_in_the_surname_still_verifies(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванoв")  # a Latin "o"
        assert app.screen.card is not None


async def test_item13_r14_an_old_balance_is_flagged_on_the_card_and_in_the_verdict(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    seed(ctx)
    db = open_database(ctx.db_target)
    Contract.update(balance_as_of=datetime(2026, 11, 24, 11, 0, tzinfo=MSK) - timedelta(days=36)
                    ).where(Contract.number == "10000001").execute()
    Contract.update(balance_as_of=datetime(2026, 11, 24, 9, 0, tzinfo=MSK)
                    ).where(Contract.number == "10000002").execute()
    db.close()
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        card = str(app.screen.query_one(ContractCardView).render())
        assert "36 дн." in card and "биллинге" in card
        verdict = text_of(app, "#call-verdict")
        assert "Консультация разрешена" in verdict and "36 дн." in verdict
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000002", "Ёлкина")  # two hours old: fresh
        assert "биллинге" not in text_of(app, "#call-verdict")


async def test_item14_the_task_type_list_narrows_as_the_dispatcher_types(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        form = await open_form(pilot)
        await pilot.press(*"локал")
        assert form.query_one("#tf-type").option_count == 1
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        assert form.query_one("#tf-type").option_count == len(form.types)
        await pilot.press(*"роут", "enter")
        assert form.chosen.code == "router_setup"
        assert app.focused is form.query_one("#tf-description")


async def test_item15_a_second_ticket_of_the_same_type_offers_to_add_to_the_open_one(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        for text in ("нет связи с утра", "и телевидение пропало"):
            await open_form(pilot)
            await pilot.press(*"нет подк", "enter", *text, "tab", *"завтра 11", "tab", *"12")
            await pilot.press("ctrl+r", "ctrl+r", "ctrl+r", "ctrl+s")
            if text.startswith("нет"):
                await wait_for(pilot, lambda: Ticket.select().count() == 1)
                await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert "уже открыта" in text_of(app, ".dialog-title")
        await pilot.press("enter")  # add to it
        await wait_for(pilot, lambda: "телевидение" in Ticket.get().description)
        assert Ticket.select().count() == 1
        assert "Дописано" in text_of(app, "#call-eta")


async def second_call_same_type(pilot, text: str) -> None:
    """A repeat caller: the first call took a ticket and ended; the second asks for the same
    type of ticket, and the console asks what to do with the open one (item 15)."""
    from console.models import Call

    app = pilot.app
    for number, said in ((1, "нет связи с утра"), (2, text)):
        await start_and_verify(pilot, "10000001", "Иванов")
        await open_form(pilot)
        await pilot.press(*"нет подк", "enter", *said, "tab", *"завтра 11", "tab", *"12")
        await pilot.press("ctrl+r", "ctrl+r", "ctrl+r", "ctrl+s")
        if number == 1:
            await wait_for(pilot, lambda: Ticket.select().count() == 1)
            await settle(pilot)
            await pilot.press("ctrl+e")
            await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
            await pilot.press("enter")  # "ticket": the first call is over
            await wait_for(pilot, lambda: Call.select().where(Call.ended_at.is_null()).count()
                           == 0)
            await settle(pilot)
    await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
    assert "уже открыта" in text_of(app, ".dialog-title")


async def test_item15_r16_a_repeat_caller_added_to_the_open_ticket_ends_the_call_as_ticket(
        app_at):
    from console.models import Call

    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await second_call_same_type(pilot, "и телевидение пропало")
        await pilot.press("enter")  # add to it
        await wait_for(pilot, lambda: "телевидение" in Ticket.get().description)
        await settle(pilot)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert "Чем закончился" in text_of(app, ".dialog-title")
        await pilot.press("enter")  # the likely outcome the screen offers: a ticket
        await wait_for(pilot, lambda: Call.select().where(Call.ended_at.is_null()).count() == 0)
        assert [c.outcome for c in Call.select().order_by(Call.id)] == ["ticket", "ticket"]
        assert Ticket.select().count() == 1
        assert app.screen.query_one("#call-number").value == ""  # ready for the next call


async def test_item15_a_repeat_caller_may_have_a_separate_ticket_or_go_back_to_the_form(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await second_call_same_type(pilot, "и телевидение пропало")
        await pilot.press("down", "down", "enter")  # back to the form
        await wait_for(pilot, lambda: not isinstance(app.screen, ChoiceDialog))
        form = app.screen.query_one(TicketForm)
        assert form.display and form.query_one("#tf-description").value == "и телевидение пропало"
        assert Ticket.select().count() == 1
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("down", "enter")  # a separate ticket
        await wait_for(pilot, lambda: Ticket.select().count() == 2)
        assert sorted(t.description for t in Ticket.select()) == [
            "и телевидение пропало", "нет связи с утра"]


def form_state(form: TicketForm) -> dict:
    """What the dispatcher sees in the form and what a save would read, part by part."""
    from textual.widgets import Checkbox, Input, Static

    types = form.query_one("#tf-type")
    return {
        "chosen": form.chosen, "ticked": (sorted(form.ticked), dict(form.ticked_at)),
        "inputs": {box.id: (box.value, box.disabled) for box in form.query(Input)},
        "ticks": {box.id: (box.value, box.display) for box in form.query(Checkbox)},
        "texts": {part.id: (str(part.render()), part.display)
                  for part in form.query(Static) if part.id},  # labels, errors, prices, R7
        "types": (types.typed, types.option_count, types.highlighted),
    }


async def test_the_form_used_again_is_as_empty_as_a_new_one_and_saves_no_draft(app_at):
    """The ticket form is kept for the next ticket (issue 12: rebuilding it each call made the
    garbage behind the slow keys); what the first ticket left must not show in the next: typed
    text, the narrowed type list, a chosen billable type's prices and agreement, R7 ticks, the
    landline question, errors. Emptying it writes no draft."""
    from console.models import Draft

    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        form = await open_form(pilot)
        new = form_state(form)
        await pilot.press(*"роут", "enter", *"нет wi-fi", "tab", *"завтра 11", "tab", "ctrl+r",
                          "ctrl+r")
        form.query_one("#tf-phone").value = "+7 495 123-45-67"  # a landline: R6 asks
        await pilot.press("space", "ctrl+s")  # refused: not agreed, R7 not read out
        await settle(pilot)
        used = form_state(form)
        assert form.chosen.billable and used["texts"]["tf-error"][1]
        assert used["ticks"]["tf-landline-ok"][1] and used["ticks"]["tf-agree"][1]
        assert used["types"][0] == "роут" and form.ticked
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("down", "enter")  # discard what was typed
        await wait_for(pilot, lambda: not form.display)
        assert app.screen.intake.form() is None  # as if it were gone
        assert form.has_focus_within is False
        await pilot.pause(1.5)  # longer than the draft's autosave delay
        assert Draft.select().count() == 0
        again = await open_form(pilot)
        assert again is form  # kept, not built again
        await settle(pilot)
        assert form_state(form) == new
        await pilot.press(*"нет подк", "enter", *"нет связи", "tab", *"завтра 11", "tab",
                          *"12", "ctrl+r", "ctrl+r", "ctrl+r", "ctrl+s")
        await wait_for(pilot, lambda: Ticket.select().count() == 1)
        await settle(pilot)
        assert not form.display and app.screen.intake.form() is None
        ticket = Ticket.get()
        assert (ticket.task_type.code, ticket.description) == ("no_link", "нет связи")
        assert await open_form(pilot) is form
        await settle(pilot)
        assert form_state(form) == new  # after a saved ticket too


async def test_the_footer_follows_the_focus_with_the_same_key_widgets(app_at):
    """The footer's keys change as the focus moves through a call (the form's fields, ticks,
    the type list); they are relabelled in place, mounted or removed only as their number
    changes (issue 12: rebuilding them made garbage at every move), and show what a footer
    made afresh would."""
    from textual.widgets._footer import FooterKey

    from console.widgets.footer import ConsoleFooter

    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        await open_form(pilot)
        footer = app.screen.query_one(ConsoleFooter)
        made: set[int] = set()
        seen = set()
        for target in ("#tf-description", "#tf-no-intercom", "#call-number", "#tf-type",
                       "#tf-phone", "#tf-no-intercom", "#tf-type"):
            app.screen.query_one(target).focus()
            await settle(pilot)
            keys = list(footer.query_children(FooterKey))
            made |= {id(key) for key in keys}
            shown = [(k.key, k.key_display, k.description, k.action, k.has_class("-disabled"),
                      k.has_class("-command-palette")) for k in keys]
            seen.add(tuple(shown))
            assert shown == [(s.key, s.display, s.description, s.action, s.disabled,
                              "-command-palette" in s.classes) for s in footer._key_specs()]
            line = "".join(str(key.render()) for key in keys)
            assert all(key.description in line for key in keys)
        assert len(seen) >= 2  # the keys did change with the focus
        assert len(made) <= max(len(s) for s in seen) + 2, "keys were rebuilt, not relabelled"
        # Fewer keys, then more (no screen here changes their number with the focus today).
        specs = footer._key_specs()
        for wanted in (specs[:3] + specs[-1:], specs):
            assert await footer._relabel(wanted)
            await settle(pilot)
            keys = list(footer.query_children(FooterKey))
            assert [(k.key, k.description, k.has_class("-command-palette")) for k in keys] == [
                (s.key, s.description, "-command-palette" in s.classes) for s in wanted]
