"""The F4 grid: a row per technician, the visit window across, each visit a coloured block.

A Line-API widget (like `LineTable`): each visible line is rendered on demand into a Strip and
cached; a cursor move repaints the two technicians' rows it touches, never the whole grid.
Each technician takes two lines: his name and booked/free time on the left, the visit blocks
(ticket number on the first line, short address on the second) across the time columns. Cells
are 15 minutes wide on a wide terminal and 30 minutes on a narrow one (`CELL_WIDE_FROM`).
A day off of a technician shows as an empty row with its reason; the "now" line is drawn on
today. The grid only renders a `DaySnapshot` (services.slots); it never reads the database.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from console.i18n import t
from console.services.slots import DaySnapshot, SlotKind, SlotTechnician, SlotVisit
from console.widgets.line_table import fit

CELL_WIDE_FROM = 140  # content columns: from here 15-minute cells, below 30-minute ones
STATUSES = tuple(SlotKind)
LINES_PER_ROW = 2


def hours(delta: timedelta) -> str:
    """'3:30' (hours and minutes of booked or free time)."""
    minutes = max(0, int(delta.total_seconds() // 60))
    return f"{minutes // 60}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Geometry:
    """Where things are on a line of a given width."""

    width: int
    name_width: int
    cell_minutes: int
    cell_width: int
    cells: int
    window_start: datetime
    window_end: datetime

    @property
    def left(self) -> int:
        """The first column of the cells (one space, the name column, one space)."""
        return self.name_width + 2

    def x_of(self, at: datetime) -> int:
        """The column (inside the cells area) where instant `at` falls."""
        minutes = (at - self.window_start).total_seconds() / 60
        return int(minutes * self.cell_width // self.cell_minutes)

    def cell_start(self, cell: int) -> datetime:
        return self.window_start + timedelta(minutes=cell * self.cell_minutes)


def geometry(width: int, window: tuple[datetime, datetime]) -> Geometry:
    cell_minutes = 15 if width >= CELL_WIDE_FROM else 30
    name_width = 20 if width >= CELL_WIDE_FROM else 16
    span = int((window[1] - window[0]).total_seconds() // 60)
    cells = max(1, -(-span // cell_minutes))
    cell_width = max(3, (width - name_width - 3) // cells)
    return Geometry(width, name_width, cell_minutes, cell_width, cells, *window)


class SlotGrid(ScrollView, can_focus=True):
    """Technicians x time of one day; the cursor is a (technician, cell) pair."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Cyrillic twins so the keys work on a Russian layout: h/j/k/l -> р/о/л/д.
        Binding("left,h,р", "cursor_left", "Earlier", show=False),
        Binding("right,l,д", "cursor_right", "Later", show=False),
        Binding("up,k,л", "cursor_up", "Up", show=False),
        Binding("down,j,о", "cursor_down", "Down", show=False),
        Binding("home", "first_cell", "First cell", show=False),
        Binding("end", "last_cell", "Last cell", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("tab", "next_visit", "Next visit", show=False),
        Binding("shift+tab", "previous_visit", "Previous visit", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "slot-grid--header", "slot-grid--name", "slot-grid--off", "slot-grid--free",
        "slot-grid--past", "slot-grid--now", "slot-grid--cursor", "slot-grid--stats",
        *(f"slot-grid--{s}" for s in STATUSES),
    }

    DEFAULT_CSS = """
    SlotGrid {
        background: $surface;
        color: $foreground;
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 0;
        & > .slot-grid--header { background: $panel; text-style: bold; }
        & > .slot-grid--name { text-style: bold; }
        & > .slot-grid--stats { color: $text-muted; }
        & > .slot-grid--off { color: $text-muted; text-style: italic; }
        & > .slot-grid--free { color: $text-muted; }
        & > .slot-grid--past { background: $panel-darken-1; color: $text-disabled; }
        & > .slot-grid--now { color: $error; text-style: bold; }
        & > .slot-grid--cursor { background: $block-cursor-blurred-background;
                                 color: $block-cursor-blurred-foreground; }
        &:focus > .slot-grid--cursor { background: $block-cursor-background;
                                       color: $block-cursor-foreground; text-style: bold; }
        & > .slot-grid--planned { background: $primary 45%; color: $foreground; }
        & > .slot-grid--pinned { background: $accent 55%; color: $foreground; }
        & > .slot-grid--in_progress { background: $warning 70%; color: $background; }
        & > .slot-grid--done { background: $success 55%; color: $foreground; }
        & > .slot-grid--follow_up { background: $success 30%; color: $foreground; }
        & > .slot-grid--refused { background: $secondary 35%; color: $foreground; }
        & > .slot-grid--no_show { background: $error 60%; color: $foreground; }
    }
    """

    class _GridMessage(Message):
        def __init__(self, grid: SlotGrid, technician: SlotTechnician | None, at: datetime | None,
                     visit: SlotVisit | None) -> None:
            super().__init__()
            self.grid = grid
            self.technician = technician
            self.at = at
            self.visit = visit

        @property
        def control(self) -> SlotGrid:
            return self.grid

    class CursorMoved(_GridMessage):
        """The cell under the cursor changed."""

    class Selected(_GridMessage):
        """Enter on a cell: a visit, or a free cell."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._day: DaySnapshot | None = None
        self._now: datetime | None = None
        self._row = 0
        self._cell = 0
        self._geo: Geometry | None = None
        self._strips: dict[int, Strip] = {}  # content line -> strip
        self._header: Strip | None = None
        self._style_token: tuple = ()
        self._styles: dict[str, Style] = {}
        self._starts: dict[int, list[datetime]] = {}  # technician -> visit starts (bisect)
        self._place_pending = False

    # ---- public API -------------------------------------------------------------------------
    @property
    def day(self) -> DaySnapshot | None:
        return self._day

    @property
    def technician(self) -> SlotTechnician | None:
        techs = self._day.technicians if self._day else ()
        return techs[self._row] if techs else None

    @property
    def cursor_time(self) -> datetime | None:
        geo = self._geometry()
        return geo.cell_start(self._cell) if geo else None

    @property
    def cell_minutes(self) -> int:
        return self._geo.cell_minutes if self._geo else 15

    @property
    def visit(self) -> SlotVisit | None:
        """The visit under the cursor, if any."""
        tech, geo = self.technician, self._geometry()
        if tech is None or geo is None or self._day is None:
            return None
        if tech.off_reason is not None or not self._day.working:
            return None  # nothing is drawn there (an overrun from the day before included)
        return self._visit_at(tech.id, geo.cell_start(self._cell),
                              geo.cell_start(self._cell + 1))

    def show(self, day: DaySnapshot, now: datetime) -> None:
        """Show a day; the cursor stays on the same technician and cell when it can."""
        old_tech = self.technician
        same_day = self._day is not None and self._day.day == day.day
        self._day, self._now = day, now
        self._starts = {tid: [v.start for v in vs] for tid, vs in day.by_tech.items()}
        ids = [x.id for x in day.technicians]
        if old_tech is not None and old_tech.id in ids:
            self._row = ids.index(old_tech.id)
        self._row = max(0, min(self._row, len(ids) - 1))
        self._geo = None  # rebuilt at the next paint (the window may differ)
        if not same_day:
            # Before the first layout there is no width yet: the resize picks the cell then.
            self._place_pending = self._geometry() is None
            self._cell = self._first_cell_of_interest()
        self._rebuild()
        self.virtual_size = Size(self.size.width, 1 + LINES_PER_ROW * len(ids))
        self._strips.clear()
        self._header = None
        self.refresh()
        self._scroll_to_cursor()
        self._announce()

    def set_now(self, now: datetime) -> None:
        """Move the now line (a clock tick) and the past shading; repaints only if it moved."""
        geo = self._geo
        old = self._now
        self._now = now
        if geo is None or old is None or geo.x_of(old) != geo.x_of(now):
            self._strips.clear()
            self._header = None
            self.refresh()

    def move_to(self, technician_id: int, at: datetime) -> bool:
        """Put the cursor on a technician's row at the cell holding `at`."""
        if self._day is None:
            return False
        ids = [x.id for x in self._day.technicians]
        if technician_id not in ids:
            return False
        geo = self._geometry()
        if geo is None:
            return False
        cell = int((at - geo.window_start).total_seconds() // 60 // geo.cell_minutes)
        self._set_cursor(ids.index(technician_id), cell)
        return True

    # ---- cursor -----------------------------------------------------------------------------
    def _first_cell_of_interest(self) -> int:
        """Today: the cell of now; another day: the first cell."""
        geo, now, day = self._geometry(), self._now, self._day
        if geo is None or now is None or day is None or now.astimezone(
                geo.window_start.tzinfo).date() != day.day:
            return 0
        return max(0, min(geo.cells - 1, geo.x_of(now) // geo.cell_width))

    def _set_cursor(self, row: int, cell: int) -> None:
        if self._day is None or not self._day.technicians:
            return
        geo = self._geometry()
        cells = geo.cells if geo else 1
        row = max(0, min(row, len(self._day.technicians) - 1))
        cell = max(0, min(cell, cells - 1))
        if (row, cell) == (self._row, self._cell):
            return
        old_row = self._row
        self._row, self._cell = row, cell
        self._invalidate_row(old_row)
        self._invalidate_row(row)
        self._scroll_to_cursor()
        self._announce()

    def _announce(self) -> None:
        self.post_message(self.CursorMoved(self, self.technician, self.cursor_time, self.visit))

    def action_cursor_left(self) -> None:
        visit = self.visit
        if visit is not None and self._geo is not None:  # jump over the whole block
            start_cell = int((max(visit.start, self._geo.window_start) - self._geo.window_start)
                             .total_seconds() // 60 // self._geo.cell_minutes)
            self._set_cursor(self._row, min(self._cell - 1, start_cell - 1)
                             if start_cell < self._cell else self._cell - 1)
            return
        self._set_cursor(self._row, self._cell - 1)

    def action_cursor_right(self) -> None:
        visit = self.visit
        if visit is not None and self._geo is not None:
            geo = self._geo
            end_cell = -(-int((visit.end - geo.window_start).total_seconds() // 60)
                         // geo.cell_minutes)
            self._set_cursor(self._row, max(self._cell + 1, end_cell))
            return
        self._set_cursor(self._row, self._cell + 1)

    def action_cursor_up(self) -> None:
        self._set_cursor(self._row - 1, self._cell)

    def action_cursor_down(self) -> None:
        self._set_cursor(self._row + 1, self._cell)

    def action_first_cell(self) -> None:
        self._set_cursor(self._row, 0)

    def action_last_cell(self) -> None:
        self._set_cursor(self._row, 10_000)

    def action_page_up(self) -> None:
        self._set_cursor(self._row - max(1, self._page_rows()), self._cell)

    def action_page_down(self) -> None:
        self._set_cursor(self._row + max(1, self._page_rows()), self._cell)

    def _jump_visit(self, forward: bool) -> None:
        """The next (previous) visit in reading order: along the row, then the next rows."""
        day, geo = self._day, self._geometry()
        if day is None or geo is None or not day.technicians:
            return
        here = geo.cell_start(self._cell)
        n = len(day.technicians)
        rows = range(self._row, n) if forward else range(self._row, -1, -1)
        for row in rows:
            visits = day.visits_of(day.technicians[row].id)
            seq = visits if forward else tuple(reversed(visits))
            for v in seq:
                if row == self._row and (v.start <= here if forward else v.start >= here):
                    continue
                if v.end <= geo.window_start or v.start >= geo.window_end:
                    continue
                self._set_cursor(row, int((max(v.start, geo.window_start) - geo.window_start)
                                          .total_seconds() // 60 // geo.cell_minutes))
                return

    def action_next_visit(self) -> None:
        self._jump_visit(True)

    def action_previous_visit(self) -> None:
        self._jump_visit(False)

    def action_select(self) -> None:
        if self.technician is not None:
            self.post_message(self.Selected(self, self.technician, self.cursor_time, self.visit))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        geo = self._geometry()
        if offset is None or offset.y == 0 or geo is None:
            return
        row = (self.scroll_offset.y + offset.y - 1) // LINES_PER_ROW
        cell = (offset.x - geo.left) // geo.cell_width if offset.x >= geo.left else self._cell
        self._set_cursor(row, cell)
        if event.chain >= 2:
            self.action_select()

    # ---- scrolling --------------------------------------------------------------------------
    def _page_rows(self) -> int:
        return max(0, self.scrollable_content_region.height - 1) // LINES_PER_ROW

    def _scroll_to_cursor(self) -> None:
        page = max(0, self.scrollable_content_region.height - 1)
        if not page:
            return
        top, first = self.scroll_offset.y, self._row * LINES_PER_ROW
        last = first + LINES_PER_ROW - 1
        if first < top:
            new_top = first
        elif last >= top + page:
            new_top = last - page + 1
        else:
            return
        self.scroll_to(y=new_top, animate=False, force=True)
        if self.scroll_offset.y != top:
            self.refresh()

    def _invalidate_row(self, row: int) -> None:
        first = row * LINES_PER_ROW
        for line in range(first, first + LINES_PER_ROW):
            self._strips.pop(line, None)
        top = self.scroll_offset.y
        y = first - top + 1
        if y + LINES_PER_ROW > 1 and y < self.size.height:
            self.refresh(Region(0, max(1, y), self.size.width, LINES_PER_ROW))

    def _on_resize(self, event: events.Resize) -> None:
        old = self._geo
        self._geo = None
        self._strips.clear()
        self._header = None
        if self._day is not None:
            rows = len(self._day.technicians)
            self.virtual_size = Size(self.size.width, 1 + LINES_PER_ROW * rows)
            geo = self._geometry()
            if self._place_pending and geo is not None:
                self._place_pending = False
                self._cell = self._first_cell_of_interest()
            elif old is not None and geo is not None:
                # The cells may change from 15 to 30 minutes: the cursor keeps its time, not
                # its cell number (cell 25, 16:45, would be 23:00 in half-hour cells).
                at = old.cell_start(self._cell)
                minutes = (at - geo.window_start).total_seconds() // 60
                self._cell = max(0, min(geo.cells - 1, int(minutes // geo.cell_minutes)))
            self._announce()  # the cell's time depends on the width (15 or 30 minutes)
        self._scroll_to_cursor()

    # ---- rendering --------------------------------------------------------------------------
    def _window(self) -> tuple[datetime, datetime] | None:
        day = self._day
        if day is None:
            return None
        if day.window is not None:
            return day.window
        # A day off has no visit window: the header still shows the usual hours, dimmed.
        tz = self._now.tzinfo if self._now is not None else None
        start, end = time(10, 30), time(17)
        if day.loaded_at is not None:
            tz = day.loaded_at.tzinfo
        return (datetime.combine(day.day, start, tzinfo=tz),
                datetime.combine(day.day, end, tzinfo=tz))

    def _geometry(self) -> Geometry | None:
        if self._geo is None:
            window = self._window()
            width = self.scrollable_content_region.width or self.size.width
            if window is None or width <= 0:
                return None
            self._geo = geometry(width, window)
        return self._geo

    def _rebuild(self) -> None:
        self._strips.clear()
        self._header = None

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_styles(
                f"slot-grid--{name}").rich_style
        return style

    def _check_styles(self) -> None:
        component_styles = getattr(self, "_component_styles", {})
        token = (self.rich_style, self.has_focus,
                 *(component_styles.get(n) for n in sorted(self.COMPONENT_CLASSES)))
        if len(token) != len(self._style_token) or any(
                a is not b and a != b for a, b in zip(token, self._style_token, strict=True)):
            self._style_token = token
            self._styles.clear()
            self._strips.clear()
            self._header = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_token = ()

    def _on_focus(self, event: events.Focus) -> None:
        self._invalidate_row(self._row)

    def _on_blur(self, event: events.Blur) -> None:
        self._invalidate_row(self._row)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._check_styles()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        geo = self._geometry()
        base = self.rich_style
        width = self.size.width
        if geo is None or self._day is None:
            return Strip.blank(width, base)
        if y == 0:
            if self._header is None:
                self._header = self._render_header(geo)
            return self._header
        line = self.scroll_offset.y + y - 1
        strip = self._strips.get(line)
        if strip is None:
            row, sub = divmod(line, LINES_PER_ROW)
            if row >= len(self._day.technicians):
                strip = Strip.blank(width, base)
            else:
                strip = self._render_row_line(geo, row, sub)
            self._strips[line] = strip
        return strip

    def _now_x(self, geo: Geometry) -> int | None:
        now, day = self._now, self._day
        if now is None or day is None or now.astimezone(geo.window_start.tzinfo).date() != day.day:
            return None
        x = geo.x_of(now)
        return x if 0 <= x < geo.cells * geo.cell_width else None

    def _render_header(self, geo: Geometry) -> Strip:
        style = self._style("header")
        area = geo.cells * geo.cell_width
        chars = [" "] * area
        label_every = max(1, -(-6 // geo.cell_width))  # a label needs 5 cells + a space
        for cell in range(0, geo.cells, label_every):
            at = geo.cell_start(cell)
            if geo.cell_minutes == 15 and at.minute not in (0, 30) and label_every > 1:
                continue
            text = at.strftime("%H:%M")
            x = cell * geo.cell_width
            if x + len(text) <= area and all(c == " " for c in chars[x:x + len(text) + 1]):
                chars[x:x + len(text)] = text
        segments = [Segment(" " + fit(t("Technician"), geo.name_width) + " ", style)]
        now_x = self._now_x(geo)
        if now_x is None:
            segments.append(Segment("".join(chars), style))
        else:
            # The now column is marked in colour: the hour label under it stays readable.
            mark = style + self._style("now") + Style(reverse=True)
            segments += [Segment("".join(chars[:now_x]), style),
                         Segment("▼" if chars[now_x] == " " else chars[now_x], mark),
                         Segment("".join(chars[now_x + 1:]), style)]
        return self._finish(segments, geo, style)

    def _finish(self, segments: list[Segment], geo: Geometry, style: Style) -> Strip:
        used = geo.left + geo.cells * geo.cell_width
        width = self.size.width
        if used < width:
            segments.append(Segment(" " * (width - used), style))
        return Strip(segments, max(used, width)).crop(0, width)

    def _visit_at(self, tech_id: int, lo: datetime, hi: datetime) -> SlotVisit | None:
        visits = self._day.visits_of(tech_id) if self._day else ()
        if not visits:
            return None
        i = bisect_right(self._starts.get(tech_id, []), lo) - 1
        for v in visits[max(0, i - 2):]:
            if v.start >= hi:
                break
            if v.end > lo:
                return v
        return None

    def _render_row_line(self, geo: Geometry, row: int, sub: int) -> Strip:
        day = self._day
        assert day is not None
        tech = day.technicians[row]
        base = self.rich_style
        area = geo.cells * geo.cell_width
        # Name column: the name, then booked / free time.
        visits = day.visits_of(tech.id)
        if sub == 0:
            name = Segment(" " + fit(tech.name, geo.name_width) + " ",
                           base + self._style("off" if tech.off_reason is not None
                                              else "name"))
        else:
            name = Segment(" " + fit(self._stats(geo, tech, visits), geo.name_width) + " ",
                           base + self._style("stats"))
        chars = [" "] * area
        styles: list[Style] = [base + self._style("free")] * area
        cursor_here = row == self._row
        cursor_style = self._style("cursor")
        if tech.off_reason is not None or not day.working:
            if tech.off_reason is not None and sub == 0:
                text = fit(t("day off: {reason}", reason=tech.off_reason or "—"), area)
                chars = list(text)
                styles = [base + self._style("off")] * area
            if cursor_here:
                x0 = self._cell * geo.cell_width
                for x in range(x0, min(area, x0 + geo.cell_width)):
                    styles[x] = styles[x] + cursor_style
            return self._line(name, chars, styles, geo)
        now_x = self._now_x(geo)
        past_to = 0
        if self._now is not None:
            if self._now.astimezone(geo.window_start.tzinfo).date() > day.day:
                past_to = area
            elif now_x is not None:
                past_to = now_x
            elif self._now >= geo.window_end:
                past_to = area
        past = base + self._style("free") + self._style("past")
        for x in range(past_to):
            styles[x] = past
        for cell in range(geo.cells):
            at = geo.cell_start(cell)
            chars[cell * geo.cell_width] = "┆" if at.minute == 0 else "·"
        for v in visits:
            x0 = max(0, geo.x_of(v.start))
            x1 = min(area, geo.x_of(v.end))
            if x1 <= x0:
                if x0 >= area or geo.x_of(v.end) <= 0:
                    continue
                x1 = x0 + 1
            label = f"№{v.ticket_id}" if sub == 0 else v.short_address
            text = fit("▏" + label, x1 - x0)
            style = base + self._style(v.status)
            chars[x0:x1] = text
            styles[x0:x1] = [style] * (x1 - x0)
        if now_x is not None and chars[now_x] in " ·┆" and styles[now_x] is not None:
            chars[now_x] = "│"
            styles[now_x] = styles[now_x] + self._style("now")
        if cursor_here:
            cur = self.visit
            if cur is not None:
                x0, x1 = max(0, geo.x_of(cur.start)), min(area, max(geo.x_of(cur.end),
                                                                   geo.x_of(cur.start) + 1))
            else:
                x0 = self._cell * geo.cell_width
                x1 = min(area, x0 + geo.cell_width)
            for x in range(x0, x1):
                styles[x] = styles[x] + cursor_style
        return self._line(name, chars, styles, geo)

    def _stats(self, geo: Geometry, tech: SlotTechnician, visits) -> str:
        """'◼3:30 ◻3:00': booked and free time inside the window."""
        if tech.off_reason is not None or not (self._day and self._day.working):
            return "—"
        span = geo.window_end - geo.window_start
        booked = timedelta(0)
        for v in visits:
            lo, hi = max(v.start, geo.window_start), min(v.end, geo.window_end)
            if hi > lo and v.status != SlotKind.NO_SHOW:
                booked += hi - lo
        return f"◼{hours(booked)} ◻{hours(span - booked)}"

    def _line(self, name: Segment, chars: list[str], styles: list[Style],
              geo: Geometry) -> Strip:
        segments = [name]
        run_start = 0
        for x in range(1, len(chars) + 1):
            if x == len(chars) or (styles[x] is not styles[run_start] and styles[x] != styles[
                    run_start]):
                segments.append(Segment("".join(chars[run_start:x]), styles[run_start]))
                run_start = x
        return self._finish(segments, geo, self.rich_style)

