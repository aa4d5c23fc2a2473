"""Several consoles, and the database going away under a running one (D14), as a dispatcher
sees it: presence, "open elsewhere", the banner, saves that wait and complete, drafts that
survive SIGKILL, never a duplicate ticket."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from console.app import ConsoleApp
from console.db import open_database
from console.models import Draft, Ticket
from console.services import presence
from tests.ui.pilot_helpers import settle, status, status_bar, wait_for
from tests.ui.test_call_screen import SIZE, seed, start_and_verify, text_of

MSK = ZoneInfo("Europe/Moscow")
ROOT = Path(__file__).resolve().parents[2]


async def until(pilot, predicate, timeout: float = 5.0) -> None:
    """Like `wait_for`, without waiting on workers: here some are meant to fail (and retry)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


async def fill_form(pilot, description: str = "мигает роутер") -> None:
    await pilot.press("ctrl+t")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#ticket-form")))
    await pilot.press("enter", *description)
    form = pilot.app.screen.query_one("#ticket-form")
    form.query_one("#tf-desired").value = "завтра 11"
    form.query_one("#tf-intercom").value = "45К12"
    form.query_one("#tf-responsible").value = "Иванов Иван"
    form.query_one("#tf-phone").value = "+7 903 111-22-33"
    for i in range(3):  # R7: each item read out
        form.ticked.add(i)
    await pilot.pause()


async def test_d14_status_bar_shows_who_else_is_online_and_f3_who_has_a_ticket_open(make_ctx):
    ctx = make_ctx("2026-11-24 11:05")
    seed(ctx)
    db = open_database(ctx.db_target)
    from console.services.tickets import create_ticket
    from tests.integration.test_concurrency import _new

    out = create_ticket(_new(1, "no_link", None), operator="t", calendar=ctx.calendar,
                        now=datetime(2026, 11, 24, 11, 0, tzinfo=MSK))
    # Another console (Иванова's) opened a dialog on that ticket at 11:02.
    presence.heartbeat("other", operator="ivanova", operator_name="Иванова Мария", host="pc2",
                       pid=4242, now=datetime(2026, 11, 24, 11, 2, tzinfo=MSK),
                       entity=f"ticket:{out.ticket_id}")
    presence.heartbeat("other", operator="ivanova", operator_name="Иванова Мария", host="pc2",
                       pid=4242, now=datetime(2026, 11, 24, 11, 5, tzinfo=MSK))  # still there
    db.close()
    app = ConsoleApp(ctx)
    async with app.run_test(size=(200, 48)) as pilot:  # room for the names (else "+1 в сети")
        await wait_for(pilot, lambda: "Иванова Мария" in status(app, "sb-online"))
        assert status(app, "sb-online") == "Также в сети: Иванова Мария"
        await pilot.press("f3")
        await wait_for(pilot, lambda: "открыто у Ивановой с 11:02" in text_of(app,
                                                                               "#queue-detail"))
        # This console opens a dialog on the ticket: its presence row says so.
        await pilot.press("minus")
        await settle(pilot)
        await wait_for(pilot, lambda: _entity_of(ctx) == f"ticket:{out.ticket_id}")
        await pilot.press("escape")
        await wait_for(pilot, lambda: _entity_of(ctx) is None)


async def test_d14_many_consoles_online_never_cut_off_the_operators_name(make_ctx):
    ctx = make_ctx("2026-11-24 11:05")
    seed(ctx)
    db = open_database(ctx.db_target)
    for n, name in enumerate(("Иванова Мария", "Петрова Анна", "Сидорова Ольга",
                              "Кузнецова Екатерина")):
        presence.heartbeat(f"c{n}", operator=f"op{n}", operator_name=name, host="pc",
                           pid=n, now=datetime(2026, 11, 24, 11, 5, tzinfo=MSK))
    db.close()
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "в сети" in status(app, "sb-online"))
        await pilot.pause(1.2)  # a clock tick re-fits the line
        assert status(app, "sb-online") == "+4 в сети"  # the names do not fit at 160
        line = str(status_bar(app).render())
        assert len(line) <= SIZE[0] and line.rstrip().endswith(status(app, "sb-operator"))


async def test_d14_f5_says_a_claim_is_open_at_another_console_and_tells_its_own(make_ctx):
    from console.screens.claim_dialogs import ClaimDialog
    from console.services import claims

    ctx = make_ctx("2026-11-24 11:05")
    db = open_database(ctx.db_target)
    out = claims.register_claim(claims.rules.ClaimFields(channel="fax", holder_full_name="Орлов"),
                                datetime(2026, 11, 20, 12, tzinfo=MSK), operator="t",
                                calendar=ctx.calendar, now=datetime(2026, 11, 24, 11, 0,
                                                                    tzinfo=MSK))
    presence.heartbeat("other", operator="ivanova", operator_name="Иванова Мария", host="pc2",
                       pid=4242, now=datetime(2026, 11, 24, 11, 2, tzinfo=MSK),
                       entity=f"claim:{out.claim_id}")
    presence.heartbeat("other", operator="ivanova", operator_name="Иванова Мария", host="pc2",
                       pid=4242, now=datetime(2026, 11, 24, 11, 5, tzinfo=MSK))  # still there
    db.close()
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await wait_for(pilot, lambda: "открыто у Ивановой с 11:02" in text_of(app,
                                                                               "#claims-detail"))
        await pilot.press("enter")  # the claim's card: other consoles see it open here
        await wait_for(pilot, lambda: isinstance(app.screen, ClaimDialog))
        await wait_for(pilot, lambda: _entity_of(ctx) == f"claim:{out.claim_id}")
        await pilot.press("escape")
        await wait_for(pilot, lambda: _entity_of(ctx) is None)


async def test_d14_f4_says_a_visit_is_open_at_another_console_and_tells_its_own(make_ctx):
    """F4's dialogs on a visit (its card, the outcome, the act, cancelling) and moving it say
    so to other consoles; a visit another console has open says so in the detail line."""
    from console.screens.dialogs import ChoiceDialog, InfoDialog, ReasonDialog
    from console.screens.timeslots import TimeslotsScreen
    from tests.ui.test_timeslots_screen import at, grid, open_f4
    from tests.ui.test_timeslots_screen import seed as seed_day

    ctx = make_ctx("2026-11-24 11:05")
    ids = seed_day(ctx, "2026-11-24 11:00", techs=("Антонов Пётр",),
                   jobs=[("unstable_link", "2026-11-24 12:00", True)])
    ticket, tech = ids["tickets"][0], ids["techs"][0]
    entity = f"ticket:{ticket}"
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f4(pilot)
        assert grid(app).move_to(tech, at("2026-11-24 12:00"))
        assert grid(app).visit is not None and grid(app).visit.ticket_id == ticket
        for key, dialog in (("enter", InfoDialog), ("c", ChoiceDialog), ("x", ChoiceDialog)):
            await pilot.press(key)
            await wait_for(pilot, lambda d=dialog: isinstance(app.screen, d))
            await wait_for(pilot, lambda: _entity_of(ctx) == entity)
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, TimeslotsScreen))
            await wait_for(pilot, lambda: _entity_of(ctx) is None)
        await pilot.press("x", "enter")  # the client asks: the reason dialog, still on it
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await wait_for(pilot, lambda: _entity_of(ctx) == entity)
        await pilot.press("escape")
        await wait_for(pilot, lambda: _entity_of(ctx) is None)
        await pilot.press("m")  # moving it
        await wait_for(pilot, lambda: _entity_of(ctx) == entity)
        await pilot.press("escape")
        await wait_for(pilot, lambda: _entity_of(ctx) is None)
        # Another console (Иванова's) opens the visit's ticket at 11:06: the detail line says so.
        db = open_database(ctx.db_target)
        presence.heartbeat("other", operator="ivanova", operator_name="Иванова Мария",
                           host="pc2", pid=4242, now=datetime(2026, 11, 24, 11, 6, tzinfo=MSK),
                           entity=entity)
        db.close()
        await wait_for(pilot, lambda: "открыто у Ивановой с 11:06" in text_of(app,
                                                                               "#slots-detail"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, InfoDialog))
        assert "открыто у Ивановой с 11:06" in str(app.screen._lines)


def _entity_of(ctx):
    with sqlite3.connect(ctx.db_target) as conn:
        row = conn.execute("SELECT entity FROM console_presence WHERE console_id = ?",
                           (ctx.console_id,)).fetchone()
    return row[0] if row else "no row"


async def test_d14_a_deleted_database_shows_a_banner_and_is_never_recreated(make_ctx):
    ctx = make_ctx()
    seed(ctx)
    app = ConsoleApp(ctx)
    path = Path(ctx.db_target)
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: bool(app.screen.query("#ticket-form")))
        await pilot.press("enter", *"нет связи")
        await settle(pilot)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        banner = app.screen.query_one("DatabaseBanner")
        await until(pilot, lambda: banner.has_class("-shown"))
        assert any(words in str(banner.render()) for words in (
            "файл базы удалён или перемещён", "файла базы нет"))
        await pilot.press("ctrl+s")  # a save now fails, and is retried; never a traceback
        await pilot.pause(1.5)
        assert not path.exists()
        form = app.screen.query_one("#ticket-form")
        assert form.query_one("#tf-description").value == "нет связи"  # kept on screen
    assert app._exception is None


HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


async def test_d14_a_save_while_another_program_locks_the_database_for_20_s_completes(make_ctx):
    ctx = make_ctx()
    seed(ctx)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        await fill_form(pilot)
        holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, ctx.db_target, "20"],
                                  stdout=subprocess.PIPE, text=True)
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        await pilot.press("ctrl+s")
        await pilot.pause(0.2)
        assert "Сохраняю заявку" in text_of(app, "#call-eta")  # a save in progress shows
        await pilot.press("ctrl+s")  # pressed again while it waits: not a second ticket
        await until(pilot, lambda: "пока не сохранено" in text_of(app, "#call-eta").lower()
                       or "Сохраняю" in text_of(app, "#call-eta"), timeout=10)
        await until(pilot, lambda: "специалист придёт" in text_of(app, "#call-eta"),
                       timeout=45)
        assert time.monotonic() - started >= 15  # it waited for the lock, then saved
        holder.wait(timeout=30)
    assert app._exception is None
    db = open_database(ctx.db_target)
    try:
        assert Ticket.select().count() == 1
        assert Ticket.get().description == "мигает роутер"
    finally:
        db.close()


async def test_d14_drafts_are_written_at_least_every_2_s_while_typing_without_pause(make_ctx):
    ctx = make_ctx()
    seed(ctx)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        await pilot.press("ctrl+t", "enter")
        started = time.monotonic()
        while time.monotonic() - started < 3.5:  # faster than the 1 s pause autosave
            await pilot.press("а")
            await pilot.pause(0.3)
        await settle(pilot)
        assert Draft.select().count() == 1  # written while the typing never paused
        assert "ааа" in Draft.get().payload


KILLED = """
import asyncio, os, signal, sys
from console.app import ConsoleApp
from console.config import build_context
from console.launch import prepare

async def main(target, when):
    ctx = build_context(db_target=target, now="2026-11-24 11:00", operator="ivanova")
    prepare(ctx)
    app = ConsoleApp(ctx)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("f2")
        await pilot.pause(0.5)
        await pilot.press(*"10000001", "tab", *"Иванов")
        await pilot.pause(1.0)
        await pilot.press("ctrl+t", "enter", *"мигает роутер, вечером пропадает")
        form = app.screen.query_one("#ticket-form")
        form.query_one("#tf-desired").value = "завтра 11"
        form.query_one("#tf-intercom").value = "45К12"
        form.query_one("#tf-responsible").value = "Иванов Иван"
        form.query_one("#tf-phone").value = "+7 903 111-22-33"
        form.ticked.update({0, 1, 2})
        await pilot.pause(2.5)  # the autosave
        if when == "save":
            await pilot.press("ctrl+s")
            await asyncio.sleep(0.01)
        print("kill", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


async def _killed_then_restarted(make_ctx, when: str):
    ctx = make_ctx()
    seed(ctx)
    done = subprocess.run([sys.executable, "-c", KILLED, ctx.db_target, when], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    with sqlite3.connect(ctx.db_target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ctx.operator_login = "ivanova"
    with sqlite3.connect(ctx.db_target) as conn:
        drafts_left = conn.execute("SELECT count(*) FROM draft").fetchone()[0]
        tickets_before = conn.execute("SELECT count(*) FROM ticket").fetchone()[0]
    if when == "form":
        assert (drafts_left, tickets_before) == (1, 0)
    else:  # killed before the commit, after it, or after the draft's deletion
        assert (drafts_left, tickets_before) in ((1, 0), (1, 1), (0, 1))
    app = ConsoleApp(ctx)  # the restarted console: a new console id, same operator
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        if drafts_left:
            await wait_for(pilot, lambda: app.screen.query_one("#call-draft").display,
                           timeout=10)
            await pilot.press("ctrl+d")  # the call starts; R13: the caller's surname first
            await settle(pilot)
            await pilot.press(*"Иванов")
            await pilot.pause(0.4)
            await settle(pilot)
            await wait_for(pilot, lambda: app.screen.query_one("#call-draft").display)
            await pilot.press("ctrl+d")
            await settle(pilot)
            form = app.screen.query_one("#ticket-form")
            assert form.query_one("#tf-description").value == "мигает роутер, вечером пропадает"
            assert form.query_one("#tf-intercom").value == "45К12"
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: "Заявка №" in text_of(app, "#call-eta"), timeout=15)
    db = open_database(ctx.db_target)
    try:
        assert Ticket.select().count() == 1  # killed mid-save or not: one ticket
        assert Ticket.get().description == "мигает роутер, вечером пропадает"
    finally:
        db.close()
    return drafts_left, tickets_before


async def test_d14_sigkill_in_the_middle_of_a_form_the_draft_comes_back_whole(make_ctx):
    await _killed_then_restarted(make_ctx, "form")


async def test_d14_sigkill_in_the_middle_of_a_save_never_makes_a_duplicate(make_ctx):
    await _killed_then_restarted(make_ctx, "save")


async def test_d14_postgresql_going_away_mid_save_then_back_the_save_completes():
    """The server drops every connection and refuses new ones for a few seconds (a restart),
    in the middle of a save: banner, form kept, the save goes through once it is back."""
    from tests import backends

    server = backends.pg_server()  # skips without a server (psycopg may not be installed)
    import psycopg

    from console.config import build_context
    from console.launch import prepare

    url = server.create()
    name = url.rsplit("/", 1)[1]
    try:
        ctx = build_context(db_target=url, now="2026-11-24 11:00", operator="tester",
                            frozen=True)
        prepare(ctx)
        seed(ctx)
        app = ConsoleApp(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await start_and_verify(pilot, "10000001", "Иванов")
            await fill_form(pilot)
            with psycopg.connect(server.admin_url, autocommit=True) as admin:
                admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                              " WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
                await pilot.press("ctrl+s")
                banner = app.screen.query_one("DatabaseBanner")
                await until(pilot, lambda: "пока не сохранено" in text_of(
                    app, "#call-eta").lower(), timeout=15)
                await until(pilot, lambda: banner.has_class("-shown"), timeout=10)
                assert "сервер базы недоступен" in str(banner.render())
                await pilot.pause(2.0)
                admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            await until(pilot, lambda: "специалист придёт" in text_of(app, "#call-eta"),
                        timeout=30)
            await until(pilot, lambda: not banner.has_class("-shown"), timeout=10)
        assert app._exception is None
        db = open_database(url)
        try:
            assert Ticket.select().count() == 1
        finally:
            db.close()
    finally:
        backends.release_peewee()
        server.drop(url)


async def test_d14_claim_form_drafts_belong_to_their_console_and_keep_up_with_typing(make_ctx):
    """Another running console under the same login keeps its claim draft to itself (not
    offered here, not deleted by this console's save); this console's draft is written at least
    every 2 s while the dispatcher types without a pause."""
    from console.screens.claim_form import ClaimForm
    from console.screens.claims import ClaimsScreen
    from console.services import drafts

    ctx = make_ctx("2026-11-24 11:05")
    db = open_database(ctx.db_target)
    at = datetime(2026, 11, 24, 11, 5, tzinfo=MSK)
    drafts.save_draft(ctx.operator_login, "claim", {"cf-holder": "Чужой черновик"}, at,
                      console="other")
    presence.heartbeat("other", operator=ctx.operator_login, operator_name="Я же", host="pc2",
                       pid=1, now=at)  # that console is running
    db.close()
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, ClaimsScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ClaimForm))
        await settle(pilot)
        holder = app.screen.query_one("#cf-holder")
        assert holder.value == ""  # the other console's draft is not offered here
        holder.focus()
        started = time.monotonic()
        while time.monotonic() - started < 3.5:  # faster than the 1 s pause autosave
            await pilot.press("а")
            await pilot.pause(0.3)
        await pilot.pause(0.2)
        mine = [d for d in Draft.select() if d.console == ctx.console_id]
        assert len(mine) == 1 and "ааа" in mine[0].payload  # written while typing went on
        app.screen.query_one("#cf-channel").value = "fax"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ClaimsScreen))
        await settle(pilot)
    left = {(d.console, d.form) for d in Draft.select()}
    assert left == {("other", "claim")}  # the save deleted only this console's draft
