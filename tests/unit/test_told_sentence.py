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
