"""F2 as a dispatcher uses it: verification, verdicts, scope, 15-minute prompt, form, drafts."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from console.app import ConsoleApp
from console.db import open_database
from console.models import AuditEvent, Call, Contract, ContractPhone, Draft, Technician, Ticket
from console.screens.call import CallScreen
from console.screens.callback_dialog import CallbackDialog
from console.screens.dialogs import ChoiceDialog, ReasonDialog, ScriptDialog
from console.services.operators import set_supervisor
from console.widgets.contract_card import ContractCardView
from console.widgets.ticket_form import TicketForm
from tests.ui.pilot_helpers import settle, status, wait_for

SIZE = (160, 48)


def seed(ctx) -> None:
    db = open_database(ctx.db_target)
    ivanov = Contract.create(number="10000001", number_key="10000001", surname="Иванов",
                             first_name="Иван", patronymic="Иванович", surname_key="иванов",
                             address="г. Москва, ул. Тверская, д. 1", balance_kopecks=125000)
    ContractPhone.create(contract=ivanov, e164="+79031112233", is_mobile=True)
    elkina = Contract.create(number="10000002", number_key="10000002", surname="Ёлкина",
                             first_name="Анна", surname_key="елкина", balance_kopecks=-30000)
    ContractPhone.create(contract=elkina, e164="+79161234567", is_mobile=True)
    Technician.create(name="Сидоров Пётр")
    db.close()


@pytest.fixture
def app_at(make_ctx):
    def make(now: str = "2026-11-24 11:00", *, supervisor: bool = False) -> ConsoleApp:
        ctx = make_ctx(now)
        seed(ctx)
        if supervisor:  # D4: only a supervisor's console lifts the gate at once
            db = open_database(ctx.db_target)
            set_supervisor(ctx.operator_login, True)
            db.close()
        return ConsoleApp(ctx)

    return make


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def start_and_verify(pilot, number: str, surname: str) -> None:
    await pilot.press("f2")
    await settle(pilot)
    await pilot.press(*number, "tab", *surname)
    await pilot.pause(0.4)  # verification runs as the dispatcher types
    await settle(pilot)


async def retype(pilot, number: str, surname: str) -> None:
    """The dispatcher corrects both fields; verification follows as they type."""
    pilot.app.screen.query_one("#call-number").value = number
    pilot.app.screen.query_one("#call-surname").value = surname
    await pilot.pause(0.4)
    await settle(pilot)


async def test_r16_ctrl_n_starts_a_call_logged_once_something_is_typed(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        assert "Звонка нет" in text_of(app, "#call-timer")
        await pilot.press("f3", "f2")  # F2 only shows the call screen
        await settle(pilot)
        assert Call.select().count() == 0 and "Звонка нет" in text_of(app, "#call-timer")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert "записывается" in text_of(app, "#call-recording")
        assert "Звонок 00:00" in status(app, "sb-call")
        assert Call.select().count() == 0  # nothing typed yet: nothing logged
        await pilot.press("1")
        await settle(pilot)
        call = Call.get()
        assert call.operator.login == "tester" and call.ended_at is None


async def test_r16_typing_a_contract_number_starts_the_call(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"100")
        await settle(pilot)
        assert Call.select().count() == 1 and app.screen.started_at is not None
        assert app.screen.query_one("#call-number").value == "100"


async def test_a_call_with_nothing_typed_is_not_logged(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert Call.select().count() == 0
        assert "Звонка нет" in text_of(app, "#call-timer")


async def test_r13_d03_verified_caller_sees_the_card_and_consultation_is_allowed(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "100-000-01", "ИВАНОВ")
        screen = app.screen
        assert isinstance(screen, CallScreen) and screen.card is not None
        assert "Консультация разрешена" in text_of(app, "#call-verdict")
        card = str(screen.query_one(ContractCardView).render())
        assert "1\u00a0250,00\u00a0₽" in card and "Тверская" in card
        assert Call.get().verified


async def test_d03_nothing_of_the_contract_shows_until_both_match(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Петров")
        card = str(app.screen.query_one(ContractCardView).render())
        assert "Тверская" not in card and "1 250" not in card
        assert "Фамилия не совпадает" in text_of(app, "#call-verify")
        assert not Call.get().verified
        await retype(pilot, "99999999", "Петров")
        assert "Договора с таким номером нет" in text_of(app, "#call-verify")


async def test_d03_yo_equals_ye_and_r14_negative_balance_is_refused(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000002", "елкина")
        assert app.screen.card is not None
        assert "Отказ: баланс" in text_of(app, "#call-verdict")
        assert "биллинг" in text_of(app, "#call-script").lower()
        await pilot.press("ctrl+t")  # R14: no visit booking
        await pilot.pause()
        assert not any(form.display for form in app.screen.query(TicketForm))


async def test_d04_supervisor_override_needs_a_reason_and_is_audited(app_at):
    app = app_at(supervisor=True)
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000002", "Ёлкина")
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press("enter")  # empty: refused
        assert isinstance(app.screen, ReasonDialog)
        await pilot.press(*"оплата прошла утром, чек у клиента", "enter")
        await settle(pilot)
        assert "исключения" in text_of(app, "#call-verdict")
        assert AuditEvent.select().where(AuditEvent.action == "balance_override").count() == 1


async def test_r04_d02_night_call_is_intake_only(app_at):
    app = app_at("2026-11-24 19:30")
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        assert "Только приём заявок" in text_of(app, "#call-verdict")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.screen.query_one(TicketForm).display  # intake is still possible


async def test_r02_d05_out_of_scope_in_one_key_closes_the_call(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ScriptDialog))
        await pilot.pause(1.0)  # the referral stays until the dispatcher has read it out
        await settle(pilot)
        assert isinstance(app.screen, ScriptDialog)
        assert "биллинг" in text_of(app, "#script-text").lower() or text_of(app, "#script-text")
        await pilot.press("enter")
        await wait_for(pilot, lambda: Call.select().count() == 1
                       and Call.get().ended_at is not None)
        assert Call.get().outcome == "out_of_scope"


async def test_d05_out_of_scope_for_a_verified_caller_keeps_the_script_until_read(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ScriptDialog))
        await pilot.pause(0.8)  # the lookup timer (0.25 s) passes: the script must stay
        await settle(pilot)
        assert isinstance(app.screen, ScriptDialog) and Call.get().ended_at is None
        await pilot.press("escape")  # back to the call: nothing ended
        await settle(pilot)
        assert Call.get().ended_at is None and app.screen.card is not None


async def test_r15_d06_timer_turns_amber_at_12_and_prompts_at_15(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n", *"1000")
        await settle(pilot)
        app.ctx.clock.advance(timedelta(minutes=12))
        app.state.tick()
        await pilot.pause()
        assert "-warn" in app.screen.query_one("#call-timer").classes
        app.ctx.clock.advance(timedelta(minutes=3))
        app.state.tick()
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert "15" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")  # unverified: "refused" comes first (R13)
        await wait_for(pilot, lambda: "отказано" in str(
            app.screen.query_one(".dialog-title").render()).lower())
        await pilot.press("enter")  # not verified
        await settle(pilot)
        assert Call.get().over_15_min and Call.get().refusal_reason == "not_verified"


async def test_r06_form_refuses_bad_input_next_to_each_field(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        await pilot.press("ctrl+t", "enter")  # the first task type
        form = app.screen.query_one(TicketForm)
        form.query_one("#tf-desired").value = "31.02 14:30"
        form.query_one("#tf-intercom").value = "12\x07"
        form.query_one("#tf-phone").value = "позвоните мне"
        await pilot.pause()  # the form hears of the changes first (as when they are typed)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert Ticket.select().count() == 0
        assert "Такой даты нет" in text_of(app, "#tf-desired-error")
        assert text_of(app, "#tf-intercom-error")
        assert text_of(app, "#tf-phone-error")
        assert "R7" in text_of(app, "#tf-error")
        assert "Обязательное поле" in text_of(app, "#tf-description-error")


async def test_r06_landline_needs_confirmation_r12_billable_needs_agreement(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        await pilot.press("ctrl+t", *["down"] * 5, "enter")  # router setup: billable
        form = app.screen.query_one(TicketForm)
        assert form.chosen.billable and form.query_one("#tf-prices").display
        form.query_one("#tf-description").value = "настроить роутер"
        form.query_one("#tf-desired").value = "25.11 11:00"
        form.query_one("#tf-intercom").value = "12"
        form.query_one("#tf-phone").value = "+7 499 245-67-77"
        await pilot.press("ctrl+r", "ctrl+r", "ctrl+r", "ctrl+s")
        await pilot.pause()
        assert "городской" in text_of(app, "#tf-phone-error")
        assert "Прейскуранта" in text_of(app, "#tf-error")
        form.query_one("#tf-landline-ok").value = True
        form.query_one("#tf-agree").value = True
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: Ticket.select().count() == 1)
        ticket = Ticket.get()
        assert ticket.billable_agreed and not ticket.contact_is_mobile


async def test_standard_call_takes_at_most_12_keystrokes_beyond_typed_text(app_at):
    """Start call, verify, take a ticket with a visit, hear the ETA, end the call."""
    app = app_at()
    keys = 0

    async def press(*k: str) -> None:
        nonlocal keys
        keys += len(k)
        await pilot.press(*k)

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"10000001")  # typing the number starts the call; data does not count
        await press("tab")
        await pilot.press(*"Иванов")
        await pilot.pause(0.4)
        await settle(pilot)
        await press("ctrl+t")
        await press("enter")  # the highlighted task type
        await pilot.press(*"нет связи с утра")
        await press("tab")
        await pilot.press(*"завтра 11")
        await press("tab")
        await pilot.press(*"45К12")
        await press("ctrl+r", "ctrl+r", "ctrl+r")  # R7 read out, item by item
        await press("ctrl+s")
        await wait_for(pilot, lambda: "специалист придёт" in text_of(app, "#call-eta"))
        # R10/D15: the arrival window (ETA 11:00 ±1 h inside 10:30-17:00, not before the
        # desired 11:00: D8) and the duration
        assert "25.11 с 11:00 до 12:00, работа займёт около" in text_of(app, "#call-eta")
        await press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await press("enter")  # "ticket taken" is offered first
        await settle(pilot)
        call = Call.get()
        assert call.outcome == "ticket" and call.verified
        ticket = Ticket.get()
        assert ticket.told_start == ticket.eta_start is not None  # "ETA told" recorded
        assert ticket.told_duration_min == ticket.task_type.duration_min  # D15: both figures
        assert len(json.loads(ticket.r7_read)) == 3  # R7: each item with its time
        assert ticket.intercom_code == "45К12" and ticket.contact_phone == "+79031112233"
    assert keys <= 12, keys


async def test_d14_form_draft_survives_and_is_offered_back(app_at, make_ctx):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        await pilot.press("ctrl+t", "enter", *"мигает роутер")
        await pilot.pause(1.3)  # the autosave delay
        await settle(pilot)
        assert Draft.select().count() == 1
    # The terminal was closed mid-call. A new console on the same database:
    app2 = ConsoleApp(app.ctx)
    async with app2.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await wait_for(pilot, lambda: app2.screen.query_one("#call-draft").display)
        assert "Ctrl+D" in text_of(app2, "#call-draft")
        await pilot.press("ctrl+d")  # a call starts with the draft's contract number
        await settle(pilot)
        # R13: nothing of the contract, the form included, before this caller's surname.
        assert app2.screen.query_one("#call-number").value == "10000001"
        assert app2.screen.card is None
        assert not any(f.display for f in app2.screen.query(TicketForm))
        await pilot.press(*"Иванов")  # the surname field has the focus
        await pilot.pause(0.4)
        await settle(pilot)
        assert app2.screen.card is not None
        await pilot.press("ctrl+d")  # verified: the form comes back
        await settle(pilot)
        form = app2.screen.query_one(TicketForm)
        assert form.display and form.query_one("#tf-description").value == "мигает роутер"


async def test_d13_no_password_field_anywhere(app_at):
    from console.rules.validation import contains_password_field

    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        await pilot.press("ctrl+t")
        await pilot.pause()
        ids = [w.id or "" for w in app.screen.query("Input")]
        assert ids and not contains_password_field(ids)
        assert all(w.password is False for w in app.screen.query("Input"))


async def test_r15_callback_is_booked_with_time_phone_and_topic_and_ends_as_callback(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: isinstance(app.screen, CallbackDialog))
        phones = str(app.screen.query_one("#cb-phone").get_option_at_index(0).prompt)
        assert "903" in phones and "мобильный" in phones  # the contract's phones, mobile first
        await pilot.press(*"завтра 11", "enter", "enter", *"проверить скорость", "enter")
        await wait_for(pilot, lambda: Ticket.select().count() == 1)
        ticket = Ticket.get()
        assert ticket.task_type.code == "callback" and ticket.channel == "callback"
        assert ticket.desired_at is not None and ticket.description == "проверить скорость"
        assert ticket.contact_phone == "+79031112233"
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")
        await settle(pilot)
        assert Call.get().outcome == "callback"


async def test_r14_refused_call_records_its_reason(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000002", "Елкина")
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")  # "refused" is offered first for a refused verdict
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog)
                       and "Почему" in str(app.screen.query_one(".dialog-title").render()))
        await pilot.press("enter")
        await settle(pilot)
        call = Call.get()
        assert call.outcome == "refused" and call.refusal_reason == "balance"


async def test_caller_hung_up_is_an_outcome_too(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n", *"1000")
        await settle(pilot)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("end", "enter")  # the last option: caller hung up
        await settle(pilot)
        assert Call.get().outcome == "hung_up"
        assert "Звонка нет" in text_of(app, "#call-timer")


async def test_d04_an_override_does_not_carry_over_to_another_contract(app_at):
    app = app_at(supervisor=True)
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000002", "Ёлкина")
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press(*"чек об оплате у клиента", "enter")
        await settle(pilot)
        assert "исключения" in text_of(app, "#call-verdict")
        await retype(pilot, "10000001", "Иванов")  # another contract: its own gate
        assert "исключения" not in text_of(app, "#call-verdict")
        # Back to the contract it was granted for, in the same call: as on record (D4: one
        # call, one contract), the screen and the service agree.
        await retype(pilot, "10000002", "Ёлкина")
        assert "исключения" in text_of(app, "#call-verdict")


async def test_r01_callback_time_is_checked_against_phone_hours_and_the_dialog_stays(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: isinstance(app.screen, CallbackDialog))
        await pilot.press(*"вчера", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CallbackDialog)  # refused in place, typed text kept
        assert text_of(app, "#cb-when-error") and text_of(app, "#cb-topic-error")
        assert app.focused is app.screen.query_one("#cb-when")  # the first field in error
        app.screen.query_one("#cb-when").value = "сегодня 17:50"
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = text_of(app, "#cb-when-error")  # said of a call (R1), never of a visit
        assert "Звонок на 15 мин должен закончиться к 18:00" in said and "Выезд" not in said
        app.screen.query_one("#cb-when").value = "завтра 17:30"  # a call, not a visit: allowed
        app.screen.query_one("#cb-topic").value = "договорить"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: Ticket.select().count() == 1)
        await settle(pilot)
        assert "25.11 17:30" in text_of(app, "#call-eta")


async def test_r01_the_nearest_callback_times_are_shown_whole_however_long(app_at):
    """On 30.12 the next day is a transferred day off: the message names it and the nearest
    valid times; the label wraps instead of cutting them at the dialog's edge."""
    app = app_at("2026-12-30 17:55")
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: isinstance(app.screen, CallbackDialog))
        await pilot.press(*"завтра 11", "ctrl+s")
        await pilot.pause()
        label = app.screen.query_one("#cb-when-error")
        message = text_of(app, "#cb-when-error")
        assert "11.01 11:00" in message, message
        box = label.parent.content_region
        assert label.region.right <= box.right and label.region.height >= 2  # wrapped in the box


async def test_d15_adding_to_the_open_ticket_says_its_time_and_the_time_not_taken(app_at):
    """The caller has a ticket of that type already: what they say goes into it, the
    dispatcher reads out its visit time (recorded as told), and a different desired time
    said now is named as not applied instead of vanishing."""
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")

        async def ticket(desired: str) -> None:
            await pilot.press("ctrl+t")
            await settle(pilot)
            await pilot.press("enter", *"нет связи", "tab", *desired, "tab", *"45К12",
                              "ctrl+r", "ctrl+r", "ctrl+r", "ctrl+s")

        await ticket("завтра 11")
        await wait_for(pilot, lambda: "специалист придёт" in text_of(app, "#call-eta"))
        first = Ticket.get()
        await ticket("завтра 15")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")  # "add what was said to №1", the first choice
        await wait_for(pilot, lambda: "Дописано" in text_of(app, "#call-eta"))
        said = text_of(app, "#call-eta")
        assert f"Дописано в заявку №{first.id}." in said
        assert "Скажите: специалист придёт 25.11 с 11:00 до 12:00" in said
        assert "Желаемое время 25.11 15:00" in said and "не записано" in said
        assert Ticket.select().count() == 1
        again = Ticket.get_by_id(first.id)
        assert again.told_at is not None and again.told_start == first.eta_start
