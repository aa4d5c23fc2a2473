"""Layout guards for F5 (claims) and F6 (HelpDesk) at 160x48 and 100x30, frozen clock, fixed
data (update with --snapshot-update and review the SVG diff)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from console.app import ConsoleApp
from console.db import open_database
from console.models import Contract
from console.rules.claims import ClaimFields
from console.services import claims, helpdesk
from tests.ui.pilot_helpers import settle, wait_for

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=MSK)


@pytest.fixture
def ctx(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    db = open_database(ctx.db_target)
    Contract.create(number="10000001", number_key="10000001", surname="Иванов",
                    first_name="Иван", surname_key="иванов", address="Москва, ул. Ленина, 1")
    full = ClaimFields(channel="letter", holder_full_name="Иванов Иван Иванович",
                       contract_number="10000001", contact_phone="+79039691445",
                       description="Связь отсутствовала три дня [обрыв]",
                       incident_from=date(2026, 10, 1), specialist_name="Сидоров П.",
                       reply_channel="letter", signed=True)
    for received, fields in (
        (datetime(2026, 10, 20, 12, tzinfo=MSK), full),
        (datetime(2026, 11, 5, 12, tzinfo=MSK),
         ClaimFields(channel="email", holder_full_name="Петрова Анна", contract_number="77-1",
                     description="Списали плату за выезд")),
        (datetime(2026, 11, 23, 15, tzinfo=MSK), full),
    ):
        claims.register_claim(fields, received, operator="t", calendar=ctx.calendar, now=NOW)
    for received, text in ((datetime(2026, 11, 20, 12, tzinfo=MSK), "Как сменить пароль Wi-Fi?"),
                           (datetime(2026, 11, 24, 10, tzinfo=MSK), "Нужен статический IP")):
        helpdesk.add_question("10000001", "Вопрос", text, received, operator="t",
                              calendar=ctx.calendar, now=NOW)
    db.close()
    return ctx


def opener(key: str, part: str):
    async def run_before(pilot):
        await pilot.pause()
        await pilot.press(key)
        await wait_for(pilot, lambda: pilot.app.state.get(part) is not None)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", [(160, 48), (100, 30)], ids=["160x48", "100x30"])
def test_claims_layout(snap_compare, ctx, size):
    assert snap_compare(ConsoleApp(ctx), terminal_size=size, run_before=opener("f5", "claims"))


@pytest.mark.parametrize("size", [(160, 48), (100, 30)], ids=["160x48", "100x30"])
def test_helpdesk_layout(snap_compare, ctx, size):
    assert snap_compare(ConsoleApp(ctx), terminal_size=size,
                        run_before=opener("f6", "helpdesk"))


def test_claim_form_layout_160x48(snap_compare, ctx):
    async def run_before(pilot):
        await opener("f5", "claims")(pilot)
        await pilot.press("n")
        await settle(pilot)

    assert snap_compare(ConsoleApp(ctx), terminal_size=(160, 48), run_before=run_before)
