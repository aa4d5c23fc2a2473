"""`technician add` (issue 8 item 23): a name or phone already taken is refused unless forced."""

from __future__ import annotations

import sqlite3

import pytest

from console.db import open_database
from console.services.technicians import TechnicianError, add_technician, list_technicians
from tests.integration.test_cli import run


def test_item23_a_duplicate_name_or_phone_is_refused_unless_forced(make_ctx, english):
    ctx = make_ctx()
    db = open_database(ctx.db_target)
    try:
        add_technician("Сидоров Пётр", "+7 903 111-22-33", operator="t")
        with pytest.raises(TechnicianError, match="name"):
            add_technician("сидоров  петр", "+7 903 999-00-00", operator="t")
        with pytest.raises(TechnicianError, match="phone"):
            add_technician("Иванов Иван", "8 (903) 111-22-33", operator="t")
        add_technician("Сидоров Пётр", "+7 903 999-00-00", operator="t", force=True)
        assert [t.phone for t in list_technicians()] == ["+79031112233", "+79039990000"]
    finally:
        db.close()


def test_item23_cli_says_which_technician_has_it_and_force_adds(tmp_path):
    db = str(tmp_path / "c.db")
    assert run("technician", "add", "Сидоров Пётр", "--phone", "+7 903 111-22-33",
               "--db", db).returncode == 0
    again = run("technician", "add", "Сидоров Пётр", "--db", db)
    assert again.returncode != 0 and "Traceback" not in again.stderr
    assert "#1" in again.stderr and "--force" in again.stderr
    forced = run("technician", "add", "Сидоров Пётр", "--force", "--db", db)
    assert forced.returncode == 0, forced.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM technician").fetchone()[0] == 2


def test_a_rename_to_another_technicians_name_and_names_without_letters_are_refused(
        make_ctx, english):
    from console.services.technicians import rename_technician

    ctx = make_ctx()
    db = open_database(ctx.db_target)
    try:
        first = add_technician("Сидоров Пётр", operator="t")
        second = add_technician("Иванов Иван", operator="t")
        with pytest.raises(TechnicianError, match="#1 Сидоров Пётр already has this name"):
            rename_technician(second.id, "сидоров петр", operator="t")
        # A name of digits would be read as a technician's number by every command.
        for bad in ("#1", "12345", "   ", "Иванов\nИван"):
            with pytest.raises(TechnicianError, match="full name on one line"):
                add_technician(bad, operator="t")
            with pytest.raises(TechnicianError, match="full name on one line"):
                rename_technician(first.id, bad, operator="t")
        with pytest.raises(TechnicianError, match="longer than 200"):
            add_technician("Я" * 5000, operator="t")  # refused, never cut short silently
        assert rename_technician(first.id, "Сидоров Пётр Ильич", operator="t").name == (
            "Сидоров Пётр Ильич")
        assert [t.name for t in list_technicians()] == ["Иванов Иван", "Сидоров Пётр Ильич"]
    finally:
        db.close()
