"""Rows kept under the cursor when a refresh drops them (issue 8 items 17 and 18).

Another console answers the notify-list item or cancels the ticket the dispatcher is looking at;
the next refresh no longer has that row. A table would then put its cursor on whatever row slid
into the same place, and the dispatcher's next key would act on a client nobody meant. Instead
the row stays where it was, marked (its cells changed by the screen to say what happened), and
keys on it say so; it goes once the cursor leaves it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from contextlib import suppress
from typing import Generic

from console.widgets.line_table import Cell, K, LineTable

Row = tuple[Hashable, Sequence[Cell]]


class KeptRows(Generic[K]):
    """The rows a screen keeps for its LineTable; `merge` before every `set_rows`."""

    def __init__(self) -> None:
        self._kept: dict[K, tuple[int, tuple[Cell, ...]]] = {}

    def __contains__(self, key: object) -> bool:
        return key in self._kept

    @property
    def keys(self) -> tuple[K, ...]:
        return tuple(self._kept)

    def merge(self, table: LineTable[K], rows: Sequence[tuple[K, Sequence[Cell]]],
              mark: Callable[[K, tuple[Cell, ...]], Sequence[Cell]],
              keep: Callable[[K], bool] = lambda _key: True,
              ) -> list[tuple[K, Sequence[Cell]]]:
        """`rows` plus the kept ones at their old places. The row under the cursor is kept if
        `rows` dropped it and `keep(key)` agrees (a row this console answered just goes);
        `mark(key, cells)` gives the cells a kept row shows."""
        given = dict(rows)
        order = self.place(table, list(given), keep)
        return [(key, given[key]) if key in given else (key, tuple(mark(key, self.cells(key))))
                for key in order]

    def place(self, table: LineTable[K], keys: Sequence[K],
              keep: Callable[[K], bool] = lambda _key: True) -> list[K]:
        """`merge` by keys alone, for a table whose cells are made when shown: `keys` plus the
        kept ones at their old places (their cells: `cells(key)`)."""
        cursor = table.cursor_key
        if cursor is not None and cursor not in self._kept and keep(cursor):
            present = set(keys)
            if cursor not in present:
                with suppress(KeyError):  # not shown yet: nothing to keep
                    self._kept[cursor] = (table.cursor_index, tuple(table.get_row(cursor)))
        if self._kept:
            present = set(keys)
            for key in [k for k in self._kept if k in present]:  # it came back
                del self._kept[key]
        merged = list(keys)
        for key, (index, _cells) in sorted(self._kept.items(), key=lambda kv: kv[1][0]):
            merged.insert(min(index, len(merged)), key)
        return merged

    def cells(self, key: K) -> tuple[Cell, ...]:
        """The cells a kept row had when it was kept (KeyError if it is not kept)."""
        return self._kept[key][1]

    def forget(self, keys) -> None:
        """These rows are back (in the data, maybe filtered out): stop keeping them."""
        for key in [k for k in self._kept if k in keys]:
            del self._kept[key]

    def release(self, cursor: K | None) -> bool:
        """Drop the kept rows the cursor is not on; True if any went (re-render then)."""
        gone = [key for key in self._kept if key != cursor]
        for key in gone:
            del self._kept[key]
        return bool(gone)
