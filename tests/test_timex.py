"""Time expressions: each family of expression with its reference date, value and range, and
the seed article's cases read from ../shared."""

from __future__ import annotations

import pytest

from pipeline.extract.timex import (
    TimexError,
    date_precision,
    find_timexes,
    parse_reference,
    timex_token_span,
    value_range,
)
from tests.conftest import shared_path


def _find(nlp, text, published, phrase, speech_spans=None):
    doc = nlp(text)
    found = find_timexes(doc, published, speech_spans)
    hits = [t for t in found if t.text == phrase]
    assert hits, f"{phrase!r} not found in {[t.text for t in found]}"
    return hits[0]


# (sentence, reference date, timex text, type, value, range)
CASES = [
    # explicit dates, with and without a year
    ("The contract was signed on 3 March 2021.", "2024-07-01", "3 March 2021", "DATE",
     "2021-03-03", ["2021-03-03", "2021-03-03"]),
    ("Shares rose on Aug. 7, 1998, analysts said.", "1998-08-10", "Aug. 7, 1998", "DATE",
     "1998-08-07", ["1998-08-07", "1998-08-07"]),
    ("The vote will close on Monday 29 July.", "2024-07-01", "Monday 29 July", "DATE",
     "2024-07-29", ["2024-07-29", "2024-07-29"]),
    ("The scheme was launched in March.", "2024-07-01", "March", "DATE", "2024-03",
     ["2024-03-01", "2024-03-31"]),
    ("The plant will reopen in February.", "2024-07-01", "February", "DATE", "2025-02",
     ["2025-02-01", "2025-02-28"]),
    ("Sales slumped in 1998.", "2024-07-01", "1998", "DATE", "1998",
     ["1998-01-01", "1998-12-31"]),
    # deictic days
    ("Yesterday the board resigned.", "2024-07-01", "Yesterday", "DATE", "2024-06-30",
     ["2024-06-30", "2024-06-30"]),
    ("The results are due tomorrow.", "2024-07-01", "tomorrow", "DATE", "2024-07-02",
     ["2024-07-02", "2024-07-02"]),
    # weekdays: direction from tense
    ("The minister resigned on Friday.", "2024-07-01", "Friday", "DATE", "2024-06-28",
     ["2024-06-28", "2024-06-28"]),
    ("The minister will speak on Friday.", "2024-07-01", "Friday", "DATE", "2024-07-05",
     ["2024-07-05", "2024-07-05"]),
    ("They met on Friday last week.", "2024-07-03", "Friday last week", "DATE", "2024-06-28",
     ["2024-06-28", "2024-06-28"]),
    ("We spoke last Tuesday.", "2024-07-04", "last Tuesday", "DATE", "2024-07-02",
     ["2024-07-02", "2024-07-02"]),
    # weeks, months, years relative to the reference
    ("Prices fell last week.", "2024-07-03", "last week", "DATE", "2024-W26",
     ["2024-06-24", "2024-06-30"]),
    ("The company will report next month.", "2024-07-03", "next month", "DATE", "2024-08",
     ["2024-08-01", "2024-08-31"]),
    ("Profits doubled last year.", "2024-07-03", "last year", "DATE", "2023",
     ["2023-01-01", "2023-12-31"]),
    # week-ends
    ("Engineers worked over the weekend to fix it.", "2024-07-01", "the weekend", "DATE",
     "2024-W26-WE", ["2024-06-29", "2024-06-30"]),
    ("Fans will gather this weekend.", "2024-07-03", "this weekend", "DATE", "2024-W27-WE",
     ["2024-07-06", "2024-07-07"]),
    # parts of periods
    ("Talks should end by the start of July.", "2024-06-20", "the start of July", "DATE",
     "2024-07", ["2024-07-01", "2024-07-10"]),
    ("Growth is expected to pick up in mid-2025.", "2024-07-01", "mid-2025", "DATE", "2025",
     ["2025-05-02", "2025-08-31"]),
    ("Output recovered in late November.", "2024-12-10", "late November", "DATE", "2024-11",
     ["2024-11-21", "2024-11-30"]),
    # quarters and financial years
    ("Earnings rose in the third quarter of 2023.", "2024-07-01",
     "the third quarter of 2023", "DATE", "2023-Q3", ["2023-07-01", "2023-09-30"]),
    ("Revenue guidance for Q3 was cut.", "2024-07-01", "Q3", "DATE", "2024-Q3",
     ["2024-07-01", "2024-09-30"]),
    ("Budgets for the 2024/25 financial year are set.", "2024-07-01",
     "the 2024/25 financial year", "DATE", "FY2024", ["2024-04-01", "2025-03-31"]),
    # shifted dates
    ("The mine closed two years ago.", "2024-07-01", "two years ago", "DATE", "2022",
     ["2022-01-01", "2022-12-31"]),
    ("The firm was founded three days ago.", "2024-07-01", "three days ago", "DATE",
     "2024-06-28", ["2024-06-28", "2024-06-28"]),
    # times
    ("The blast happened at 10:35 a.m. on Friday.", "1998-08-10", "10:35 a.m. on Friday", "TIME",
     "1998-08-07T10:35", ["1998-08-07", "1998-08-07"]),
]

DURATION_CASES = [
    ("Prices have risen for the past two weeks.", "2024-07-01", "the past two weeks",
     "DURATION", "P2W"),
    ("Practices must reply within 28 days.", "2024-07-01", "28 days", "DURATION", "P28D"),
    ("The strike lasted five hours.", "2024-07-01", "five hours", "DURATION", "PT5H"),
    ("The bank publishes figures every Monday.", "2024-07-01", "every Monday", "SET",
     "XXXX-WXX-1"),
    ("Inflation data is released monthly.", "2024-07-01", "monthly", "SET", "P1M"),
    ("Reserves are low now.", "2024-07-01", "now", "DATE", "PRESENT_REF"),
    ("The minister recently said so.", "2024-07-01", "recently", "DATE", "PAST_REF"),
]


@pytest.mark.parametrize("text,published,phrase,type_,value,range_", CASES)
def test_dates_and_ranges(nlp, text, published, phrase, type_, value, range_):
    timex = _find(nlp, text, published, phrase)
    assert (timex.type, timex.value, timex.range) == (type_, value, range_)


@pytest.mark.parametrize("text,published,phrase,type_,value", DURATION_CASES)
def test_durations_sets_and_refs(nlp, text, published, phrase, type_, value):
    timex = _find(nlp, text, published, phrase)
    assert (timex.type, timex.value) == (type_, value)
    if type_ in ("DURATION", "SET"):
        assert timex.range is None


def test_offsets_are_into_doc_text_and_exclude_prepositions(nlp):
    text = "The ballot will close on Monday 29 July and results come by 1 August."
    doc = nlp(text)
    for timex in find_timexes(doc, "2024-07-01"):
        assert text[timex.start:timex.end] == timex.text
        assert not timex.text.lower().startswith(("on ", "by "))
        span = timex_token_span(doc, timex)
        assert span.start_char == timex.start and span.end_char == timex.end


def test_deadline_cues(nlp):
    by = _find(nlp, "Practices must act by the start of July.", "2024-06-20",
               "the start of July")
    assert by.deadline_cue == "by" and by.mod == "START"
    close = _find(nlp, "The ballot will close on Monday 29 July.", "2024-07-01",
                  "Monday 29 July")
    assert close.deadline_cue == "close on"
    planned = _find(nlp, "Action is to commence on 1 August.", "2024-07-01", "1 August")
    assert planned.deadline_cue is None


def test_speech_time_anchor(nlp):
    text = "In a video on Friday she said: 'Do it this weekend.' Critics objected."
    doc = nlp(text)
    quote_start = text.index("'Do")
    quote_end = text.index("'", quote_start + 1) + 1
    found = find_timexes(doc, "2024-07-01", [(quote_start, quote_end, "2024-06-28")])
    weekend = [t for t in found if t.text == "this weekend"][0]
    assert weekend.anchor == "speech_time"
    assert weekend.value == "2024-W26-WE"  # the weekend after that Friday, not after 1 July
    assert weekend.range == ["2024-06-29", "2024-06-30"]


def test_no_publication_date_leaves_relative_values_open(nlp):
    found = find_timexes(nlp("The board met on Friday and again yesterday."), None)
    friday = [t for t in found if t.text == "Friday"][0]
    assert friday.anchor == "none" and "X" in friday.value and friday.range is None


def test_previous_timex_anchor(nlp):
    text = "The firm was sold on 3 May 2010. Two days later the chief executive resigned."
    later = _find(nlp, text, "2024-07-01", "Two days later")
    assert later.anchor == "previous_timex" and later.value == "2010-05-05"


def test_helpers():
    assert date_precision("2024-07") == "month"
    assert date_precision("2024-W26-WE") == "weekend"
    assert date_precision("2024-06-28T10:35") == "minute"
    assert date_precision("P2W") is None
    assert value_range("2024-Q3") == ["2024-07-01", "2024-09-30"]
    assert value_range("2024-W01") == ["2024-01-01", "2024-01-07"]
    assert value_range("199") == ["1990-01-01", "1999-12-31"]
    assert value_range("PAST_REF") is None
    assert parse_reference("2024-07-01T11:19:00+01:00").isoformat() == "2024-07-01"
    with pytest.raises(TimexError):
        parse_reference("first of July")


SEED_CASES = [
    # (text as written in the seed, expected value, expected range or None)
    ("Friday last week", "2024-06-28", ["2024-06-28", "2024-06-28"]),
    ("Monday 29 July", "2024-07-29", ["2024-07-29", "2024-07-29"]),
    ("Yesterday", "2024-06-30", ["2024-06-30", "2024-06-30"]),
    ("1 August", "2024-08-01", ["2024-08-01", "2024-08-01"]),
    ("March", "2024-03", ["2024-03-01", "2024-03-31"]),
]


@pytest.fixture(scope="module")
def seed_timexes(nlp):
    path = shared_path("corpus", "seed", "pulse-gp-connect-2024-07-01.txt")
    text = path.read_text(encoding="utf-8")
    return text, find_timexes(nlp(text), "2024-07-01")


@pytest.mark.parametrize("phrase,value,range_", SEED_CASES)
def test_seed_cases(seed_timexes, phrase, value, range_):
    _, found = seed_timexes
    hits = [t for t in found if t.text == phrase]
    assert hits, f"{phrase!r} not found"
    assert hits[0].value == value and hits[0].range == range_


def test_seed_on_friday_and_weekend(seed_timexes):
    text, found = seed_timexes
    fridays = [t for t in found if t.text == "Friday"]
    assert fridays and all(t.value == "2024-06-28" for t in fridays)
    # "took urgent action over the weekend": the weekend before publication
    weekend = [t for t in found if t.text == "the weekend"][0]
    assert text[weekend.start - 5:weekend.start] == "over "
    assert weekend.value == "2024-W26-WE" and weekend.range == ["2024-06-29", "2024-06-30"]


def test_seed_deadline_and_today(seed_timexes):
    text, found = seed_timexes
    start = [t for t in found if t.text == "the start of July"][0]
    assert start.deadline_cue == "by" and start.value == "2024-07"
    assert start.range[0] == "2024-07-01" and start.range[1] <= "2024-07-10"
    today = [t for t in found if t.text == "today"][0]
    assert today.value == "2024-07-01"
    july = [t for t in found if t.text == "1 July" and t.start > today.start][0]
    assert july.value == "2024-07-01" and july.start - today.end <= 2


def test_earlier_this_month_is_clipped_to_the_reference(nlp):
    timex = _find(nlp, "Prices jumped earlier this month.", "2024-07-15", "earlier this month")
    assert timex.value == "2024-07"
    assert timex.range == ["2024-07-01", "2024-07-15"]


def test_empty_and_timeless_documents(nlp):
    assert find_timexes(nlp(""), "2024-07-01") == []
    assert find_timexes(nlp("The committee approved the plan."), "2024-07-01") == []


def test_ages_are_not_durations_and_money_rates_are_sets(nlp):
    found = find_timexes(nlp("The 6-year-old boy paid $1.76 a year."), "2024-07-01")
    assert not any("6" in t.text for t in found)
    assert [(t.text, t.type, t.value) for t in found] == [("a year", "SET", "P1Y")]
    stay = _find(nlp, "He stayed a year in Paris.", "2024-07-01", "a year")
    assert (stay.type, stay.value) == ("DURATION", "P1Y")


def test_present_tense_schedule_looks_forward(nlp):
    timex = _find(nlp, "The licence expires at the end of March.", "2024-07-01",
                  "the end of March")
    assert timex.value == "2025-03" and timex.mod == "END"
    assert timex.range == ["2025-03-21", "2025-03-31"]


def test_iso_dates_and_clock_times_on_the_day_just_named(nlp):
    text = "The update went live on 2024-06-14 at 17:00 BST."
    day = _find(nlp, text, "2024-07-01", "2024-06-14")
    assert (day.value, day.anchor) == ("2024-06-14", "none")
    clock = _find(nlp, text, "2024-07-01", "17:00 BST")
    assert (clock.type, clock.value, clock.range) == (
        "TIME", "2024-06-14T17:00", ["2024-06-14", "2024-06-14"])


def test_date_ranges_share_and_roll_the_year(nlp):
    text = "Sales ran from 30 December 2023 to 2 January."
    end = _find(nlp, text, "2024-07-01", "2 January")
    assert (end.value, end.anchor) == ("2024-01-02", "previous_timex")


@pytest.mark.parametrize("text,phrase,value", [
    ("The flight took 5 1/2 hours.", "5 1/2 hours", "PT5H30M"),
    ("The trial lasted two and a half years.", "two and a half years", "P2Y6M"),
    ("The vote took a minute and a half.", "a minute and a half", "PT1M30S"),
    ("They waited half an hour.", "half an hour", "PT30M"),
])
def test_fractional_durations(nlp, text, phrase, value):
    timex = _find(nlp, text, "2024-07-01", phrase)
    assert (timex.type, timex.value, timex.range) == ("DURATION", value, None)


def test_centuries_and_decades(nlp):
    text = "Trade grew in the 11th century and again in the 1990s."
    century = _find(nlp, text, "2024-07-01", "the 11th century")
    assert century.value == "10" and century.range == ["1000-01-01", "1099-12-31"]
    decade = _find(nlp, text, "2024-07-01", "the 1990s")
    assert decade.value == "199" and decade.range == ["1990-01-01", "1999-12-31"]


# --- direction and reference choices (HeidelTime-style news rules) --------------------------
# (sentence, reference date, timex text, expected value); each case names the rule it checks
DIRECTION_CASES = [
    # a passive is not a past tense: the closing is still to come
    ("The sale is expected to be completed by Dec. 15.", "1989-10-31", "Dec. 15", "1989-12-15"),
    ("The case will be heard in May.", "2000-03-29", "May", "2000-05"),
    ("The hearing is scheduled for completion by Dec. 10.", "1989-11-02", "Dec. 10",
     "1989-12-10"),
    # a prospective verb looks forward whatever its tense
    ("Protesters planned a large march on Saturday.", "2000-01-07", "Saturday", "2000-01-08"),
    # words before the date: "payable", "effective", "as soon as" look forward, "since" back
    ("The board declared a dividend payable Dec. 1.", "1989-10-27", "Dec. 1", "1989-12-01"),
    ("The firm created a new office, effective Feb. 1.", "1989-10-26", "Feb. 1", "1990-02-01"),
    ("The family could arrive as early as Tuesday.", "2000-04-03", "Tuesday", "2000-04-04"),
    ("No inspection has been allowed to happen since Jan. 13.", "1998-03-06", "Jan. 13",
     "1998-01-13"),
    # a reduced relative clause is past: "products introduced in April"
    ("Most of the systems shipped were products introduced in April.", "1989-10-26", "April",
     "1989-04"),
    ("Traders recalled the peak reached on Aug. 6.", "1998-02-06", "Aug. 6", "1997-08-06"),
    # a date naming a thing ("Tuesday's declaration") is a past one unless the clause is future
    ("The move follows Tuesday's declaration by the company.", "1989-10-27", "Tuesday",
     "1989-10-24"),
    ("Police found new evidence in the October shooting.", "1999-04-19", "October", "1998-10"),
    ("The March accession will let them sign the treaty.", "1999-02-10", "March", "1999-03"),
    # a singular subject with a "VBP" verb is a past form misread as a base form
    ("Weakness in bank stocks hurt the index on Friday.", "1989-10-30", "Friday",
     "1989-10-27"),
    # an infinitive under "made it hard" takes the past of "made"
    ("The glitch made it hard for the firm to meet demand well into the summer.", "1989-10-26",
     "the summer", "1989-SU"),
    # no tense: a holiday is the nearer one (Easter 2000 fell on 23 April)
    ("Record crowds are likely around Easter.", "2000-04-17", "Easter", "2000-04-23"),
    # no tense at all: a weekday is the nearer one, a month is in the publication year unless
    # that is most of a year away
    ("Shares rose to a high from $29.75 in March.", "1989-10-30", "March", "1989-03"),
    # an explicit year in the sentence does not pull a future date back into it
    ("Invited in July 1997, they will join NATO on March 12.", "1999-02-27", "March 12",
     "1999-03-12"),
    # a time phrase right after a speech verb takes the saying's tense, not the reported
    # "would" the parser hung it on
    ("Tarnside Ferries said on Monday it would cut sailings.", "2025-10-16", "Monday",
     "2025-10-13"),
    # every scheduling verb (verbs.yaml `scheduling_verbs`) with "for" looks forward
    ("The Fenwick inquiry was arranged for Monday.", "2025-10-16", "Monday", "2025-10-20"),
    ("The Fenwick inquiry was slated for Monday.", "2025-10-16", "Monday", "2025-10-20"),
    # "after next" moves a weekend one further on, as it does a week
    ("Repairs start the weekend after next.", "2025-10-16", "the weekend after next",
     "2025-W43-WE"),
    ("Repairs start next weekend.", "2025-10-16", "next weekend", "2025-W42-WE"),
    ("Repairs start the week after next.", "2025-10-16", "the week after next", "2025-W44"),
]


@pytest.mark.parametrize("text,published,phrase,value", DIRECTION_CASES)
def test_direction_and_reference(nlp, text, published, phrase, value):
    assert _find(nlp, text, published, phrase).value == value


def test_calendar_year_versus_twelve_month_span(nlp):
    # "for the year" in a results story is the calendar year of the report; "the year ended
    # March 31" is a twelve-month span
    year = _find(nlp, "For the year, pet food volume was flat.", "1989-11-02", "the year")
    assert (year.type, year.value) == ("DATE", "1989")
    span = _find(nlp, "Revenue was $9 million in the year ended March 31.", "1989-10-31",
                 "the year")
    assert (span.type, span.value) == ("DURATION", "P1Y")


@pytest.mark.parametrize("text,phrase,type_,value", [
    ("Margins have narrowed in recent years.", "recent years", "DATE", "PAST_REF"),
    ("Sales grew in past years.", "past years", "DATE", "PAST_REF"),
    ("Prices fell over the last few months.", "the last few months", "DATE", "PAST_REF"),
    ("Profits will improve in coming quarters.", "coming quarters", "DATE", "FUTURE_REF"),
    # shorter vague spans stay durations, as TimeBank marks them
    ("Talks will go on for the next few days.", "the next few days", "DURATION", "PXD"),
    # a range of counts is its lower bound, never the sum
    ("The repair takes two to three weeks.", "two to three weeks", "DURATION", "P2W"),
    ("The plan covers the next 12 to 18 months.", "the next 12 to 18 months", "DURATION",
     "P12M"),
])
def test_vague_spans_and_count_ranges(nlp, text, phrase, type_, value):
    timex = _find(nlp, text, "1989-10-30", phrase)
    assert (timex.type, timex.value) == (type_, value)


def test_year_ago_after_a_count_is_a_date_not_a_rate(nlp):
    # "up from seven a year ago": "a year" is not a rate of "seven"
    timex = _find(nlp, "It has 13 plants, up from seven a year ago.", "1989-11-01",
                  "a year ago")
    assert (timex.type, timex.value) == ("DATE", "1988")
    rate = _find(nlp, "The stock pays a dividend of $1.76 a year.", "1989-11-01", "a year")
    assert rate.type == "SET"


def test_old_quarter_does_not_set_this_years_quarter(nlp):
    text = ("The company stopped paying a dividend in the third quarter of 1984. "
            "It reported third-quarter net of $68 million, up from $66 million a year ago.")
    doc = nlp(text)
    values = {t.text: t.value for t in find_timexes(doc, "1989-10-27")}
    assert values["the third quarter of 1984"] == "1984-Q3"
    assert values["third-quarter"] == "1989-Q3"
    assert values["a year ago"] == "1988-Q3"


def test_quarter_a_year_ago_and_year_earlier_months(nlp):
    text = ("Columbia earned $20 million in the third quarter. For the quarter a year ago, "
            "it earned $16 million. Net for the year-earlier nine months included a gain.")
    doc = nlp(text)
    values = {t.text: (t.type, t.value) for t in find_timexes(doc, "1989-10-26")}
    assert values["the quarter a year ago"] == ("DATE", "1988-Q3")
    assert values["the year-earlier nine months"] == ("DURATION", "P9M")


def test_unmeasured_shift_and_hour_of_a_part_of_day(nlp):
    ago = _find(nlp, "The plan was dropped months ago.", "1989-10-30", "months ago")
    assert (ago.type, ago.value) == ("DATE", "PAST_REF")
    hour = _find(nlp, "The fire started at 4 in the morning on Friday.", "2024-07-01",
                 "4 in the morning")
    assert hour.type == "TIME" and hour.value.endswith("T04:00")


def test_week_of_a_day_and_plural_parts_of_weekdays(nlp):
    week = _find(nlp, "The hearing is set for the week of March 6.", "2000-02-24",
                 "the week of March 6")
    assert (week.value, week.range) == ("2000-W10", ["2000-03-06", "2000-03-12"])
    weekend = _find(nlp, "They met the weekend of June 8, 2024.", "2024-07-01",
                    "the weekend of June 8, 2024")
    assert weekend.value == "2024-W23-WE"
    nights = _find(nlp, "Flights leave on Tuesday nights.", "1998-02-13", "Tuesday nights")
    assert (nights.type, nights.value) == ("SET", "XXXX-WXX-2TNI")


def test_forecast_quarter_is_not_the_compared_quarter(nlp):
    text = ("Sales rose in the third quarter. Analysts expect the slump to last through the "
            "first quarter of 1990. Margins were wider than in the year-ago period.")
    values = {t.text: t.value for t in find_timexes(nlp(text), "1989-10-26")}
    assert values["the first quarter of 1990"] == "1990-Q1"
    assert values["the year-ago period"] == "1988-Q3"


def test_one_day_after_a_modal_is_an_unknown_future(nlp):
    someday = _find(nlp, "She says the city will one day host the games.", "2000-04-17",
                    "one day")
    assert (someday.type, someday.value) == ("DATE", "FUTURE_REF")
    spell = _find(nlp, "He had been in the job one day.", "2000-01-10", "one day")
    assert (spell.type, spell.value) == ("DURATION", "P1D")


def test_corresponding_period_last_year(nlp):
    text = ("Net income fell in the third quarter to $5 million from $8 million in the "
            "corresponding period last year. Sales for last year's quarter were $3 million. "
            "Last year, profit rose.")
    values = {t.text: t.value for t in find_timexes(nlp(text), "1989-11-01")}
    assert values["the corresponding period last year"] == "1988-Q3"
    assert values["last year's quarter"] == "1988-Q3"
    assert values["Last year"] == "1988"


def test_the_morning_is_on_the_day_just_mentioned(nlp):
    text = "Shares fell sharply on Friday. Traders said selling was heavy in the morning."
    values = {t.text: t.value for t in find_timexes(nlp(text), "1989-10-30")}
    assert values["the morning"] == "1989-10-27TMO"
    alone = _find(nlp, "Traders said selling was heavy in the morning.", "1989-10-30",
                  "the morning")
    assert alone.value == "1989-10-30TMO"


def test_clock_time_takes_the_day_that_follows_it(nlp):
    # "5 p.m. on Thursday": the clock is on that Thursday, not on the publication day
    text = "Polls close at 5 p.m. on Thursday, and a recount began at midnight on 2 July."
    values = {t.text: (t.value, t.range) for t in find_timexes(nlp(text), "2024-07-01")}
    assert values["5 p.m."] == ("2024-07-04T17:00", ["2024-07-04", "2024-07-04"])
    assert values["midnight"][0] == "2024-07-02T24:00"


@pytest.mark.parametrize("text,phrase,type_,value", [
    # the verb "last" is not part of the duration
    ("The inquiry is expected to last three weeks.", "three weeks", "DURATION", "P3W"),
    # a measure used as a modifier leaves the article out
    ("Residents have a 30-day period to object.", "30-day", "DURATION", "P30D"),
    ("Officials called the 14-day wait too long.", "14-day", "DURATION", "P14D"),
    # "half a century" is a span of fifty years, not a rate
    ("The dynasty ruled for nearly half a century.", "nearly half a century", "DURATION",
     "P50Y"),
    # "some" before a count is "about"
    ("The mine shut some eight months ago.", "some eight months ago", "DATE", "2023-11"),
    # "every other week" is every second week
    ("The bins are emptied every other week.", "every other week", "SET", "P2W"),
    # spelled-out decades and years, as read on air
    ("Prices soared in the mid-eighties.", "the mid-eighties", "DATE", "198"),
    ("He grew up in the nineteen sixties.", "the nineteen sixties", "DATE", "196"),
    ("The inspectors left in January nineteen ninety-seven.",
     "January nineteen ninety-seven", "DATE", "1997-01"),
    # an ordinal day of a month
    ("The levy rises on the first of March.", "the first of March", "DATE", "2025-03-01"),
    ("The levy rose on the twenty-first of March.", "the twenty-first of March", "DATE",
     "2024-03-21"),
])
def test_spans_and_values_of_spoken_and_modifier_forms(nlp, text, phrase, type_, value):
    timex = _find(nlp, text, "2024-07-01", phrase)
    assert (timex.type, timex.value) == (type_, value)


def test_greetings_and_rates_are_not_times(nlp):
    doc = nlp("Good evening. The levy is charged per year.")
    assert [t.text for t in find_timexes(doc, "2024-07-01")] == []


def test_the_next_day_in_a_past_narrative_counts_from_the_story(nlp):
    text = ("The mayor was attacked on 12 May. The next day, police arrested a man. "
            "The following morning, he was charged.")
    values = {t.text: t.value for t in find_timexes(nlp(text), "2024-07-01")}
    assert values["The next day"] == "2024-05-13"
    assert values["The following morning"] == "2024-05-14TMO"
    # looking ahead from now, "the next day" stays deictic
    ahead = _find(nlp, "The firm will sign next week and pay the next day.", "2024-07-01",
                  "the next day")
    assert ahead.value == "2024-07-02"


def test_period_ended_a_date_is_the_period_of_that_date(nlp):
    text = "Sales rose in the quarter ended Sept. 30, up 4% from a year earlier."
    values = {t.text: t.value for t in find_timexes(nlp(text), "2024-10-24")}
    assert values["the quarter"] == "2024-Q3"
    assert values["a year earlier"] == "2023-Q3"
    week = _find(nlp, "Claims fell in the week ended Oct. 18.", "2024-10-24", "the week")
    assert week.value == "2024-W42"


def test_same_day_of_a_month_and_later_in_a_past_story(nlp):
    text = "The site went up in October. It was taken down that same day."
    same = _find(nlp, text, "2024-12-02", "that same day")
    assert (same.value, same.range) == ("2024-10-XX", ["2024-10-01", "2024-10-31"])
    later = _find(nlp, "The firm was sold on 3 May. A few days later, the chief quit.",
                  "2024-07-01", "A few days later")
    assert later.value == "PAST_REF"


@pytest.mark.parametrize("text,published,phrase,type_,value", [
    # a year-earlier quarter with no quarter named: the one just reported, a year back
    ("Net rose from $4 million in the year-earlier quarter.", "2024-10-28",
     "the year-earlier quarter", "DATE", "2023-Q3"),
    # "the week ended Friday": the week that Friday closes
    ("Stocks fell in the week ended Friday.", "2024-10-28", "the week", "DATE", "2024-W43"),
    ("The index fell over the past five trading days.", "2024-10-28",
     "the past five trading days", "DURATION", "P5D"),
    ("Rents were frozen for the past year and a half.", "2024-10-28",
     "the past year and a half", "DURATION", "P1Y6M"),
    ("Crime fell sharply in the '90s.", "2024-10-28", "the '90s", "DATE", "199"),
    ("The ferry docked at 0700 GMT.", "2024-10-28", "0700 GMT", "TIME", "2024-10-28T07:00"),
    ("The envoys met at 11:30 Thursday morning.", "2024-10-28",
     "11:30 Thursday morning", "TIME", "2024-10-24T11:30"),
    ("He was shot dead last Oct. 23 at his home.", "2025-04-19", "last Oct. 23", "DATE",
     "2024-10-23"),
])
def test_reporting_periods_and_clock_forms(nlp, text, published, phrase, type_, value):
    timex = _find(nlp, text, published, phrase)
    assert (timex.type, timex.value) == (type_, value)


@pytest.mark.parametrize("text,phrase,type_,value,range_", [
    # a part of a month: the month, marked, with the days of that week as its range
    ("Results are due in the first week of August.", "the first week of August", "DATE",
     "2024-08", ["2024-08-01", "2024-08-07"]),
    ("The fire started in the last week of June.", "the last week of June", "DATE",
     "2024-06", ["2024-06-24", "2024-06-30"]),
    # numeric dates: the reading that can be a date, and of two that can, the one nearer the
    # reference (6 December would be five months away)
    ("The notice was dated 06/12/2024.", "06/12/2024", "DATE", "2024-06-12",
     ["2024-06-12", "2024-06-12"]),
    ("The invoice was dated 25/12/2023.", "25/12/2023", "DATE", "2023-12-25",
     ["2023-12-25", "2023-12-25"]),
    # brokers' quarter codes and month abbreviations without a full stop
    ("Margins widened in 3Q24.", "3Q24", "DATE", "2024-Q3", ["2024-07-01", "2024-09-30"]),
    ("Sales in Jul 2024 rose.", "Jul 2024", "DATE", "2024-07", ["2024-07-01", "2024-07-31"]),
])
def test_parts_of_months_and_compact_forms(nlp, text, phrase, type_, value, range_):
    timex = _find(nlp, text, "2024-07-03", phrase)
    assert (timex.type, timex.value, timex.range) == (type_, value, range_)
    if "week of" in phrase:
        assert timex.mod in ("START", "END")


@pytest.mark.parametrize("text,phrase,value", [
    ("The fair is held every summer.", "every summer", "XXXX-SU"),
    ("The choir meets every Tuesday evening.", "every Tuesday evening", "XXXX-WXX-2TEV"),
])
def test_recurring_seasons_and_parts_of_weekdays(nlp, text, phrase, value):
    timex = _find(nlp, text, "2024-07-03", phrase)
    assert (timex.type, timex.value) == ("SET", value)


def test_for_to_infinitive_after_a_past_verb_is_not_past(nlp):
    # the subpoena was issued in the past; the testimony it orders may still be to come
    text = "The chairman issued a subpoena on Friday for the boy to testify on Feb. 10."
    assert _find(nlp, text, "2000-01-07", "Feb. 10").value == "2000-02-10"


def test_act_asked_of_someone_else_comes_after_the_asking(nlp):
    # the parser reads this infinitive as a purpose clause of the past verb; the verb's
    # meaning (a directive to the object) says the testimony is still to come
    text = "Okafor said she subpoenaed the engineer to testify before the panel on Feb. 10."
    assert _find(nlp, text, "2000-01-07", "Feb. 10").value == "2000-02-10"
    # a purpose clause of a past act keeps the act's past
    staged = "Crews staged drills to mark the anniversary on Friday."
    assert _find(nlp, staged, "2000-01-12", "Friday").value == "2000-01-07"


@pytest.mark.parametrize("text,published,phrase,type_,value", [
    # a hyphenated range of counts is its lower bound, as "to" ranges are
    ("Deposits of 60-90 days were unquoted.", "1987-03-02", "60-90 days", "DURATION", "P60D"),
    # a line break inside the expression changes nothing
    ("The firm reported higher third\nquarter profits today.", "1987-03-02", "third\nquarter",
     "DATE", "1986-Q3"),
    # a month naming a thing under a planning verb looks ahead
    ("Ford plans to build more cars in the April-June period.", "1987-03-02", "June", "DATE",
     "1987-06"),
    # 24-hour clocks with a zone, and noon with a zone and a day
    ("Figures are released at 1630 EST.", "1987-03-02", "1630 EST", "TIME",
     "1987-03-02T16:30"),
    ("The session resumes at noon gmt today.", "1987-03-02", "noon gmt today", "TIME",
     "1987-03-02T12:00"),
])
def test_wire_copy_forms(nlp, text, published, phrase, type_, value):
    timex = _find(nlp, text, published, phrase)
    assert (timex.type, timex.value) == (type_, value)


def test_idioms_and_prices_are_not_times(nlp):
    doc = nlp("Hopes faded by the minute. A last minute deal was struck. The stock hit the "
              "mid-30's.")
    assert [t.text for t in find_timexes(doc, "1987-03-02")] == []


def test_label_date_under_an_infinitive_has_no_tense(nlp):
    # "its April 30 meeting" names a thing, but "to vote at" says nothing of the past
    text = "Holders of record March 15 are entitled to vote at its April 30 annual meeting."
    assert _find(nlp, text, "1987-03-02", "April 30").value == "1987-04-30"
    # while a past clause keeps the label in the past
    past = _find(nlp, "Police found new evidence in the October shooting.", "1999-04-19",
                 "October")
    assert past.value == "1998-10"


def test_halves_of_months_and_a_year_as_a_label(nlp):
    half = _find(nlp, "Car sales rose in the second half of February.", "1987-03-04",
                 "the second half of February")
    assert (half.value, half.mod, half.range) == ("1987-02", "END", ["1987-02-16", "1987-02-28"])
    label = _find(nlp, "Note: 1986 year includes a tax gain.", "1987-03-04", "1986 year")
    assert (label.type, label.value) == ("DATE", "1986")


@pytest.mark.parametrize("text,phrase,type_,value", [
    # a rate after an abbreviated unit of money or percentage
    ("The notes pay 5 pct a year.", "a year", "SET", "P1Y"),
    ("The stock pays 51 cts a year.", "a year", "SET", "P1Y"),
    # a year before a singular unit names that year's period, not a count
    ("Net in the 1986 quarter included a gain.", "the 1986 quarter", "DATE", "1986"),
])
def test_rates_and_year_labels_in_wire_copy(nlp, text, phrase, type_, value):
    timex = _find(nlp, text, "1987-03-04", phrase)
    assert (timex.type, timex.value) == (type_, value)


def test_percentage_rate_is_not_a_set_of_years(nlp):
    doc = nlp("The options vest at the rate of 20 pct per year.")
    assert all(t.value != "P20Y" for t in find_timexes(doc, "1987-03-04"))


@pytest.mark.parametrize("text,phrase,type_,value", [
    ("The dynasty lasted a quarter of a century.", "a quarter of a century", "DURATION",
     "P25Y"),
    ("He waited a quarter of an hour.", "a quarter of an hour", "DURATION", "PT15M"),
    ("The bank sought a multi-year rescheduling.", "multi-year", "DURATION", "PXY"),
    ("The plan raises $7 billion in the first year.", "the first year", "DURATION", "P1Y"),
    # with no quarter named, "the quarter a year ago" is the last one reported, a year back
    ("Net rose from $5 million in the quarter a year ago.", "the quarter a year ago", "DATE",
     "1985-Q4"),
    # "-long" compounds are durations
    ("They held a day-long summit.", "day-long", "DURATION", "P1D"),
    ("It ended a decades-long dispute.", "decades-long", "DURATION", "PXDE"),
    ("Staff began a three-week-long walkout.", "three-week-long", "DURATION", "P3W"),
])
def test_fractions_first_periods_and_long_compounds(nlp, text, phrase, type_, value):
    timex = _find(nlp, text, "1987-03-04", phrase)
    assert (timex.type, timex.value) == (type_, value)


def test_a_fraction_of_a_thing_is_not_a_quarter(nlp):
    doc = nlp("Rents caused nearly a quarter of the surge; about one-quarter of the rigs idled.")
    assert [t.text for t in find_timexes(doc, "1987-03-04")] == []


def test_month_quarters_and_halves_of_a_month_in_trade_copy(nlp):
    quarter = _find(nlp, "The surplus was unchanged from the September quarter surplus.",
                    "1987-03-02", "the September quarter")
    assert (quarter.value, quarter.range) == ("1986-Q3", ["1986-07-01", "1986-09-30"])
    half = _find(nlp, "Traders bought palm oil for second half March shipment.", "1987-03-02",
                 "second half March")
    assert (half.value, half.mod, half.range) == ("1987-03", "END", ["1987-03-16", "1987-03-31"])


def test_names_wages_and_judgements_are_not_times(nlp):
    doc = nlp("A reporter for USA Today asked about $12-an-hour workers. He said he was not "
              "having a good night.")
    assert [t.text for t in find_timexes(doc, "2016-09-30")] == []


def test_following_as_a_preposition_and_weekday_labels_under_infinitives(nlp):
    # "Following Monday's debate": after that Monday, not the Monday after something
    after = _find(nlp, "Following Monday's debate, the checkers went to work.", "2016-09-30",
                  "Monday")
    assert after.value == "2016-09-26"
    anaphoric = _find(nlp, "The court met on 3 May. The following Monday, it ruled.",
                      "2016-09-30", "The following Monday")
    assert anaphoric.value == "2016-05-09"
    label = _find(nlp, "It was his effort to bounce back from Monday night's debate.",
                  "2016-09-30", "Monday night")
    assert label.value == "2016-09-26TNI"


def test_election_day_is_a_movable_date(nlp):
    ahead = _find(nlp, "On Election Day, I will vote for the challenger.", "2016-09-26",
                  "Election Day")
    assert (ahead.value, ahead.range) == ("2016-11-08", ["2016-11-08", "2016-11-08"])


def test_ambiguous_numeric_date_takes_the_reading_nearer_the_reference(nlp):
    timex = _find(nlp, "The notice was dated 06/12/2024.", "2024-12-10", "06/12/2024")
    assert timex.value == "2024-12-06"


def test_dividend_notice_lines_look_forward(nlp):
    # wire dividend notices: "Pay"/"Record" head bare dates that lie ahead of the notice
    doc = nlp("Qtly div 8 cts vs 8 cts\n    Pay December 30\n    Record November 29")
    values = {t.text: t.value for t in find_timexes(doc, "1991-10-18")}
    assert values == {"December 30": "1991-12-30", "November 29": "1991-11-29"}


def test_spelled_out_day_after_a_month(nlp):
    day = _find(nlp, "The tender offer is due to lapse on June Seven unless extended.",
                "1993-05-10", "June Seven")
    assert (day.value, day.range) == ("1993-06-07", ["1993-06-07", "1993-06-07"])
    # a count that belongs to the next noun is not the month's day
    doc = nlp("In August three lenders cut their rates.")
    assert [t.text for t in find_timexes(doc, "1993-10-01")] == ["August"]


def test_day_with_this_year_and_calendar_year_closed_on_december_31(nlp):
    both = _find(nlp, "Fees rise from May 1 this year and again from March 1, 1995.",
                 "1993-02-11", "May 1 this year")
    assert both.value == "1993-05-01"
    calendar = _find(nlp, "Turnover for the full year ended December 31, 1992 was flat.",
                     "1993-02-11", "the full year")
    assert (calendar.type, calendar.value) == ("DATE", "1992")


def test_read_out_clock_and_nouns_that_are_not_times(nlp):
    clock = _find(nlp, "Bids will be opened tomorrow at 0930 hours local.", "1993-02-11",
                  "0930 hours local")
    assert (clock.type, clock.value) == ("TIME", "1993-02-12T09:30")
    doc = nlp("The fall in exports worried officials, and there were doubts in some quarters. "
              "He bought Blue Winter Mills.")
    assert [t.text for t in find_timexes(doc, "1993-02-11")] == []


def test_a_repeated_unit_is_a_basis_of_comparison_not_a_time(nlp):
    doc = nlp("The quarter-to-quarter comparison flattered Lindqvist Paper. Prices climbed "
              "day by day and fell year after year; sales rose 4% year on year.")
    assert [t.text for t in find_timexes(doc, "2024-11-01")] == []
    doc = nlp("Shares in Pellow Foods fell 8% in after-hours trading; its out-of-hours line "
              "stayed open.")
    assert [t.text for t in find_timexes(doc, "2024-11-01")] == []
    # a unit followed by a different one is still read
    kept = _find(nlp, "Sales rose 4% year on year in the quarter.", "2024-11-01",
                 "the quarter")
    assert kept.value == "2024-Q3"


def test_month_ranges_roll_into_the_next_year_and_quarter_parts(nlp):
    text = "The hearing was moved from late November to early February."
    start = _find(nlp, text, "2023-10-20", "late November")
    end = _find(nlp, text, "2023-10-20", "early February")
    assert (start.value, end.value, end.anchor) == ("2023-11", "2024-02", "previous_timex")
    # a day then a month joined by "to" is no range
    other = _find(nlp, "Officials made a revision Friday to November's data.", "2023-12-08",
                  "November")
    assert other.value == "2023-11"
    part = _find(nlp, "A ruling is expected by the end of Q3 2024.", "2024-05-02",
                 "the end of Q3 2024")
    # the END of a quarter is its last third
    assert (part.value, part.mod, part.range) == ("2024-Q3", "END",
                                                  ["2024-08-31", "2024-09-30"])


def test_figures_before_a_shifted_unit_and_wire_abbreviations(nlp):
    # market reports: "versus 41,000 week ago" is 41,000 head a week ago, and a figure that no
    # calendar could hold must never stop the stage
    doc = nlp("Receipts were 39,000 head versus 41,000 week ago and 38,000 year ago. Loss "
              "was 3.1 mln in 2nd qtr vs 118,000 year ago. There are 900 mills, down from "
              "1,200 ten years ago.")
    found = [(t.text, t.value) for t in find_timexes(doc, "1988-07-13")]
    assert found == [("week ago", "1988-W27"), ("year ago", "1987"), ("2nd qtr", "1988-Q2"),
                     ("year ago", "1987-Q2"), ("ten years ago", "1978")]
    month = _find(nlp, "Net for the six mths was up.", "1988-07-13", "the six mths")
    assert (month.type, month.value) == ("DURATION", "P6M")


def test_an_expression_that_cannot_be_resolved_is_logged_and_the_rest_kept(nlp, monkeypatch,
                                                                            caplog):
    import pipeline.extract.timex as timex_module

    real_resolve = timex_module.resolve

    def failing_resolve(spec, ctx):
        if "march" in spec.words:
            raise OverflowError("date value out of range")
        return real_resolve(spec, ctx)

    monkeypatch.setattr(timex_module, "resolve", failing_resolve)
    doc = nlp("The plant closed in March and reopened on Friday.")
    with caplog.at_level("WARNING", logger="pipeline.extract.timex"):
        found = [t.text for t in find_timexes(doc, "1990-06-06")]
    assert found == ["Friday"]
    assert "'March'" in caplog.text and "OverflowError" in caplog.text


@pytest.mark.parametrize("text,phrase,value,range_", [
    ("Ticket prices for the 2025-26 season went up.", "2025-26", "FY2025",
     ["2025-04-01", "2026-03-31"]),
    ("Members vote in the week beginning 21 October.", "the week beginning 21 October",
     "2024-W43", ["2024-10-21", "2024-10-27"]),
    ("The panel will report in three weeks' time.", "three weeks' time", "2024-W44",
     ["2024-10-28", "2024-11-03"]),
])
def test_split_years_weeks_beginning_and_time_ahead(nlp, text, phrase, value, range_):
    timex = _find(nlp, text, "2024-10-09", phrase)
    assert (timex.type, timex.value, timex.range) == ("DATE", value, range_)


def test_a_score_is_not_a_split_year(nlp):
    doc = nlp("The motion passed 2019-45 after a long debate.")
    assert [t.value for t in find_timexes(doc, "2024-10-09")] == []


def test_bare_day_at_the_other_end_of_a_range(nlp):
    doc = nlp("Roadworks close the bridge between 14 and 18 November. The show runs "
              "December 3 to 6 at the arena. Fees rose 2 to 4 percent on 9 October.")
    found = [(t.text, t.value) for t in find_timexes(doc, "2024-10-09")]
    assert found == [("14", "2024-11-14"), ("18 November", "2024-11-18"),
                     ("December 3", "2024-12-03"), ("6", "2024-12-06"),
                     ("9 October", "2024-10-09")]


def test_moving_a_date_points_ahead_only_with_until_or_to(nlp):
    acted = _find(nlp, "The committee postponed its vote on Wednesday.", "2025-10-09",
                  "Wednesday")
    assert acted.value == "2025-10-08"
    moved = _find(nlp, "The committee postponed its vote until Wednesday.", "2025-10-09",
                  "Wednesday")
    assert moved.value == "2025-10-15"


def test_midnight_tonight_is_one_time(nlp):
    doc = nlp("The walkout begins at midnight tonight.")
    found = [(t.text, t.type, t.value) for t in find_timexes(doc, "2025-05-08")]
    assert found == [("midnight tonight", "TIME", "2025-05-08T24:00")]


def test_range_start_takes_the_year_of_its_end_and_quarters_of_relative_years(nlp):
    doc = nlp("The survey ran from 2 March to 14 April last year.")
    found = [(t.text, t.value) for t in find_timexes(doc, "2025-05-08")]
    assert found == [("2 March", "2024-03-02"), ("14 April last year", "2024-04-14")]
    quarter = _find(nlp, "Completion is due in the third quarter of next year.", "2025-05-08",
                    "the third quarter of next year")
    assert quarter.value == "2026-Q3"


@pytest.mark.parametrize("text,value", [
    ("Shares in Orrin Foods rose as expected on Tuesday.", "1991-02-19"),
    ("Finally the crews let the dig begin as previously planned Saturday night.",
     "1991-02-23TNI"),
    ("The meeting is scheduled for Tuesday.", "1991-02-26"),
])
def test_as_planned_takes_the_tense_of_the_clause_it_qualifies(nlp, text, value):
    dated = [t for t in find_timexes(nlp(text), "1991-02-25") if t.type in ("DATE", "TIME")]
    assert [t.value for t in dated] == [value]


@pytest.mark.parametrize("text,value", [
    # "would" under a past "said" is the future of the reported speech
    ("A spokesman said Tarrow Haulage would meet union officials on Monday.", "2025-06-16"),
    ("Tarrow Haulage said it would shut the depot and move staff on Monday.", "2025-06-16"),
    # a condition or a counterfactual is not a reported future
    ("He said the deal would have collapsed on Monday without the loan.", "2025-06-09"),
    # a wait or a state that ran until a date is past; time allowed until a date is not
    ("Bexley Water did not reply until February.", "2025-02"),
    ("The depot had until Friday to respond.", "2025-06-13"),
    ("The court rejected an order that he remain in Leeds until March 6.", "2026-03-06"),
    # a plan made before a past one is behind us
    ("Marlow Analytics had promised to hand the files over in July.", "2024-07"),
])
def test_reported_futures_past_waits_and_past_plans(nlp, text, value):
    # published on Wednesday 11 June 2025
    dated = [t for t in find_timexes(nlp(text), "2025-06-11") if t.type == "DATE"]
    assert [t.value for t in dated] == [value]


@pytest.mark.parametrize("text,published,phrase,type_,value,range_", [
    ("The rent review takes effect on the first of next month.", "2025-11-20",
     "the first of next month", "DATE", "2025-12-01", ["2025-12-01", "2025-12-01"]),
    ("Invoices are due on the 15th of this month.", "2025-11-20", "the 15th of this month",
     "DATE", "2025-11-15", ["2025-11-15", "2025-11-15"]),
    ("Councillors will vote on the scheme the week after next.", "2025-09-16",
     "the week after next", "DATE", "2025-W40", ["2025-09-29", "2025-10-05"]),
    ("Two men were arrested in the early hours of Sunday.", "2025-09-16",
     "the early hours of Sunday", "TIME", "2025-09-14TNI", ["2025-09-14", "2025-09-14"]),
    ("Talks between the two sides ran into the small hours.", "2025-09-16",
     "the small hours", "TIME", "2025-09-16TNI", ["2025-09-16", "2025-09-16"]),
    ("Turnout was higher this time last year.", "2025-09-16", "this time last year", "DATE",
     "2024-09", ["2024-09-01", "2024-09-30"]),
    # the end of a split year is the last third of it
    ("The loan runs until the end of the 2024-25 season.", "2025-09-16",
     "the end of the 2024-25", "DATE", "FY2024", ["2024-11-30", "2025-03-31"]),
])
def test_days_of_relative_months_weeks_after_next_nights_and_season_parts(
        nlp, text, published, phrase, type_, value, range_):
    timex = _find(nlp, text, published, phrase)
    assert (timex.type, timex.value, timex.range) == (type_, value, range_)


@pytest.mark.parametrize("text,published,phrase,value", [
    # "set for" a date is when it will happen, whatever the perfect says
    ("A sentencing hearing has been set for 14 August.", "2025-05-22", "14 August",
     "2025-08-14"),
    # a participle in a future sentence may be still to come
    ("Fees paid before 31 December will be charged at the old rate.", "2025-11-20",
     "31 December", "2025-12-31"),
    # a season naming a timetable under a present or reported future is the coming one
    ("The winter timetable starts on 1 November.", "2025-10-14", "winter", "2025-WI"),
    ("Calder Ferries said its winter timetable would start soon.", "2025-10-14", "winter",
     "2025-WI"),
    # ... while a label on figures in a reported future stays the month just gone
    ("The bank said it would release April lending figures on Friday.", "2025-06-02",
     "April", "2025-04"),
])
def test_set_for_future_participles_and_labels(nlp, text, published, phrase, value):
    assert _find(nlp, text, published, phrase).value == value


def test_a_point_of_comparison_does_not_move_the_story(nlp):
    text = ("Ferry bookings beat the figure for this time last year. Bookings had dipped "
            "during the previous week, the operator said.")
    assert _find(nlp, text, "2025-04-09", "the previous week").value == "2025-W14"
