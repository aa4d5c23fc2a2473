"""Help, palette and footer as a dispatcher reads them (issue 8 item 24)."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets._footer import FooterKey

from console.app import ConsoleApp
from console.commands import SCREENS
from tests.ui.pilot_helpers import settle, wait_for

SIZE = (160, 48)
SMALL = (80, 24)
F_KEYS = [key.lower() for _mode, _title, key in SCREENS]


@pytest.mark.parametrize("size", [SMALL, SIZE])
async def test_item24_every_f_key_is_visible_in_the_footer(make_ctx, size):
    app = ConsoleApp(make_ctx())
    async with app.run_test(size=size) as pilot:
        for screen_key in ("f2", "f3", "f1"):
            await pilot.press(screen_key)
            await settle(pilot)
            shown = {
                fk.key: fk.region for fk in app.screen.query(FooterKey) if fk.region.width
            }
            for key in F_KEYS:
                region = shown.get(key)
                assert region is not None and region.right <= size[0], (screen_key, key)
            # Nothing is drawn over them (the palette key is docked at the right).
            for key in F_KEYS:
                others = [r for k, r in shown.items() if k != key]
                assert not any(shown[key].overlaps(r) for r in others), (screen_key, key)


async def test_item24_palette_entries_say_what_they_do(make_ctx):
    app = ConsoleApp(make_ctx())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.pause(0.5)
        from textual.command import CommandList

        options = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: options.option_count > 5)
        titles = {"Справка", "Звонок", "Очередь", "Выезды", "Претензии", "HelpDesk", "Сводка"}
        for index in range(options.option_count):
            prompt = options.get_option_at_index(index).prompt
            lines = str(getattr(prompt, "plain", prompt)).splitlines()
            help_line = lines[1].strip() if len(lines) > 1 else ""
            assert help_line, lines
            assert help_line not in titles, lines  # not just the screen's name again


async def test_item24_help_speaks_to_dispatchers_and_points_to_the_rules(make_ctx):
    app = ConsoleApp(make_ctx())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await settle(pilot)
        scroll = app.screen.query_one("#help-scroll")
        seen = ""
        for _page in range(12):  # read it all, page by page, as the dispatcher would
            seen += app.export_screenshot()
            await pilot.press("pagedown")
            await pilot.pause()
        assert scroll.scroll_y > 0
        assert "--now" not in seen and "для&#160;проверок" not in seen
        assert "docs/RULES.md" in seen



async def test_f1_lists_the_keys_of_f4s_grid(make_ctx):
    from console.screens.help import HelpScreen

    app = ConsoleApp(make_ctx())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen._keys_table()
        rows = list(zip(*(column._cells for column in table.columns), strict=True))
        f4 = [row for row in rows if row[2] == "Выезды"]
        assert ("tab", "Следующий выезд", "Выезды") in f4
        assert any(key.startswith("←") and action == "Раньше" for key, action, _where in f4)
