"""A select's rows as plain tuples, typed as such.

`query.tuples()` makes peewee yield tuples, but its stubs type the result as the query itself,
whose rows are model instances; services unpack the rows (`for tid, name in ...`), which a type
checker then refuses. These helpers say what the rows are and change nothing at run time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from peewee import SelectBase

Row = tuple[Any, ...]


def tuples(query: SelectBase) -> Iterable[Row]:
    """`query.tuples()`: iterated (as often as wanted), each row a tuple of the selected columns."""
    return cast("Iterable[Row]", query.tuples())


def first_tuple(query: SelectBase) -> Row | None:
    """`query.tuples().first()`: the first row, or None when there is none."""
    return cast("Row | None", query.tuples().first())


def one_tuple(query: SelectBase) -> Row:
    """`query.tuples().get()`: the one row; the model's DoesNotExist when there is none."""
    return cast(Row, query.tuples().get())
