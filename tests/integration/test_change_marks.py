"""D14 on one SQLite file: another console's commit reloads only the parts that read what it
wrote. Every commit bumps the `change_mark` counters of the tables it wrote
(console/change_marks.py); the watcher reports those tables, everything when it cannot tell."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from console.app import ConsoleApp
from console.change_marks import EVERYTHING, MarkingConnection, written_table
from console.config import build_context
from console.db import open_database
from console.launch import prepare
from console.models import ConsolePresence, Contract, Technician, Ticket, database
from console.services import drafts, presence
from console.services.schedule import executemany
from console.sync import ALL, DataVersionWatcher

NOW = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("Europe/Moscow"))


@pytest.fixture
def watched(tmp_path):
    path = tmp_path / "marks.db"
    db = open_database(str(path))
    watcher = DataVersionWatcher(str(path))
    assert watcher.changed() == ALL  # the first look: everything is new
    yield path, watcher
    watcher.close()
    db.close()


def test_d14_written_table_names_the_table_of_each_write(watched):  # peewee's SQL
    assert written_table(Ticket.update(version=2).where(Ticket.id == 1).sql()[0]) == "ticket"
    assert written_table(Ticket.delete().where(Ticket.id == 1).sql()[0]) == "ticket"
    insert = Contract.insert(number="1", number_key="1", surname="И", surname_key="и")
    assert written_table(insert.sql()[0]) == "contract"
    upsert = ConsolePresence.insert(console_id="x").on_conflict_replace()
    assert written_table(upsert.sql()[0]) == "console_presence"
    assert written_table("  update ticket set eta_start = ? where id = ?") == "ticket"
    assert written_table("INSERT OR IGNORE INTO [draft] (a) VALUES (1)") == "draft"
    assert written_table("CREATE INDEX i ON ticket (id)") == EVERYTHING
    assert written_table('SELECT * FROM "ticket" WHERE note = \'UPDATE x\'') is None
    assert written_table(Ticket.select().sql()[0]) is None
    assert written_table("INSERT INTO change_mark (name) VALUES ('x')") is None
    assert written_table("PRAGMA data_version") is None


def test_d14_each_commit_names_the_tables_it_wrote(watched):
    _path, watcher = watched
    assert watcher.changed() == frozenset()
    presence.heartbeat("c1", operator="ivanova", operator_name="Иванова Мария", host="h",
                       pid=1, now=NOW)
    assert watcher.changed() == {"console_presence"}
    drafts.save_draft("ivanova", "ticket", {"description": "нет связи"}, now=NOW,
                      console="c1")
    assert watcher.changed() == {"draft"}
    with database.atomic():  # two tables in one transaction: both named, once
        tech = Technician.create(name="Сидоров Пётр")
        Contract.create(number="1", number_key="1", surname="Иванов", surname_key="иванов")
    assert watcher.changed() == {"technician", "contract"}
    # A statement outside any transaction commits on its own, and is marked with it.
    database.execute_sql("UPDATE technician SET name = ? WHERE id = ?", ("Сидоров П.", tech.id))
    assert watcher.changed() == {"technician"}
    # The queue's raw batch of ETAs (services.schedule) goes past peewee: marked too.
    with database.atomic():
        executemany("UPDATE ticket SET eta_start = ? WHERE id = ?", [(None, 1), (None, 2)])
    assert watcher.changed() == {"ticket"}
    # A transaction rolled back wrote nothing.
    with pytest.raises(RuntimeError), database.atomic():
        Technician.create(name="Петров")
        raise RuntimeError
    assert watcher.changed() == frozenset()


def test_d14_a_commit_without_marks_reloads_everything(watched):
    """Another program (or an older console) writes without marking: reload everything."""
    path, watcher = watched
    with sqlite3.connect(path) as other:
        other.execute("INSERT INTO technician (name, phone, active) VALUES ('Петров', '', 1)")
    assert watcher.changed() == ALL
    with sqlite3.connect(path, factory=MarkingConnection) as marking:
        marking.execute("INSERT INTO technician (name, phone, active) VALUES ('Козлов', '', 1)")
    assert watcher.changed() == {"technician"}
    with sqlite3.connect(path, factory=MarkingConnection, isolation_level=None) as marking:
        marking.execute("CREATE INDEX IF NOT EXISTS technician_name ON technician (name)")
    assert watcher.changed() == ALL  # a schema change: everything


async def test_d14_another_consoles_heartbeat_reloads_only_the_presence(tmp_path):
    """A heartbeat (every 15 s per console) or a draft autosave (every 2 s while typing) of
    another console used to reload every part here, the queue of 10,000 tickets included."""
    ctx = build_context(db_target=str(tmp_path / "console.db"), now="2026-11-24 11:00",
                        operator="ivanova", frozen=True)
    prepare(ctx)
    db = open_database(ctx.db_target)
    Contract.create(number="1", number_key="1", surname="Иванов", surname_key="иванов",
                    balance_kopecks=100_000)
    db.close()
    app = ConsoleApp(ctx)
    loads: list[str] = []
    async with app.run_test(size=(160, 48)) as pilot:
        state = app.state
        await pilot.pause(1.0)  # started: every part registered and loaded once
        await app.workers.wait_for_complete()
        assert "presence" in state._loaders
        for part, loader in list(state._loaders.items()):
            def counted(now, part=part, loader=loader):
                loads.append(part)
                return loader(now)
            state._loaders[part] = counted
        with sqlite3.connect(ctx.db_target, factory=MarkingConnection) as other:
            other.execute("INSERT INTO console_presence (console_id, operator, operator_name,"
                          " host, pid, started_at, seen_at) VALUES ('other', 'petrova',"
                          " 'Петрова Анна', 'h', 0, ?, ?)", (str(NOW), "2099-01-01 00:00:00"))
        for _ in range(40):
            await pilot.pause(0.05)
            if "presence" in loads:
                break
        await app.workers.wait_for_complete()
        assert "presence" in loads
        assert "queue" not in loads and "counts" not in loads, loads
        assert state.get("presence").others == ("Петрова Анна",)
        loads.clear()
        with sqlite3.connect(ctx.db_target, factory=MarkingConnection) as other:
            other.execute("UPDATE contract SET balance_kopecks = 0")
        for _ in range(40):
            await pilot.pause(0.05)
            if "setup" in loads:
                break
        await app.workers.wait_for_complete()
        assert "setup" in loads and "presence" not in loads, loads


def test_d14_the_watcher_closed_while_a_worker_looks_is_no_crash(watched):
    """The app closes its watcher on the UI thread while a refresh worker may be reading
    (a segfault was seen once at a test's teardown): the reads and the close take turns."""
    import threading

    _path, watcher = watched
    stop = threading.Event()
    errors: list[BaseException] = []

    def look() -> None:
        while not stop.is_set():
            try:
                watcher.changed()
            except BaseException as exc:  # any failure at all is the finding
                errors.append(exc)
                return

    readers = [threading.Thread(target=look) for _ in range(4)]
    for reader in readers:
        reader.start()
    watcher.close()
    stop.set()
    for reader in readers:
        reader.join(5)
    assert errors == []
    assert watcher.changed() == frozenset()  # closed: nothing more to tell
