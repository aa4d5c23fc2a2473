"""An installed package's version without importlib.metadata (its import and a scan of every
distribution's metadata cost ~25 ms of a start): the `<name>-<version>.dist-info` folder beside
the package says it."""

from __future__ import annotations

import os
from importlib.util import find_spec
from pathlib import Path


def installed_version(package: str) -> str:
    """The version of the installed `package`, or "unknown"."""
    try:
        spec = find_spec(package)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return "unknown"
    site = Path(next(iter(spec.submodule_search_locations))).parent
    prefix, suffix = f"{package}-", ".dist-info"
    try:
        names = [e.name for e in os.scandir(site)
                 if e.name.startswith(prefix) and e.name.endswith(suffix)
                 and e.name[len(prefix):len(prefix) + 1].isdigit()]
    except OSError:
        names = []
    return names[0][len(prefix):-len(suffix)] if len(names) == 1 else "unknown"
