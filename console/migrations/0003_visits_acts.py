"""0003: visits run from booking to the signed act (issue F4).

- `visit.started_at`: the real time the technician was marked on site (the planned start stays
  in `visit.start` until then); `visit.outcome`: done | follow_up | refused | no_show.
- `ticket.settled_day`: the day the dispatcher settled this ticket in the day-close list
  (rescheduled), so it leaves that list.
- `charge.quantity` and `charge.act_id`: Price List No. 3 work charged from an act (R12).
- `act` (numbered per year, unique) and `act_item`: the completion act (R7) and its items.
"""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


def up(migrator, db):
    class Ticket(Model):
        class Meta:
            database = db
            table_name = "ticket"

    class Visit(Model):
        class Meta:
            database = db
            table_name = "visit"

    class Operator(Model):
        class Meta:
            database = db
            table_name = "operator"

    class PriceItem(Model):
        class Meta:
            database = db
            table_name = "price_item"

    class Act(Model):
        year = IntegerField()
        number = IntegerField()
        visit = ForeignKeyField(Visit, on_delete="CASCADE")
        ticket = ForeignKeyField(Ticket, on_delete="CASCADE")
        signer_name = CharField()
        signer_role = CharField(default="")
        signer_is_responsible = BooleanField(default=True)
        work_done = TextField(default="")
        outcome = CharField()
        refusal_reason = TextField(null=True)
        total_kopecks = IntegerField(default=0)
        follow_up_ticket = ForeignKeyField(Ticket, null=True, on_delete="SET NULL",
                                           backref="follow_up_of")
        pdf_path = CharField(default="")
        created_at = DateTimeField()
        created_by = ForeignKeyField(Operator, null=True)
        updated_at = DateTimeField()

        class Meta:
            database = db
            table_name = "act"
            indexes = ((("year", "number"), True), (("visit",), True))

    class ActItem(Model):
        act = ForeignKeyField(Act, on_delete="CASCADE")
        item = ForeignKeyField(PriceItem)
        quantity = IntegerField()
        price_kopecks = IntegerField()
        amount_kopecks = IntegerField()

        class Meta:
            database = db
            table_name = "act_item"

    db.create_tables([Act, ActItem])
    migrator.migrate(
        migrator.add_column("visit", "started_at", DateTimeField(null=True)),
        migrator.add_column("visit", "outcome", CharField(null=True)),
        migrator.add_column("ticket", "settled_day", DateField(null=True)),
        migrator.add_column("charge", "quantity", IntegerField(default=1)),
        migrator.add_column(
            "charge", "act_id",
            ForeignKeyField(Act, null=True, field=Act.id, on_delete="SET NULL"),
        ),
    )
