"""One translation function for every UI string: English keys, Russian by default (`--lang en`).

Strings in code are written in English and passed through `t()`; `ru.py` holds the Russian for
each. A unit test walks the source and fails on any `t("...")` without a Russian translation.
"""

from __future__ import annotations

import errno

from console.i18n.ru import RU

LANGUAGES = ("ru", "en")
_state = {"lang": "ru"}


class UnknownLanguageError(ValueError):
    """`--lang` named a language the console does not speak."""


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise UnknownLanguageError(
            f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}"
        )
    _state["lang"] = lang


def language() -> str:
    return _state["lang"]


def t(text: str, /, **values: object) -> str:
    """Translate `text` into the current language and fill `{named}` values."""
    if _state["lang"] == "ru":
        text = RU.get(text, text)
    return text.format(**values) if values else text


def pick(ru: str, en: str) -> str:
    """Choose between two ready texts (reference data carries both names)."""
    return ru if _state["lang"] == "ru" else en


# The operating system's reasons, which come in English whatever the language.
_OS_REASONS = {
    errno.ENOENT: "no such file or folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "it is a folder",
    errno.ENOTDIR: "not a folder",
    errno.EEXIST: "already exists",
    errno.ENOSPC: "no space left on the disk",
    errno.EROFS: "read-only file system",
    errno.EBUSY: "busy",
    errno.ENAMETOOLONG: "the name is too long",
}


def os_reason(exc: BaseException) -> str:
    """Why a file operation failed, in the console's language."""
    key = _OS_REASONS.get(getattr(exc, "errno", None) or 0)
    if key is not None:
        return t(key)
    return str(getattr(exc, "strerror", None) or exc)
