"""A file cache of the parsed CSS, so a start does not parse the same CSS again (issue 12).

Textual parses every CSS source of the first screen (the console's app.tcss and each widget's
DEFAULT_CSS, ~12,000 characters) on every start: about 75 M instructions of the ~1,500 M to the
first frame, where reading the same rules back from a file takes a tenth of that. Textual keeps
what it parsed in the stylesheet's parse cache, keyed by the CSS text itself (with where it was
read from, whether it is a default, its tie-breaker and scope), and parses again whenever the
CSS variables change (a theme); so the file is per Textual version and per set of variables,
and holds those same entries: a source that changed since is simply not found, and parsed.

The console fills the stylesheet's cache from the file when it is made (`preload`) and writes
the file back when it ends, if it parsed anything the file did not hold (`save`): the screens
built after the start are in it too. The file is pickled Textual objects, so it is read only
when it is the user's own and writable by nobody else (as the database beside it); any problem
(missing, corrupt, another Textual, a read-only folder) means the CSS is parsed as before.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from console.versions import installed_version

if TYPE_CHECKING:
    from textual.css.stylesheet import Stylesheet


def cache_path(folder: Path, variables: dict[str, str]) -> Path:
    """The file for this Textual version and these CSS variables."""
    text = "\n".join(f"{name}={value}" for name, value in sorted(variables.items()))
    digest = f"{zlib.crc32(text.encode()):08x}{len(variables):03d}"
    return folder / f"css-{installed_version('textual')}-{digest}.pickle"


def _own_and_private(path: Path) -> bool:
    """Ours and writable by nobody else: only such a file is unpickled."""
    try:
        info = path.stat()
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    return (getuid is None or info.st_uid == getuid()) and not info.st_mode & 0o022


def _parsed_rules(held: object) -> bool:
    """Whether `held` is what `save` writes: parse-cache keys to lists of RuleSets."""
    from textual.css.model import RuleSet

    return isinstance(held, dict) and all(
        isinstance(key, tuple) and isinstance(rules, list)
        and all(isinstance(rule, RuleSet) for rule in rules)
        for key, rules in held.items())


class CssCache:
    """The parsed CSS of one Textual version and one set of CSS variables, in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._held: dict[Any, Any] = {}  # what the file held when it was read
        self._path: Path | None = None

    def preload(self, stylesheet: Stylesheet) -> int:
        """Fill `stylesheet`'s parse cache from the file for its variables; the entries read."""
        self._path = cache_path(self.folder, stylesheet._variables)
        if not _own_and_private(self._path):
            return 0
        try:
            held = pickle.loads(self._path.read_bytes())
        except Exception:  # corrupt, truncated, another Textual: parse instead
            return 0
        if not _parsed_rules(held):
            return 0  # another layout (another version of the console wrote it): parse
        self._held = held
        cache = stylesheet._parse_cache  # Textual's LRUCache of 64 sources: room for these too
        cache.grow(max(cache.maxsize, len(held) + 64))
        for key, rules in held.items():
            cache.set(key, rules)
        return len(held)

    def save(self, stylesheet: Stylesheet) -> bool:
        """Write what `stylesheet` parsed for the variables it was preloaded with (with what the
        file held), if anything is new; False when nothing was written."""
        if self._path is None or cache_path(self.folder, stylesheet._variables) != self._path:
            return False  # the variables changed since (another theme): not this file's rules
        cache = stylesheet._parse_cache
        entries = {**self._held, **{key: cache.get(key) for key in list(cache.keys())}}
        if entries.keys() <= self._held.keys():
            return False
        tmp = self._path.with_name(f".{self._path.name}.{os.getpid()}.tmp")
        try:
            data = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            tmp.replace(self._path)  # atomic: a console starting meanwhile never reads half
        except Exception:  # unpicklable, a read-only folder: parse next time too
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            return False
        self._held = entries
        return True
