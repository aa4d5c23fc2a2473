"""Migration 0004 on a database that already holds claims: numbered in the order received, per
year of receipt, and the counters continue from there (R18: never a number twice)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from peewee import SqliteDatabase
from playhouse.migrations import Runner

from console.db import MIGRATIONS_DIR, open_database
from console.models import Claim, ClaimCounter
from console.rules.calendar import WorkingCalendar
from console.rules.claims import ClaimFields
from console.services.claims import register_claim

MSK = ZoneInfo("Europe/Moscow")


def test_r18_existing_claims_are_numbered_by_receipt_and_numbering_continues(tmp_path):
    path = tmp_path / "old.db"
    old = SqliteDatabase(str(path))
    Runner(old, str(MIGRATIONS_DIR)).up("0002_planned_technician")
    for received in ("2026-03-01 09:00:00", "2025-12-31 20:30:00", "2026-01-15 07:00:00"):
        # 2025-12-31 20:30 UTC is 2025-12-31 23:30 in Moscow: a 2025 claim.
        old.execute_sql(
            "INSERT INTO claim (received_at, due_at, channel, holder_full_name, contract_number,"
            " contact_phone, description, specialist_name, reply_channel, signed, status,"
            " missing, version) VALUES (?, ?, 'letter', 'И', '1', '', 'x', '', '', 1,"
            " 'registered', '', 1)", (received, received))
    old.close()
    db = open_database(path)
    try:
        numbers = [c.number for c in Claim.select().order_by(Claim.id)]
        assert numbers == ["П-2026-0002", "П-2025-0001", "П-2026-0001"]
        assert {c.year: c.last for c in ClaimCounter.select()} == {2025: 1, 2026: 2}
        now = datetime(2026, 11, 24, 11, tzinfo=MSK)
        out = register_claim(ClaimFields(channel="fax", holder_full_name="Петров"), now,
                             operator="t", calendar=WorkingCalendar(), now=now)
        assert out.number == "П-2026-0003"
    finally:
        db.close()
