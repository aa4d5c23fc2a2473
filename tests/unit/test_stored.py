"""The fast readers of stored times give exactly what the models' fields give (issue 12)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from peewee import DateField

from console.models import UTCDateTimeField
from console.services.stored import stored_date, stored_time

FIELD = UTCDateTimeField()


@pytest.mark.parametrize("stored", [
    "2026-11-25 08:00:00", "2026-11-25 08:00:00.123456", "2026-11-25", None,
    datetime(2026, 11, 25, 8, 0), datetime(2026, 11, 25, 8, 0, tzinfo=UTC),
])
def test_a_stored_time_reads_as_the_model_field_reads_it(stored) -> None:
    assert stored_time(stored) == FIELD.python_value(stored)
    if stored is not None:
        assert stored_time(stored).tzinfo is not None


@pytest.mark.parametrize("stored", ["2026-11-25", None, date(2026, 11, 25)])
def test_a_stored_day_reads_as_the_model_field_reads_it(stored) -> None:
    assert stored_date(stored) == DateField().python_value(stored)


def test_a_stored_time_read_again_or_after_the_cache_filled_reads_the_same(monkeypatch) -> None:
    from console.services import stored

    monkeypatch.setattr(stored, "_PARSED_MAX", 2)
    monkeypatch.setattr(stored, "_PARSED", {})
    texts = ["2026-11-25 08:00:00", "2026-11-25 08:05:00", "2026-11-25 08:10:00",
             "2026-11-25 08:00:00"]
    for text in texts * 2:
        assert stored_time(text) == FIELD.python_value(text)
        assert len(stored._PARSED) <= 2
