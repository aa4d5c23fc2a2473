"""R14: a balance older than the policy limit is flagged (issue 8, item 13)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

import pytest

from console.reference import ReferenceError, default_data_dir, load_reference
from console.rules.balance_age import age_parts, balance_age, balance_is_stale

NOW = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)


def test_r14_a_balance_older_than_the_limit_is_stale():
    assert not balance_is_stale(NOW - timedelta(hours=24), NOW, 24)
    assert balance_is_stale(NOW - timedelta(hours=24, minutes=1), NOW, 24)
    assert balance_is_stale(NOW - timedelta(days=36), NOW, 24)
    assert not balance_is_stale(NOW - timedelta(days=36), NOW, 24 * 40)


def test_r14_a_balance_without_a_date_is_stale_too():
    assert balance_is_stale(None, NOW, 24)
    assert balance_age(None, NOW) is None


def test_ages_are_said_in_hours_then_days():
    assert age_parts(timedelta(hours=30)) == (30, "h")
    assert age_parts(timedelta(days=36, hours=5)) == (36, "d")
    assert balance_age(NOW + timedelta(minutes=5), NOW) == timedelta(0)  # a clock skew


def test_r14_the_limit_comes_from_policy_toml_with_a_default(tmp_path):
    assert load_reference(default_data_dir()).policy.balance_max_age_hours == 24
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    policy = data / "policy.toml"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text.replace("balance_max_age_hours = 24", "balance_max_age_hours = 72"),
                      encoding="utf-8")
    assert load_reference(data).policy.balance_max_age_hours == 72
    # An older data folder without the key still starts, with the default.
    policy.write_text(text.replace("balance_max_age_hours = 24", ""), encoding="utf-8")
    assert load_reference(data).policy.balance_max_age_hours == 24


@pytest.mark.parametrize("bad", ["0", "-5", '"24"', "1.5", "true"])
def test_r14_a_bad_limit_is_refused_at_start(tmp_path, bad):
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    policy = data / "policy.toml"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text.replace("balance_max_age_hours = 24", f"balance_max_age_hours = {bad}"),
                      encoding="utf-8")
    with pytest.raises(ReferenceError, match="balance_max_age_hours"):
        load_reference(data)
