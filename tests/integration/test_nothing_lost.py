"""Nothing typed or recorded is lost (D13, D14), service level, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.db import open_database
from console.models import AuditEvent, Contract, Draft, Technician, Ticket
from console.services import drafts, presence, tickets
from tests.integration.test_concurrency import _new

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=MSK)
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31m\x9b1m\u202e"


@pytest.fixture
def env(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    db = open_database(ctx.db_target)
    contract = Contract.create(number="1", number_key="1", surname="Иванов",
                               surname_key="иванов", balance_kopecks=100)
    Technician.create(name="Сидоров Пётр")
    yield ctx, contract
    db.close()


def test_d14_a_form_saved_twice_with_one_key_is_one_ticket_told_once_heard(env):
    ctx, contract = env
    form = _new(contract.id, "no_link", None)
    keyed = tickets.NewTicket(**{**form.__dict__, "intake_key": "form-1"})
    first = tickets.create_and_tell(keyed, operator="t", calendar=ctx.calendar, now=NOW)
    # A second Ctrl+S, or the draft restored after a crash right after the commit.
    later = NOW + timedelta(minutes=3)
    again = tickets.create_and_tell(keyed, operator="t", calendar=ctx.calendar, now=later)
    assert again.ticket_id == first.ticket_id
    assert Ticket.select().count() == 1
    ticket = Ticket.get_by_id(first.ticket_id)
    assert ticket.told_at == later  # what the caller heard now is what is recorded as told
    other = tickets.NewTicket(**{**form.__dict__, "intake_key": "form-2"})
    assert tickets.create_ticket(other, operator="t", calendar=ctx.calendar,
                                 now=NOW).ticket_id != first.ticket_id


def test_d14_drafts_belong_to_a_console_and_dead_consoles_drafts_are_offered(env):
    # Two consoles under one login: each keeps its own draft; deleting one leaves the other.
    drafts.save_draft("ivanova", "ticket", {"number": "1"}, NOW, console="A")
    drafts.save_draft("ivanova", "ticket", {"number": "2"}, NOW + timedelta(seconds=1),
                      console="B")
    drafts.delete_draft("ivanova", "ticket", console="A")
    assert [d.payload["number"] for d in drafts.list_drafts("ivanova", "ticket")] == ["2"]
    drafts.save_draft("ivanova", "ticket", {"number": "1"}, NOW, console="A")
    # B is still running (its heartbeat is fresh): a new console C is offered only A's draft.
    presence.heartbeat("B", operator="ivanova", operator_name="Иванова", host="h", pid=1,
                       now=NOW)
    offered = drafts.list_drafts("ivanova", "ticket", now=NOW, own_console="C")
    assert [d.console for d in offered] == ["A"]
    # B stops beating (killed): after ONLINE_SECONDS its draft is offered too.
    later = NOW + timedelta(seconds=presence.ONLINE_SECONDS + 1)
    offered = drafts.list_drafts("ivanova", "ticket", now=later, own_console="C")
    assert {d.console for d in offered} == {"A", "B"}
    drafts.adopt_draft("ivanova", "ticket", "A", "C")
    assert {d.console for d in drafts.list_drafts("ivanova", "ticket")} == {"B", "C"}


def test_d14_a_console_killed_on_this_machine_is_not_shown_online_nor_holding(env):
    import socket

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a pid that no longer exists (a console killed: no clean exit)
    host = socket.gethostname()
    presence.heartbeat("killed", operator="petrova", operator_name="Петрова", host=host,
                       pid=dead.pid, now=NOW, entity="ticket:7")
    presence.heartbeat("alive", operator="ivanova", operator_name="Иванова", host=host,
                       pid=os.getpid(), now=NOW, entity="ticket:8")
    seen = presence.load_presence(NOW + timedelta(seconds=5), "mine")
    assert seen.others == ("Иванова",)
    assert seen.holder("ticket:7") is None and seen.holder("ticket:8").operator_name == "Иванова"
    assert presence.live_consoles(NOW + timedelta(seconds=5)) == {"alive"}


def test_control_characters_are_stripped_whatever_service_stores_the_text(env):
    ctx, contract = env
    form = _new(contract.id, "no_link", None)
    dirty = tickets.NewTicket(**{**form.__dict__, "description": f"нет{ESCAPES} связи\nс утра"})
    out = tickets.create_ticket(dirty, operator="t", calendar=ctx.calendar, now=NOW)
    ticket = Ticket.get_by_id(out.ticket_id)
    assert ticket.description == "нет]0;pwned[2J[31m1m связи\nс утра"
    # A path that skips the services' checks (a script, an old version) is cleaned too.
    Ticket.update(responsible_name=f"Иванов{ESCAPES}").execute()
    name = Ticket.get_by_id(out.ticket_id).responsible_name
    assert "\x1b" not in name and "\u202e" not in name and name.startswith("Иванов")
    Contract.update(address=f"ул. Тверская{ESCAPES}", company=f"ООО{ESCAPES}").execute()
    stored = Contract.get_by_id(contract.id)
    assert not any(ch in stored.address + stored.company for ch in "\x1b\x07\x9b\u202e")
    drafts.save_draft("t", "ticket", {"form": {"description": f"x{ESCAPES}"}}, NOW, console="A")
    raw = Draft.get().payload
    assert "\\u001b" not in raw and "\x1b" not in raw
    assert AuditEvent.select().count() > 0


def test_d13_a_password_in_the_description_is_refused_by_the_service(env):
    ctx, contract = env
    form = _new(contract.id, "no_link", None)
    for text in ("не грузится, пароль 1234", "pass: qwerty", "пароль от роутера admin123"):
        with pytest.raises(tickets.TicketError):
            tickets.create_ticket(tickets.NewTicket(**{**form.__dict__, "description": text}),
                                  operator="t", calendar=ctx.calendar, now=NOW)
    assert Ticket.select().count() == 0
    fine = tickets.NewTicket(**{**form.__dict__, "description": "пароль клиент знает"})
    assert tickets.create_ticket(fine, operator="t", calendar=ctx.calendar, now=NOW).ticket_id


def test_backup_and_restore_on_this_backend(env, db_factory, tmp_path, english):
    from console.backup import BackupError, backup, restore

    ctx, _contract = env
    dest = tmp_path / "backup.dump"
    print(backup(ctx.db_target, dest))
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    with pytest.raises(BackupError, match="already exists"):
        backup(ctx.db_target, dest)
    empty = db_factory("restored.db", empty=True)
    restore(dest, empty)
    with pytest.raises(BackupError):
        restore(dest, ctx.db_target)  # never over a database that holds data
    db = open_database(empty)
    try:
        assert Contract.get().surname == "Иванов"
    finally:
        db.close()


def test_backup_of_postgresql_without_pg_dump_says_what_to_install(monkeypatch, tmp_path,
                                                                  english):
    from console.backup import BackupError, backup

    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError, match=r"pg_dump is not installed.*postgresql-client"):
        backup("postgresql://u:secret@127.0.0.1/x", tmp_path / "b.dump")


def test_the_database_and_its_wal_files_are_owner_only(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "fresh.db"
        db = open_database(path)
        Contract.create(number="1", number_key="1", surname="И", surname_key="и")
        for suffix in ("", "-wal", "-shm"):
            file = tmp_path / f"fresh.db{suffix}"
            assert file.exists(), suffix
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, suffix
        db.close()
    finally:
        os.umask(old)


def test_a_crashed_console_exits_non_zero(tmp_path):
    script = (
        "import sys\n"
        "from console import cli\n"
        "from console.app import ConsoleApp\n"
        "def boom(self):\n"
        "    raise RuntimeError('boom')\n"
        "ConsoleApp.on_mount = boom\n"
        "sys.exit(cli.main(['--db', sys.argv[1], '--now', '2026-11-24 11:00']))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "c.db")],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "TERM": "dumb"}, stdin=subprocess.DEVNULL)
    assert done.returncode != 0, done.stdout[-500:] + done.stderr[-500:]


def test_d14_a_draft_payload_round_trips_whole(env):
    payload = {"form": {"description": "нет связи\nс утра", "task_type": "no_link"},
               "number": "10000001", "surname": "Иванов", "intake_key": "k"}
    drafts.save_draft("t", "ticket", payload, NOW, console="A")
    assert drafts.load_draft("t", "ticket").payload == json.loads(json.dumps(payload))


HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def _hold(path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_new_operators_first_start_waits_for_the_write_lock_then_starts(tmp_path):
    path = tmp_path / "c.db"
    open_database(path).close()
    holder = _hold(path, 7)  # longer than the 5 s busy timeout of one attempt
    done = subprocess.run([sys.executable, "-m", "console", "technician", "list", "--db",
                           str(path), "--operator", "newcomer"],
                          capture_output=True, text=True, timeout=120)
    holder.wait(timeout=30)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_a_write_lock_held_too_long_at_start_is_one_clear_line(tmp_path, monkeypatch,
                                                               english):
    from console import launch
    from console.config import build_context
    from console.db import DatabaseSetupError

    path = tmp_path / "c.db"
    open_database(path).close()
    monkeypatch.setattr(launch, "LOCK_WAIT_SECONDS", 1.0)
    holder = _hold(path, 12)
    try:
        ctx = build_context(db_target=str(path), operator="newcomer")
        with pytest.raises(DatabaseSetupError) as info:
            launch.prepare(ctx)
    finally:
        holder.kill()
    message = str(info.value)
    assert "\n" not in message and "locked by another program" in message


def test_import_reports_are_owner_only(tmp_path):
    from console.services.billing.importer import import_contracts

    old = os.umask(0o022)
    try:
        db = open_database(tmp_path / "c.db")
        source = tmp_path / "billing.csv"
        source.write_text("номер;фамилия;баланс\n1;Иванов;abc\n", encoding="utf-8")
        summary = import_contracts(source, operator="t", as_of=NOW)
        db.close()
        assert stat.S_IMODE(summary.report_path.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_database_failures_are_named_for_the_dispatcher():
    import sqlite3 as sq

    from console.db import DatabaseGone, describe_failure

    try:
        try:
            raise sq.OperationalError("database or disk is full")
        except sq.OperationalError as full:
            raise sq.OperationalError("cannot rollback - no transaction is active") from full
    except sq.OperationalError as exc:
        assert describe_failure(exc) == "the disk is full"
    assert describe_failure(sq.OperationalError("database is locked")) == (
        "the database is locked by another program")
    assert describe_failure(DatabaseGone("x")) == "the database file was deleted or moved"
    assert describe_failure(sq.OperationalError("unable to open database file")) == (
        "the database file is missing or cannot be opened")
