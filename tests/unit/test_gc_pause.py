"""The cyclic GC held off while an own change is on its way to the screen (issue 12)."""

from __future__ import annotations

import gc

import pytest

from console.gc_pause import GcPause


@pytest.fixture(autouse=True)
def collector_on():
    assert gc.isenabled()
    yield
    gc.enable()


def test_off_while_any_hold_lasts_and_on_when_the_last_goes():
    pause = GcPause()
    first = pause.hold()
    assert not gc.isenabled() and pause.held
    second = pause.hold()
    pause.release(first)
    assert not gc.isenabled()  # the second still holds
    pause.release(second)
    assert gc.isenabled() and not pause.held


def test_a_hold_released_twice_counts_once():
    """Its reload and then its time limit both release it: the other hold still counts."""
    pause = GcPause()
    first, second = pause.hold(), pause.hold()
    pause.release(first)
    pause.release(first)
    assert not gc.isenabled()
    pause.release(second)
    assert gc.isenabled()


def test_a_collector_found_off_is_left_off():
    """The planner (or a caller) turned it off: that is its owner's to turn back on."""
    pause = GcPause()
    gc.disable()
    token = pause.hold()
    pause.release(token)
    assert not gc.isenabled()


def test_reference_counting_frees_memory_during_a_hold():
    import weakref

    class Thing:
        pass

    pause = GcPause()
    token = pause.hold()
    thing = Thing()
    gone = weakref.ref(thing)
    del thing
    assert gone() is None
    pause.release(token)


def test_a_hold_never_released_lets_go_by_itself():
    """A console that died between a service and its reload leaves no collector off."""
    import time

    pause = GcPause()
    pause.hold(longest=0.05)
    assert not gc.isenabled()
    time.sleep(0.3)
    assert gc.isenabled() and not pause.held
