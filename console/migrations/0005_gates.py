"""0005: what the rules' gates record (issue 7).

- `balance_override`: D4, a balance-gate lift for one call and one contract, asked by an operator
  and granted or refused by a supervisor (a request row other consoles load within a second).
- `ticket`: the R7 checklist as read out (`r7_read`, JSON list of times), what the client was told
  (D15: `told_duration_min`, `told_due`), the reason of a priority move (D17), who cancelled (R8,
  D10: client | responsible) and, for answering-machine intake (D16), when the message was left.
- `machine_message`: D16, every message entered from the answering machine (identified ones
  point at their ticket; an unidentified one keeps its phone for a callback).
- `machine_tally`: D16, how many messages the machine held when the dispatcher looked.
"""

from peewee import (
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


def up(migrator, db):
    class Call(Model):
        class Meta:
            database = db
            table_name = "call"

    class Contract(Model):
        class Meta:
            database = db
            table_name = "contract"

    class Ticket(Model):
        class Meta:
            database = db
            table_name = "ticket"

    class BalanceOverride(Model):
        call = ForeignKeyField(Call, null=True, on_delete="SET NULL")
        contract = ForeignKeyField(Contract, on_delete="CASCADE")
        balance_kopecks = IntegerField(default=0)
        reason = TextField()
        requested_by = CharField()
        requested_at = DateTimeField(index=True)
        supervisor = CharField(null=True)
        status = CharField(index=True, default="pending")
        decided_at = DateTimeField(null=True)
        answer = TextField(null=True)

        class Meta:
            database = db
            table_name = "balance_override"

    class MachineMessage(Model):
        left_at = DateTimeField(index=True)
        number_heard = CharField(default="")
        surname_heard = CharField(default="")
        phone = CharField(default="")
        problem = TextField(default="")
        desired_text = CharField(default="")
        contract = ForeignKeyField(Contract, null=True, on_delete="SET NULL")
        ticket = ForeignKeyField(Ticket, null=True, on_delete="SET NULL")
        status = CharField(index=True, default="entered")
        entered_by = CharField()
        entered_at = DateTimeField()
        resolved_at = DateTimeField(null=True)
        resolved_by = CharField(null=True)

        class Meta:
            database = db
            table_name = "machine_message"

    class MachineTally(Model):
        noted_at = DateTimeField(index=True)
        held = IntegerField()
        operator = CharField()

        class Meta:
            database = db
            table_name = "machine_tally"

    db.create_tables([BalanceOverride, MachineMessage, MachineTally])
    migrator.migrate(
        # Nullable: rows inserted by plain SQL (other tools, old scripts) need not name them.
        migrator.add_column("ticket", "r7_read", TextField(null=True)),
        migrator.add_column("ticket", "told_duration_min", IntegerField(null=True)),
        migrator.add_column("ticket", "told_due", DateTimeField(null=True)),
        migrator.add_column("ticket", "priority_reason", TextField(null=True)),
        migrator.add_column("ticket", "cancelled_by", CharField(null=True)),
        migrator.add_column("ticket", "message_left_at", DateTimeField(null=True)),
        migrator.add_column("ticket", "unplaced_told", BooleanField(null=True)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("ticket", "unplaced_told"),
        migrator.drop_column("ticket", "message_left_at"),
        migrator.drop_column("ticket", "cancelled_by"),
        migrator.drop_column("ticket", "priority_reason"),
        migrator.drop_column("ticket", "told_due"),
        migrator.drop_column("ticket", "told_duration_min"),
        migrator.drop_column("ticket", "r7_read"),
        migrator.drop_table("machine_tally"),
        migrator.drop_table("machine_message"),
        migrator.drop_table("balance_override"),
    )
