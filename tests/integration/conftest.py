"""The integration (service-level and database) suites run on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest


@pytest.fixture
def make_ctx(make_ctx_on):
    return make_ctx_on
