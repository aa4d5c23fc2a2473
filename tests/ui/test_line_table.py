"""LineTable, the Line-API table behind the F3 queue: rendering by cells, keys, cursor that
follows its row key across reorders, repaint of changed rows only, and 10,000 rows."""

from __future__ import annotations

import time

import pytest
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.events import MouseScrollDown
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Input

from console.widgets.line_table import Column, LineTable, column_widths, fit

SIZE = (160, 48)
COLUMNS = [
    Column("pos", "№", width=5, align="right"),
    Column("client", "Клиент"),
    Column("address", "Адрес", flex=2),
    Column("eta", "ETA", width=16),
    Column("age", "Возраст", width=7, align="right"),
]


def make_rows(n: int, prefix: str = "Клиент") -> list[tuple[int, tuple[str, ...]]]:
    return [
        (k, (str(k + 1), f"{prefix} {k}", f"ул. Профсоюзная, д. {k}", "25.11 13:00 ±1 ч", "3 д"))
        for k in range(n)
    ]


class TableApp(App):
    """A LineTable filling the screen; records the messages it posts."""

    def __init__(self, columns: list[Column] = COLUMNS) -> None:
        super().__init__()
        self.columns = columns
        self.moved: list[tuple[object, int]] = []
        self.selected: list[tuple[object, int]] = []

    def compose(self) -> ComposeResult:
        yield LineTable(self.columns, id="table")

    def on_line_table_cursor_moved(self, message: LineTable.CursorMoved) -> None:
        self.moved.append((message.row_key, message.index))

    def on_line_table_selected(self, message: LineTable.Selected) -> None:
        self.selected.append((message.row_key, message.index))


def lines(table: LineTable) -> list[Strip]:
    """The table's content lines as the compositor gets them (header first)."""
    width, height = table.scrollable_content_region.size
    return table.render_lines(Region(0, 0, width, height))


def first_style(strip: Strip) -> Style:
    """The style of a line's first segment (the left margin: the row's own style)."""
    return next(iter(strip)).style or Style.null()


def texts(table: LineTable) -> list[str]:
    return [strip.text for strip in lines(table)]


def count_renders(table: LineTable, monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Record the cells of every row that is rendered (not served from the strip cache)."""
    rendered: list[tuple] = []
    original = table._render_cells

    def spy(cells, style):
        rendered.append(tuple(cells))
        return original(cells, style)

    monkeypatch.setattr(table, "_render_cells", spy)
    return rendered


async def loaded(pilot, rows) -> LineTable:
    table = pilot.app.query_one(LineTable)
    table.set_rows(rows)
    table.focus()
    await pilot.pause()
    return table


def test_flexible_columns_share_the_rest_by_flex_and_keep_min_width() -> None:
    # 100 cells: 5 leading spaces + 1 at the end + 5 + 16 + 7 fixed leaves 66 for 1:2 flex.
    assert column_widths(COLUMNS, 100) == [5, 22, 44, 16, 7]
    assert column_widths(COLUMNS, 30) == [5, 4, 4, 16, 7]  # too narrow: min widths, cropped
    assert sum(column_widths(COLUMNS, 161)) + len(COLUMNS) + 1 == 161


def test_fit_crops_with_an_ellipsis_by_cells_and_aligns() -> None:
    assert fit("Профсоюзная", 6) == "Профс…"
    assert fit("東京都港区", 6) == "東京 …"  # a wide char that does not fit becomes a space
    assert cell_len(fit("東京都港区", 6)) == 6
    assert fit("42", 4, right=True) == "  42"
    assert fit("a\nb", 4) == "a b "  # a newline would break the line


async def test_header_and_first_rows_render_cropped_to_column_widths() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        long = "г. Москва, ул. Профсоюзная, д. 104, корп. 3, кв. 87, подъезд 2, этаж 9" * 2
        rows = make_rows(60)
        rows[0] = (0, ("1", "Иванова Мария Петровна", long, "25.11 13:00 ±1 ч", "12 д"))
        table = await loaded(pilot, rows)
        width = table.scrollable_content_region.width
        shown = texts(table)
        assert shown[0].split() == ["№", "Клиент", "Адрес", "ETA", "Возраст"]
        assert shown[1].startswith("     1 Иванова Мария Петровна")
        assert "д. 104, корп. 3" in shown[1] and long not in shown[1]
        assert long[:80] in shown[1]
        assert "…" in shown[1]
        assert shown[1].endswith(" 25.11 13:00 ±1 ч    12 д ")  # right-aligned age
        assert shown[2].startswith("     2 Клиент 1 ")
        assert all(strip.cell_length == width for strip in lines(table))
        assert len(shown) == SIZE[1] and shown[-1].startswith("    47 ")  # 47 rows under the header


async def test_keys_move_the_cursor_and_post_cursor_moved() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = await loaded(pilot, make_rows(200))
        assert app.moved == [(0, 0)]  # the first row arrives under the cursor
        page = table.scrollable_content_region.height - 1
        expected = [
            ("j", 1), ("down", 2), ("о", 3), ("k", 2), ("up", 1), ("л", 0), ("up", 0),
            ("pagedown", page), ("pagedown", 2 * page), ("pageup", page),
            ("end", 199), ("down", 199), ("home", 0), ("G", 199), ("g", 0),
        ]
        for key, index in expected:
            await pilot.press(key)
            assert table.cursor_index == index, key
            assert table.cursor_key == index
        # One message per change of row, none for presses that did not move it.
        assert [i for _, i in app.moved] == [
            0, 1, 2, 3, 2, 1, 0, page, 2 * page, page, 199, 0, 199, 0,
        ]


async def test_the_cursor_row_is_highlighted_and_kept_in_view() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = await loaded(pilot, make_rows(200))
        cursor_style = table.get_component_styles("line-table--cursor").rich_style
        row1, row2 = lines(table)[1:3]
        assert first_style(row1).bgcolor == cursor_style.bgcolor
        assert first_style(row2).bgcolor != cursor_style.bgcolor
        for _ in range(60):
            await pilot.press("down")
        top = table.scroll_offset.y
        page = table.scrollable_content_region.height - 1
        assert top <= 60 < top + page and top == 60 - page + 1  # scrolled just enough
        assert texts(table)[60 - top + 1].startswith("    61 Клиент 60 ")
        assert texts(table)[0].split()[0] == "№"  # the header stays on top


async def test_enter_posts_selected_with_the_row_key() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        rows = [(f"T-{k}", cells) for k, cells in make_rows(10)]
        await loaded(pilot, rows)
        await pilot.press("j", "j", "enter")
        assert app.selected == [("T-2", 2)]


async def test_set_rows_keeps_the_cursor_on_its_key_when_an_urgent_row_lands_on_top() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        rows = make_rows(100)
        table = await loaded(pilot, rows)
        await pilot.press("j", "j", "j")
        assert table.cursor_key == 3
        app.moved.clear()
        urgent = (1000, ("1", "Срочно Сидоров", "ул. Ленина, д. 1", "25.11 11:30 ±1 ч", "5 мин"))
        table.set_rows([urgent, *rows])
        await pilot.pause()
        assert (table.cursor_key, table.cursor_index) == (3, 4)
        assert app.moved == []  # same row under the cursor: nothing to reload
        assert texts(table)[1].startswith("     1 Срочно Сидоров")
        assert texts(table)[5].startswith("     4 Клиент 3")


async def test_set_rows_falls_back_to_the_clamped_index_when_the_key_is_gone() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        rows = make_rows(20)
        table = await loaded(pilot, rows)
        await pilot.press("j", "j", "j", "j", "j")
        table.set_rows([r for r in rows if r[0] != 5])  # the ticket under the cursor is closed
        await pilot.pause()
        assert (table.cursor_key, table.cursor_index) == (6, 5)
        assert app.moved[-1] == (6, 5)
        table.set_rows(rows[:3])  # the list shrank below the cursor
        await pilot.pause()
        assert (table.cursor_key, table.cursor_index) == (2, 2)
        table.set_rows([])
        await pilot.pause()
        assert (table.cursor_key, table.row_count) == (None, 0)
        await pilot.press("j", "enter")  # keys on an empty table are harmless
        assert app.selected == []


async def test_update_row_renders_only_that_row(monkeypatch) -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        rows = make_rows(100)
        table = await loaded(pilot, rows)
        before = lines(table)
        rendered = count_renders(table, monkeypatch)
        new = ("8", "Клиент 7", "ул. Новая, д. 2", "26.11 10:30 ±1 ч", "1 ч")
        table.update_row(7, new)
        await pilot.pause()
        after = lines(table)
        assert rendered == [new]
        assert after[8].text.startswith("     8 Клиент 7     ") and "ул. Новая" in after[8].text
        changed = [y for y, (a, b) in enumerate(zip(before, after, strict=True)) if a is not b]
        assert changed == [8]
        assert table.get_row(7) == new


async def test_set_rows_with_the_same_content_renders_nothing(monkeypatch) -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        rows = make_rows(100)
        table = await loaded(pilot, rows)
        rendered = count_renders(table, monkeypatch)
        # A fresh snapshot from the reactor: equal rows, new objects.
        table.set_rows([(k, tuple(list(cells))) for k, cells in rows])
        await pilot.pause()
        assert rendered == []
        rows[10] = (10, ("11", "Клиент 10", "ул. Другая", "25.11 15:00 ±1 ч", "3 д"))
        table.set_rows(rows)
        await pilot.pause()
        assert rendered == [rows[10][1]]


async def test_set_row_style_marks_a_row_with_its_component_class() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = await loaded(pilot, make_rows(10))
        moved = table.get_component_styles("line-table--moved").rich_style
        alert = table.get_component_styles("line-table--alert").rich_style
        table.set_row_style(3, "moved")
        table.set_rows(make_rows(10), styles={5: "alert"})  # set_rows replaces the marks
        table.set_row_style(6, "moved")
        await pilot.pause()
        shown = lines(table)
        assert first_style(shown[4]).color != moved.color  # row 3's mark was replaced
        assert first_style(shown[6]).color == alert.color
        assert first_style(shown[7]).color == moved.color
        table.set_row_style(6, None)
        await pilot.pause()
        assert first_style(lines(table)[7]).color != moved.color
        with pytest.raises(ValueError):
            table.set_row_style(6, "cursor")
        with pytest.raises(ValueError):
            table.set_rows(make_rows(3), styles={1: "bogus"})
        with pytest.raises(ValueError):
            table.set_rows([(1, ("a",)), (1, ("b",))])  # keys must be unique


async def test_markup_in_client_text_is_shown_literally() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        rows = [(1, ("1", "[bold]x[/]", "[red]ул. Ленина[/red] [link=x]", "", ""))]
        table = await loaded(pilot, [(0, ("0", "курсор здесь")), *rows])
        row = lines(table)[2]
        assert "[bold]x[/]" in row.text and "[red]ул. Ленина[/red] [link=x]" in row.text
        assert all(not segment.style.bold for segment in row)


async def test_text_cells_keep_their_style_and_are_cropped() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        eta = Text("25.11 13:00 ±1 ч (перенос!)", style=Style(color="red"))
        table = await loaded(pilot, [(1, ("1", "Иванов", "ул. Ленина", eta, "3 д"))])
        row = lines(table)[1]
        (eta_segment,) = [s for s in row if "25.11" in s.text]
        assert eta_segment.text == "25.11 13:00 ±1 …"
        # Textual maps "red" to its theme's red; enough that it is not the row's colour.
        assert eta_segment.style.color != first_style(row).color
        assert eta_segment.style.bgcolor == first_style(row).bgcolor
        assert eta.plain == "25.11 13:00 ±1 ч (перенос!)"  # the caller's Text is not mutated
        assert row.cell_length == table.scrollable_content_region.width


async def test_cyrillic_and_wide_text_are_measured_in_cells() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        rows = [
            (1, ("1", "Ёлкина Юлия", "東京都港区六本木" * 5, "ETA-A", "1")),
            (2, ("2", "Ivanova Julia", "Tokyo Minato Roppongi" * 5, "ETA-B", "2")),
            (3, ("3", "Щукина Ё́", "улица", "ETA-C", "3")),  # with a combining accent
        ]
        table = await loaded(pilot, rows)
        shown = lines(table)
        starts = [cell_len(s.text[: s.text.index("ETA-")]) for s in shown[1:4]]
        assert starts[0] == starts[1] == starts[2]
        assert all(s.cell_length == table.scrollable_content_region.width for s in shown)


async def test_a_click_moves_the_cursor_and_a_double_click_selects() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = await loaded(pilot, make_rows(30))
        await pilot.click(LineTable, offset=(10, 4))  # line 4 is row 3 (line 0 is the header)
        assert table.cursor_index == 3
        await pilot.click(LineTable, offset=(10, 0))  # the header does nothing
        assert table.cursor_index == 3
        await pilot.click(LineTable, offset=(10, 6), times=2)
        assert table.cursor_index == 5
        assert app.selected == [(5, 5)]


async def test_narrow_terminal_keeps_lines_at_the_widget_width() -> None:
    app = TableApp()
    async with app.run_test(size=(30, 10)) as pilot:
        table = await loaded(pilot, make_rows(30))
        width = table.scrollable_content_region.width
        assert all(s.cell_length == width for s in lines(table))
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        width = table.scrollable_content_region.width
        assert width > 90 and all(s.cell_length == width for s in lines(table))


async def test_ten_thousand_rows_load_fast_and_keys_still_work() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(LineTable)
        rows = make_rows(10_000)
        # CPU time of this process, not wall time: a loaded machine must not fail the test.
        started = time.process_time()
        table.set_rows(rows)
        elapsed = time.process_time() - started
        # Generous bound against a frozen UI (DataTable: seconds); real numbers in the bench.
        assert elapsed < 0.5
        table.focus()
        await pilot.press("end")
        assert table.cursor_key == 9_999
        assert texts(table)[-1].startswith(" 10000 Клиент 9999 ")
        await pilot.press("up", "pageup", "home")
        assert table.cursor_index == 0 and table.scroll_offset.y == 0
        assert table.move_cursor(5_000) and table.cursor_index == 5_000
        assert not table.move_cursor("nope")
        await pilot.press("end")
        table.set_rows(rows[:3])  # from the bottom of 10,000 rows to three
        await pilot.pause()
        assert table.scroll_offset.y == 0 and table.cursor_index == 2
        assert [t[:8] for t in texts(table)[1:5]] == ["     1 К", "     2 К", "     3 К", " " * 8]


class TwoWidgetApp(App):
    """A table and an input, to move the focus away from the table."""

    def compose(self) -> ComposeResult:
        yield LineTable(COLUMNS)
        yield Input()


async def test_the_cursor_dims_when_the_table_loses_focus() -> None:
    app = TwoWidgetApp()
    async with app.run_test(size=SIZE) as pilot:
        table = await loaded(pilot, make_rows(5))
        focused = first_style(lines(table)[1]).bgcolor
        app.query_one(Input).focus()
        await pilot.pause()
        blurred = first_style(lines(table)[1]).bgcolor
        assert blurred != focused
        assert first_style(lines(table)[2]).bgcolor not in (focused, blurred)
        table.focus()
        await pilot.pause()
        assert first_style(lines(table)[1]).bgcolor == focused


async def test_the_mouse_wheel_scrolls_without_moving_the_cursor() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = await loaded(pilot, make_rows(200))
        for _ in range(3):
            table.post_message(MouseScrollDown(table, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert table.scroll_offset.y > 0 and table.cursor_index == 0
        await pilot.press("j")  # the next key brings the cursor back into view
        assert table.cursor_index == 1 and table.scroll_offset.y == 1  # now the top row


async def test_lazy_rows_are_made_only_when_shown() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(LineTable)
        rows = make_rows(10_000)
        made: list[int] = []

        def make(i: int) -> tuple[str, ...]:
            made.append(i)
            return rows[i][1]

        table.set_lazy_rows([k for k, _ in rows], make, styles={3: "moved"})
        table.focus()
        await pilot.pause()
        assert texts(table)[1].startswith("     1 Клиент 0 ")
        shown = len(made)
        assert 0 < shown <= 48  # the visible rows, not 10,000
        assert table.get_row(9_000) == rows[9_000][1]
        await pilot.press("end")
        assert texts(table)[-1].startswith(" 10000 Клиент 9999 ")
        assert len(made) < 2 * 48 + 1 and len(set(made)) == len(made)  # each made once
