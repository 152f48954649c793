"""Click options shared by several `dateline` commands, declared once."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import click

from pipeline.document import DOCUMENT_KINDS

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def _stack(*decorators: Decorator) -> Decorator:
    def apply(function: Callable[..., Any]) -> Callable[..., Any]:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


# --- dates checked when arguments are parsed -------------------------------------------------

_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d+)"  # any digits, so a 5-digit year gets its own message
_MONTH_NAME = r"(?P<month>[a-z]+)\.?"
_ISO_DAY = re.compile(r"(?P<year>\d+)-(?P<month>\d{2})-(?P<day>\d{2})")
_ISO_TIME = re.compile(
    r"(?P<date>\d+-\d{2}-\d{2})[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
    r"(?P<offset>Z|[+-]\d{2}:?\d{2})?")
_WRITTEN = (
    re.compile(rf"{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH_NAME},?\s+{_YEAR}", re.I),  # 3 March 2025
    re.compile(rf"{_WEEKDAY}{_MONTH_NAME}\s+{_DAY},?\s+{_YEAR}", re.I),  # March 3, 2025
)
_PREFIX = re.compile(r"(?P<year>\d+)(?:-(?P<month>\d{2}))?")  # 2024, 2024-07 (filters only)
# UTC offsets in use run from -12:00 to +14:00; anything beyond is a typo, not a place.
_MAX_OFFSET_MINUTES = 14 * 60
_EXAMPLES = "2025-03-03, 2025-03-03T09:30:00+01:00, '3 March 2025' or 'March 3, 2025'"


class DateError(ValueError):
    """Why a command-line date was refused (the message is shown as a usage error)."""


def _check_year(year_text: str) -> int:
    # Imported here: `pipeline.ingest` is heavy and `dateline --help` loads this module.
    from pipeline.ingest.dates import EARLIEST_YEAR

    if len(year_text) != 4:
        raise DateError(f"the year {year_text!r} must have four digits")
    year = int(year_text)
    if year < EARLIEST_YEAR:
        raise DateError(f"the year {year} is before {EARLIEST_YEAR}")
    return year


def _day(year_text: str, month: int, day: int) -> date:
    year = _check_year(year_text)
    try:
        return date(year, month, day)
    except ValueError as error:  # 2024-13-45, 31 April
        raise DateError(f"no such day ({error})") from None


def _offset_minutes(offset: str) -> int:
    if offset == "Z":
        return 0
    digits = offset[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:])
    if int(digits[2:]) >= 60 or minutes > _MAX_OFFSET_MINUTES:
        raise DateError(f"the UTC offset {offset} is not a real one")
    return minutes


def parse_cli_date(text: str, *, prefix: bool = False) -> tuple[str, date]:
    """(ISO value, its day) for a date typed on the command line, or DateError.

    Takes ISO days and datetimes and the written forms "3 March 2025" / "March 3, 2025";
    with `prefix`, also a year or a month ("2024", "2024-07") for range filters.
    """
    value = " ".join(text.split())
    if m := _ISO_TIME.fullmatch(value):
        year, month, day = m["date"].split("-")
        when = _day(year, int(month), int(day))
        if m["offset"]:
            _offset_minutes(m["offset"])
        offset = m["offset"] or ""
        iso = f"{m['date']}T{m['time']}" + ("+00:00" if offset == "Z" else offset)
        try:
            datetime.fromisoformat(iso)
        except ValueError as error:  # 25:61
            raise DateError(f"no such time ({error})") from None
        return iso, when
    if m := _ISO_DAY.fullmatch(value):
        when = _day(m["year"], int(m["month"]), int(m["day"]))
        return when.isoformat(), when
    from pipeline.ingest.dates import MONTHS

    for pattern in _WRITTEN:
        if m := pattern.fullmatch(value):
            month = MONTHS.get(m["month"].lower())
            if month is None:
                raise DateError(f"{m['month']!r} is not a month")
            when = _day(m["year"], month, int(m["day"]))
            return when.isoformat(), when
    if prefix and (m := _PREFIX.fullmatch(value)):
        month = int(m["month"]) if m["month"] else 1
        when = _day(m["year"], month, 1)
        return (value, when)
    raise DateError("not a date")


class PublishedDate(click.ParamType):
    """A click type for dates typed on the command line; converts to an ISO string.

    `prefix` also allows a bare year or month (range filters). `max_days_ahead` refuses
    dates further in the future (a publication date a year ahead is a typo); None allows any.
    """

    name = "date"

    def __init__(self, *, prefix: bool = False, max_days_ahead: int | None = 366) -> None:
        self.prefix = prefix
        self.max_days_ahead = max_days_ahead

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        if isinstance(value, (date, datetime)):
            value = value.isoformat()
        text = str(value)
        try:
            iso, when = parse_cli_date(text, prefix=self.prefix)
        except DateError as error:
            forms = _EXAMPLES + (", 2024 or 2024-07" if self.prefix else "")
            self.fail(f"{text!r}: {error}; expected e.g. {forms}", param, ctx)
        if self.max_days_ahead is not None and \
                when > date.today() + timedelta(days=self.max_days_ahead):
            self.fail(f"{text!r} is more than a year in the future", param, ctx)
        return iso


# Range filters (--from/--to/--since): a year or a month is enough, and the future is allowed
# (deadlines and plans lie ahead).
DATE_BOUND = PublishedDate(prefix=True, max_days_ahead=None)

document_options = _stack(
    click.option("--published", type=PublishedDate(),
                 help="Publication date for every document, overriding metadata: an ISO day "
                      "or datetime, or '3 March 2025' / 'March 3, 2025'."),
    click.option("--kind", type=click.Choice(list(DOCUMENT_KINDS)),
                 help="Document kind; overrides detection."),
    click.option("--map", "field_map", multiple=True, metavar="FIELD=DOC_FIELD",
                 help="JSON lines field mapping, e.g. --map date=published."),
)

model_option = click.option("--model", help="spaCy model name or path (default: see README).")


def registry_option(*, must_exist: bool = True) -> Decorator:
    return click.option("--registry", type=click.Path(dir_okay=False, exists=must_exist),
                        help="Actor registry YAML file (default: the database's own).")


pipeline_option = click.option(
    "--pipeline", "pipeline_mode", type=click.Choice(["auto", "inline", "processes"]),
    default="auto", show_default=True,
    help="processes: spaCy in a child process, overlapped with extraction and writing here; "
         "inline: one process; auto: processes for inputs over ~200 KB (docs/scaling.md).")

summary_options = _stack(
    click.option("--quiet", is_flag=True, help="Plain log lines instead of a progress bar."),
    click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON."),
)


# --- exit codes and batch behaviour (README "Commands": exit codes for batch scripts) --------

EXIT_OK = 0  # every input read and analysed, or skipped as unchanged
EXIT_FAILED = 1  # at least one input or document failed; the summary lists them
EXIT_USAGE = 2  # a bad option, date or path, or a database Dateline will not touch (click's)
EXIT_NO_DOCUMENTS = 3  # the inputs held no document at all (an empty folder)

keep_going_option = click.option(
    "--keep-going/--strict", "keep_going", default=True, show_default=True,
    help="--keep-going reads every input and reports failures at the end (exit 1); "
         "--strict stops at the first failure (exit 1).")

allow_private_option = click.option(
    "--allow-private-urls", is_flag=True,
    help="Also fetch URLs on this machine or the local network (refused by default).")


def finish(failed: int, total: int, what: str = "documents",
           *, empty_is_error: bool = True) -> None:
    """Exit as documented: 1 when anything failed, 3 when there was nothing to read."""
    ctx = click.get_current_context()
    if failed:
        click.echo(f"dateline: {failed:,} failed ({total:,} {what} read); exit status "
                   f"{EXIT_FAILED}", err=True)
        ctx.exit(EXIT_FAILED)
    if not total and empty_is_error:
        click.echo("dateline: no documents found", err=True)
        ctx.exit(EXIT_NO_DOCUMENTS)


class InputSource(click.ParamType):
    """A file, a directory, an http(s) URL, or (with `stdin`) "-": checked when arguments
    are parsed, so a mistyped path is a usage error, not a text to analyse."""

    name = "input"

    def __init__(self, *, stdin: bool = False) -> None:
        self.stdin = stdin

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        from pathlib import Path

        from pipeline.ingest.fetch import is_url, url_problem

        text = str(value)
        if text == "-" and self.stdin:
            return text
        if is_url(text):
            if problem := url_problem(text):
                self.fail(f"{text!r}: {problem}", param, ctx)
            return text
        if not Path(text).exists():
            hint = " (to analyse a text, use --text or '-' for standard input)" \
                if self.stdin else ""
            self.fail(f"{text!r} does not exist{hint}", param, ctx)
        return text


class DatelineDatabase(click.ParamType):
    """A database path that is Dateline's (or, with `create`, new or empty): a SQLite file of
    another program, or a file that is not SQLite, is a one-line usage error, untouched."""

    name = "db"

    def __init__(self, *, create: bool = False) -> None:
        self.create = create

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        from pathlib import Path

        from pipeline.store.identify import identify

        path = Path(value)
        found = identify(path)
        if found.kind == "dateline" or (self.create and found.kind in ("missing", "empty")):
            return path
        if found.kind in ("missing", "empty"):
            self.fail(f"{str(path)!r} {found.detail}: nothing to read yet "
                      f"(`dateline ingest {path} PATH…` fills it)", param, ctx)
        advice = ("Dateline will not write its tables into it; give a new file name"
                  if self.create else "it holds no Dateline timeline")
        if found.kind == "other":
            advice += f" (`datasette {path}` serves it as it is)"
        self.fail(f"{str(path)!r} {found.detail}: {advice}. Nothing was changed.", param, ctx)
