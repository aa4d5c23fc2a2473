"""Queries rendered to SQL once: for hot paths where Peewee's per-query SQL building dominates.

Peewee builds the SQL string on every execution (~250 µs, ten times SQLite's own work for a
lookup by key, DESIGN "Known pitfalls"). A `Prepared` query is built once per database kind with
a marker value and afterwards only the marker's parameter slots are replaced. Results are raw
tuples: convert times with the field's `python_value`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from peewee import BaseQuery

from console.models import database

ID_MARK = -987_654_321
# Printable: text columns drop control characters on the way in (console.rules.text).
KEY_MARK = "~prepared-key-mark~"


class Prepared:
    """A Peewee query rendered once per database kind; per call only `mark` changes."""

    def __init__(self, build: Callable[[object], BaseQuery], mark: object) -> None:
        self.build, self.mark = build, mark
        self.cache: dict[type, tuple[str, list[object], list[int]]] = {}

    def rows(self, value: object) -> list[tuple[Any, ...]]:
        kind = type(database.obj)  # SQLite and PostgreSQL differ in quoting and placeholders
        entry = self.cache.get(kind)
        if entry is None:
            sql, params = self.build(self.mark).sql()
            slots = [i for i, p in enumerate(params) if p == self.mark]
            if not slots:
                raise ValueError("the marker must appear among the query's parameters")
            entry = self.cache[kind] = (sql, params, slots)
        sql, params, slots = entry
        params = list(params)
        for i in slots:
            params[i] = value
        rows: list[tuple[Any, ...]] = database.execute_sql(sql, params).fetchall()
        return rows
