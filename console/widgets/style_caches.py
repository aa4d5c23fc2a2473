"""Two of Textual's (8.2.8) style caches, made not to keep or throw away what they need not.

Found by the soak (issue 12; bench/bench_soak.py); reported in
docs/upstream/textual-memory-growth.md.

- `StylesCache.get_inner_outer` is an `lru_cache(1024)` on an instance method: it kept the last
  1,024 widgets' style caches, with their rendered lines, after the widgets were gone (~10 MB in
  the soak's first hours, two widgets a screen switch). Here it is cached by its two colours.
- Each time a widget with component classes (`input--cursor`, a footer key's `--key`, ...) is
  styled, `Stylesheet._process_component_classes` makes a new virtual `DOMNode` per class, each
  with its styles, bindings and signals in a reference cycle, and drops the previous ones. A
  switch restyles its whole screen (`ScreenResume`), so every switch left ~2,000 objects for the
  cyclic collector: that garbage set off most of the full collections that made the slowest
  switches (~130 ms each on the soak's machine). Here a class's virtual node is kept and styled
  again; the widget is refreshed when its component styles changed, as before.

`install()` is idempotent; console/widgets/footer.py calls it on import (every screen has it).
"""

from __future__ import annotations

from functools import lru_cache

from textual._styles_cache import StylesCache
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode


def _cache_inner_outer_by_colours() -> None:
    method = StylesCache.get_inner_outer
    if getattr(method, "by_colours", False):
        return
    body = method.__wrapped__  # Textual's function under its lru_cache; it never reads `cls`
    by_colours = lru_cache(1024)(lambda base, background: body(None, base, background))

    def get_inner_outer(self, base_background, background):
        return by_colours(base_background, background)

    get_inner_outer.by_colours = True  # type: ignore[attr-defined]
    StylesCache.get_inner_outer = get_inner_outer  # type: ignore[method-assign, assignment]


def _process_component_classes(self: Stylesheet, node: DOMNode) -> None:
    """Textual's method, keeping each component class's virtual node from one styling to the
    next (its rules are reset and applied again) instead of making a new one."""
    component_classes = node._get_component_classes()
    if not component_classes:
        return
    refresh_node = False
    old_component_styles = node._component_styles.copy()
    node._component_styles.clear()
    for component in sorted(component_classes):
        old = old_component_styles.get(component)
        virtual_node = None if old is None else old.node
        if virtual_node is not None and virtual_node._parent is node:
            base, inline = old._base_styles, old._inline_styles  # type: ignore[union-attr]
            before = (dict(base._rules), dict(inline._rules))
            base.reset()  # a rule that no longer matches must go, as on a new node
            self.apply(virtual_node, animate=False)
            changed = before != (base._rules, inline._rules)
        else:
            virtual_node = DOMNode(classes=component)
            virtual_node._attach(node)
            self.apply(virtual_node, animate=False)
            changed = old != virtual_node.styles
        refresh_node = refresh_node or changed
        node._component_styles[component] = virtual_node.styles
    if refresh_node:
        node.refresh()


def install() -> None:
    """Both workarounds, once."""
    _cache_inner_outer_by_colours()
    Stylesheet._process_component_classes = _process_component_classes  # type: ignore[method-assign]
