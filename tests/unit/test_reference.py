"""Reference data (D7): the shipped data/ files hold what the rules need, and every kind of
broken file stops the load with one line naming the file and the key.

The messages are read in English here (`--lang en`); their Russian, the default, is proven
through the real command line in tests/integration/test_cli_language.py."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from console._toml import Table
from console.reference import (
    Reference,
    ReferenceError,
    ReferenceLookupError,
    default_data_dir,
    load_reference,
)

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(default_data_dir())


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the shipped data/ folder, for a test to break one thing in.

    The working directory moves beside it, so messages name files as "data/policy.toml"
    whatever directory pytest was started from."""
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    monkeypatch.chdir(tmp_path)
    return target


def edit(data: Path, name: str, old: str, new: str) -> None:
    """Replace the first occurrence of `old` in data/`name` (which must contain it)."""
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load_error(data: Path) -> str:
    with pytest.raises(ReferenceError) as info:
        load_reference(data)
    message = str(info.value)
    assert "\n" not in message  # one clear line
    return message


# --- The shipped data ------------------------------------------------------------------------


def test_default_reference_files_ship_inside_the_package() -> None:
    folder = default_data_dir()
    assert folder.name == "defaults"
    assert (folder / "priorities.toml").is_file()
    assert (folder.parent / "reference.py").is_file()


def test_r09_priority_classes_lower_level_is_more_urgent(ref: Reference) -> None:
    assert [c.level for c in ref.classes] == [1, 2, 3, 4]
    assert ref.priority_class(1).name_ru == "Авария"
    assert ref.priority_class(1).name_en == "Outage"
    assert all(c.name_ru and c.name_en for c in ref.classes)


def test_d07_default_appendix4_has_six_types_with_known_classes(ref: Reference) -> None:
    assert len(ref.task_types) >= 6
    assert len({t.code for t in ref.task_types}) == len(ref.task_types)
    levels = {c.level for c in ref.classes}
    for t in ref.task_types:
        assert t.priority in levels
        assert t.code.isascii() and t.name_ru and t.name_en
        assert t.duration_min > 0


def test_d07_types_range_from_node_outage_to_billable_lan_setup(ref: Reference) -> None:
    outage = ref.task_type("node_outage")
    assert (outage.priority, outage.needs_visit, outage.billable) == (1, True, False)
    lan = ref.task_type("lan_setup")
    assert lan.needs_visit and lan.billable and lan.price_items
    assert lan.priority > outage.priority


def test_r03_every_visit_type_fits_the_visit_window(ref: Reference) -> None:
    # 10:30-17:00 is 390 minutes: a visit starts and ends inside it.
    for t in ref.task_types:
        if t.needs_visit:
            assert t.duration_min <= 390, t.code


def test_r05_d07_consultation_needs_no_visit(ref: Reference) -> None:
    consultation = ref.task_type("consultation")
    assert not consultation.needs_visit and not consultation.billable


def test_r15_d06_callback_type_is_fifteen_minutes_without_a_visit(ref: Reference) -> None:
    callback = ref.task_type("callback")
    assert (callback.needs_visit, callback.billable, callback.duration_min) == (False, False, 15)


def test_r12_billable_types_name_pricelist3_items(ref: Reference) -> None:
    codes = {item.code for item in ref.price_items}
    billable = [t for t in ref.task_types if t.billable]
    assert billable
    for t in ref.task_types:
        assert bool(t.price_items) == t.billable, t.code
        assert set(t.price_items) <= codes


def test_r08_pricelist_has_item_1_1(ref: Reference) -> None:
    item = ref.price_item("1.1")
    assert item.price_kopecks > 0
    assert "отмен" in item.name_ru and "cancel" in item.name_en
    assert ref.policy.late_cancel_item == "1.1"


def test_r12_pricelist3_has_six_service_works(ref: Reference) -> None:
    works = [item for item in ref.price_items if item.code != "1.1"]
    assert len(works) >= 6
    for item in works:
        assert isinstance(item.price_kopecks, int) and item.price_kopecks > 0
        assert item.name_ru and item.name_en and item.unit_ru and item.unit_en
    assert any(item.unit_en == "m" for item in works)  # cable laying is priced per metre


def test_d01_policy_timezone_is_moscow(ref: Reference) -> None:
    assert ref.policy.timezone == "Europe/Moscow"


def test_r01_service_hours_are_10_to_18(ref: Reference) -> None:
    assert (ref.policy.service_open, ref.policy.service_close) == (time(10), time(18))


def test_r03_visit_window_is_10_30_to_17(ref: Reference) -> None:
    assert (ref.policy.visit_start, ref.policy.visit_end) == (time(10, 30), time(17))


def test_r08_cancel_notice_is_one_hour(ref: Reference) -> None:
    assert ref.policy.cancel_notice_min == 60


def test_r15_d06_call_warns_at_12_and_limits_at_15_minutes(ref: Reference) -> None:
    assert (ref.policy.call_warn_min, ref.policy.call_limit_min) == (12, 15)


def test_d09_r10_notify_threshold_and_eta_accuracy_are_one_hour(ref: Reference) -> None:
    assert ref.policy.notify_threshold_min == 60
    assert ref.policy.eta_accuracy_min == 60


def test_r05_helpdesk_deadline_is_one_working_day(ref: Reference) -> None:
    assert ref.policy.helpdesk_working_days == 1


def test_r18_director_and_14_working_days(ref: Reference) -> None:
    assert ref.policy.director == "Абрамов Сергей Иванович"
    assert ref.policy.claim_working_days == 14


def test_r19_contacts(ref: Reference) -> None:
    phones = [c.phone for c in ref.policy.contacts]
    assert phones == ["(499) 245 6777", "(903) 969 1445"]
    main, mobile = ref.policy.contacts
    assert "многоканальный" in main.label_ru.lower() and "multichannel" in main.label_en.lower()
    assert mobile.label_ru == "Мобильный" and mobile.label_en == "Mobile"


def test_r14_balance_must_be_above_zero(ref: Reference) -> None:
    assert ref.policy.min_balance_kopecks == 0


def test_d01_calendar_overrides_ship_empty(ref: Reference) -> None:
    assert dict(ref.overrides.days_off) == {}
    assert dict(ref.overrides.working_days) == {}


def test_reference_is_immutable(ref: Reference) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.policy.call_limit_min = 30  # type: ignore[misc]
    with pytest.raises(TypeError):
        ref.overrides.days_off[date(2026, 1, 1)] = "x"  # type: ignore[index]


@pytest.mark.parametrize(("lookup", "key", "fragment"), [
    ("task_type", "no_such_type", "unknown task type 'no_such_type' (known: node_outage"),
    ("price_item", "9.9", "unknown price item '9.9' (known: 1.1, 2.1"),
    ("priority_class", 7, "unknown priority class 7 (known: 1, 2, 3, 4)"),
])
def test_unknown_lookup_is_a_clear_lookup_error(
        ref: Reference, lookup: str, key: object, fragment: str) -> None:
    with pytest.raises(ReferenceLookupError) as info:
        getattr(ref, lookup)(key)
    assert fragment in str(info.value)
    assert isinstance(info.value, LookupError) and isinstance(info.value, ReferenceError)


# --- Broken files ----------------------------------------------------------------------------

POL, PRL, APX = "policy.toml", "pricelist3.toml", "priorities.toml"  # APX: Appendix No. 4
CAL = "calendar_overrides.toml"
BROKEN = [
    # (id, file, old text, new text, expected "key: problem")
    ("missing-key", POL, 'close = "18:00"\n', "", "hours.service.close: missing key"),
    ("missing-table", POL, "[deadlines]", "[deadline]", "deadline: unknown key"),
    ("wrong-type", POL, "cancel_notice_min = 60", 'cancel_notice_min = "60"',
     "limits.cancel_notice_min: expected an integer, got '60'"),
    ("bool-for-int", APX, "priority = 1", "priority = true",
     "task_types[0].priority: expected an integer, got boolean true"),
    ("string-for-bool", APX, "needs_visit = true", 'needs_visit = "yes"',
     "task_types[0].needs_visit: expected true or false, got 'yes'"),
    ("bad-hour", POL, 'open = "10:00"', 'open = "25:00"',
     "hours.service.open: expected \"HH:MM\", got '25:00'"),
    ("bad-minute", POL, 'start = "10:30"', 'start = "10:60"', "hours.visit.start: expected"),
    ("one-digit-hour", POL, 'open = "10:00"', 'open = "9:00"', "hours.service.open: expected"),
    ("time-literal", POL, 'open = "10:00"', "open = 10:00:00",
     'hours.service.open: expected a time as "HH:MM", got time 10:00:00'),
    ("open-after-close", POL, 'close = "18:00"', 'close = "09:00"',
     "hours.service.close: must be later than open (10:00), got 09:00"),
    ("open-equals-close", POL, 'close = "18:00"', 'close = "10:00"', "hours.service.close: must"),
    ("visit-start-after-end", POL, 'end = "17:00"', 'end = "10:00"',
     "hours.visit.end: must be later than start (10:30), got 10:00"),
    ("visit-past-midnight", POL, 'end = "17:00"', 'end = "24:30"', "hours.visit.end: expected"),
    ("unknown-timezone", POL, 'timezone = "Europe/Moscow"', 'timezone = "Europe/Mordor"',
     "timezone: unknown time zone 'Europe/Mordor'"),
    ("bad-timezone-key", POL, 'timezone = "Europe/Moscow"', 'timezone = "../etc/passwd"',
     "timezone: unknown time zone"),
    ("warn-after-limit", POL, "call_warn_min = 12", "call_warn_min = 15",
     "limits.call_warn_min: must be less than call_limit_min (15), got 15"),
    ("zero-claim-days", POL, "claim_working_days = 14", "claim_working_days = 0",
     "deadlines.claim_working_days: must be at least 1, got 0"),
    ("empty-director", POL, 'director = "Абрамов Сергей Иванович"', 'director = " "',
     "claims.director: must not be empty"),
    ("contact-missing-phone", POL, 'phone = "(903) 969 1445"', "",
     "contacts[1].phone: missing key"),
    ("unknown-policy-key", POL, "eta_accuracy_min = 60", "eta_accuracy_min = 60\neta_min = 5",
     "limits.eta_min: unknown key (expected one of: cancel_notice_min"),
    ("duplicate-type-code", APX, 'code = "no_link"', 'code = "node_outage"',
     "task_types[1].code: duplicate code 'node_outage'"),
    ("bad-type-code", APX, 'code = "node_outage"', 'code = "Node-Outage"',
     "task_types[0].code: expected a lower-case ASCII slug"),
    ("cyrillic-type-code", APX, 'code = "node_outage"', 'code = "авария"',
     "task_types[0].code: expected a lower-case ASCII slug"),
    ("duplicate-class", APX, "level = 2", "level = 1", "classes[1].level: duplicate level 1"),
    ("unknown-class", APX, "priority = 1", "priority = 9",
     "task_types[0].priority: unknown priority class 9 (known: 1, 2, 3, 4)"),
    ("unknown-price-item", APX, 'price_items = ["2.1", "2.2"]', 'price_items = ["2.1", "7.7"]',
     "task_types[5].price_items[1]: unknown price item '7.7'"),
    ("billable-without-items", APX, 'price_items = ["2.6"]', "price_items = []",
     "task_types[7].price_items: a billable type lists its Price List No. 3 items"),
    ("items-but-not-billable", APX, "billable = false\n",
     'billable = false\nprice_items = ["2.1"]\n',
     "task_types[0].price_items: must be empty for a type that is not billable"),
    ("zero-duration", APX, "duration_min = 120", "duration_min = 0",
     "task_types[0].duration_min: must be at least 1, got 0"),
    ("negative-duration", APX, "duration_min = 120", "duration_min = -30",
     "task_types[0].duration_min: must be at least 1, got -30"),
    ("visit-longer-than-window", APX, "duration_min = 120", "duration_min = 391",
     "task_types[0].duration_min: a visit of 391 min does not fit the visit window (390 min"),
    ("misspelt-type-key", APX, "needs_visit = true", "neds_visit = true",
     "task_types[0].neds_visit: unknown key"),
    ("duplicate-price-code", PRL, 'code = "2.2"', 'code = "2.1"',
     "items[2].code: duplicate code '2.1'"),
    ("bad-price-code", PRL, 'code = "2.2"', 'code = "2.2a"',
     "items[2].code: expected an item number like \"2.1\", got '2.2a'"),
    ("negative-price", PRL, 'price = "800.00"', 'price = "-800.00"',
     "items[2].price: must not be negative, got -800.00"),
    ("three-decimals-string", PRL, 'price = "800.00"', 'price = "1500.555"',
     "items[2].price: more than 2 decimals (whole kopecks only), got 1500.555"),
    ("three-decimals-number", PRL, 'price = "800.00"', "price = 1500.555",
     "items[2].price: more than 2 decimals"),
    ("not-a-price", PRL, 'price = "800.00"', 'price = "800 руб."',
     "items[2].price: expected roubles like \"1500.00\", got '800 руб.'"),
    ("comma-price", PRL, 'price = "800.00"', 'price = "800,00"',
     "items[2].price: expected roubles"),
    ("nan-price", PRL, 'price = "800.00"', "price = nan", "items[2].price: expected roubles"),
    ("bool-price", PRL, 'price = "800.00"', "price = true", "items[2].price: expected roubles"),
    ("huge-price", PRL, 'price = "800.00"', 'price = "1e30"', "items[2].price: must be less than"),
    ("missing-unit", PRL, 'unit_en = "visit"\n', "", "items[0].unit_en: missing key"),
    ("override-not-a-date", CAL, "days_off = []", 'days_off = [{ date = 2026-12-31, name = "x" }, '
     '{ date = "2026-31-12", name = "y" }]',
     "days_off[1].date: expected a TOML date like 2026-12-31 (no quotes), got '2026-31-12'"),
    ("override-date-time", CAL, "days_off = []",
     'days_off = [{ date = 2026-12-31T10:00:00, name = "x" }]',
     "days_off[0].date: expected a TOML date like 2026-12-31 (no quotes), got date-time"),
    ("override-in-both-lists", CAL, "days_off = []\nworking_days = []",
     'days_off = [{ date = 2026-12-31, name = "x" }]\n'
     'working_days = [{ date = 2026-12-31, name = "y" }]',
     "working_days[0].date: 2026-12-31 is also in days_off"),
    ("override-twice", CAL, "days_off = []", 'days_off = [{ date = 2026-12-31, name = "x" }, '
     '{ date = 2026-12-31, name = "x again" }]', "days_off[1].date: 2026-12-31 is listed twice"),
    ("override-without-name", CAL, "days_off = []", "days_off = [{ date = 2026-12-31 }]",
     "days_off[0].name: missing key"),
    ("override-not-a-table", CAL, "days_off = []", "days_off = [2026-12-31]",
     "days_off[0]: expected a table, got date 2026-12-31"),
]


@pytest.mark.parametrize(("name", "old", "new", "expected"),
                         [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_broken_file_names_file_and_key(
        data: Path, name: str, old: str, new: str, expected: str) -> None:
    edit(data, name, old, new)
    message = load_error(data)
    assert message.startswith(f"data/{name}: "), message
    assert expected in message, message


def test_error_names_file_relative_to_working_directory(data: Path) -> None:
    edit(data, POL, 'open = "10:00"', 'open = "25:00"')
    expected = "data/policy.toml: hours.service.open: expected \"HH:MM\", got '25:00'"
    assert load_error(Path("data")) == expected
    assert load_error(data.resolve()) == expected


def test_error_names_file_by_full_path_outside_working_directory(
        data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(data, POL, 'open = "10:00"', 'open = "25:00"')
    monkeypatch.chdir(default_data_dir())
    assert load_error(data).startswith(f"{data / POL}: hours.service.open: ")


@pytest.mark.parametrize("name", [POL, PRL, APX, CAL])
def test_missing_file(data: Path, name: str) -> None:
    (data / name).unlink()
    assert load_error(data) == f"data/{name}: file not found"


def test_unreadable_file(data: Path) -> None:
    (data / PRL).unlink()
    (data / PRL).mkdir()  # reading a directory fails the same way an unreadable file does
    assert load_error(data).startswith(f"data/{PRL}: cannot read file: ")


def test_file_not_utf8(data: Path) -> None:
    (data / APX).write_bytes("name_ru = 'Авария'".encode("cp1251"))
    assert load_error(data) == f"data/{APX}: cannot read file: not valid UTF-8"


def test_toml_syntax_error_gives_line_and_column(data: Path) -> None:
    edit(data, POL, 'timezone = "Europe/Moscow"', 'timezone = "Europe/Moscow')
    message = load_error(data)
    assert message.startswith(f"data/{POL}: line ")
    assert ", column " in message and "TOML syntax error" in message


def test_r08_late_cancel_item_must_be_in_the_pricelist(data: Path) -> None:
    edit(data, PRL, 'code = "1.1"', 'code = "1.9"')
    message = load_error(data)  # named where the reference is, in policy.toml
    assert message == (f"data/{POL}: billing.late_cancel_item: item '1.1' is not in "
                       f"data/{PRL}")


def test_fewer_than_six_task_types(data: Path) -> None:
    path = data / APX
    chunks = path.read_text(encoding="utf-8").split("[[task_types]]")
    path.write_text("[[task_types]]".join(chunks[:6]), encoding="utf-8")  # header + 5 types
    message = load_error(data)
    assert message == f"data/{APX}: task_types: at least 6 task types are needed, got 5"


def test_no_visit_type_may_be_longer_than_the_visit_window(data: Path) -> None:
    # Only a visit has to fit 10:30-17:00 (R3); phone work is not bound by it.
    edit(data, APX, "duration_min = 15", "duration_min = 400")
    assert load_reference(data).task_type("consultation").duration_min == 400


def test_calendar_overrides_are_loaded_by_date(data: Path) -> None:
    edit(data, CAL, "days_off = []", 'days_off = [{ date = 2026-12-31, name = "Выходной" }]')
    edit(data, CAL, "working_days = []",
         'working_days = [{ date = 2026-11-07, name = "Рабочая суббота" }]')
    overrides = load_reference(data).overrides
    assert dict(overrides.days_off) == {date(2026, 12, 31): "Выходной"}
    assert dict(overrides.working_days) == {date(2026, 11, 7): "Рабочая суббота"}


def test_calendar_override_lists_are_optional(data: Path) -> None:
    (data / CAL).write_text("# nothing to override\n", encoding="utf-8")
    assert not load_reference(data).overrides.days_off


# --- Money: Decimal roubles -> integer kopecks, never a float ------------------------------


@pytest.mark.parametrize(("written", "kopecks"), [
    ('"1500.5"', 150050), ("1500.5", 150050), ('"1500.00"', 150000), ("1500", 150000),
    ('" 45.50 "', 4550), ("0.01", 1), ('"0"', 0), ("1500.500", 150050), ('"1e3"', 100000),
    ("0.29", 29),  # 0.29 * 100 is 28.999999999999996 in float arithmetic
])
def test_price_is_converted_to_integer_kopecks(data: Path, written: str, kopecks: int) -> None:
    edit(data, PRL, 'price = "1500.00"', f"price = {written}")
    item = load_reference(data).price_item("2.1")
    assert item.price_kopecks == kopecks and type(item.price_kopecks) is int


@given(st.integers(min_value=0, max_value=10**11 - 1))
def test_price_round_trips_every_kopeck(kopecks: int) -> None:
    written = f"{kopecks // 100}.{kopecks % 100:02d}"
    assert Table("p.toml", {"price": written}).money("price") == kopecks
    assert Table("p.toml", {"price": Decimal(written)}).money("price") == kopecks


@given(st.decimals(min_value=0, max_value=10**6, places=3).filter(
    lambda d: d != d.quantize(Decimal("0.01"))))
def test_price_with_a_fraction_of_a_kopeck_is_rejected(amount: Decimal) -> None:
    with pytest.raises(ReferenceError, match=r"^p\.toml: price: more than 2 decimals"):
        Table("p.toml", {"price": str(amount)}).money("price")
