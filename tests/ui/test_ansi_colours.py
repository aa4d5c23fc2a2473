"""An ANSI-only terminal (16 colours, TEXTUAL_COLOR_SYSTEM=standard) keeps the console's own
colours apart: the verdicts, the call timer's stages, moved and overdue rows, F4's visit
states and the message tones each map to ANSI colours that differ from one another and from
the background they are drawn on (issue 13). The colours are taken from the screens as drawn
in each theme and reduced the way rich reduces them for such a terminal."""

from __future__ import annotations

import pytest
import textual.constants
from rich.color import Color, ColorSystem
from rich.style import Style
from textual.widgets import Static

from console.app import ConsoleApp
from console.widgets.tones import tone
from tests.ui.pilot_helpers import settle

SIZE = (160, 48)


def ansi(color: Color | None, fallback: Color | None, default: str) -> int | str:
    """The ANSI colour number (0-15) an ANSI-only terminal shows for `color`, or `default`
    for the terminal's own default foreground or background."""
    color = color or fallback
    if color is None or color.is_default:
        return default
    reduced = color.downgrade(ColorSystem.STANDARD)
    assert reduced.number is not None
    return reduced.number


def pair(style: Style, background: Style) -> tuple[int | str, int | str]:
    """(foreground, background) of `style` drawn over `background`, as an ANSI-only terminal
    shows them."""
    return (ansi(style.color, background.color, "default fg"),
            ansi(style.bgcolor, background.bgcolor, "default bg"))


def assert_apart(what: str, pairs: dict[str, tuple[int | str, int | str]]) -> None:
    """Readable (foreground != background) and told apart (no two marks look the same)."""
    for name, (fg, bg) in pairs.items():
        assert fg != bg, f"{what}: {name} is drawn in its own background colour ({fg})"
    looks: dict[tuple[int | str, int | str], str] = {}
    for name, look in pairs.items():
        assert look not in looks, f"{what}: {name} looks like {looks[look]} ({look})"
        looks[look] = name


@pytest.mark.parametrize(("chosen", "theme"), [(None, "ansi-dark"),
                                               ("textual-light", "ansi-light")])
async def test_the_consoles_own_colours_stay_apart_on_16_colours(make_ctx, monkeypatch,
                                                                  chosen, theme):
    """On 16 colours the console starts in the ANSI theme as light as the operator's; there
    every mark it colours keeps its own ANSI colour, readable on its background."""
    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", "standard")
    ctx = make_ctx("2026-11-24 11:00")
    ctx.theme = chosen
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        assert app.console.color_system == "standard"  # what TEXTUAL_COLOR_SYSTEM=standard sets
        await settle(pilot)
        assert app.theme == theme
        screen = app.screen
        body = screen.query_one("#body").rich_style

        # F2: the verdict line (R13, R14, R4) and the call timer's stages (R15).
        verdict = screen.query_one("#call-verdict", Static)
        timer = screen.query_one("#call-timer", Static)
        verdicts, stages = {}, {}
        for cls in ("-ok", "-refused", "-intake", "-pending"):
            verdict.set_classes(cls)
            await settle(pilot)
            verdicts[cls] = pair(verdict.rich_style, body)
        for cls in ("", "-warn", "-limit"):
            timer.set_classes(cls)
            await settle(pilot)
            stages[cls or "running"] = pair(timer.rich_style, body)
        assert_apart("verdict", verdicts)
        assert_apart("call timer", stages)

        # Messages: verified / saving / refused / a hint (console/widgets/tones.py).
        tones = {name: pair(tone(screen, name), body) for name in ("ok", "warn", "bad")}
        assert_apart("message tones", tones)

        # F3: rows moved by a re-plan and rows gone (the same marks as F5's overdue claims).
        await pilot.press("f3")
        await settle(pilot)
        table = app.screen.query_one("#queue-table")
        base = table.rich_style
        assert_apart("queue rows", {
            name: pair(table.get_component_rich_style(f"line-table--{name}"), base)
            for name in ("moved", "alert")} | {"plain": pair(base, base)})

        # F5: overdue and due-soon claims.
        await pilot.press("f5")
        await settle(pilot)
        claims = app.screen.query_one("ClaimsTable")
        base = claims.rich_style
        assert_apart("claims", {
            name: pair(claims.get_component_rich_style(f"line-table--{name}"), base)
            for name in ("alert", "soon")} | {"plain": pair(base, base)})

        # F4: how a visit stands, as its legend shows it.
        from console.screens.timeslots import LEGEND

        await pilot.press("f4")
        await settle(pilot)
        grid = app.screen.query_one("SlotGrid")
        base = grid.rich_style
        assert_apart("F4 visits", {
            kind: pair(grid.get_component_rich_style(f"slot-grid--{kind}"), base)
            for kind in LEGEND})
