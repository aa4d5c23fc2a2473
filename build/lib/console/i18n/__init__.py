"""One translation function for every UI string: English keys, Russian by default (`--lang en`).

Strings in code are written in English and passed through `t()`; `ru.py` holds the Russian for
each. A unit test walks the source and fails on any `t("...")` without a Russian translation.
"""

from __future__ import annotations

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
