"""R10/D15: the sentence the dispatcher reads out, for each kind of ticket."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from console.rules import told
from console.screens.call_intake import told_sentence

MSK = ZoneInfo("Europe/Moscow")


def at(h: int, m: int = 0) -> datetime:
    return datetime(2026, 11, 25, h, m, tzinfo=MSK)


def test_r10_d15_a_visit_gives_the_arrival_window_and_the_duration():
    said = told_sentence(told.Told(told.VISIT, at(10), at(12), 90, at(12, 30)))
    assert said == ("Скажите: специалист придёт 25.11 с 10:00 до 12:00, "
                    "работа займёт около 1 ч 30 мин.")
    assert "около 1 ч." in told_sentence(told.Told(told.VISIT, at(10), at(12), 60, at(12)))
    assert "около 45 мин" in told_sentence(told.Told(told.VISIT, at(10), at(12), 45, at(11)))


def test_d15_no_visit_a_callback_and_no_slot_are_each_said_so():
    assert told_sentence(told.Told(told.NO_VISIT, due=at(15))) == \
        "Скажите: ваша заявка будет обработана до 25.11 15:00."
    assert told_sentence(told.Told(told.NO_VISIT, due=at(15), callback=True)) == \
        "Скажите: мы перезвоним вам 25.11 15:00."
    assert "свободного специалиста на ваше время пока нет" in told_sentence(
        told.Told(told.UNPLACED, duration_min=60))


class _Calendar:
    """The R3 visit window on every day (10:30-17:00)."""

    def local(self, value: datetime) -> datetime:
        return value.astimezone(MSK)

    def visit_window_on(self, day):
        return (datetime(day.year, day.month, day.day, 10, 30, tzinfo=MSK),
                datetime(day.year, day.month, day.day, 17, 0, tzinfo=MSK))


def test_r03_r10_d08_the_arrival_window_holds_only_arrivals_that_can_happen():
    from datetime import timedelta

    hour, cal = timedelta(hours=1), _Calendar()
    window = told.arrival_window
    # An hour's work at 16:00: arriving at 17:00 would end at 18:00 (R3); 16:00 at the latest.
    assert window(at(16), cal, hour, duration=hour) == (at(15), at(16))
    # 90 minutes at 14:30: the latest arrival that ends by 17:00 is 15:30.
    assert window(at(14, 30), cal, hour, duration=timedelta(minutes=90)) == (at(13, 30),
                                                                              at(15, 30))
    # Never before the client's desired time (D8), nor before 10:30 (R3).
    assert window(at(16), cal, hour, duration=hour, desired=at(16)) == (at(16), at(16))
    assert window(at(11), cal, hour, duration=hour, desired=at(11)) == (at(11), at(12))
    assert window(at(10, 30), cal, hour, duration=hour) == (at(10, 30), at(11, 30))
    # A desired time long past (the caller said "now" yesterday) narrows nothing.
    assert window(at(13), cal, hour, duration=hour, desired=at(9)) == (at(12), at(14))
    # The ETA itself is always inside, even for a visit pinned past the hours.
    assert window(at(16, 30), cal, hour, duration=hour) == (at(15, 30), at(16, 30))


def test_r03_r10_d09_the_notify_call_says_the_new_time_as_the_intakes_window():
    from datetime import timedelta

    from console.screens.notify import sentence
    from console.services.notify import NotifyItem

    cal = _Calendar()
    cal.eta_accuracy = timedelta(hours=1)
    moved = NotifyItem(1, 7, "Иванов", "", at(13, 30), at(16), "moved", "pending", 0, None,
                       duration_min=60, desired_at=None)
    # 16:00 ± 1 h, but an hour's work must end by 17:00: never "until 17:00" (R3).
    assert sentence(moved, cal) == ("Здравствуйте, это техническая поддержка. Визит "
                                    "специалиста переносится с 25.11 13:30 на 25.11 с 15:00 "
                                    "до 16:00, работа займёт около 1 ч. Вам удобно?")
    # No room either side (desired 16:00, done by 17:00): one time, not "from 16:00 to 16:00".
    exact = moved._replace(desired_at=at(16))
    assert "на 25.11 в 16:00, работа займёт около 1 ч." in sentence(exact, cal)
    early = moved._replace(new_start=at(10, 30), reason="placed")
    assert "25.11 с 10:30 до 11:30" in sentence(early, cal)  # never "from 9:30"
    assert "±1" in sentence(early)  # without a calendar: the ETA and its accuracy


def test_d15_a_window_without_room_either_side_is_said_as_one_time():
    said = told_sentence(told.Told(told.VISIT, at(16), at(16), 60, at(17)))
    assert said == "Скажите: специалист придёт 25.11 в 16:00, работа займёт около 1 ч."
