"""Two reference cycles Textual (8.2.8) makes while drawing, broken so that what they hold is
freed at once instead of waiting for Python's cyclic collector (issue 12).

Found with `gc.DEBUG_SAVEALL` over ten soak calls (bench/bench_soak.py's day): once the ticket
form and the footer keys were kept instead of rebuilt, a call still left ~7,000 objects of
cyclic garbage, most of it from these two. Garbage that survives a while is what sets off the
full collections that made the slowest keys of a long day.

- `Strip.divide` caches `[self]` when the only cut is the strip's own end (a line no other
  widget overlaps: the common case), so the strip holds its cache, which holds a list, which
  holds the strip. Each such line, with its segments and seven caches, waited for a collection.
  Here that case is answered without the cache (a one-item list costs less than the look-up).
- `Compositor._arrange_root` places the widgets with a nested function that calls itself: the
  function holds its closure cell, the cell holds the function, and the closure holds the new
  map. Every layout left the screen's previous map (a MapGeometry, regions and sizes for each
  widget) to the collector. Here the same function, compiled from Textual's own source, empties
  that cell before it returns.

Behaviour stays as it was. `install()` is idempotent; it leaves a Textual whose source differs
as it is and says so (False): tests/ui/test_memory.py then fails, to be looked at again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.strip import Strip

_ARRANGE_END = "    widgets -= invisible_widgets\n    return map, widgets\n"
_ARRANGE_END_FREED = ("    widgets -= invisible_widgets\n"
                      "    del add_widget  # it and its cell were a cycle (frame_cycles)\n"
                      "    return map, widgets\n")

_divide = Strip.divide


def _divide_uncached_whole(self: Strip, cuts: Iterable[int]) -> Sequence[Strip]:
    """Textual's `Strip.divide`, but a strip cut only at its end is not cached as `[self]`."""
    cuts = list(cuts)
    length = self.cell_length
    if [cut for cut in cuts if cut <= length] == [length]:
        return [self]
    return _divide(self, cuts)


def _arrange_without_cycle() -> bool:
    import __future__

    import inspect
    import textwrap

    from textual import _compositor

    method = _compositor.Compositor._arrange_root
    if getattr(method, "without_cycle", False):
        return True
    lines, first = inspect.getsourcelines(method)
    source = textwrap.dedent("".join(lines))
    if source.count(_ARRANGE_END) != 1:
        return False
    # Blank lines first: a traceback through it names Textual's own lines.
    source = "\n" * (first - 1) + source.replace(_ARRANGE_END, _ARRANGE_END_FREED)
    code = compile(source, _compositor.__file__, "exec", dont_inherit=True,
                   flags=__future__.annotations.compiler_flag)
    made: dict[str, object] = {}
    exec(code, vars(_compositor), made)  # Textual's own source, one line added
    arrange = made["_arrange_root"]
    arrange.without_cycle = True  # type: ignore[attr-defined]
    _compositor.Compositor._arrange_root = arrange  # type: ignore[method-assign, assignment]
    return True


def install() -> bool:
    """Both, once; False when Textual's compositor is not the one this was made for."""
    Strip.divide = _divide_uncached_whole  # type: ignore[method-assign]
    return _arrange_without_cycle()
