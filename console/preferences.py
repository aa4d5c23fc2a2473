"""What each operator chose for themselves (the colour theme), kept in the data folder.

`preferences.json` maps an operator's login to their choices. It is small and read once at
start; a broken or missing file means "no choices yet", never a failed start.
"""

from __future__ import annotations

from pathlib import Path

FILE = "preferences.json"


def _read(folder: Path) -> dict[str, dict[str, str]]:
    try:
        text = (folder / FILE).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return {}
    import json  # here: where nobody chose a theme yet, the start goes without its import

    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def load_theme(folder: Path, login: str) -> str | None:
    """The theme `login` chose last, or None."""
    theme = _read(folder).get(login, {}).get("theme")
    return theme if isinstance(theme, str) else None


def save_theme(folder: Path, login: str, theme: str) -> None:
    """Remember `theme` for `login` (written whole and renamed: never a half file)."""
    data = _read(folder)
    entry = data.get(login)
    data[login] = {**(entry if isinstance(entry, dict) else {}), "theme": theme}
    import json

    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{FILE}.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True),
                   encoding="utf-8")
    tmp.replace(folder / FILE)
