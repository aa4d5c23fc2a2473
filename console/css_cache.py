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

import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from console import private_pickle
from console.versions import installed_version

if TYPE_CHECKING:
    from textual.css.stylesheet import Stylesheet


def cache_path(folder: Path, variables: dict[str, str]) -> Path:
    """The file for this Textual version and these CSS variables."""
    text = "\n".join(f"{name}={value}" for name, value in sorted(variables.items()))
    digest = f"{zlib.crc32(text.encode()):08x}{len(variables):03d}"
    return folder / f"css-{installed_version('textual')}-{digest}.pickle"


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
        held = private_pickle.load(self._path)  # None: missing, corrupt, not private
        if not _parsed_rules(held):
            return 0  # none, or another layout (another version of the console wrote it)
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
        if not private_pickle.dump(self._path, entries):
            return False  # unpicklable, a read-only folder: parse next time too
        self._held = entries
        return True
