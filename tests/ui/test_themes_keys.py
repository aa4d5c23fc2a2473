"""Textual conventions: themes (--theme, remembered per operator, a light snapshot at 100x30),
keys.toml remapping by binding id (shown in F1), the palette's system commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from console.app import ConsoleApp
from console.keymap import KeymapError, known_binding_ids, load_keymap
from console.preferences import load_theme, save_theme
from tests.ui.pilot_helpers import settle, wait_for

SIZE = (160, 48)


def test_unknown_theme_is_one_clear_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "console", "--theme", "pink", "--db", str(tmp_path / "c.db")],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    # In Russian, as the console (no --lang).
    assert "--theme 'pink': такой темы нет" in result.stderr and "textual-light" in result.stderr
    assert not (tmp_path / "c.db").exists()


async def test_a_theme_picked_is_remembered_for_the_operator(make_ctx, tmp_path):
    ctx = make_ctx()
    ctx.data_dir = tmp_path
    app = ConsoleApp(ctx, start_refresh=False)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "textual-dark"
        app.theme = "textual-light"
        await wait_for(pilot, lambda: load_theme(tmp_path, "tester") == "textual-light")
    ctx.theme = load_theme(tmp_path, "tester")  # what the next start reads (launch)
    again = ConsoleApp(ctx, start_refresh=False)
    async with again.run_test(size=SIZE):
        assert again.theme == "textual-light"
    assert load_theme(tmp_path, "someone-else") is None


def test_preferences_survive_a_broken_file(tmp_path):
    (tmp_path / "preferences.json").write_text("{not json", encoding="utf-8")
    assert load_theme(tmp_path, "tester") is None
    save_theme(tmp_path, "tester", "nord")
    assert load_theme(tmp_path, "tester") == "nord"


def test_light_theme_at_100x30(snap_compare, make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    ctx.theme = "textual-light"
    app = ConsoleApp(ctx)

    async def open_queue(pilot):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.press("f3")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=open_queue)


async def test_palette_system_commands_are_translated_and_screenshot_goes_to_data(
        make_ctx, tmp_path):
    ctx = make_ctx()
    ctx.data_dir = tmp_path
    app = ConsoleApp(ctx, start_refresh=False)
    async with app.run_test(size=SIZE) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles == ["Тема", "Клавиши", "Снимок экрана", "Выход"]
        path = app.screenshot_to_data_folder()
        assert path.startswith(str(tmp_path / "screenshots"))
        assert Path(path).read_text(encoding="utf-8").startswith("<svg")
        await settle(pilot)
        assert any(path in str(n.message) for n in app._notifications)


def write_keys(tmp_path, text):
    (tmp_path / "keys.toml").write_text(text, encoding="utf-8")


def test_keymap_is_checked_with_one_clear_line(tmp_path, english):
    assert load_keymap(tmp_path) == {}  # no file: the keys as shipped
    assert {"queue", "call", "summary", "new_call"} <= known_binding_ids()
    write_keys(tmp_path, 'queue = "F9"\nnew_call = "ctrl+k, ctrl+j"\n')
    assert load_keymap(tmp_path) == {"queue": "f9", "new_call": "ctrl+k,ctrl+j"}
    for text, needle in [('quack = "f9"', "quack: no such binding id"),
                         ("queue = 9", "give the key as a string"),
                         ('queue = "f 9"', "is not a key name"),
                         ('queue = "f9"\ncall = "f9"', "already queue's key"),
                         # A key another binding keeps (the call screen's F2, Ctrl+B's
                         # callback), the palette's, no key at all, or a letter for a key of
                         # every screen (typing it in any field would start a call).
                         ('queue = "f2"', "'f2' is already call's key"),
                         ('ticket = "ctrl+b"', "'ctrl+b' is already"),
                         ('queue = "ctrl+p"', "command palette"),
                         ('queue = "fnine"', "is not a key name"),
                         ('queue = "ctrl+"', "is not a key name"),
                         ('new_call = "a"', "serves every screen"),
                         ("queue = ", "end of document: TOML syntax error: Invalid value")]:
        write_keys(tmp_path, text)
        with pytest.raises(KeymapError) as err:
            load_keymap(tmp_path)
        assert needle in str(err.value) and "\n" not in str(err.value), str(err.value)


async def test_keys_toml_remaps_and_f1_shows_the_keys_in_force(make_ctx):
    ctx = make_ctx()
    ctx.keymap = {"queue": "f9"}
    app = ConsoleApp(ctx, start_refresh=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        assert app.current_mode == "queue"
        await pilot.press("f1")
        await pilot.pause()
        rows = app.screen._keys_table().columns[0]._cells  # the Key column
        assert "f9" in rows and "f3" not in rows


def test_bad_keys_toml_stops_the_start_with_one_line(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    write_keys(data, 'quack = "f9"\n')
    result = subprocess.run(
        [sys.executable, "-m", "console", "--lang", "en", "--data", str(data), "--db",
         str(tmp_path / "c.db")],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 2 and "quack: no such binding id" in result.stderr


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_messages_take_the_themes_readable_colours(make_ctx, theme):
    """A verified caller and the R7 checklist's open items: the theme's $text-success and
    $text-warning (console/widgets/tones.py), so a light theme keeps them legible."""
    from textual.widgets import Static

    from tests.ui.test_call_screen import seed, start_and_verify

    def colours_in(static: Static) -> set[str]:
        """The foreground colours of what the widget draws on its first line."""
        return {segment.style.color.triplet.hex.upper() for segment in static.render_line(0)
                if segment.style and segment.style.color and segment.style.color.triplet}

    ctx = make_ctx("2026-11-24 11:00")
    seed(ctx)
    app = ConsoleApp(ctx)
    async with app.run_test(size=(160, 48)) as pilot:
        app.theme = theme
        await settle(pilot)
        palette = {k: v.upper() for k, v in app.theme_variables.items()}
        await start_and_verify(pilot, "10000001", "Иванов")
        assert palette["text-success"] in colours_in(app.screen.query_one("#call-verify"))
