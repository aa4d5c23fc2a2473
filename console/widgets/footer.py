"""The footer of every screen: the F-keys first, so the screens stay in reach at 80x24.

Textual's Footer lists the focused widget's and the screen's keys before the App's, and on a
narrow terminal the App's F-keys (the way to every other screen) fall off the right edge
(issue 8 item 24). This footer puts the F-keys first and turns compact below `NARROW` columns;
the screen's own keys follow as far as they fit (all of them are in F1 and the palette).

It also lets go of the keys it replaced. Textual 8.2.8's Footer recomposes whenever the screen's
bindings change (a mode switch, a modal pushed or popped, focus moving), and binds each new
`FooterKey` to the footer's `compact` with `data_bind`, which appends `(key, setter)` to the
footer's watcher list; that list is pruned of closed nodes only when `compact` changes. So every
recompose kept the removed keys (their styles and render caches) alive: about 0.5 MB a screen
switch. Each bound key also restyled itself once mounted (its `compact` watcher), which made a
switch to a screen cost tens of milliseconds more. This footer makes each key in its final
style instead (it recomposes anyway when `compact` changes, on a resize). And when only the keys'
labels change (the focus moving through a call's fields), it relabels the keys it has instead
of recomposing: a recompose dropped a dozen keys, each with its styles' virtual nodes, cyclic
garbage for the collector two or three times a call. A second, bounded
retention: `StylesCache.get_inner_outer` is an `lru_cache(1024)` on an instance method, so it
kept the last 1,024 widgets' style caches, with their rendered lines, after the widgets were gone
(~10 MB in the first hours of a soak, two a screen switch): console/widgets/style_caches.py
caches it by its two colours only. See docs/upstream/textual-memory-growth.md.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from console.widgets import style_caches

NARROW = 120  # columns
_F_KEY = re.compile(r"f\d{1,2}")


style_caches.install()  # every screen has a footer: its import is early enough


class _KeySpec(NamedTuple):
    """What one footer key shows (FooterKey's arguments)."""

    key: str
    display: str
    description: str
    action: str
    disabled: bool
    tooltip: str
    classes: str


def _relabel_key(key: FooterKey, spec: _KeySpec) -> None:
    """A footer key made to show `spec`, as a new FooterKey(spec) would."""
    if (key.key, key.key_display, key.description, key.action, key._disabled) == spec[:5]:
        key.tooltip = spec.tooltip or None
        return
    key.key, key.key_display, key.description, key.action = spec[:4]
    key._disabled = spec.disabled
    key.set_class(spec.disabled, "-disabled")
    key.tooltip = spec.tooltip or None
    key.refresh(layout=True)  # its width follows its text


class ConsoleFooter(Footer):
    """A Footer whose F-keys come first, and which lets go of the keys it replaced."""

    _shown: tuple | None = None  # what the keys on screen were made from
    _after_first_frame = False  # the keys wait for the console's first frame

    def bindings_changed(self, screen) -> None:
        # The keys come right after the console's first frame (issue 12): a dozen widgets
        # less on the way to it; the dispatcher's first look is the status bar and the focused
        # field, and the keys are there a frame later.
        app = screen.app
        if not getattr(app, "first_frame_drawn", True):
            if not self._after_first_frame:
                self._after_first_frame = True
                app.after_first_frame(lambda: self.bindings_changed(screen))
            return
        # One recompose for a burst of changes (a switch resumes the screen, moves the focus
        # and refreshes the bindings: three signals for one new set of keys).
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not getattr(self, "_recompose_queued", False):
            self._recompose_queued = True
            self.call_after_refresh(self._recompose_once)

    async def _recompose_once(self) -> None:
        self._recompose_queued = False
        if self.is_attached and not self._closing:  # its screen (a dialog) may be gone
            await self.recompose()

    def _keys_signature(self) -> tuple:
        return (self.compact, self.app.size.width < NARROW, tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show))

    async def recompose(self) -> None:
        # Focus moving inside a screen changes its bindings but seldom the keys shown: the
        # keys stay as they are then.
        if not self._bindings_ready or not self.is_attached:
            return
        shown = self._keys_signature()
        if shown == self._shown and self.children:
            return
        same_width = self._shown is not None and shown[:2] == self._shown[:2]
        self._shown = shown
        if not (same_width and self.children and await self._relabel(self._key_specs())):
            await super().recompose()

    async def _relabel(self, specs: list[_KeySpec]) -> bool:
        """The keys on screen made to show `specs` (False, nothing done, when the palette's
        key comes or goes): each kept key takes a spec, the missing ones are mounted and the
        extra ones removed. A call moves the focus through fields with other keys two or
        three times: a recompose dropped ~25 keys a call, each with two virtual style nodes,
        cyclic garbage that set off full collections inside keys (issue 12)."""
        keys = [key for key in self.children if isinstance(key, FooterKey)]
        palette = [key for key in keys if key.has_class("-command-palette")]
        wanted = [spec for spec in specs if "-command-palette" not in spec.classes]
        if len(palette) != len(specs) - len(wanted):
            return False
        keys = [key for key in keys if key not in palette]
        for key, spec in zip(keys, wanted, strict=False):
            _relabel_key(key, spec)
        for key, spec in zip(palette, specs[len(wanted):], strict=True):
            _relabel_key(key, spec)
        if len(keys) > len(wanted):
            await self.remove_children(keys[len(wanted):])
        elif len(wanted) > len(keys):
            made = [self._make_key(spec) for spec in wanted[len(keys):]]
            await self.mount_all(made, before=palette[0] if palette else None)
        self.styles.grid_size_columns = len(wanted)
        return True

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        specs = self._key_specs()
        self.styles.grid_size_columns = sum("-command-palette" not in s.classes for s in specs)
        yield from map(self._make_key, specs)

    def _make_key(self, spec: _KeySpec) -> FooterKey:
        key = FooterKey(spec.key, spec.display, spec.description, spec.action,
                        disabled=spec.disabled, tooltip=spec.tooltip, classes=spec.classes)
        # No watcher: see the docstring. The palette's key was always made unbound, so its
        # `compact` stays at FooterKey's default (True), and its class with it.
        palette = "-command-palette" in spec.classes
        key.set_reactive(FooterKey.compact, True if palette else self.compact)
        return key

    def _key_specs(self) -> list[_KeySpec]:
        """The keys to show, F-keys first, the palette's key last (when there is room)."""
        first: list[tuple] = []
        rest: list[tuple] = []
        seen: set[str] = set()
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            is_f_key = _F_KEY.fullmatch(binding.key.split(",")[0].strip())
            (first if is_f_key else rest).append((binding, enabled, tooltip))
        compact = "-compact" if self.compact else ""
        specs = []
        for binding, enabled, tooltip in first + rest:
            display = self.app.get_key_display(binding)
            specs.append(_KeySpec(
                binding.key,
                display.upper() if _F_KEY.fullmatch(display) else display,  # 'F3', as printed
                binding.description, binding.action, not enabled, tooltip, compact))
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        narrow = self.app.size.width < NARROW  # the palette key would cover the last F-key
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and palette \
                and not narrow:
            _node, binding, enabled, _tooltip = palette
            specs.append(_KeySpec(binding.key, self.app.get_key_display(binding),
                                  binding.description, binding.action, not enabled,
                                  binding.tooltip or binding.description,
                                  "-command-palette -compact"))
        return specs

    async def on_resize(self) -> None:
        compact = self.size.width < NARROW
        if compact != self.compact:
            self.compact = compact
            await self.recompose()  # the palette key comes or goes
