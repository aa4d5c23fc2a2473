"""A fast table of immutable rows for lists that grow into thousands (the F3 queue and the like).

DataTable measures every cell on load and re-lays out on every update, which freezes the UI at
10,000 rows (DESIGN, "Known pitfalls"). `LineTable` is a Line-API widget instead: `set_rows` only
stores the rows (O(rows), no rendering), and each visible line is rendered on demand into a Strip
that is cached per row, so a key press repaints two lines (or one screen when it scrolls) from
the cache.

Layout: a header line pinned at the top, then one line per row; each column is preceded by one
space and the line ends with one. Fixed columns take their width; flexible columns (width None)
share what is left in proportion to `flex`, never below `min_width`. Text is measured in terminal
cells and cropped with an ellipsis. Plain `str` cells are shown literally (never Rich markup),
so client-provided text with `[...]` is safe; pass a `rich.text.Text` to style a cell.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Literal, TypeVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

Cell = str | Text
RowKey = Hashable
K = TypeVar("K", bound=Hashable)  # a table's row keys (a ticket id, a claim id...)

ELLIPSIS = "…"
# Control characters would break the line (a newline in a client's comment, a tab from a paste):
# they are shown as spaces. One-to-one, so a Text's spans keep their offsets.
_CONTROL = {c: " " for c in (*range(0x20), 0x7F)}
# Enough rows for many screens of scrolling back and forth; far fewer than a big queue, so the
# cache stays small however long the dispatcher scrolls through 10,000 tickets.
_STRIP_CACHE_SIZE = 2048
# Component classes that are not row marks.
_NOT_ROW_STYLES = frozenset({"header", "cursor"})


class LazyCells(Sequence):
    """Rows whose cells are made on first use: row `i` is `make(i)`, remembered once made.

    For `LineTable.set_lazy_rows`: a table shows ~45 of 10,000 rows, so formatting only those
    keeps a new snapshot from blocking the UI thread for the time it takes to format them all.
    """

    def __init__(self, count: int, make: Callable[[int], Sequence[Cell]]) -> None:
        self._count = count
        self._make = make
        self._made: dict[int, tuple[Cell, ...]] = {}

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):  # type: ignore[override]
        if not 0 <= index < self._count:
            raise IndexError(index)
        cells = self._made.get(index)
        if cells is None:
            cells = self._made[index] = tuple(self._make(index))
        return cells

    def __setitem__(self, index: int, cells: Sequence[Cell]) -> None:
        self._made[index] = tuple(cells)


@dataclass(frozen=True)
class Column:
    """One column: `width` None makes it flexible (a `flex` share of the width left over)."""

    key: str
    label: str
    width: int | None = None
    min_width: int = 4
    align: Literal["left", "right"] = "left"
    flex: int = 1


def fit(text: str, width: int, right: bool = False) -> str:
    """`text` cropped with an ellipsis or padded to exactly `width` cells."""
    if not text.isprintable():
        text = text.translate(_CONTROL)
    length = cell_len(text)
    if length > width:
        # set_cell_size pads with a space when the cut falls inside a wide character.
        return set_cell_size(text, width - 1) + ELLIPSIS if width > 1 else ELLIPSIS[:width]
    padding = " " * (width - length)
    return padding + text if right else text + padding


def column_widths(columns: Sequence[Column], total: int) -> list[int]:
    """Widths of `columns` on a line of `total` cells (one space before each column and at the
    end). Flexible columns share the rest by `flex`; when it is too narrow they keep their
    `min_width` and the line is cropped on the right."""
    widths = [c.width if c.width is not None else 0 for c in columns]
    flexible = [i for i, c in enumerate(columns) if c.width is None]
    if not flexible:
        return widths
    rest = total - len(columns) - 1 - sum(widths)
    weights = sum(max(1, columns[i].flex) for i in flexible)
    given = 0
    for i in flexible:
        share = rest * max(1, columns[i].flex) // weights if rest > 0 else 0
        widths[i] = share
        given += share
    # Integer shares leave a few cells: hand them out left to right so the line is filled.
    for i in flexible[: max(0, rest - given)]:
        widths[i] += 1
    for i in flexible:
        widths[i] = max(widths[i], columns[i].min_width)
    return widths


class LineTable(ScrollView, Generic[K], can_focus=True):
    """A table of immutable rows keyed by a stable id, rendered line by line.

    The cursor follows its row key across `set_rows` (a ticket stays under the cursor when an
    urgent one is queued above it). `CursorMoved` is posted when the row under the cursor
    changes (a key, a click, `move_cursor`, or `set_rows` dropping the row), not when the same
    row merely changes position; read `cursor_index` for that.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Cyrillic twins so the keys work on a Russian layout: k/j -> л/о, g/G -> п/П.
        Binding("up,k,л", "cursor_up", "Up", show=False),
        Binding("down,j,о", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,g,п", "first", "First", show=False),
        Binding("end,G,П", "last", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-table--header",
        "line-table--cursor",
        "line-table--moved",
        "line-table--alert",
    }
    """`line-table--NAME` for every NAME accepted by `set_row_style` (subclasses may add)."""

    DEFAULT_CSS = """
    LineTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        /* No scroll bar by default: Textual redraws all of it on every one-line scroll (the
           thumb of a 10,000-row list moves one cell per ~200 rows), ~40% of a scrolling key
           press's frame. Give it back with `scrollbar-size-vertical: 1` where wanted. */
        scrollbar-size-vertical: 0;
        & > .line-table--header { background: $panel; color: $foreground; text-style: bold; }
        & > .line-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .line-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .line-table--moved { color: $warning; text-style: italic; }
        & > .line-table--alert { color: $error; text-style: bold; }
    }
    """

    class _RowMessage(Message):
        """A message about one row: the table, the row's key and its index."""

        def __init__(self, table: LineTable, row_key: RowKey, index: int) -> None:
            super().__init__()
            self.table = table
            self.row_key = row_key
            self.index = index

        @property
        def control(self) -> LineTable:
            return self.table

    class CursorMoved(_RowMessage):
        """The row under the cursor changed."""

    class Selected(_RowMessage):
        """Enter (or a double click) on a row."""

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns: tuple[Column, ...] = tuple(columns)
        self._keys: Sequence[K] = ()
        self._cells: list[tuple[Cell, ...]] | LazyCells = []
        self._index: dict[K, int] = {}
        self._row_styles: dict[K, str] = {}
        self._cursor = 0
        # Everything below depends on the width or the CSS and is rebuilt by `_check_caches`.
        self._width = -1
        self._geometry: list[tuple[int, bool]] = []  # per column: width, right-aligned
        self._used = 0  # cells the columns take, with the spaces around them
        self._style_token: tuple[object, ...] = ()
        self._styles: dict[tuple[str, bool], Style] = {}
        self._header: Strip | None = None
        self._blank: Strip | None = None
        self._component_names = sorted(self.COMPONENT_CLASSES)
        # row key -> [cells, style name, plain strip, cursor strip]
        self._strips: LRUCache[K, list[Any]] = LRUCache(_STRIP_CACHE_SIZE)

    # ---- public API -------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def cursor_key(self) -> K | None:
        """The key of the row under the cursor, None when the table is empty."""
        return self._keys[self._cursor] if self._keys else None

    @property
    def cursor_index(self) -> int:
        """Position of the cursor (0 when the table is empty)."""
        return self._cursor

    @cursor_index.setter
    def cursor_index(self, index: int) -> None:
        self._move_to(index)

    def move_cursor(self, key: K) -> bool:
        """Put the cursor on the row `key`; False if there is no such row."""
        index = self._index.get(key)
        if index is None:
            return False
        self._move_to(index)
        return True

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Replace the columns (e.g. fewer on a narrow terminal); follow with `set_rows`."""
        self.columns = tuple(columns)
        self._width = -1  # geometry and every cached strip are rebuilt on the next paint
        self._style_token = ()
        self.refresh()

    def get_row(self, key: K) -> tuple[Cell, ...]:
        """The cells of row `key` (KeyError if absent)."""
        return self._cells[self._index[key]]

    def set_rows(
        self,
        rows: Sequence[tuple[K, Sequence[Cell]]],
        *,
        styles: Mapping[K, str] | None = None,
    ) -> None:
        """Replace all rows (and all row styles). The cursor stays on its row key if the key is
        still there, else on the same index, clamped. Only visible lines that changed repaint."""
        # zip/map/dict run in C: ~2 ms for 10,000 rows. Rows are not rendered here.
        keys, given = zip(*rows, strict=True) if rows else ((), ())
        self._replace(keys, list(map(tuple, given)), styles)  # tuple() of a tuple: no copy

    def set_lazy_rows(
        self,
        keys: Sequence[K],
        make: Callable[[int], Sequence[Cell]],
        *,
        styles: Mapping[K, str] | None = None,
    ) -> None:
        """`set_rows` whose cells are made on demand: `make(i)` gives row `i`'s cells when the
        row is first shown (or read with `get_row`). `make` must not change its answers."""
        keys = tuple(keys)
        self._replace(keys, LazyCells(len(keys), make), styles)

    def _replace(
        self,
        keys: Sequence[K],
        cells: list[tuple[Cell, ...]] | LazyCells,
        styles: Mapping[K, str] | None,
    ) -> None:
        old_keys, old_cells = self._keys, self._cells
        # Looked up by a key or _MISSING (a line past the end), so keyed by anything here.
        old_styles: dict[Any, str] = self._row_styles
        old_key = self.cursor_key
        index = dict(zip(keys, range(len(keys)), strict=True))
        if len(index) != len(keys):
            raise ValueError("LineTable rows need unique keys")
        new_styles: dict[Any, str] = dict(styles) if styles else {}
        for style_name in set(new_styles.values()):
            self._check_style_name(style_name)

        old_cursor = self._cursor
        cursor = index.get(old_key, old_cursor) if old_key is not None else old_cursor
        self._keys, self._cells, self._index, self._row_styles = keys, cells, index, new_styles
        self._cursor = max(0, min(cursor, len(keys) - 1))
        self._update_virtual_size()

        top = self.scroll_offset.y
        if not self._scroll_to_cursor():
            # No scroll (which would repaint everything): repaint only the visible lines whose
            # row, content, style or cursor state changed, a run of lines per refresh call.
            run_start, bottom = None, top + self._page_height()
            for i in range(top, bottom + 1):
                old = old_keys[i] if i < len(old_keys) else _MISSING
                new = keys[i] if i < len(keys) else _MISSING
                changed = i < bottom and (
                    old != new
                    or (i == old_cursor) != (i == self._cursor)
                    or (new is not _MISSING and old_cells[i] != cells[i])
                    or old_styles.get(old) != new_styles.get(new)
                )
                if changed and run_start is None:
                    run_start = i
                elif not changed and run_start is not None:
                    self._refresh_rows(run_start, i)
                    run_start = None
        if self.cursor_key != old_key and self._keys:
            self.post_message(self.CursorMoved(self, self.cursor_key, self._cursor))

    def update_row(self, key: K, cells: Sequence[Cell]) -> None:
        """Replace the cells of one row in place (KeyError if absent)."""
        index = self._index[key]
        self._cells[index] = tuple(cells)
        self._refresh_row(index)

    def set_row_style(self, key: K, style_name: str | None) -> None:
        """Mark a row with the component class `line-table--{style_name}` (None clears)."""
        index = self._index[key]
        if style_name is None:
            self._row_styles.pop(key, None)
        else:
            self._check_style_name(style_name)
            self._row_styles[key] = style_name
        self._refresh_row(index)

    # ---- actions ----------------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self._move_to(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self._move_to(self._cursor + 1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_page_down(self) -> None:
        self._page(1)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self._keys) - 1)

    def action_select(self) -> None:
        if self._keys:
            self.post_message(self.Selected(self, self._keys[self._cursor], self._cursor))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:  # outside the rows, or the header
            return
        index = self.scroll_offset.y + offset.y - 1
        if index < len(self._keys):
            self._move_to(index)
            if event.chain >= 2:
                self.action_select()

    def _on_resize(self, event: events.Resize) -> None:
        self._scroll_to_cursor()

    # ---- cursor and scrolling ---------------------------------------------------------------

    def _move_to(self, index: int) -> None:
        if not self._keys:
            return
        index = max(0, min(index, len(self._keys) - 1))
        old = self._cursor
        if index == old:
            return
        self._cursor = index
        if not self._scroll_to_cursor():
            self._refresh_row(old)
            self._refresh_row(index)
        self.post_message(self.CursorMoved(self, self._keys[index], index))

    def _page(self, direction: int) -> None:
        # Move the view and the cursor by one page together: the cursor keeps its screen line.
        page = max(1, self._page_height())
        self.scroll_to(y=self.scroll_offset.y + direction * page, animate=False, force=True)
        self._move_to(self._cursor + direction * page)

    def _page_height(self) -> int:
        """Rows visible under the header (0 before the first layout)."""
        return max(0, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> bool:
        """Scroll just enough to show the cursor row; True if the view moved (and repaints)."""
        page = self._page_height()
        if not page or not self._keys:
            return False
        top = self.scroll_offset.y
        if self._cursor < top:
            new_top = self._cursor
        elif self._cursor >= top + page:
            new_top = self._cursor - page + 1
        else:
            return False
        self.scroll_to(y=new_top, animate=False, force=True)
        return self.scroll_offset.y != top

    def _update_virtual_size(self) -> None:
        # Only on a change: a new virtual size re-lays out the screen.
        size = Size(sum(c.width or c.min_width for c in self.columns) + len(self.columns) + 1,
                    len(self._keys) + 1)
        if size != self.virtual_size:
            self.virtual_size = size

    def _refresh_row(self, index: int) -> None:
        """Repaint row `index` if it is on screen."""
        self._refresh_rows(index, index + 1)

    def _refresh_rows(self, start: int, end: int) -> None:
        """Repaint the visible part of rows `start` to `end` (exclusive); line 0 is the header."""
        top = self.scroll_offset.y
        start, end = max(start, top), min(end, top + self._page_height())
        if start < end:
            self.refresh(Region(0, start - top + 1, self.size.width, end - start))

    # ---- rendering --------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_token = ()

    def _check_caches(self) -> None:
        """Drop cached strips when the width or the CSS changed (once per repaint, not per line)."""
        # Component styles are replaced whenever the stylesheet is re-applied (theme, focus),
        # and that does not always go through notify_style_update, hence the identity check.
        component_styles = getattr(self, "_component_styles", {})
        token = (self.rich_style, *(component_styles.get(n) for n in self._component_names))
        width = self.scrollable_content_region.width
        same_styles = len(token) == len(self._style_token) and all(
            a is b or a == b for a, b in zip(token, self._style_token, strict=True)
        )
        if width == self._width and same_styles:
            return
        if width != self._width:
            self._width = width
            widths = column_widths(self.columns, width)
            self._geometry = [
                (w, c.align == "right") for c, w in zip(self.columns, widths, strict=True)
            ]
            self._used = sum(widths) + len(widths) + 1
        self._style_token = token
        self._styles.clear()
        self._strips.clear()
        self._header = self._blank = None

    def _check_style_name(self, style_name: str) -> None:
        name = f"line-table--{style_name}"
        if style_name in _NOT_ROW_STYLES or name not in self.COMPONENT_CLASSES:
            raise ValueError(f"LineTable has no row style {name!r}")

    def _style(self, style_name: str, cursor: bool) -> Style:
        """The Rich style of a row: the widget, then its mark (moved, alert), then the cursor."""
        style = self._styles.get((style_name, cursor))
        if style is None:
            style = self.rich_style
            if style_name:
                style += self.get_component_styles(f"line-table--{style_name}").rich_style
            if cursor:
                style += self.get_component_styles("line-table--cursor").rich_style
            self._styles[(style_name, cursor)] = style
        return style

    def render_lines(self, crop: Region) -> list[Strip]:
        self._check_caches()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        if y == 0:
            if self._header is None:
                labels = [Text(c.label) for c in self.columns]
                self._header = self._render_cells(labels, self._style("header", False))
            return self._header
        index = self.scroll_offset.y + y - 1
        if index >= len(self._keys):
            if self._blank is None:
                self._blank = Strip.blank(self._width, self.rich_style)
            return self._blank
        key = self._keys[index]
        cells = self._cells[index]
        style_name = self._row_styles.get(key, "")
        entry = self._strips.get(key)
        if entry is None or entry[1] != style_name or (entry[0] is not cells and entry[0] != cells):
            entry = [cells, style_name, None, None]
            self._strips[key] = entry
        cursor = index == self._cursor
        slot = 3 if cursor else 2
        strip = entry[slot]
        if strip is None:
            strip = entry[slot] = self._render_cells(cells, self._style(style_name, cursor))
        return strip

    def _render_cells(self, cells: Sequence[Cell], style: Style) -> Strip:
        """One line: plain cells join into a single segment; Text cells keep their spans."""
        segments: list[Segment] = []
        parts: list[str] = []
        count = len(cells)
        for i, (width, right) in enumerate(self._geometry):
            parts.append(" ")
            cell = cells[i] if i < count else ""
            if isinstance(cell, Text):
                segments.append(Segment("".join(parts), style))
                parts = []
                segments.extend(self._text_segments(cell, width, right, style))
            else:
                parts.append(fit(str(cell), width, right))
        line_width, used = self._width, self._used
        if used < line_width:
            parts.append(" " * (line_width - used + 1))
        else:
            parts.append(" ")
        segments.append(Segment("".join(parts), style))
        if used > line_width:  # narrower than the minimum widths: crop on the right
            return Strip(segments, used).crop(0, line_width)
        return Strip(segments, line_width)

    def _text_segments(self, text: Text, width: int, right: bool, style: Style) -> list[Segment]:
        text = text.copy()
        if not text.plain.isprintable():
            text.plain = text.plain.translate(_CONTROL)
        text.truncate(width, overflow="ellipsis")
        gap = width - text.cell_len
        if gap > 0:
            if right:
                text.pad_left(gap)
            else:
                text.pad_right(gap)
        console = self.app.console
        if text.style:  # Text.render leaves the Text's own style to the caller
            style += console.get_style(text.style, default=Style.null())
        return [
            Segment(segment.text, style + segment.style if segment.style else style)
            for segment in text.render(console)
            if segment.text  # a zero-width column renders nothing, not an empty segment
        ]


class _Missing:
    """A row position past the end of a list (never equal to a row key)."""


_MISSING = _Missing()
