"""The cyclic garbage collector held from the command's start to the console's first frame.

Issue 12: the start builds ~60,000 objects that live as long as the console (modules, classes,
styles, widgets) and almost no garbage. Python's collector still walks them all, several times,
while the first frame is being made: a full collection alone took 20-40 ms of the start on the
loaded machine (about 60 M instructions of 1,590 M to the first frame). So the command holds it
(`pause`) and the console lets it go once its first frame is drawn (`resume`); every other
command and every exit path lets it go too (`console.cli.main`).

`resume` also moves what the start built into the permanent generation (`gc.freeze`): those
objects stay for the whole run, and the collections after the start need not walk them again.
"""

from __future__ import annotations

import gc

_held = False


def pause() -> None:
    """Hold the collector if it runs (a caller that turned it off keeps it off)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def resume() -> None:
    """Let the collector run again, the start's objects frozen; a no-op unless `pause` held it."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()
