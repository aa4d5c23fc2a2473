"""0007: guards for several consoles on one database (D9, D14).

- At most one open notification per ticket (pending, unreachable or awaiting a slot): a partial
  unique index, on SQLite and PostgreSQL alike, so two concurrent re-plans cannot both put the
  same client on the notify list. Older duplicates (possible before this index) are closed as
  superseded first, keeping the newest.
"""

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
