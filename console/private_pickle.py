"""A pickle file kept for this user alone: the start's caches (parsed CSS, reference data).

Unpickling runs whatever the file says, so a file is read only when it is the user's own and
writable by nobody else (as the database beside it); it is written so (mode 0600), whole and
renamed into place, so a console starting meanwhile never reads half of it. Any problem
(missing, corrupt, not private, a read-only folder) is None or False: the caller works it out
as if there were no file.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from pathlib import Path
from typing import Any


def own_and_private(path: Path) -> bool:
    """Ours and writable by nobody else: only such a file is unpickled."""
    try:
        info = path.stat()
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    return (getuid is None or info.st_uid == getuid()) and not info.st_mode & 0o022


def load(path: Path) -> Any:
    """What the file holds, or None (missing, not private, corrupt)."""
    if not own_and_private(path):
        return None
    try:
        return pickle.loads(path.read_bytes())
    except Exception:  # corrupt, truncated, classes that changed since: as if missing
        return None


def dump(path: Path, value: object) -> bool:
    """Write `value` to `path` (its folder made if need be); False if it could not be."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        tmp.replace(path)
    except Exception:  # unpicklable, a read-only folder: no file, the work is done again
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return False
    return True
