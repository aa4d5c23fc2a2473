"""Typed access to a TOML data file, where every fault is one line naming the file and the key.

Kept apart from console/reference.py so that module reads as the schema of the reference data
(what each file must hold) while this one holds the mechanics (types, "HH:MM", money, key paths).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NoReturn

_HHMM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)\Z")
_MISSING: Any = object()
_MONEY_CAP = 10**9
_KINDS = {str: "a string", bool: "true or false", int: "an integer", list: "an array",
          dict: "a table"}


class ReferenceError(Exception):  # shadows the builtin weakref error on purpose: the API name
    """A reference data file is missing, unreadable or invalid; the message is one line."""


def read_toml(path: Path) -> Table:
    """Read and parse one file; floats come back as Decimal, faults as ReferenceError."""
    try:  # name the file as the user would type it, relative to the working directory
        label = str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        label = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReferenceError(f"{label}: file not found") from None
    except UnicodeDecodeError:
        raise ReferenceError(f"{label}: cannot read file: not valid UTF-8") from None
    except OSError as exc:
        raise ReferenceError(f"{label}: cannot read file: {exc.strerror or exc}") from None
    try:  # floats as Decimal: a price written as 1500.5 must never pass through a float
        return Table(label, tomllib.loads(text, parse_float=Decimal))
    except tomllib.TOMLDecodeError as exc:
        msg, where = str(exc), "?"
        if found := re.fullmatch(r"(.*) \(at (.*)\)", msg):  # tomllib: "... (at line 3, column 7)"
            msg, where = found[1], found[2]
        raise ReferenceError(f"{label}: {where}: TOML syntax error: {msg}") from None


class Table:
    """A table of one TOML file with its key path: typed getters whose errors name both."""

    def __init__(self, label: str, data: Mapping[str, Any], path: str = "") -> None:
        self.label, self.data, self.path = label, data, path

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, problem: str) -> NoReturn:
        raise ReferenceError(f"{self.label}: {self.where(key)}: {problem}")

    def only(self, *allowed: str) -> Table:
        """Reject unknown keys: a misspelt optional key would otherwise be silently ignored."""
        if unknown := sorted(set(self.data) - set(allowed)):
            self.fail(unknown[0], f"unknown key (expected one of: {', '.join(allowed)})")
        return self

    def get(self, key: str, kinds: tuple[type, ...], default: Any = _MISSING,
            expected: str = "") -> Any:
        if key not in self.data:
            if default is _MISSING:
                self.fail(key, "missing key")
            return default
        value = self.data[key]
        # bool is an int in Python, but `priority = true` is a typo, not a level
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            self.fail(key, f"expected {expected or _KINDS[kinds[0]]}, got {show(value)}")
        return value

    def text(self, key: str) -> str:
        value = self.get(key, (str,))
        if not value.strip():
            self.fail(key, "must not be empty")
        return value

    def flag(self, key: str) -> bool:
        return self.get(key, (bool,))

    def count(self, key: str, minimum: int = 1) -> int:
        value = self.get(key, (int,))
        if value < minimum:
            self.fail(key, f"must be at least {minimum}, got {value}")
        return value

    def clock(self, key: str) -> time:
        value = self.get(key, (str,), expected='a time as "HH:MM"')
        if not (found := _HHMM.match(value)):
            self.fail(key, f'expected "HH:MM", got {value!r}')
        return time(int(found[1]), int(found[2]))

    def money(self, key: str) -> int:
        """Roubles (string or number, at most 2 decimals) -> integer kopecks, Decimal only."""
        like = 'roubles like "1500.00"'
        value = self.get(key, (str, int, Decimal), expected=like)
        try:
            amount = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
        except InvalidOperation:
            self.fail(key, f"expected {like}, got {show(value)}")
        if not amount.is_finite():
            self.fail(key, f"expected {like}, got {show(value)}")
        if amount < 0:
            self.fail(key, f"must not be negative, got {value}")
        if amount >= _MONEY_CAP:  # a typo, and past it Decimal's 28 digits could round kopecks
            self.fail(key, f"must be less than {_MONEY_CAP} roubles, got {value}")
        kopecks = amount * 100
        if kopecks != kopecks.to_integral_value():
            self.fail(key, f"more than 2 decimals (whole kopecks only), got {value}")
        return int(kopecks)

    def sub(self, key: str) -> Table:
        return Table(self.label, self.get(key, (dict,)), self.where(key))

    def entries(self, key: str, default: Any = _MISSING) -> list[Table]:
        items = self.get(key, (list,), default)
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                self.fail(f"{key}[{i}]", f"expected a table, got {show(item)}")
        return [Table(self.label, item, self.where(f"{key}[{i}]")) for i, item in enumerate(items)]


def show(value: object) -> str:
    """A value as the TOML author wrote it, with its kind: "'25:00'", "integer 3", "an array"."""
    if isinstance(value, list | dict):
        return "an array" if isinstance(value, list) else "a table"
    if isinstance(value, str | bool):
        return repr(value) if isinstance(value, str) else f"boolean {str(value).lower()}"
    kind = {int: "integer", Decimal: "number", date: "date", datetime: "date-time"}
    return f"{kind.get(type(value), type(value).__name__)} {value}"
