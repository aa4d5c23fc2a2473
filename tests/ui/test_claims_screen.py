"""F5 as a dispatcher uses it: register (complete and incomplete), statuses, filters, the
claim with its history, the reply letter read back from the PDF."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from textual import events
from textual.widgets import Checkbox, Input, Select, TextArea

from console.app import ConsoleApp
from console.db import open_database
from console.models import AuditEvent, Claim, Contract, Draft
from console.screens.claim_dialogs import AnswerDialog, ClaimDialog
from console.screens.claim_form import ClaimForm
from console.screens.claims import ClaimsScreen
from console.screens.dialogs import ReasonDialog
from console.services import claims as service
from console.services.claims_view import load_claims
from tests.ui.pilot_helpers import settle, status, wait_for

MSK = ZoneInfo("Europe/Moscow")
SIZE = (160, 48)
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=MSK)


@pytest.fixture
def ctx(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    db = open_database(ctx.db_target)
    Contract.create(number="10000001", number_key="10000001", surname="Иванов",
                    first_name="Иван", surname_key="иванов", address="Москва, ул. Ленина, 1")
    db.close()
    return ctx


def db_read(ctx, fn):
    db = open_database(ctx.db_target)
    try:
        return fn()
    finally:
        db.close()


def table_rows(app):
    table = app.screen.query_one("#claims-table")
    return [table.get_row(k) for k in table._keys]


async def open_f5(pilot):
    await pilot.press("f5")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ClaimsScreen)
                   and pilot.app.state.get("claims") is not None)
    await settle(pilot)


def fill(form: ClaimForm, **values) -> None:
    for key, value in values.items():
        widget = form.query_one(f"#cf-{key}")
        if isinstance(widget, TextArea):
            widget.text = value
        elif isinstance(widget, Input | Select | Checkbox):
            widget.value = value


async def register(pilot, **values):
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ClaimForm))
    fill(pilot.app.screen, **values)
    await pilot.pause()
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ClaimsScreen))
    await settle(pilot)


COMPLETE = dict(holder="Иванов Иван Иванович", contract="10000001", phone="+7 903 969-14-45",
                description="Нет связи три дня [срочно]", **{"from": "02.11.2026"},
                specialist="Сидоров П.", reply="letter", signed=True)


async def test_r17_r18_registering_a_complete_claim_lists_it_with_its_number_and_deadline(ctx):
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f5(pilot)
        await register(pilot, **COMPLETE)
        await wait_for(pilot, lambda: len(table_rows(app)) == 1)
        row = table_rows(app)[0]
        assert row[0] == "П-2026-0001" and row[2] == "14.12.2026"
        assert row[3] == "14 р.д." and row[4] == "зарегистрирована"
    claim = db_read(ctx, lambda: Claim.get())
    assert claim.status == "registered" and claim.contract is not None
    assert claim.description == "Нет связи три дня [срочно]"


async def test_d12_an_incomplete_email_claim_shows_what_is_missing_until_signed(ctx):
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f5(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ClaimForm))
        form = app.screen
        fill(form, holder="Петров П.П.", contract="77-777", description="Списали деньги")
        form.query_one("#cf-channel", Select).value = "email"
        await pilot.pause()
        assert form.query_one("#cf-signed", Checkbox).disabled  # R17: e-mail has no signature
        missing = str(form.query_one("#cf-missing").render())
        assert "подпись владельца" in missing and "контактный телефон" in missing
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ClaimsScreen))
        await wait_for(pilot, lambda: len(table_rows(app)) == 1)
        row = table_rows(app)[0]
        assert row[4] == "неполная" and row[7] == "77-777 ?"
        detail = str(app.screen.query_one("#claims-detail").render())
        assert "Договор 77-777: такого договора нет" in detail and "подпись владельца" in detail
        await pilot.press("s")  # the signed original arrived: still incomplete (phone missing)
        await settle(pilot)
    claim = db_read(ctx, lambda: Claim.get())
    assert claim.signed and claim.status == "incomplete"
    assert claim.missing == "phone,incident_date,specialist,reply_channel"


async def test_r17_the_form_refuses_bad_dates_and_keeps_what_was_typed(ctx):
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f5(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ClaimForm))
        fill(app.screen, holder="Иванов", **{"from": "05.11.2026", "to": "01.11.2026"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ClaimForm)
        error = str(app.screen.query_one("#cf-error").render())
        assert error == "Период инцидента заканчивается раньше начала"
        fill(app.screen, **{"from": "31.02.2026", "to": ""})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Введите дату" in str(app.screen.query_one("#cf-error").render())
        assert app.screen.query_one("#cf-holder", Input).value == "Иванов"
        fill(app.screen, received="25.11.2026 10:00", **{"from": ""})  # tomorrow
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "в будущем" in str(app.screen.query_one("#cf-error").render())
        # A paste longer than the field: what fits is taken, and the dispatcher is told.
        holder = app.screen.query_one("#cf-holder", Input)
        holder.value = ""
        holder.focus()
        await pilot.pause()
        holder.post_message(events.Paste("Петров " * 50))  # 350 characters, the limit is 300
        await settle(pilot)
        assert len(holder.value) == 300
        assert any("300" in str(n.message) for n in app._notifications)
        signed = app.screen.query_one("#cf-signed", Checkbox)
        signed.focus()
        await settle(pilot)
        # Focused, the one-line box keeps its label (a tall border left it empty).
        assert signed.styles.border_top[0] in ("", "none") and signed.content_size.height == 1
    assert db_read(ctx, lambda: Claim.select().count()) == 0


async def test_r18_d14_a_claim_goes_to_the_director_is_answered_and_shows_its_history(ctx,
                                                                                      tmp_path):
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f5(pilot)
        await register(pilot, **COMPLETE)
        await wait_for(pilot, lambda: len(table_rows(app)) == 1)
        await pilot.press("a")  # not with the director yet: refused, nothing opens
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        await pilot.press("d")
        await wait_for(pilot, lambda: table_rows(app)[0][4] == "у директора")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AnswerDialog))
        app.screen.query_one("#ad-text", TextArea).text = "Связь восстановлена, сделан перерасчёт."
        app.screen.query_one("#ad-letter", Input).value = "исх-17"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ClaimsScreen))
        await wait_for(pilot, lambda: not table_rows(app))  # answered: out of the open list
        await pilot.press("slash")
        await settle(pilot)
        app.screen.query_one("#cl-status", Select).value = ""  # all
        await wait_for(pilot, lambda: len(table_rows(app)) == 1)
        assert table_rows(app)[0][4] == "отвечена" and table_rows(app)[0][3] == ""
        app.screen.query_one("#claims-table").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ClaimDialog))
        text = str(app.screen.query_one("#claim-detail").render())
        assert "История" in text and "передана директору" in text and "исх-17" in text
        await pilot.press("escape")
        await pilot.press("r")
        await wait_for(pilot, lambda: (tmp_path / "letters" / "П-2026-0001.pdf").exists())
        await settle(pilot)
    pdf = PdfReader(tmp_path / "letters" / "П-2026-0001.pdf")
    letter = "\n".join(page.extract_text() for page in pdf.pages)
    for expected in ("П-2026-0001", "исх-17", "24.11.2026", "Иванов Иван Иванович",
                     "Москва, ул. Ленина, 1", "10000001", "Абрамов Сергей Иванович",
                     "Генеральный директор", "Связь восстановлена, сделан перерасчёт."):
        assert expected in letter, expected
    actions = db_read(ctx, lambda: [e.action for e in AuditEvent.select().where(
        AuditEvent.entity == "claim")])
    assert actions == ["claim_registered", "claim_to_director", "claim_answered", "claim_letter"]


async def test_r18_rejecting_asks_the_reason(ctx):
    db = open_database(ctx.db_target)
    out = service.register_claim(
        service.rules.ClaimFields(channel="fax", holder_full_name="Иванов"), NOW,
        operator="t", calendar=ctx.calendar, now=NOW)
    service.to_director(out.claim_id, version=1, operator="t", now=NOW)
    db.close()
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f5(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press(*"Повтор", "enter")
        await wait_for(pilot, lambda: not table_rows(app))
    claim = db_read(ctx, lambda: Claim.get())
    assert claim.status == "rejected" and claim.reject_reason == "Повтор"


async def test_r18_filters_by_status_channel_contract_and_text(ctx):
    db = open_database(ctx.db_target)
    F = service.rules.ClaimFields
    for fields in (F(channel="fax", holder_full_name="Иванов", contract_number="10000001",
                     description="Скорость низкая"),
                   F(channel="letter", holder_full_name="Петров", contract_number="20000002",
                     description="Нет связи"),
                   F(channel="letter", holder_full_name="Сидоров", contract_number="30000003",
                     description="Грубость")):
        service.register_claim(fields, NOW, operator="t", calendar=ctx.calendar, now=NOW)
    db.close()
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f5(pilot)
        assert len(table_rows(app)) == 3
        await pilot.press("slash")
        await settle(pilot)
        # Every part of the filter row readable and on screen (the lists were 2 columns wide).
        width = app.screen.size.width
        for part, least in (("#cl-status", 20), ("#cl-channel", 20), ("#cl-contract", 10),
                            ("#cl-text", 20)):
            region = app.screen.query_one(part).region
            assert region.width >= least and region.right <= width, (part, region)
        assert app.focused is app.screen.query_one("#cl-text")
        await pilot.press(*"связи")
        await wait_for(pilot, lambda: [r[6] for r in table_rows(app)] == ["Петров"])
        await pilot.press("escape")
        await wait_for(pilot, lambda: len(table_rows(app)) == 3)
        app.screen.query_one("#cl-channel", Select).value = "letter"
        await wait_for(pilot, lambda: len(table_rows(app)) == 2)
        app.screen.query_one("#cl-contract", Input).value = "3000"
        await wait_for(pilot, lambda: [r[6] for r in table_rows(app)] == ["Сидоров"])
        app.screen.query_one("#cl-status", Select).value = "answered"
        await wait_for(pilot, lambda: not table_rows(app))


async def test_d11_overdue_and_soon_claims_stand_out(ctx):
    db = open_database(ctx.db_target)
    F = service.rules.ClaimFields(channel="fax", holder_full_name="Иванов")
    for received in (datetime(2026, 10, 20, 12, tzinfo=MSK), datetime(2026, 11, 5, 12, tzinfo=MSK),
                     NOW):
        service.register_claim(F, received, operator="t", calendar=ctx.calendar, now=NOW)
    db.close()
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f5(pilot)
        table = app.screen.query_one("#claims-table")
        ids = [r.id for r in db_read(ctx, load_claims).rows]
        assert [table._row_styles.get(i) for i in ids] == ["alert", "soon", None]
        assert status(app, "sb-claims") == "Претензий просрочено: 1"


async def test_d14_the_claim_form_survives_as_a_draft(ctx):
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f5(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ClaimForm))
        app.screen.query_one("#cf-holder", Input).focus()
        await pilot.press(*"Сидорова")
        await wait_for(pilot, lambda: db_read(ctx, lambda: Draft.select().count()) == 1)
        await pilot.press("escape")
    app = ConsoleApp(ctx)  # a new console (after a crash): the draft comes back
    async with app.run_test(size=SIZE) as pilot:
        await open_f5(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ClaimForm))
        await wait_for(pilot, lambda: app.screen.query_one("#cf-holder", Input).value
                       == "Сидорова")
        assert "Восстановлен черновик" in str(app.screen.query_one("#cf-draft").render())
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ClaimsScreen))
        await settle(pilot)
    assert db_read(ctx, lambda: Draft.select().count()) == 0
    assert db_read(ctx, lambda: Claim.get().holder_full_name) == "Сидорова"


async def test_the_cursor_goes_to_the_claim_just_registered(ctx):
    db = open_database(ctx.db_target)
    for day in (2, 3, 4):
        received = datetime(2026, 11, day, 12, tzinfo=MSK)
        service.register_claim(service.rules.ClaimFields(channel="fax", holder_full_name="А"),
                               received, operator="t", calendar=ctx.calendar, now=NOW)
    db.close()
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f5(pilot)
        await register(pilot, holder="Новиков")
        table = app.screen.query_one("#claims-table")
        await wait_for(pilot, lambda: table.row_count == 4)
        await wait_for(pilot, lambda: table.get_row(table.cursor_key)[6] == "Новиков")
        assert table.cursor_index == 3  # received today: the latest due date, last in the list


async def test_d12_e_completes_an_incomplete_claim_keeping_its_number_and_deadline(ctx):
    from console.screens.claim_form import ClaimCompletionForm

    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f5(pilot)
        await register(pilot, holder="Петров П.П.", contract="77-777", description="Списали")
        await wait_for(pilot, lambda: len(table_rows(app)) == 1)
        before = db_read(ctx, lambda: Claim.get())
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ClaimCompletionForm))
        form = app.screen
        await settle(pilot)
        # The stored claim is there to complete, the date received cannot change (D11).
        assert form.query_one("#cf-holder", Input).value == "Петров П.П."
        assert form.query_one("#cf-received", Input).disabled
        assert "П-2026-0001" in str(form.query_one(".dialog-title").render())
        form.query_one("#cf-phone", Input).focus()
        await pilot.press(*"+79039691445")
        fill(form, contract="10000001", **{"from": "20.11.2026"}, specialist="Сидоров П.",
             reply="phone", signed=True)
        await pilot.pause()
        assert "Все поля R17 заполнены" in str(form.query_one("#cf-missing").render())
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ClaimsScreen))
        await wait_for(pilot, lambda: table_rows(app)[0][4] != "неполная")
        assert table_rows(app)[0][4] == "зарегистрирована"
    claim = db_read(ctx, lambda: Claim.get())
    assert (claim.number, claim.due_at, claim.received_at) == (
        before.number, before.due_at, before.received_at)
    assert claim.status == "registered" and claim.missing == "" and claim.contract_id
    assert claim.contact_phone == "+79039691445" and claim.reply_channel == "phone"
    assert db_read(ctx, lambda: AuditEvent.select().where(
        AuditEvent.action == "claim_completed").count()) == 1


async def test_d12_e_on_a_rejected_claim_says_it_stays_and_opens_nothing(ctx):
    db = open_database(ctx.db_target)
    out = service.register_claim(service.rules.ClaimFields(channel="fax", holder_full_name="А"),
                                 NOW, operator="t", calendar=ctx.calendar, now=NOW)
    service.to_director(out.claim_id, version=1, operator="t", now=NOW)
    service.reject(out.claim_id, "дубликат", version=2, operator="t", now=NOW)
    db.close()
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f5(pilot)
        await pilot.press("slash")
        await settle(pilot)
        app.screen.query_one("#cl-status", Select).value = "rejected"
        await wait_for(pilot, lambda: len(table_rows(app)) == 1)
        app.screen.query_one("#claims-table").focus()
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        assert any("не изменяется" in str(n.message) for n in app._notifications)
    assert db_read(ctx, lambda: Claim.get().version) == 3
