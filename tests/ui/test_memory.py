"""Memory stays flat over screen switches and dialogs (issue 12: a long shift must not grow).

Textual's Footer kept every key it ever composed (see console/widgets/footer.py): before the
workaround 12 switches with 4 dialogs kept ~60,000 more memory blocks (~0.5 MB a switch); with
it the count stays within a few hundred. Memory is counted in Python's allocated blocks
(`sys.getallocatedblocks`): cheap enough to keep the test fast, unlike tracemalloc.
"""

from __future__ import annotations

import gc
import sys
import threading

from textual.widgets import Footer

from console.app import ConsoleApp
from console.screens.dialogs import ReasonDialog
from tests.ui.pilot_helpers import settle, wait_for

SIZE = (160, 48)
MODES = ("help", "call", "queue", "timeslots", "claims", "helpdesk")
SWITCHES = 12  # every third one with a dialog pushed and popped
BOUND_BLOCKS = 5_000


async def _round(app: ConsoleApp, pilot, switches: int) -> None:
    for i in range(switches):
        await app.switch_mode(MODES[i % len(MODES)])
        await pilot.pause()
        if i % 3 == 0:
            app.push_screen(ReasonDialog("title", "prompt"))
            await pilot.pause()
            app.pop_screen()
            await pilot.pause()
    await settle(pilot)
    gc.collect()


def _stale_footer_watchers(app: ConsoleApp) -> int:
    """Watchers on the footers' `compact` beyond one per key shown now (the leak's trace)."""
    stale = 0
    for mode in MODES:
        for screen in app.get_screen_stack(mode):
            for footer in screen.query(Footer):
                watchers = getattr(footer, "__watchers", {}).get("compact", ())
                stale += max(0, len(watchers) - len(footer.children))
    return stale


async def test_screen_switches_and_dialogs_keep_memory_flat(make_ctx):
    app = ConsoleApp(make_ctx(), start_refresh=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _round(app, pilot, len(MODES) + 1)  # every screen built once, caches warm
        before = sys.getallocatedblocks()
        await _round(app, pilot, SWITCHES)
        grown = sys.getallocatedblocks() - before
        assert _stale_footer_watchers(app) == 0
        assert grown < BOUND_BLOCKS, f"{SWITCHES} switches kept {grown} memory blocks"


async def test_fields_removed_from_a_screen_that_stays_are_freed():
    """Textual's Input subscribes to its screen's text-selection signal and never unsubscribes:
    the signal's table kept every ticket form's fields alive on F2 (~0.15 MB a call in the
    soak). A `Field` unsubscribes when it is removed."""
    from textual.app import App
    from textual.containers import Vertical

    from console.widgets.field import Field

    class Forms(App[None]):
        def compose(self):
            yield Vertical(id="host")

    app = Forms()
    async with app.run_test(size=SIZE) as pilot:
        host = app.query_one("#host")
        for round_ in range(6):
            form = Vertical(*(Field(id=f"f{round_}-{i}") for i in range(5)))
            await host.mount(form)
            await pilot.pause()
            await form.remove()
            await pilot.pause()
        del form
        gc.collect()
        # This test's fields only: another test's app may still be on its way out.
        alive = [o for o in gc.get_objects()
                 if isinstance(o, Field) and (o.id or "").startswith(tuple(
                     f"f{n}-" for n in range(6)))]
        # The container's cache of displayed children may still name the last form's.
        assert len(alive) <= 5, f"{len(alive)} removed fields still alive"


async def test_removed_widgets_rendered_lines_are_not_kept():
    """Textual's `StylesCache.get_inner_outer` is an `lru_cache` on an instance method: it kept
    the last 1,024 removed widgets' style caches with their rendered lines (~10 MB in a soak's
    first hours). The console's footer module caches it by its colours only."""
    from textual._styles_cache import StylesCache
    from textual.app import App
    from textual.containers import Vertical
    from textual.widgets import Static

    import console.widgets.footer  # noqa: F401  (the workaround is made on import)

    class Panels(App[None]):
        def compose(self):
            yield Vertical(id="host")

    app = Panels()
    async with app.run_test(size=SIZE) as pilot:
        host = app.query_one("#host")
        mine: set[int] = set()  # this test's caches: another test's app may be on its way out
        for round_ in range(5):
            panels = [Static(f"panel {round_}.{i}") for i in range(8)]
            await host.mount_all(panels)
            await pilot.pause()  # drawn: each panel's lines are in its style cache
            mine.update(id(panel._styles_cache) for panel in panels)
            await host.remove_children()
            await pilot.pause()
        del panels
        gc.collect()
        live = {id(w._styles_cache) for w in app.screen.walk_children(with_self=True)}
        kept = [c for c in gc.get_objects()
                if isinstance(c, StylesCache) and id(c) in mine - live and c._cache]
        assert len(kept) <= 8, f"{len(kept)} removed widgets' rendered lines still kept"


async def test_restyling_keeps_component_nodes_and_follows_their_rules():
    """Textual made a new virtual node (a reference cycle of ~40 objects) for each component
    class every time a widget was styled, and a switch restyles its whole screen: the garbage
    set off the full collections behind the slowest switches. console/widgets/style_caches.py
    keeps each class's node; its styles still follow the rules that match now."""
    from textual.app import App
    from textual.dom import DOMNode
    from textual.widget import Widget

    import console.widgets.footer  # noqa: F401  (the workaround is made on import)

    class Gauge(Widget):
        COMPONENT_CLASSES = {"gauge--bar", "gauge--label"}
        DEFAULT_CSS = """
        Gauge > .gauge--bar { color: red; }
        Gauge.-alarm > .gauge--bar { color: blue; }
        Gauge.-alarm > .gauge--label { text-style: bold; }
        """

    class Gauges(App[None]):
        def compose(self):
            yield Gauge()

    app = Gauges()
    async with app.run_test(size=SIZE) as pilot:
        gauge = app.query_one(Gauge)

        def virtual() -> int:  # garbage included: the collector is off meanwhile
            return sum(type(o) is DOMNode for o in gc.get_objects())

        gc.collect()
        gc.disable()
        try:
            before = virtual()
            for _ in range(5):
                app.screen.update_node_styles(animate=False)  # what a switch back to it does
                await pilot.pause()
            made = virtual() - before
        finally:
            gc.enable()
        assert made == 0, f"{made} virtual nodes made by 5 restylings"
        assert gauge.get_component_styles("gauge--bar").color.rgb == (255, 0, 0)
        gauge.add_class("-alarm")
        await pilot.pause()
        assert gauge.get_component_styles("gauge--bar").color.rgb == (0, 0, 255)
        assert gauge.get_component_styles("gauge--label").text_style.bold
        gauge.remove_class("-alarm")  # a rule that no longer matches is gone
        await pilot.pause()
        assert gauge.get_component_styles("gauge--bar").color.rgb == (255, 0, 0)
        assert not gauge.get_component_styles("gauge--label").text_style.bold


def _rss_mb() -> float:
    from pathlib import Path

    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_free_pages_of_the_c_heap_are_given_back():
    """glibc keeps freed memory for reuse, and a free page between two live blocks stays
    resident: after a few soak hours ~4.5-5.5 MB of the C heap was free but resident (the
    reloads' and re-plans' lists and dicts, made in worker threads). `heap.trim` gives it
    back."""
    import ctypes

    from console import heap

    libc = ctypes.CDLL(None)
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    blocks = [libc.malloc(8192) for _ in range(6_000)]  # ~47 MB in the heap, not mmap'd
    for block in blocks:
        ctypes.memset(block, 1, 8192)  # resident
    kept = [block for i, block in enumerate(blocks) if i % 16 == 0 or i == len(blocks) - 1]
    try:
        for i, block in enumerate(blocks):  # the freed ones lie between kept ones
            if not (i % 16 == 0 or i == len(blocks) - 1):
                libc.free(block)
        before = _rss_mb()
        assert heap.trim()
        given_back = before - _rss_mb()
        assert given_back > 20, f"trim gave back {given_back:.1f} MB of ~44 MB freed"
    finally:
        for block in kept:
            libc.free(block)


async def test_the_console_trims_its_heap_every_minute(make_ctx, monkeypatch):
    from console import heap

    trims: list[str] = []
    monkeypatch.setattr(heap, "TRIM_SECONDS", 0.1)
    monkeypatch.setattr(heap, "trim", lambda: trims.append(threading.current_thread().name))
    app = ConsoleApp(make_ctx())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: len(trims) >= 2, timeout=10)
    # In a thread of its own: the UI thread does not wait for glibc.
    assert set(trims) == {"heap-trim"}


def test_big_blocks_are_given_back_when_freed():
    """glibc raises its mmap threshold to the largest block freed so far (up to 32 MB): after
    one big list was freed, the next big ones came from the heap and their holes stayed
    resident (the soak's full day: glibc's free memory +2-3 MB an hour). `heap.tune_malloc`
    fixes the threshold: a block of 128 KiB or more is mapped and given back when freed."""
    import ctypes

    from console import heap

    libc = ctypes.CDLL(None)
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    assert heap.tune_malloc()
    big = libc.malloc(8 << 20)  # untuned, freeing it would raise the threshold to 8 MB
    libc.free(big)
    blocks = [libc.malloc(256 << 10) for _ in range(120)]  # 30 MB of dicts and lists
    for block in blocks:
        ctypes.memset(block, 1, 256 << 10)
    try:
        before = _rss_mb()
        for block in blocks[::2]:  # half freed, between blocks still in use
            libc.free(block)
        given_back = before - _rss_mb()
        # Untuned, the blocks sit in the heap between blocks still in use and nothing goes
        # back; tuned, each is its own mapping. Half of the 15 MB is margin for what the
        # process's other threads allocate meanwhile (a CI run measured 11.4 MB).
        assert given_back > 7.5, f"freeing 15 MB of big blocks gave back {given_back:.1f} MB"
    finally:
        for block in blocks[1::2]:
            libc.free(block)


async def test_the_console_tunes_malloc_before_its_workers_start(make_ctx, monkeypatch):
    from console import heap

    tuned: list[int] = []
    monkeypatch.setattr(heap, "tune_malloc", lambda: tuned.append(threading.active_count()),
                        raising=False)
    app = ConsoleApp(make_ctx())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: bool(tuned), timeout=10)
        await settle(pilot)
    assert len(tuned) == 1


async def test_drawing_leaves_no_reference_cycles():
    """Textual's compositor left each layout's map, and each line cut only at its end, in a
    reference cycle (console/widgets/frame_cycles.py): garbage behind the full collections of
    a long day. Relayouts and repaints now leave none of either."""
    from textual.app import App
    from textual.map_geometry import MapGeometry
    from textual.strip import Strip
    from textual.widgets import Label, Static

    from console.widgets import frame_cycles

    assert frame_cycles.install(), "Textual's compositor changed: look at frame_cycles again"

    class Panels(App[None]):
        def compose(self):
            for n in range(12):
                yield Static(f"panel {n}")
                yield Label(f"label {n}")

    app = Panels()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        gc.collect()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            for n in range(5):
                for label in app.query(Label):
                    label.update(f"label {n} again")
                app.screen.refresh(layout=True)
                await pilot.pause()
            gc.collect()
            found = list(gc.garbage)
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
        maps = sum(isinstance(o, MapGeometry) for o in found)
        strips = sum(isinstance(o, Strip) for o in found)
        del found
        gc.collect()
        assert maps == 0, f"{maps} map entries left in cycles by 5 layouts"
        assert strips == 0, f"{strips} lines left in cycles by 5 repaints"
