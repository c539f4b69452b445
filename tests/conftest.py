"""Shared paths and helpers for the tests: real excerpts and scenario files in fixtures/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
REAL = FIXTURES / "real"
FORMATS = FIXTURES / "formats"
LAYOUTS = FIXTURES / "layouts"
SCENARIOS = FIXTURES / "scenarios"

# Imports are judged against a fixed "today" so date-window checks do not drift with time.
TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.duckdb"
