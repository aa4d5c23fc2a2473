"""0002: keep the dispatcher's assignment apart from the planner's choice of technician.

`ticket.technician` is the dispatcher's constraint ("only Сидоров may take it"); the new
`ticket.planned_technician` is where the planner put the visit (D8) and changes on every re-plan.
"""

from peewee import ForeignKeyField, Model


def up(migrator, db):
    class Technician(Model):
        class Meta:
            database = db
            table_name = "technician"

    migrator.migrate(
        migrator.add_column(
            "ticket",
            "planned_technician_id",
            ForeignKeyField(Technician, null=True, field=Technician.id, on_delete="SET NULL"),
        ),  # add_column indexes a foreign key by itself
    )
