"""Minimal reproduction: OptionList page keys before the list is laid out -> KeyError: 0.

Textual 8.2.8, Python 3.11. Run:  python textual_optionlist_page_keyerror.py
Expected: the highlight moves (or stays). Actual: the app exits with
    File ".../textual/widgets/_option_list.py", line 1002, in _move_page
      self._index_to_line[self.highlighted or 0] + direction * height,
    KeyError: 0
"""

import asyncio

from textual.app import App, ComposeResult
from textual.widgets import OptionList


class PageBeforeLayout(App):
    CSS = "OptionList { height: auto; }"

    def compose(self) -> ComposeResult:
        yield OptionList()  # empty at first, like the command palette's list

    def key_a(self) -> None:
        options = self.query_one(OptionList)
        options.add_options(["one", "two", "three"])
        options.highlighted = 0
        # The same thing happens when a PageUp key is already queued behind the key that
        # filled the list (Ctrl+P then PageUp in one burst, in the command palette).
        options.action_page_up()


async def main() -> None:
    app = PageBeforeLayout()
    async with app.run_test() as pilot:
        await pilot.press("a")


if __name__ == "__main__":
    asyncio.run(main())
