"""The command line's own words (usage, --help, errors) in the console's language.

argparse writes its headings and errors ("usage:", "options", "the following arguments are
required", "invalid choice") through `gettext`, looked up as the module's `_` and `ngettext`
when they are needed. While the command line is built and parsed those two go through `t()`,
so `--help` and every parsing error speak Russian by default and English with `--lang en`; the
Russian is in console/i18n/ru_cli_help.py. The language has to be known before argparse runs,
so `--lang` is read from the raw arguments first.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from console.i18n import LANGUAGES, t

# `--lang en`, `--lang=en`, and the prefixes argparse accepts for it (`--la en`).
_LANG = re.compile(r"--l(?:a(?:ng?)?)?")


def asked_language(argv: Sequence[str]) -> str:
    """The language `--lang` asks for (its last mention), or "ru"; an unknown one is left to
    the command to refuse (in English), the usage meanwhile in Russian."""
    lang = "ru"
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        name, eq, value = arg.partition("=")
        if not _LANG.fullmatch(name):
            continue
        if not eq:
            value = argv[i + 1] if i + 1 < len(argv) else ""
        lang = value
    return lang if lang in LANGUAGES else "ru"


def _plural(singular: str, plural: str, n: int) -> str:
    return t(singular if n == 1 else plural)


@contextmanager
def argparse_speaking() -> Iterator[None]:
    """argparse's own sentences through `t()` inside the block (restored after it)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = t  # type: ignore[attr-defined]
    argparse.ngettext = _plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
