"""Issue 12: what the start no longer does twice, and what must still happen.

The console skips three things Textual repeats at the start (console/app.py `refresh_css`,
console/screens/base.py): re-parsing every CSS source when the variables did not change, laying
a screen out again for a Resize of the size it already has, and drawing a frame while updates
are batched (Textual drops it). These tests prove the cases that still need the work get it.
The database is first read after the first frame (ConsoleApp.after_first_frame), and opened by
that worker when the start needed nothing written (console.start_check): keys typed meanwhile
still land in their fields.
"""

from __future__ import annotations

from textual import events

from console.app import ConsoleApp
from console.widgets.status_bar import StatusBar
from tests.ui.pilot_helpers import settle, status, status_bar

SIZE = (160, 48)


async def test_a_theme_change_still_reparses_the_css_with_its_colours(make_ctx):
    app = ConsoleApp(make_ctx())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = app.screen.query_one(StatusBar).styles.background
        app.theme = "textual-light"
        await settle(pilot)
        after = app.screen.query_one(StatusBar).styles.background
        assert after != before
        assert app.stylesheet._variables == app.get_css_variables()


async def test_a_new_screen_with_unchanged_variables_is_styled_without_a_reparse(make_ctx):
    app = ConsoleApp(make_ctx(), start_refresh=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reparsed = []
        original = app.stylesheet.reparse
        app.stylesheet.reparse = lambda: (reparsed.append(1), original())[1]  # type: ignore
        await pilot.press("f3")
        await settle(pilot)
        assert app.current_mode == "queue"
        assert not reparsed
        # ... and the new screen's widgets have their rules all the same.
        table = app.screen.query_one("#queue-table")
        assert table.styles.height.value > 0 and app.screen.query_one(StatusBar).region.height == 1


async def test_a_real_resize_lays_the_screen_out_again(make_ctx):
    app = ConsoleApp(make_ctx())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(StatusBar)
        assert not bar.has_class("-narrow")
        await pilot.resize_terminal(110, 35)
        await settle(pilot)
        assert bar.has_class("-narrow") and bar.region.width == 110
        assert status(app, "sb-tickets").startswith("Заявок ")
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        assert not bar.has_class("-narrow") and bar.region.width == 160


async def test_a_resize_to_the_same_size_repaints_without_a_new_layout(make_ctx):
    app = ConsoleApp(make_ctx())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        layouts = []
        reflow = screen._compositor.reflow
        screen._compositor.reflow = lambda *a: (layouts.append(a), reflow(*a))[1]  # type: ignore
        screen.post_message(events.Resize.from_dimensions(app.size, None))
        await settle(pilot)
        assert layouts == []
        # A real change of size still reflows.
        await pilot.resize_terminal(150, 40)
        await settle(pilot)
        assert layouts


async def test_no_worker_reads_the_database_before_the_first_frame(make_ctx):
    """The first reads (the refresh, the draft left over, presence) wait for the first frame:
    their workers would load the database layer while the first screen is drawn."""
    app = ConsoleApp(make_ctx())
    started: list[tuple[str | None, bool]] = []
    run_worker = app.run_worker

    def recording(work, *args, **kwargs):
        started.append((kwargs.get("group"), app._first_frame_drawn))
        return run_worker(work, *args, **kwargs)

    app.run_worker = recording  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert started and app._first_frame_drawn
        assert [group for group, after in started if not after] == []


async def test_d14_keys_typed_while_the_database_is_not_open_yet_land_in_their_fields(make_ctx):
    """A start whose database needed nothing (console.start_check) opens it in the first worker
    after the first frame; the number, Tab and the surname typed at once still land in their
    fields, and the caller is verified through the database opened then."""
    from console.models import database
    from tests.ui.burst import burst
    from tests.ui.test_call_screen import seed, text_of
    from tests.ui.test_typeahead import value, wait_until

    ctx = make_ctx()
    seed(ctx)
    database.initialize(None)  # as `prepare_to_start` leaves it: the layer not opened
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, *"10000001", "tab", *"Иванов")
        await wait_until(pilot, lambda: value(app, "#call-surname") == "Иванов")
        assert value(app, "#call-number") == "10000001"
        await wait_until(pilot, lambda: "✓" in text_of(app, "#call-verify"))
    assert database.obj is not None and ctx.db_target in str(database.obj.database)


async def test_the_first_frame_is_f2_focused_and_the_footer_keys_follow_it(make_ctx):
    """The first frame shows F2 with the contract number focused and the status bar's clock;
    the footer's keys (a dozen widgets) are mounted right after it."""
    from textual.widgets._footer import FooterKey

    app = ConsoleApp(make_ctx(), start_refresh=False)
    first: list[tuple[int, str | None, str]] = []
    drawn = app.frame_drawn

    def recording() -> None:
        if not app.first_frame_drawn:
            screen = app.screen
            clock = status(app, "sb-time")
            first.append((len(screen.query(FooterKey)), getattr(app.focused, "id", None), clock))
        drawn()

    app.frame_drawn = recording  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(first) == 1
        keys, focused, clock = first[0]
        assert keys == 0 and focused == "call-number" and clock.endswith("МСК")
        shown = {fk.key for fk in app.screen.query(FooterKey) if fk.region.width}
        assert {"f1", "f2", "f3", "f4", "f5", "f6", "f7"} <= shown


async def test_the_first_screen_is_styled_once_on_the_way_to_its_first_frame(make_ctx):
    """Textual styles a resumed screen's widgets again; the first screen's resume at the start
    keeps the styles its widgets got as they were mounted (console/screens/base.py)."""
    app = ConsoleApp(make_ctx(), start_refresh=False)
    restyled: list[int] = []
    update_styles = app.update_styles

    def recording(node, animate: bool = True) -> None:
        if not app.first_frame_drawn:
            restyled.append(len(list(node.walk_children(with_self=True))))
        update_styles(node, animate)

    app.update_styles = recording  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.first_frame_drawn
        assert restyled and max(restyled) < 10  # single widgets (a class set), never the screen
        script = app.screen.query_one("#call-script")
        assert script.styles.border.top[0] == "round"  # app.tcss applied all the same


async def test_the_first_screen_is_laid_out_once_and_a_narrow_first_frame_is_right(make_ctx):
    """The first screen's resume leaves its layout to the first frame's (console/screens/
    base.py): one layout, and in a narrow terminal the status bar's short forms are already
    in that frame, in the places a layout made after the mount gives them."""
    from textual.screen import Screen

    app = ConsoleApp(make_ctx(), start_refresh=False)
    layouts: list[int] = []
    first: list[tuple[bool, dict]] = []
    refresh_layout = Screen._refresh_layout
    drawn = app.frame_drawn

    def counting(screen, *args, **kwargs) -> None:
        if not app.first_frame_drawn:
            layouts.append(1)
        refresh_layout(screen, *args, **kwargs)

    def recording() -> None:
        if not app.first_frame_drawn:
            bar = status_bar(app)
            regions = {w.id: w.region for w in app.screen.query("#body *") if w.id}
            first.append((bar.has_class("-narrow"), regions))
        drawn()

    app.frame_drawn = recording  # type: ignore[method-assign]
    Screen._refresh_layout = counting  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert len(layouts) == 1 and len(first) == 1
            narrow, regions = first[0]
            assert narrow and status(app, "sb-time") == "11:00:00"
            app.screen._refresh_layout(app.size)  # a layout now places everything alike
            await settle(pilot)
            assert regions == {w.id: w.region for w in app.screen.query("#body *") if w.id}
    finally:
        Screen._refresh_layout = refresh_layout  # type: ignore[method-assign]


async def test_a_screen_built_ahead_and_shown_after_a_theme_change_has_the_new_theme(make_ctx):
    """A screen built ahead (console/warmup.py) is restyled by a theme picked after it was
    built (every registered screen is, by the App's refresh_css), and a resume past the start
    restyles as Textual does: the first F3 after the change shows the new colours."""
    from console.app import SCREEN_CLASSES
    from console.warmup import START_AFTER
    from tests.ui.pilot_helpers import wait_for

    app = ConsoleApp(make_ctx())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: set(app._screen_stacks) == set(SCREEN_CLASSES),
                       timeout=START_AFTER + 8)
        app.theme = "textual-light"
        await settle(pilot)
        light = app.screen.query_one(StatusBar).styles.background
        await pilot.press("f3")
        await settle(pilot)
        assert app.current_mode == "queue"
        assert app.screen.query_one(StatusBar).styles.background == light


async def test_a_console_with_a_data_folder_reads_back_the_css_it_parsed(make_ctx, tmp_path):
    """console/css_cache.py through the App: the first run writes what it parsed when it ends,
    the next one starts from it and looks the same."""
    from console.css_cache import cache_path

    def looks(app) -> tuple:
        screen = app.screen
        return (screen.query_one(StatusBar).styles.background,
                screen.query_one("#call-script").styles.border,
                screen.query_one("#call-number").styles.height,
                app.focused.id if app.focused else None)

    ctx = make_ctx()
    ctx.data_dir = tmp_path / "data"
    first = ConsoleApp(ctx, start_refresh=False)
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen = looks(first)
    path = cache_path(ctx.data_dir / ".cache", first.stylesheet._variables)
    assert path.exists()
    second = ConsoleApp(ctx, start_refresh=False)
    assert len(second.stylesheet._parse_cache) >= 5  # preloaded before anything was parsed
    async with second.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert looks(second) == seen


async def test_the_status_bar_is_one_widget_drawing_every_part_in_one_line(make_ctx):
    """Issue 12: the status bar was thirteen Labels (widgets to compose, style, lay out and
    draw before the first frame); it is one widget whose line reads as they did."""
    app = ConsoleApp(make_ctx(), start_refresh=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(StatusBar)
        assert list(bar.children) == []
        line = str(bar.render())
        assert len(line) == SIZE[0]
        assert line.startswith(" Вт 24.11.2026 11:00:00 МСК  ПРИЁМ ОТКРЫТ ")
        assert line.rstrip().endswith("  Оператор: tester")
        assert bar.marks_of("sb-mode") == {"-open"}
