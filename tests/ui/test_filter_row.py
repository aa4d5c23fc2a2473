"""One filter row for the lists a dispatcher filters (F3's queue, F6's HelpDesk): `/` opens
it, typing filters, Enter goes back to the list with the filter kept, Esc clears it; pasted
control characters never reach the list, a pasted wall of text is cut."""

from __future__ import annotations

from textual import events

from console.widgets.filter_row import LIMIT, FilterRow
from console.widgets.line_table import LineTable
from tests.ui.pilot_helpers import settle
from tests.ui.test_helpdesk_screen import SIZE, ctx, open_f6, rows  # noqa: F401  (fixture)


async def test_f6_filter_row_filters_hands_the_keys_back_and_clears(ctx):  # noqa: F811
    from console.app import ConsoleApp

    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f6(pilot)
        assert len(rows(app)) == 2
        box = app.screen.query_one("#hd-filter", FilterRow)
        assert not box.display  # hidden until asked for
        await pilot.press("slash")
        await settle(pilot)
        assert box.display and app.focused is box
        await pilot.press(*"НОВЫЙ")  # Cyrillic, any case
        await settle(pilot)
        assert len(rows(app)) == 1 and box.applied == "НОВЫЙ"
        await pilot.press("enter")  # back to the list, the filter stays
        await settle(pilot)
        assert isinstance(app.focused, LineTable) and box.display and len(rows(app)) == 1
        await pilot.press("escape")  # cleared: everything again, the row hidden
        await settle(pilot)
        assert not box.display and box.value == "" and len(rows(app)) == 2
        assert isinstance(app.focused, LineTable)


async def test_f3_and_f6_share_the_filter_row(ctx):  # noqa: F811
    from console.app import ConsoleApp

    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen.query_one("#queue-filter"), FilterRow)
        await open_f6(pilot)
        assert isinstance(app.screen.query_one("#hd-filter"), FilterRow)


async def test_a_pasted_escape_sequence_and_a_wall_of_text_never_reach_the_list(ctx):  # noqa: F811
    from console.app import ConsoleApp

    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f6(pilot)
        await pilot.press("slash")
        await settle(pilot)
        box = app.screen.query_one("#hd-filter", FilterRow)
        box.post_message(events.Paste("\x1b]0;pwned\x07\x1b[2JНовый\u202e"))
        await settle(pilot)
        assert box.value == "]0;pwned[2JНовый" and box.applied == box.value
        assert box.value.isprintable() and rows(app) == []  # nothing has that text
        await pilot.press("escape")
        await pilot.press("slash")
        box.post_message(events.Paste("ж" * 5000))
        await settle(pilot)
        assert box.value == "ж" * LIMIT and box.applied == box.value and rows(app) == []
        await pilot.press("escape")
        await settle(pilot)
        assert len(rows(app)) == 2
