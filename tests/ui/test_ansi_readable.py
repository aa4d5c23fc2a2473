"""On 16 colours (TEXTUAL_COLOR_SYSTEM=standard) text on a coloured background stays readable
(issue 13): the theme's text colour there is the terminal's own default, light on a dark
terminal and dark on a light one, so every mark drawn on an ANSI background names its text
colour, black on the light ANSI colours and white on the dark ones. Found in tmux: the service
mode, the call timer from 12:00, F4's visits in progress and a focused field were the default
(light) text on yellow or green. Both ANSI themes, as test_ansi_colours picks them."""

from __future__ import annotations

import pytest
import textual.constants
from textual.widgets import Input, Static

from console.app import ConsoleApp
from console.widgets.slot_grid import STATUSES
from tests.ui.pilot_helpers import settle
from tests.ui.test_ansi_colours import SIZE, pair

DARK = {0, 1, 4, 5, 8, 12}  # black, red, blue, magenta, grey, bright blue: white text on them
LIGHT = {2, 3, 6, 7, 9, 10, 11, 13, 14, 15}  # green, yellow, cyan, white, ...: black text


def assert_readable(marks: dict[str, tuple[int | str, int | str]]) -> None:
    for name, (fg, bg) in marks.items():
        if bg == "default bg":
            continue  # the terminal's own background (test_ansi_colours keeps those apart)
        assert fg != "default fg", f"{name}: the terminal's default text colour on ANSI {bg}"
        wanted = (0,) if bg in LIGHT else (7, 15)
        assert fg in wanted, f"{name}: ANSI {fg} on ANSI {bg}"


@pytest.mark.parametrize(("chosen", "theme"), [(None, "ansi-dark"),
                                               ("textual-light", "ansi-light")])
async def test_text_on_a_coloured_background_names_its_colour_on_16_colours(
        make_ctx, monkeypatch, chosen, theme):
    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", "standard")
    ctx = make_ctx("2026-11-24 11:00")
    ctx.theme = chosen
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == theme
        screen = app.screen
        marks: dict[str, tuple[int | str, int | str]] = {}

        bar = screen.query_one("StatusBar")
        for mark in ("open", "intake", "call-warn", "call-alert"):  # mode, the call's timer
            marks[f"status bar {mark}"] = pair(
                bar.get_component_rich_style(f"status-bar--{mark}"), bar.rich_style)

        body = screen.query_one("#body").rich_style
        timer = screen.query_one("#call-timer", Static)
        for cls in ("-warn", "-limit"):
            timer.set_classes(cls)
            await settle(pilot)
            marks[f"timer{cls}"] = pair(timer.rich_style, body)

        field = screen.query_one("#call-number", Input)
        field.focus()
        await settle(pilot)
        assert field.has_focus
        marks["focused field"] = pair(field.rich_style, body)
        marks["its placeholder"] = pair(
            field.get_component_rich_style("input--placeholder"), field.rich_style)

        banner = app.screen.query_one("DatabaseBanner")
        marks["database banner"] = pair(banner.rich_style, body)
        assert_readable(marks)

        await pilot.press("f4")
        await settle(pilot)
        grid = app.screen.query_one("SlotGrid")
        visits = {kind: pair(grid.get_component_rich_style(f"slot-grid--{kind}"),
                             grid.rich_style) for kind in STATUSES}
        assert_readable(visits)
        assert len(set(visits.values())) == len(visits), visits  # every kind its own look
