"""Issue 12: the garbage collector is held from the command's start to the console's first
frame (console/start_gc.py); every other command, and every way out, runs with it again."""

from __future__ import annotations

import gc

import pytest

from console import cli, start_gc


@pytest.fixture
def collector():
    """Leave the collector as the test found it, nothing frozen by the test."""
    was = gc.isenabled()
    frozen = gc.get_freeze_count()
    yield
    if gc.get_freeze_count() > frozen:
        gc.unfreeze()
    start_gc._held = False
    (gc.enable if was else gc.disable)()


def test_resume_lets_go_only_of_what_pause_held(collector):
    gc.enable()
    start_gc.pause()
    assert not gc.isenabled()
    start_gc.resume()
    assert gc.isenabled() and gc.get_freeze_count() > 0  # the start's objects: permanent
    gc.unfreeze()
    start_gc.resume()  # again: nothing held, nothing frozen
    assert gc.get_freeze_count() == 0
    gc.disable()  # a caller that turned it off keeps it off
    start_gc.pause()
    start_gc.resume()
    assert not gc.isenabled()


def test_a_command_other_than_the_console_runs_with_the_collector(collector, monkeypatch):
    import console.launch

    seen: list[bool] = []
    monkeypatch.setattr(console.launch, "dispatch", lambda args: seen.append(gc.isenabled()) or 0)
    gc.enable()
    assert cli.main(["operator", "list"]) == 0
    assert seen == [True] and gc.isenabled()


def test_the_console_command_holds_it_and_any_way_out_lets_it_go(collector, monkeypatch):
    import console.launch

    seen: list[bool] = []

    def failing(args):
        seen.append(gc.isenabled())
        raise KeyboardInterrupt  # the console left before its first frame

    monkeypatch.setattr(console.launch, "dispatch", failing)
    gc.enable()
    assert cli.main([]) == 130
    assert seen == [False] and gc.isenabled()
