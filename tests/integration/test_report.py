"""The summary's figures (F7, `support-console report`) against a day whose counts are known."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.db import open_database
from console.services.report import read_figures
from tests.report_day import DAY, EXPECTED, MSK, NOW, seed_day


@pytest.fixture
def seeded(make_ctx):
    ctx = make_ctx(now="2026-11-24 16:00")
    database = open_database(ctx.db_target)
    seed_day()
    yield ctx
    database.close()


def figures():
    return read_figures(DAY, DAY, now=NOW, tz=MSK)


def test_calls_per_moscow_hour_and_outcomes(seeded):
    f = figures()
    assert f.calls == EXPECTED["calls"]
    assert {h: n for h, n in enumerate(f.calls_by_hour) if n} == EXPECTED["by_hour"]
    assert {k: n for k, n in f.outcomes.items() if n} == EXPECTED["outcomes"]


def test_r15_calls_over_the_limit_by_flag_or_length(seeded):
    f = figures()
    assert len(f.long_calls) == EXPECTED["long_calls"]
    assert [(c.started.strftime("%H:%M"), c.minutes) for c in f.long_calls] == [
        ("10:20", 16), ("11:50", 20)]


def test_d04_balance_refusals_and_overrides_with_who_did_them(seeded):
    f = figures()
    assert f.balance_refusals == EXPECTED["balance_refusals"]
    assert f.refusals == {"balance": 1, "not_verified": 1}
    (override,) = f.overrides
    assert override.operator == "tester" and override.contract == "77-000001"
    assert override.reason == "обещал оплатить сегодня"
    assert override.supervisor is None  # not recorded by this database: shown as such


def test_r09_tickets_by_task_type_and_priority(seeded):
    f = figures()
    assert {(g.task_type, g.priority): g.count for g in f.tickets} == EXPECTED["tickets"]
    assert f.task_names["no_link"][0].startswith("Нет подключения")


def test_r08_d18_visits_late_cancellations_and_no_shows_with_their_charges(seeded):
    f = figures()
    for key in ("visits_done", "visits_cancelled", "late_charged", "late_charged_kopecks",
                "late_waived", "no_shows", "no_show_charged", "no_show_charged_kopecks",
                "no_show_waived"):
        assert getattr(f, key) == EXPECTED[key], key


def test_d09_notifications_worked_and_how_fast(seeded):
    f = figures()
    for key in ("notify_created", "notify_worked", "notify_median_min", "notify_max_min",
                "notify_pending"):
        assert getattr(f, key) == EXPECTED[key], key


def test_d11_r18_written_channels_deadlines_met_or_missed(seeded):
    f = figures()
    h, c = f.helpdesk, f.claims
    assert (h.due, h.met, h.late, h.missed_open, h.open_not_due) == EXPECTED["helpdesk"]
    assert (c.due, c.met, c.late, c.missed_open, c.open_not_due) == EXPECTED["claims"]


def test_a_longer_period_takes_in_the_neighbouring_days(seeded):
    f = read_figures(DAY - timedelta(days=1), DAY + timedelta(days=1), now=NOW, tz=MSK)
    assert f.calls == EXPECTED["calls"] + 2
    assert len(f.overrides) == 2


def test_a_period_ending_before_it_starts_is_refused(seeded):
    with pytest.raises(ValueError):
        read_figures(DAY, DAY - timedelta(days=1), now=NOW, tz=MSK)
