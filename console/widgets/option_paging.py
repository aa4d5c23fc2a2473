"""PageUp/PageDown in an option list that has not been laid out yet (a Textual 8.2.8 bug).

`OptionList._move_page` looks up the highlighted option's line in a cache that is filled only
once the list has a size. Options added (and highlighted) and a page key in the same burst, as
Ctrl+P followed at once by PageUp does in the command palette, find the cache empty:
`KeyError: 0`. The reproduction and the report for Textual are in
docs/upstream/textual-optionlist-page-keyerror.md. Until it is fixed upstream, a page key on a
list that has no lines yet goes to the first or last option instead (the page would have
reached it: a list that has not been drawn yet shows at most one screen).
"""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.widgets import OptionList


def laid_out(options: OptionList) -> bool:
    """Whether a page move can find the highlighted option's line."""
    highlighted = options.highlighted
    return highlighted is None or highlighted in options._index_to_line


def page(options: OptionList, direction: int) -> None:
    """PageUp (-1) or PageDown (1), safe before the list is laid out."""
    if laid_out(options):
        (options.action_page_up if direction < 0 else options.action_page_down)()
    elif options.option_count:
        (options.action_first if direction < 0 else options.action_last)()


class PagedOptionList(OptionList):
    """An OptionList whose page keys work before its first layout."""

    def action_page_up(self) -> None:
        if laid_out(self):
            super().action_page_up()
        elif self.option_count:
            self.action_first()

    def action_page_down(self) -> None:
        if laid_out(self):
            super().action_page_down()
        elif self.option_count:
            self.action_last()


class ConsolePalette(CommandPalette):
    """Textual's command palette with safe page keys (its command list is Textual's own)."""

    def _action_command_list(self, action: str) -> None:
        if action in ("page_up", "page_down"):
            page(self.query_one(CommandList), -1 if action == "page_up" else 1)
            return
        super()._action_command_list(action)
