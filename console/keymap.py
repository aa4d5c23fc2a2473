"""`keys.toml` in the data folder: the dispatcher's own keys for any binding, by its id.

    # binding id = "key" (or "key1,key2"); F1 shows the keys in force
    queue = "f9"
    new_call = "ctrl+k"

Textual applies the map (`App.set_keymap`). The file is checked at start: an unknown id, an
empty or odd key, or a key given to two bindings stops the console with one line naming it.
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
            if not re.fullmatch(_KEY, key):
                raise KeymapError(t("{file}: {id}: {key} is not a key name", file=path,
                                    id=binding_id, key=repr(key)))
            if key in owner and owner[key] != binding_id:
                raise KeymapError(t("{file}: {id}: {key} is already {owner}'s key", file=path,
                                    id=binding_id, key=repr(key), owner=owner[key]))
            owner[key] = binding_id
        keymap[binding_id] = ",".join(keys)
    return keymap
