"""Writing a document file: atomically, owner-only, into a folder created on demand."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from console.i18n import os_reason, t

FILE_MODE = 0o600  # clients' names, addresses and money: the owner reads them, nobody else


class DocumentError(Exception):
    """A document could not be written; the message is one line naming the file."""


def write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> Path:
    """Call `write(stream)` on a temporary file beside `path`, then rename it into place.

    A crash or a full disk leaves either the old file or none, never half a document.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise DocumentError(
            t("{file}: cannot write ({why})", file=path, why=os_reason(exc))) from exc
    try:
        with os.fdopen(fd, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise DocumentError(
            t("{file}: cannot write ({why})", file=path, why=os_reason(exc))) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
