"""Dates typed on the command line are checked when arguments are parsed (`PublishedDate`)."""

from __future__ import annotations

from datetime import date, timedelta

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.cli_options import DATE_BOUND, PublishedDate


def convert(value: str, kind: click.ParamType | None = None) -> str:
    return (kind or PublishedDate()).convert(value, None, None)


@pytest.mark.parametrize("text, expected", [
    ("2025-03-03", "2025-03-03"),
    ("  2025-03-03 ", "2025-03-03"),
    ("2025-03-03T09:30", "2025-03-03T09:30"),
    ("2025-03-03T09:30:15+01:00", "2025-03-03T09:30:15+01:00"),
    ("2025-03-03T09:30:15Z", "2025-03-03T09:30:15+00:00"),
    ("2025-03-03 09:30:15-05:00", "2025-03-03T09:30:15-05:00"),
    ("3 March 2025", "2025-03-03"),
    ("3rd of March, 2025", "2025-03-03"),
    ("March 3, 2025", "2025-03-03"),
    ("Mon, 3 Mar 2025", "2025-03-03"),
    ("sept 30 2024", "2024-09-30"),
])
def test_published_date_accepts_iso_and_written_days(text: str, expected: str) -> None:
    assert convert(text) == expected


@pytest.mark.parametrize("text, reason", [
    ("yesterday", "not a date"),
    ("2024-13-45", "no such day"),
    ("2023-02-29", "no such day"),
    ("31 April 2024", "no such day"),
    ("20245-01-01", "four digits"),
    ("3 March 20251", "four digits"),
    ("3 Marhc 2025", "not a month"),
    ("1066-10-14", "before 1800"),
    ("2025-03-03T25:61", "no such time"),
    ("2025-03-03T09:30+15:00", "offset"),
    ("2025-03-03T09:30+05:75", "offset"),
    ("2025-03-03 and more", "not a date"),
    ("2024", "not a date"),  # a year is no publication date
])
def test_published_date_refuses_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(click.BadParameter, match=reason):
        convert(text)


def test_published_date_refuses_dates_more_than_a_year_ahead() -> None:
    soon = date.today() + timedelta(days=300)
    assert convert(soon.isoformat()) == soon.isoformat()
    far = date.today() + timedelta(days=400)
    with pytest.raises(click.BadParameter, match="future"):
        convert(far.isoformat())


def test_range_bounds_take_years_months_and_the_future() -> None:
    assert convert("2024", DATE_BOUND) == "2024"
    assert convert("2024-07", DATE_BOUND) == "2024-07"
    assert convert("1 July 2024", DATE_BOUND) == "2024-07-01"
    assert convert("2031-01-01", DATE_BOUND) == "2031-01-01"
    for bad in ("2024-13", "July", "20245"):
        with pytest.raises(click.BadParameter):
            convert(bad, DATE_BOUND)


@pytest.mark.parametrize("args, option", [
    (["analyze", "--published", "2024-13-45", "{existing}"], "--published"),
    (["ingest", "{db}", "{existing}", "--published", "garbage"], "--published"),
    (["reprocess", "{existing}", "--since", "July"], "--since"),
    (["reprocess", "{existing}", "--where", "1", "--published", "31 April 2024"],
     "--published"),
    (["export", "{existing}", "--format", "csv", "--from", "2024-13"], "--from"),
    (["export", "{existing}", "--format", "csv", "--to", "soon"], "--to"),
])
def test_bad_dates_are_usage_errors_before_any_work(tmp_path, args, option) -> None:
    from pipeline.store import Store

    existing = tmp_path / "existing.db"
    Store(existing).close()
    before = existing.read_bytes()
    db = tmp_path / "new.db"
    args = [a.format(db=db, existing=existing) for a in args]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '{option}'" in result.output
    assert not db.exists()  # nothing was created
    assert existing.read_bytes() == before  # nothing was written
