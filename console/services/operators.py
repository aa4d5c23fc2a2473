"""Operators and supervisors (D4, D14): who signs changes and who may lift the balance gate.

Operators live in the database (`support-console operator add NAME [--supervisor]`); a console
started with `--operator NAME` registers an unknown name as a plain operator.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.db import write_transaction
from console.i18n import t
from console.models import Operator
from console.rules.normalize import clean_text
from console.services import audit
from console.services.rows import tuples


class OperatorError(ValueError):
    """A refused operator change; the message is one line."""


@dataclass(frozen=True)
class OperatorView:
    """An operator as the command line lists it."""

    login: str
    name: str
    is_supervisor: bool


def _login(text: str) -> str:
    login = clean_text(text, limit=65).strip()
    if not login or len(login) > 64 or any(not ch.isprintable() for ch in login):
        raise OperatorError("give a printable name of 1-64 characters")
    return login


def add_operator(login: str, *, name: str = "", supervisor: bool = False,
                 by: str = "cli") -> OperatorView:
    login = _login(login)
    with write_transaction():
        if Operator.get_or_none(Operator.login == login) is not None:
            raise OperatorError(t("operator {login} already exists (use: operator set)",
                                  login=repr(login)))
        op = Operator.create(login=login, name=name.strip() or login, is_supervisor=supervisor)
        audit.record(by, "operator_added", "operator", op.id,
                     {"login": login, "supervisor": supervisor})
    return OperatorView(op.login, op.name, op.is_supervisor)


def set_supervisor(login: str, supervisor: bool, *, by: str = "cli") -> OperatorView:
    login = _login(login)
    with write_transaction():
        op = Operator.get_or_none(Operator.login == login)
        if op is None:
            raise OperatorError(t("no operator {login} (use: operator add)", login=repr(login)))
        if op.is_supervisor and not supervisor and not Operator.select().where(
                Operator.is_supervisor, Operator.id != op.id).exists():
            # D4: nobody could lift the balance gate any more.
            raise OperatorError(t("{login} is the last supervisor: make another one first "
                                  "(operator set LOGIN --supervisor)", login=login))
        Operator.update(is_supervisor=supervisor).where(Operator.id == op.id).execute()
        audit.record(by, "operator_supervisor_set", "operator", op.id,
                     {"login": login, "supervisor": supervisor})
    return OperatorView(op.login, op.name, supervisor)


def list_operators() -> list[OperatorView]:
    return [OperatorView(login, name, bool(sup)) for login, name, sup in
            tuples(Operator.select(Operator.login, Operator.name, Operator.is_supervisor)
                   .order_by(Operator.login))]


def is_supervisor(login: str) -> bool:
    """D4: read at the moment of the decision, so `operator set` takes effect at once."""
    return Operator.select().where(Operator.login == login, Operator.is_supervisor).exists()
