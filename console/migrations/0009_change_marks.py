"""0009: `change_mark`, one counter per table, bumped by every commit that wrote the table
(SQLite; console/change_marks.py). Consoles on one SQLite file reload only the parts that read
a table another console changed, not everything on each heartbeat or draft autosave. Unused on
PostgreSQL, where NOTIFY names the tables (created there too, so both schemas are the same).
"""
from peewee import CharField, IntegerField, Model


def up(migrator, db):
    class ChangeMark(Model):
        name = CharField(primary_key=True)
        version = IntegerField(default=0)

        class Meta:
            database = db
            table_name = 'change_mark'
    db.create_tables([ChangeMark])
