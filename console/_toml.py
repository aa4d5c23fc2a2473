"""Typed access to a TOML data file, where every fault is one line naming the file and the key.

Kept apart from console/reference.py so that module reads as the schema of the reference data
(what each file must hold) while this one holds the mechanics (types, "HH:MM", money, key paths).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from console.i18n import os_reason, t

if TYPE_CHECKING:
    import tomllib

_HHMM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)\Z")
_MISSING: Any = object()
_MONEY_CAP = 10**9


class ReferenceError(Exception):  # shadows the builtin weakref error on purpose: the API name
    """A reference data file is missing, unreadable or invalid; the message is one line."""


def read_toml(path: Path) -> Table:
    """Read and parse one file; floats come back as Decimal, faults as ReferenceError."""
    import tomllib  # here: a start that finds its reference data cached parses no TOML

    try:  # name the file as the user would type it, relative to the working directory
        label = str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        label = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReferenceError(f"{label}: " + t("file not found")) from None
    except UnicodeDecodeError:
        raise ReferenceError(f"{label}: " + t("cannot read file: not valid UTF-8")) from None
    except OSError as exc:
        raise ReferenceError(f"{label}: " + t("cannot read file: {error}",
                                              error=os_reason(exc))) from None
    try:  # floats as Decimal: a price written as 1500.5 must never pass through a float
        return Table(label, tomllib.loads(text, parse_float=Decimal))
    except tomllib.TOMLDecodeError as exc:
        raise ReferenceError(f"{label}: {syntax_error(exc)}") from None


def syntax_error(exc: tomllib.TOMLDecodeError) -> str:
    """tomllib's complaint in the console's language: "line 3, column 7: TOML syntax error:
    Invalid value" (its sentences are translated in console/i18n/ru_reference.py)."""
    msg, where = str(exc), "?"
    if found := re.fullmatch(r"(.*) \(at (.*)\)", msg):  # tomllib: "... (at line 3, column 7)"
        msg, where = found[1], found[2]
    if at := re.fullmatch(r"line (\d+), column (\d+)", where):
        where = t("line {line}, column {column}", line=at[1], column=at[2])
    elif where == "end of document":
        where = t("end of document")
    return f"{where}: " + t("TOML syntax error: {message}", message=_tomllib_sentence(msg))


# tomllib's sentences that name a key or a character: translated around what they name. As
# text: compiled (and cached by `re`) only when a file has a syntax error.
_TOMLLIB_PATTERNS = (
    (r"Cannot declare (.+) twice", "Cannot declare {0} twice"),
    (r"Cannot mutate immutable namespace (.+)", "Cannot mutate immutable namespace {0}"),
    (r"Cannot redefine namespace (.+)", "Cannot redefine namespace {0}"),
    (r"Duplicate inline table key (.+)", "Duplicate inline table key {0}"),
    (r"Expected (.+)", "Expected {0}"),
    (r"Found invalid character (.+)", "Found invalid character {0}"),
    (r"Illegal character (.+)", "Illegal character {0}"),
)


def _tomllib_sentence(msg: str) -> str:
    translated = t(msg)  # the fixed sentences ("Invalid value", "Unclosed array", ...)
    if translated != msg:
        return translated
    for pattern, template in _TOMLLIB_PATTERNS:
        if found := re.fullmatch(pattern, msg):
            return t(template).replace("{0}", found[1])
    return msg


class Table:
    """A table of one TOML file with its key path: typed getters whose errors name both."""

    def __init__(self, label: str, data: Mapping[str, Any], path: str = "") -> None:
        self.label, self.data, self.path = label, data, path

    def where(self, key: str) -> str:
        key = shown_key(key)
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, problem: str) -> NoReturn:
        """Stop with one line: the file, the key path, and `problem` (already translated)."""
        raise ReferenceError(f"{self.label}: {self.where(key)}: {problem}")

    def only(self, *allowed: str) -> Table:
        """Reject unknown keys: a misspelt optional key would otherwise be silently ignored."""
        if unknown := sorted(set(self.data) - set(allowed)):
            self.fail(unknown[0], t("unknown key (expected one of: {keys})",
                                    keys=", ".join(allowed)))
        return self

    def get(self, key: str, kinds: tuple[type, ...], default: Any = _MISSING,
            expected: str = "") -> Any:
        if key not in self.data:
            if default is _MISSING:
                self.fail(key, t("missing key"))
            return default
        value = self.data[key]
        # bool is an int in Python, but `priority = true` is a typo, not a level
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            self.fail(key, t("expected {kind}, got {value}",
                             kind=expected or _kind(kinds[0]), value=show(value)))
        return value

    def text(self, key: str) -> str:
        value = self.get(key, (str,))
        if not value.strip():
            self.fail(key, t("must not be empty"))
        return value

    def flag(self, key: str) -> bool:
        return self.get(key, (bool,))

    def count(self, key: str, minimum: int = 1) -> int:
        value = self.get(key, (int,))
        if value < minimum:
            self.fail(key, t("must be at least {minimum}, got {value}", minimum=minimum,
                             value=value))
        return value

    def clock(self, key: str) -> time:
        value = self.get(key, (str,), expected=t('a time as "HH:MM"'))
        if not (found := _HHMM.match(value)):
            self.fail(key, t('expected "HH:MM", got {value}', value=repr(value)))
        return time(int(found[1]), int(found[2]))

    def money(self, key: str) -> int:
        """Roubles (string or number, at most 2 decimals) -> integer kopecks, Decimal only."""
        like = t('roubles like "1500.00"')
        value = self.get(key, (str, int, Decimal), expected=like)
        try:
            amount = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
        except InvalidOperation:
            self.fail(key, t("expected {kind}, got {value}", kind=like, value=show(value)))
        if not amount.is_finite():
            self.fail(key, t("expected {kind}, got {value}", kind=like, value=show(value)))
        if amount < 0:
            self.fail(key, t("must not be negative, got {value}", value=value))
        if amount >= _MONEY_CAP:  # a typo, and past it Decimal's 28 digits could round kopecks
            self.fail(key, t("must be less than {cap} roubles, got {value}", cap=_MONEY_CAP,
                             value=value))
        kopecks = amount * 100
        if kopecks != kopecks.to_integral_value():
            self.fail(key, t("more than 2 decimals (whole kopecks only), got {value}",
                             value=value))
        return int(kopecks)

    def sub(self, key: str) -> Table:
        return Table(self.label, self.get(key, (dict,)), self.where(key))

    def entries(self, key: str, default: Any = _MISSING) -> list[Table]:
        items = self.get(key, (list,), default)
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                self.fail(f"{key}[{i}]", t("expected {kind}, got {value}", kind=t("a table"),
                                           value=show(item)))
        return [Table(self.label, item, self.where(f"{key}[{i}]")) for i, item in enumerate(items)]


def shown_key(key: str) -> str:
    """A key as it can be printed: a quoted TOML key may hold control characters (an escape
    sequence would reach the terminal with the message), shown escaped then."""
    return key if key.isprintable() else repr(key)


def _kind(python_type: type) -> str:
    """What a value of this type is called in a message ("a string", "an integer", ...)."""
    kinds = {str: t("a string"), bool: t("true or false"), int: t("an integer"),
             list: t("an array"), dict: t("a table")}
    return kinds[python_type]


def show(value: object) -> str:
    """A value as the TOML author wrote it, with its kind: "'25:00'", "integer 3", "an array"."""
    if isinstance(value, list | dict):
        return t("an array") if isinstance(value, list) else t("a table")
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return t("boolean {value}", value=str(value).lower())
    kind = {int: t("integer {value}", value=value), Decimal: t("number {value}", value=value),
            date: t("date {value}", value=value), datetime: t("date-time {value}", value=value)}
    return kind.get(type(value), f"{type(value).__name__} {value}")
