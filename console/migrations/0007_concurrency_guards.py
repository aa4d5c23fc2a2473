"""0007: several consoles on one database (D9, D14).

- At most one open notification per ticket (pending, unreachable or awaiting a slot): a partial
  unique index, on SQLite and PostgreSQL alike, so two concurrent re-plans cannot both put the
  same client on the notify list. Older duplicates (possible before this index) are closed as
  superseded first, keeping the newest.
- `ticket.intake_key`: the key the intake form creates when it opens; a second save with the
  same key returns the first ticket instead of queueing a duplicate (unique, NULL for others).
- `draft.console`: drafts belong to a console run and its operator, so two consoles under one
  login no longer share (and delete) each other's draft.
- `console_presence`: who is online, and what ticket or claim each console has open.
"""
from peewee import CharField, DateTimeField, IntegerField, Model

OPEN = "('pending', 'unreachable', 'awaiting_slot')"


def up(migrator, db):
    db.execute_sql(
        f"UPDATE notification SET status = 'superseded' WHERE status IN {OPEN} AND id NOT IN ("
        f" SELECT max(id) FROM notification WHERE status IN {OPEN} GROUP BY ticket_id)"
    )
    db.execute_sql(
        "CREATE UNIQUE INDEX IF NOT EXISTS notification_one_open_per_ticket"
        f" ON notification (ticket_id) WHERE status IN {OPEN}"
    )
    migrator.migrate(
        migrator.add_column("ticket", "intake_key", CharField(null=True)),
        migrator.add_index("ticket", ("intake_key",), True),
        migrator.add_column("draft", "console", CharField(default="")),
        migrator.drop_index("draft", "draft_operator_form"),
        migrator.add_index("draft", ("console", "operator", "form"), True),
    )

    class ConsolePresence(Model):
        console_id = CharField(primary_key=True)
        operator = CharField()
        operator_name = CharField()
        host = CharField(default='')
        pid = IntegerField(default=0)
        started_at = DateTimeField()
        seen_at = DateTimeField(index=True)
        entity = CharField(null=True)
        entity_since = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'console_presence'
    db.create_tables([ConsolePresence])
