"""The database as named on the command line (a SQLite path or a postgresql:// URL): what it
is, how it may be printed, which migrations this console knows, and the one error a start-up
failure becomes. Nothing here loads the database layer (peewee, the models), so the start of
the console can name and check its database before that layer is imported (issue 12).
"""

from __future__ import annotations

from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseSetupError(Exception):
    """The database cannot be opened or migrated; the message is one clear line."""


def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def shown(target: str | Path) -> str:
    """The target as it may be printed: a URL's password replaced by ***."""
    text = str(target)
    if is_postgres_url(text):
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(text)
        if parts.password:
            netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
            return urlunsplit(parts._replace(netloc=netloc))
    return text


def known_migrations() -> list[str]:
    """The names of this console's migrations, in order (from the files, none imported)."""
    return sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py"))
