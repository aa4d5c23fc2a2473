"""Layout guard: the shell at 160x48 with a frozen clock (update with --snapshot-update)."""

from __future__ import annotations

from console.app import ConsoleApp


def test_shell_layout_160x48(snap_compare, make_ctx):
    app = ConsoleApp(make_ctx("2026-11-24 11:00"))

    async def settle(pilot):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        # The contract number has the focus: no blinking cursor in a picture.
        pilot.app.screen.query_one("#call-number").cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, terminal_size=(160, 48), run_before=settle)


def test_help_layout_160x48(snap_compare, make_ctx):
    app = ConsoleApp(make_ctx("2026-11-28 12:00"))  # a Saturday: intake only

    async def open_help(pilot):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(160, 48), run_before=open_help)
