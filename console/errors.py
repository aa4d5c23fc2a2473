"""The app's one error handler: an unexpected exception is logged and reported, never fatal.

Textual ends the app on any exception raised in a message handler, an action, a timer or a
result callback (`App._handle_exception`), and the message loop of the widget it was raised in
stops for good (`MessagePump._process_messages_loop` breaks out). For a dispatcher in the middle
of a call that means a lost form and a dead console. So once the console is running:

- `ConsoleApp._handle_exception` (console/app.py) calls `ErrorLog.report`: the traceback goes to
  `console-errors.log` in the data folder (next to the SQLite database), the dispatcher gets one
  line in a notification, and the app goes on with every typed field as it was;
- `guard_message_loops()` wraps `MessagePump._dispatch_message` so that the exception reaches
  that handler *without* ending the message loop of the widget, screen or app it came from.

Apps without a `report_unexpected` method (Textual's own, other tests) keep Textual's behaviour.
Worker failures have their own path (`ConsoleApp.on_worker_state_changed`).
"""

from __future__ import annotations

import time
import traceback
from asyncio import CancelledError
from datetime import datetime
from pathlib import Path

from textual import events
from textual.message_pump import MessagePump

from console.db_target import is_postgres_url

LOG_NAME = "console-errors.log"
LOG_LIMIT = 1_000_000  # bytes; the previous log is kept as console-errors.log.1
REPEAT_QUIET = 5.0  # seconds: the same error again within this is logged, not notified


def error_log_path(db_target: str, data_dir: Path | None = None) -> Path:
    """`console-errors.log` beside the SQLite file; for PostgreSQL, in the data folder."""
    if is_postgres_url(db_target):
        from console.datafolder import resolve_data_dir

        return (data_dir or resolve_data_dir()) / LOG_NAME
    return Path(db_target).resolve().parent / LOG_NAME


def first_line(error: BaseException, limit: int = 200) -> str:
    """The error's message cut to one line for the dispatcher (the log has it all)."""
    lines = str(error).strip().splitlines()
    return lines[0][:limit] if lines else "-"


class ErrorLog:
    """Appends tracebacks to a file; says whether the dispatcher should be told again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._last: dict[str, float] = {}

    def write(self, error: BaseException, where: str = "") -> bool:
        """Log `error` with its traceback; True if it is news (not a repeat within seconds)."""
        self.count += 1
        text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        stamp = datetime.now().astimezone().isoformat(timespec="seconds")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.exists() and self.path.stat().st_size > LOG_LIMIT:
                self.path.replace(self.path.with_name(self.path.name + ".1"))
            with self.path.open("a", encoding="utf-8") as log:
                log.write(f"--- {stamp} {where}\n{text}\n")
        except OSError:
            pass  # a full or read-only disk must not turn a reported error into a crash
        key = f"{type(error).__name__}:{error}"
        now = time.monotonic()
        news = now - self._last.get(key, -REPEAT_QUIET) >= REPEAT_QUIET
        self._last[key] = now
        return news


_original_dispatch = MessagePump._dispatch_message


async def _guarded_dispatch(self: MessagePump, message) -> None:
    try:
        await _original_dispatch(self, message)
    except CancelledError:
        raise
    except Exception as error:
        try:
            app = self.app
        except Exception:  # not attached to an app (yet): nothing to report to
            raise error from None
        if isinstance(message, events.Mount) and (app._exit or not app.is_running):
            # The app is closing while a screen built ahead was being mounted: Textual skips
            # mounting the children of what is closing but still sends Mount, so a handler
            # finds its widgets missing. Nothing is shown any more; nothing to report.
            return
        report = getattr(app, "report_unexpected", None)
        if report is None or not report(error, where=f"{type(self).__name__} {message!r}"):
            raise


def guard_message_loops() -> None:
    """Install the guard once (idempotent)."""
    if MessagePump._dispatch_message is not _guarded_dispatch:
        MessagePump._dispatch_message = _guarded_dispatch  # type: ignore[method-assign]
