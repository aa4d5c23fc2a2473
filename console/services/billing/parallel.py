"""Parsing a big billing export in a child process while this process writes the database.

A million-row import spends about as long in Python (decoding, validating, normalising) as in
SQLite. Threads cannot overlap the two: the GIL serialises the Python half, and a writer
thread releasing it for every row's sqlite3_step ends up waiting a switch interval to get it
back. So a forked child parses (it inherits the existing contracts' map, nothing is copied)
and sends each batch through a pipe; this process, which owns the database connection, writes
the batches in order, one transaction each. The pipe's small buffer keeps the child at most a
batch ahead, so memory stays flat.

Only where `fork` exists (Linux); `spawn` would re-run the `python -m console` entry module.
The child never touches the database and leaves by os._exit (multiprocessing's fork start),
so the inherited SQLite connection is never used or closed there.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Protocol

from console.services.billing.csv_file import CsvLayout, records
from console.services.billing.writer import Batch, Statements, WriteFailed, write_batch

Progress = Callable[[int, int], None]


class _Importer(Protocol):
    """What the child needs of the importer (importer.py) (declared here: no import cycle)."""

    layout: CsvLayout
    added: int
    updated: int
    unchanged: int
    rejected: int
    warnings: int
    report: list[str]

    def consume(self, rows: Any, writer: Any, tick: Progress) -> None: ...


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class ChildFailed(Exception):
    """The parsing child failed: its exception, as text (it may not pickle)."""


class _PipeWriter:
    """What the child's parser hands batches to: the pipe to the parent."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def put(self, batch: Batch) -> None:
        self.conn.send(("batch", batch))


def _child(conn: Connection, importer: _Importer) -> None:
    """The forked child: parse everything, send batches, progress, then the totals."""
    try:
        importer.consume(records(importer.layout), _PipeWriter(conn),
                         lambda done, total: conn.send(("progress", done, total)))
        conn.send(("done", {
            "added": importer.added, "updated": importer.updated,
            "unchanged": importer.unchanged, "rejected": importer.rejected,
            "warnings": importer.warnings, "report": importer.report}))
    except BaseException as exc:  # reported to the parent, which raises it
        conn.send(("error", exc.__class__.__name__, str(exc), traceback.format_exc()))
    finally:
        conn.close()


def parse_in_child(importer: _Importer, sql: Statements, tick: Progress) -> None:
    """Run the import with the child parsing and this process writing; totals onto importer.

    Raises WriteFailed when the database refuses a batch (the batches before it stay written)
    and ChildFailed when the parsing fails; either way the child is gone on return.
    """
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, importer), daemon=True,
                            name="billing-import-parser")
    child.start()
    send.close()  # ours is the reading end: EOF when the child is gone
    finished = False
    try:
        while True:
            try:
                message: tuple[Any, ...] = receive.recv()
            except EOFError as exc:
                raise ChildFailed(f"the parsing process ended unexpectedly "
                                  f"(exit code {child.exitcode})") from exc
            kind = message[0]
            if kind == "batch":
                try:
                    write_batch(sql, message[1])
                except Exception as exc:
                    raise WriteFailed(str(exc).splitlines()[0] if str(exc) else repr(exc)
                                      ) from exc
            elif kind == "progress":
                tick(message[1], message[2])
            elif kind == "done":
                for name, value in message[1].items():
                    setattr(importer, name, value)
                finished = True
                return
            else:
                _, name, text, trace = message
                raise ChildFailed(f"{name}: {text}\n{trace}".rstrip())
    finally:
        receive.close()
        if not finished:
            child.kill()  # we failed (or were interrupted): the child's parsing is moot
        child.join()
