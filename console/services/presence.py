"""Presence: which consoles are running, and what ticket or claim each has open (D14).

Every console keeps one `console_presence` row: written at start, refreshed by a heartbeat
every `HEARTBEAT_SECONDS`, changed when a form or dialog opens or closes on a ticket or claim,
deleted at a clean exit. A console not seen for `ONLINE_SECONDS` (killed, network gone) counts
as gone: its row is ignored and its drafts are offered to the operator's next console.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from console.models import ConsolePresence, database
from console.services.rows import tuples

HEARTBEAT_SECONDS = 15.0
ONLINE_SECONDS = 45.0
KEEP = object()  # heartbeat(): leave the open entity as it is


@dataclass(frozen=True)
class Holder:
    """Another console that has an entity open: whose, since when."""

    operator_name: str
    since: datetime


@dataclass(frozen=True)
class PresenceSnapshot:
    """The reactor's `presence` part: the other consoles online and what they have open."""

    others: tuple[str, ...] = ()  # operator names, sorted, each once
    holders: dict[str, Holder] = field(default_factory=dict)  # entity -> the earliest holder

    def holder(self, entity: str | None) -> Holder | None:
        return self.holders.get(entity) if entity else None


def _cutoff(now: datetime) -> datetime:
    return now - timedelta(seconds=ONLINE_SECONDS)


def heartbeat(console_id: str, *, operator: str, operator_name: str, host: str, pid: int,
              now: datetime, entity: object = KEEP) -> None:
    """Say this console is alive (creating its row at the first beat)."""
    changes: dict[str, Any] = {"seen_at": now}
    if entity is not KEEP:
        changes.update(entity=entity, entity_since=now if entity else None)
    with database.atomic():
        if not ConsolePresence.update(**changes).where(
                ConsolePresence.console_id == console_id).execute():
            ConsolePresence.create(console_id=console_id, operator=operator,
                                   operator_name=operator_name, host=host, pid=pid,
                                   started_at=now, seen_at=now,
                                   entity=None if entity is KEEP else entity,
                                   entity_since=now if entity not in (KEEP, None) else None)


def leave(console_id: str) -> None:
    ConsolePresence.delete().where(ConsolePresence.console_id == console_id).execute()


def _process_gone(host: str, pid: int) -> bool:
    """A console on this machine whose process no longer exists (killed: no clean exit)."""
    if host != socket.gethostname() or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # it exists, under another user
    return False


def live_consoles(now: datetime) -> set[str]:
    """Consoles seen within ONLINE_SECONDS, minus those on this machine whose process is gone
    (a console killed a moment ago: its drafts are offered at once, not in 45 s)."""
    rows = tuples(ConsolePresence.select(ConsolePresence.console_id, ConsolePresence.host,
                                         ConsolePresence.pid).where(
               ConsolePresence.seen_at >= _cutoff(now)))
    return {cid for cid, host, pid in rows if not _process_gone(host, pid)}


def load_presence(now: datetime, console_id: str) -> PresenceSnapshot:
    rows = (tuples(ConsolePresence.select(ConsolePresence.operator_name, ConsolePresence.entity,
                                          ConsolePresence.entity_since, ConsolePresence.host,
                                          ConsolePresence.pid)
                   .where(ConsolePresence.seen_at >= _cutoff(now),
                          ConsolePresence.console_id != console_id)))
    names: set[str] = set()
    holders: dict[str, Holder] = {}
    for name, entity, since, host, pid in rows:
        if _process_gone(host, pid):
            continue  # killed a moment ago on this machine: not online, holds nothing
        names.add(name)
        if entity and since and (entity not in holders or since < holders[entity].since):
            holders[entity] = Holder(name, since)
    return PresenceSnapshot(tuple(sorted(names)), holders)
