"""The console shell: start, F1-F6, palette, quit, the status bar and its live counters."""

from __future__ import annotations

import io
import sqlite3
from datetime import timedelta

from rich.console import Console
from textual.command import CommandPalette

from console.app import ConsoleApp
from console.i18n import set_language
from tests.ui.pilot_helpers import settle, status, status_bar

SIZE = (160, 48)


def label(app: ConsoleApp, selector: str) -> str:
    """A status bar part's text, by its old label id ("#sb-tickets")."""
    return status(app, selector.removeprefix("#"))


async def test_starts_on_the_call_screen_with_the_status_bar(make_ctx):
    app = ConsoleApp(make_ctx("2026-11-24 11:00"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.current_mode == "call"
        assert label(app, "#sb-time") == "Вт 24.11.2026 11:00:00 МСК"
        assert label(app, "#sb-mode") == "ПРИЁМ ОТКРЫТ"
        assert label(app, "#sb-operator") == "Оператор: tester"
        assert label(app, "#sb-tickets") == "Заявок: 0"


async def test_f1_to_f6_switch_screens_and_keep_the_status_bar(make_ctx):
    app = ConsoleApp(make_ctx())
    expected = {"f1": ("help", "Справка"), "f2": ("call", "Звонок"), "f3": ("queue", "Очередь"),
                "f4": ("timeslots", "Выезды"), "f5": ("claims", "Претензии"),
                "f6": ("helpdesk", "HelpDesk")}
    async with app.run_test(size=SIZE) as pilot:
        for key, (mode, title) in expected.items():
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
            assert str(app.screen.query_one("#screen-title").render()) == title
            assert label(app, "#sb-mode") == "ПРИЁМ ОТКРЫТ"


async def test_r19_help_lists_bindings_rules_and_contacts(make_ctx):
    app = ConsoleApp(make_ctx())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        console = Console(record=True, width=160, file=io.StringIO())
        for static in app.screen.query("#help-scroll Static"):
            console.print(static.content)
        text = console.export_text()
        for needle in ("(499) 245 6777", "(903) 969 1445", "Абрамов Сергей Иванович",
                       "Очередь", "Выход", "R13", "D14"):
            assert needle in text, needle


async def test_palette_goes_to_any_screen(make_ctx):
    app = ConsoleApp(make_ctx())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Претензии")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "claims"


async def test_ctrl_q_quits(make_ctx):
    app = ConsoleApp(make_ctx())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_r01_r04_mode_flips_at_18_00(make_ctx):
    ctx = make_ctx("2026-11-27 17:59:58")  # a Friday
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        app.state.tick()
        await pilot.pause()
        assert label(app, "#sb-mode") == "ПРИЁМ ОТКРЫТ"
        ctx.clock.advance(timedelta(seconds=2))
        app.state.tick()
        await pilot.pause()
        assert label(app, "#sb-mode") == "ТОЛЬКО ПРИЁМ ЗАЯВОК"
        assert "-intake" in status_bar(app).marks_of("sb-mode")


async def test_r04_weekend_and_holiday_are_intake_only(make_ctx):
    for now in ("2026-11-28 12:00", "2026-12-31 12:00", "2026-11-24 09:59"):
        app = ConsoleApp(make_ctx(now))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert label(app, "#sb-mode") == "ТОЛЬКО ПРИЁМ ЗАЯВОК", now


async def test_counters_follow_changes_made_by_another_console(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert label(app, "#sb-tickets") == "Заявок: 0"
        assert label(app, "#sb-helpdesk") == "HelpDesk просрочено: 0"
        with sqlite3.connect(ctx.db_target) as other:  # another process's connection
            other.execute(
                "INSERT INTO contract (number, number_key, surname, first_name, patronymic,"
                " surname_key, address, balance_kopecks, status, created_at, updated_at)"
                " VALUES ('1','1','Иванов','','','иванов','',100,'active',"
                " '2026-11-24','2026-11-24')"
            )
            other.execute(
                "INSERT INTO ticket (contract_id, task_type_id, priority, status, channel,"
                " description, responsible_name, contact_phone, contact_is_mobile, intercom_code,"
                " no_intercom, billable_agreed, pinned, created_at, updated_at, version)"
                " VALUES (1, 1, 1, 'open', 'phone', '', '', '', 1, '', 1, 0, 0,"
                " '2026-11-24 08:00:00', '2026-11-24 08:00:00', 1)"
            )
            other.execute(
                "INSERT INTO help_desk_question (received_at, due_at, subject, body)"
                " VALUES ('2026-11-20 08:00:00', '2026-11-23 15:00:00', 'q', 'b')"
            )
        for _ in range(40):  # the poll runs every second
            await pilot.pause(0.1)
            if label(app, "#sb-tickets") == "Заявок: 1":
                break
        assert label(app, "#sb-tickets") == "Заявок: 1"
        assert label(app, "#sb-helpdesk") == "HelpDesk просрочено: 1"
        assert "-alert" in status_bar(app).marks_of("sb-helpdesk")


async def test_empty_database_explains_how_to_start(make_ctx):
    app = ConsoleApp(make_ctx())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = str(app.screen.query_one("#setup-help").render())
        assert "import-contracts" in text and "technician add" in text


async def test_english_interface(make_ctx):
    app = ConsoleApp(make_ctx(lang="en"))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert label(app, "#sb-mode") == "INTAKE OPEN"
            await pilot.press("f3")
            await pilot.pause()
            assert str(app.screen.query_one("#screen-title").render()) == "Queue"
    finally:
        set_language("ru")


async def test_a_failing_worker_is_reported_and_polling_goes_on(make_ctx):
    app = ConsoleApp(make_ctx())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        def broken(_now):
            raise RuntimeError("disk I/O error")

        app.state.register_loader("broken", broken, None)
        app.state.refresh(force=True)
        await pilot.pause(0.3)
        await pilot.pause()
        assert any("disk I/O error" in str(n.message) for n in app._notifications)
        assert app.is_running


async def test_a_busy_status_bar_takes_its_short_forms_rather_than_cut_off_the_operator(make_ctx):
    """Seen at 160 columns on the demo at night with a second console: every counter, the
    day close and "+1 в сети" did not fit, and the line was cut at "+1 в сет", the operator's
    name gone. The full forms are kept while they fit; past that the short ones."""
    from console.services.counts import Counts
    from console.services.presence import PresenceSnapshot

    ctx = make_ctx("2026-12-02 01:07")
    app = ConsoleApp(ctx)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        state = app.state
        state.set_part("counts", Counts(open_tickets=65, overdue_helpdesk=14, overdue_claims=2))
        await pilot.pause()
        assert label(app, "#sb-operator") == "Оператор: tester"  # the full forms fit
        assert label(app, "#sb-helpdesk") == "HelpDesk просрочено: 14"
        state.set_part("dayclose", 5)
        state.set_part("presence", PresenceSnapshot(others=("Петрова Анна",)))
        await pilot.pause()
        await pilot.pause()
        bar = app.screen.query_one("StatusBar")
        assert "-narrow" in bar.classes
        assert label(app, "#sb-operator") == "tester"
        line = str(bar.render())
        assert len(line) <= 160 and line.rstrip().endswith(" tester"), line  # nothing cut off
        assert "в сети" in label(app, "#sb-online")
        # The day settled, the others gone: room again, the full forms come back.
        state.set_part("presence", PresenceSnapshot())
        state.set_part("dayclose", 0)
        await pilot.pause()
        await pilot.pause()
        assert label(app, "#sb-operator") == "Оператор: tester"
