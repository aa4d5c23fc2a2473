"""0004: the claims register (F5) and HelpDesk reactions (F6).

- `claim_counter`: the last registration number issued per year (R18 register, never reused).
- `claim`: registration number П-YYYY-NNNN (year + sequence), the holder's address, the
  director's hand-over, how it was answered or why rejected. Existing claims are numbered in
  the order they were received, per year of receipt, and the counters follow.
- `help_desk_question`: the web cabinet's id (imports are idempotent), the contract number as
  typed, which first reaction it got (answer, ticket, out of scope) and the ticket it became.
"""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

from peewee import SQL, CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField

MOSCOW = ZoneInfo("Europe/Moscow")
# Defaults in the database too, so a row written by SQL that predates these columns still fits.
EMPTY = [SQL("DEFAULT ''")]


def up(migrator, db):
    class ClaimCounter(Model):
        year = IntegerField(unique=True)
        last = IntegerField(default=0)

        class Meta:
            database = db
            table_name = "claim_counter"

    class Ticket(Model):
        class Meta:
            database = db
            table_name = "ticket"

    db.create_tables([ClaimCounter])
    migrator.migrate(
        migrator.add_column("claim", "number", CharField(null=True)),
        migrator.add_column("claim", "reg_year", IntegerField(null=True)),
        migrator.add_column("claim", "reg_seq", IntegerField(null=True)),
        migrator.add_column("claim", "holder_address", TextField(default="", constraints=EMPTY)),
        migrator.add_column("claim", "director_at", DateTimeField(null=True)),
        migrator.add_column("claim", "reply_channel_used", CharField(null=True)),
        migrator.add_column("claim", "reply_letter_no", CharField(null=True)),
        migrator.add_column("claim", "reject_reason", TextField(null=True)),
        migrator.add_column("claim", "updated_at", DateTimeField(null=True)),
        migrator.add_column("help_desk_question", "external_id", CharField(null=True)),
        migrator.add_column("help_desk_question", "contract_number",
                            CharField(default="", constraints=EMPTY)),
        migrator.add_column("help_desk_question", "reaction", CharField(null=True)),
        migrator.add_column(
            "help_desk_question",
            "ticket_id",
            ForeignKeyField(Ticket, null=True, field=Ticket.id, on_delete="SET NULL"),
        ),
        migrator.add_column("help_desk_question", "source",
                            CharField(default="web", constraints=[SQL("DEFAULT 'web'")])),
        migrator.add_column("help_desk_question", "version",
                            IntegerField(default=1, constraints=[SQL("DEFAULT 1")])),
    )
    # Number the claims already there (a demo database), oldest first, per year of receipt.
    rows = db.execute_sql("SELECT id, received_at FROM claim ORDER BY received_at, id").fetchall()
    last: dict[int, int] = {}
    for claim_id, received in rows:
        if isinstance(received, str):
            from datetime import datetime

            received = datetime.fromisoformat(received)
        year = received.replace(tzinfo=UTC).astimezone(MOSCOW).year
        last[year] = last.get(year, 0) + 1
        db.execute_sql(
            "UPDATE claim SET number = %s, reg_year = %s, reg_seq = %s WHERE id = %s"
            .replace("%s", db.param),
            (f"П-{year}-{last[year]:04d}", year, last[year], claim_id),
        )
    for year, seq in last.items():
        db.execute_sql(
            "INSERT INTO claim_counter (year, last) VALUES (%s, %s)".replace("%s", db.param),
            (year, seq),
        )
    migrator.migrate(
        migrator.add_index("claim", ("number",), True),
        migrator.add_index("claim", ("reg_year",), False),
        migrator.add_index("help_desk_question", ("external_id",), True),
    )
