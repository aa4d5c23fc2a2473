"""Keys sent the way a fast dispatcher or a loaded terminal delivers them: all at once.

`pilot.press` waits for the app to go idle after every key, which hides typeahead problems.
`burst` queues every key before the app handles the first one, like a terminal that hands the
console a whole buffer; `cpu_hog` keeps the machine busy meanwhile.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key


def key_event(key: str) -> events.Key:
    """The Key event Pilot would make for `key` ('a', 'Ж', 'tab', 'ctrl+t', '+')."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def burst(app, *keys: str) -> None:
    """Queue every key on the app at once (the driver's path), without waiting in between."""
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app._driver.send_message(event)


@contextmanager
def cpu_hog(processes: int = 2, threads: int = 1) -> Iterator[None]:
    """Busy processes on every core, plus a thread in this process competing for the GIL
    (what makes the console itself slow to handle its keys)."""
    spinners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(processes)
    ]
    stop = threading.Event()

    def spin() -> None:
        n = 0
        while not stop.is_set():
            n = (n * 31 + 7) % 1000003

    workers = [threading.Thread(target=spin, daemon=True) for _ in range(threads)]
    for worker in workers:
        worker.start()
    try:
        yield
    finally:
        stop.set()
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
        for worker in workers:
            worker.join()
