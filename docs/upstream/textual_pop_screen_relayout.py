"""Textual: popping a screen lays out the screen shown again, whose layout did not change.

Run: python textual_pop_screen_relayout.py  (prints how many layouts the base screen made)
"""

from textual.app import App, ComposeResult
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


class Dialog(ModalScreen[None]):
    def compose(self) -> ComposeResult:
        yield Static("dialog")


class Base(Screen[None]):
    layouts = 0

    def compose(self) -> ComposeResult:
        for n in range(40):
            yield Static(f"row {n}")

    def _refresh_layout(self, *args, **kwargs) -> None:
        Base.layouts += 1
        super()._refresh_layout(*args, **kwargs)


class Repro(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Base())


async def main() -> None:
    app = Repro()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        on_pop = 0
        for _ in range(5):
            app.push_screen(Dialog())
            await pilot.pause()
            before = Base.layouts
            app.pop_screen()
            await pilot.pause()
            on_pop += Base.layouts - before
        print(f"base screen laid out {on_pop} times when 5 dialogs closed "
              "(expected 0: the terminal size and the base screen's widgets did not change)")


if __name__ == "__main__":
    import asyncio

    asyncio.run(main())
