"""`keys.toml` in the data folder: the dispatcher's own keys for any binding, by its id.

    # binding id = "key" (or "key1,key2"); F1 shows the keys in force
    queue = "f9"
    new_call = "ctrl+k"

Textual applies the map (`App.set_keymap`). The file is checked at start: an unknown id, an
empty key or a name that is no key, a key another binding of the same screen (or the whole
console) keeps, the palette's Ctrl+P, or a plain letter for a key of every screen (it would be
taken from every text field) stops the console with one line naming it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from console._toml import shown_key, syntax_error
from console.i18n import os_reason, t

FILE = "keys.toml"
_KEY = r"[a-z0-9_+\-]+|[^\s,]"  # 'f9', 'ctrl+k', 'question_mark', or one character (as text:
# compiled, and cached by `re`, only when there is a keys.toml)


class KeymapError(ValueError):
    """keys.toml cannot be used; the message is one line naming the file and the entry."""


def known_binding_ids() -> set[str]:
    """Every binding id of the app, its screens and its lists (imports every screen)."""
    from console.app import SCREEN_CLASSES, ConsoleApp, screen_class
    from console.widgets.line_table import LineTable

    classes: list[type] = [ConsoleApp, LineTable]
    classes += [screen_class(mode) for mode in SCREEN_CLASSES]
    return {b.id for cls in classes for b in getattr(cls, "BINDINGS", [])
            if getattr(b, "id", None)}


_MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")


def _is_key(key: str) -> bool:
    """A key Textual can report: modifiers, then a key name ('f9', 'escape', 'question_mark')
    or one character. 'fnine' or 'ctrl+' would bind nothing and leave the binding unreachable."""
    import unicodedata

    from textual.keys import Keys

    *mods, name = key.split("+") if key != "+" else ["+"]
    if any(mod not in _MODIFIERS for mod in mods) or not name:
        return False
    if len(name) == 1 or name in {k.value for k in Keys}:
        return True
    try:  # Textual names a printable character by its Unicode name: 'question_mark'
        unicodedata.lookup(name.replace("_", " "))
    except KeyError:
        return False
    return True


def _global(key: str) -> bool:
    """A key that may serve the whole console: an F-key or one with Ctrl/Alt. A letter bound
    for every screen would be taken from every text field and list that uses it."""
    *mods, name = key.split("+")
    return bool(re.fullmatch(r"f\d{1,2}", name)) or any(m in ("ctrl", "alt", "meta")
                                                           for m in mods)


def _scopes() -> list[tuple[list, list]]:
    """(the app's bindings, one screen's bindings) for every screen: a key may serve one
    binding in each (the app's and the screen's clash; two screens' keys do not)."""
    from console.app import SCREEN_CLASSES, ConsoleApp, screen_class

    app = [b for b in ConsoleApp.BINDINGS if getattr(b, "id", None)]
    return [(app, [b for b in getattr(screen_class(mode), "BINDINGS", [])
                   if getattr(b, "id", None)]) for mode in SCREEN_CLASSES]


# Keys Textual itself answers on every screen: the command palette, copy.
_RESERVED = {"ctrl+p": "the command palette", "ctrl+c": "copy"}


def _clash(path: Path, keymap: dict[str, str]) -> None:
    """A remapped key that another binding of the same scope still has stops the start (the
    file's own keys are checked as they are read)."""
    for binding_id, keys in keymap.items():
        for key in keys.split(","):
            if key in _RESERVED:
                raise KeymapError(t("{file}: {id}: {key} is already {owner}'s key", file=path,
                                    id=binding_id, key=repr(key), owner=t(_RESERVED[key])))
    scopes = _scopes()
    app_ids = {b.id for b in scopes[0][0]} if scopes else set()
    for binding_id, keys in keymap.items():
        if binding_id in app_ids:
            for key in keys.split(","):
                if not _global(key):
                    raise KeymapError(t("{file}: {id}: {key} serves every screen: give an "
                                        "F-key or a Ctrl combination", file=path,
                                        id=binding_id, key=repr(key)))
    for app, screen in scopes:
        owner: dict[str, str] = {}
        for binding in [*app, *screen]:
            keys = keymap.get(binding.id) or binding.key
            for key in (k.strip() for k in keys.split(",")):
                other = owner.setdefault(key, binding.id)
                if other != binding.id and (binding.id in keymap or other in keymap):
                    remapped = binding.id if binding.id in keymap else other
                    holder = other if remapped == binding.id else binding.id
                    raise KeymapError(t("{file}: {id}: {key} is already {owner}'s key",
                                        file=path, id=remapped, key=repr(key), owner=holder))


def load_keymap(folder: Path, known: Iterable[str] | None = None) -> dict[str, str]:
    """The remapped keys from `folder`/keys.toml ({} when there is no such file)."""
    path = folder / FILE
    if not path.is_file():
        return {}
    import tomllib  # here: without a keys.toml the start parses no TOML

    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:  # where and what, in the console's language
        raise KeymapError(f"{path}: {syntax_error(exc)}") from None
    except UnicodeDecodeError:
        raise KeymapError(t("{file}: cannot read: {why}", file=path,
                            why=t("not valid UTF-8"))) from None
    except OSError as exc:
        raise KeymapError(t("{file}: cannot read: {why}", file=path,
                            why=os_reason(exc))) from None
    ids = set(known_binding_ids() if known is None else known)
    keymap: dict[str, str] = {}
    owner: dict[str, str] = {}
    for binding_id, value in doc.items():
        if binding_id not in ids:
            raise KeymapError(t("{file}: {id}: no such binding id (known: {known})", file=path,
                                id=shown_key(binding_id), known=", ".join(sorted(ids))))
        if not isinstance(value, str) or not value.strip():
            raise KeymapError(t('{file}: {id}: give the key as a string, e.g. "f9"', file=path,
                                id=binding_id))
        keys = [k.strip().lower() for k in value.split(",")]
        for key in keys:
            if not re.fullmatch(_KEY, key) or not _is_key(key):
                raise KeymapError(t("{file}: {id}: {key} is not a key name", file=path,
                                    id=binding_id, key=repr(key)))
            if key in owner and owner[key] != binding_id:
                raise KeymapError(t("{file}: {id}: {key} is already {owner}'s key", file=path,
                                    id=binding_id, key=repr(key), owner=owner[key]))
            owner[key] = binding_id
        keymap[binding_id] = ",".join(keys)
    if known is None:  # the console's own bindings (a test may pass its own ids)
        _clash(path, keymap)
    return keymap
