"""0006: callbacks as work items, and calls that are callbacks.

- `call.direction`: "in" for a caller who rang, "out" for a callback the dispatcher made;
- `call.callback_ticket_id`: the callback ticket an outgoing call works off (no foreign key:
  `ticket` already refers to `call`, and the link is informational);
- `ticket.callback_attempts`: how many times the client was called back without reaching them.
"""

from peewee import CharField, IntegerField


def up(migrator, db):
    migrator.migrate(
        # Nullable, so rows written without them (older consoles on a shared database, plain
        # SQL) stay valid: NULL reads as "in" and as 0 attempts.
        migrator.add_column("call", "direction", CharField(null=True)),
        migrator.add_column("call", "callback_ticket_id", IntegerField(null=True, index=True)),
        migrator.add_column("ticket", "callback_attempts", IntegerField(null=True)),
    )
