"""Event dates and roles: nouns that are events, plans, ranges, forecasts, dues, tense and
speech time, amounts that are not times. Sentences written for each case."""

from __future__ import annotations

from test_events import only, run, when


def test_a_dated_event_noun_is_an_event(nlp):
    events, _ = run(nlp, "Friday's announcement surprised investors.")
    assert when(only(events, "announcement")) == ("2024-06-28", "occurred")
    events, _ = run(nlp, "The Oct. 23 sniper shooting of a doctor shocked the city.",
                    "1998-11-20")
    assert when(only(events, "shooting")) == ("1998-10-23", "occurred")
    # a dated noun that names no happening is not one
    events, _ = run(nlp, "The 2023 budget surplus pleased the council.")
    assert not [e for e in events if e.action in ("budget", "surplus")]


def test_a_dated_event_noun_takes_its_agent_from_its_possessor(nlp):
    events, _ = run(nlp, "NATO's summit in April will decide the matter.", "1998-12-05")
    summit = only(events, "summit")
    assert summit.actor == "north-atlantic-treaty-organization"
    assert when(summit) == ("1999-04", "planned")


def test_the_date_of_an_intention_goes_to_the_planned_act(nlp):
    events, _ = run(nlp, "The company intends to launch the service in November.")
    assert only(events, "intend").date is None
    launch = only(events, "launch")
    assert when(launch) == ("2024-11", "planned")
    assert launch.subject is not None and launch.subject.text == "The company"


def test_a_plan_for_a_past_day_stays_planned(nlp):
    events, _ = run(nlp, "The firm planned to open a plant in 2023.")
    assert when(only(events, "open")) == ("2023", "planned")


def test_since_and_a_compared_from_bound_a_range_and_do_not_date_the_event(nlp):
    events, _ = run(nlp, "Harlow Mining has not paid a dividend since 2019, when prices fell.")
    assert only(events, "pay").date is None
    events, _ = run(nlp, "Revenue rose 15% to $534 million from $464 million in the year-ago "
                         "period.", "1999-01-10")
    assert all(e.date is None for e in events if e.action == "rise")


def test_a_when_clause_on_a_time_phrase_is_dated_by_it(nlp):
    events, _ = run(nlp, "The shelter has looked after the dog since November, when it was "
                         "found tied to a gate.", "1999-01-10")
    assert when(only(events, "find")) == ("1998-11", "occurred")


def test_a_forecast_by_a_date_is_planned_not_a_deadline(nlp):
    events, _ = run(nlp, "Prices are expected to drift higher by the end of 1987.", "1987-03-02")
    assert when(only(events, "drift")) == ("1987", "planned")


def test_a_bond_due_on_a_date_sets_no_deadline_for_its_issuer(nlp):
    events, _ = run(nlp, "The company issued a eurobond due March 31, 1992.", "1987-03-02")
    issue = only(events, "issue")
    assert issue.date is None or issue.date.role != "deadline"


def test_a_past_report_with_by_is_no_deadline(nlp):
    events, _ = run(nlp, "The firm had not commented publicly by Monday.", "2024-07-02")
    comment = only(events, "comment")
    assert comment.negated and when(comment) == ("2024-07-01", "occurred")
    events, _ = run(nlp, "The fault was fixed by mid-afternoon.", "2024-07-02")
    fix = only(events, "fix")
    assert fix.date is not None and fix.date.role == "occurred"
    assert fix.subject is None  # "by mid-afternoon" is a time, not the one who fixed it


def test_later_today_is_planned(nlp):
    events, _ = run(nlp, "Ministers meet later today to discuss prices.", "1987-03-02")
    assert when(only(events, "meet")) == ("1987-03-02", "planned")


def test_a_date_pushed_back_to_lies_on_the_nearest_side(nlp):
    events, _ = run(nlp, "The regulator had pushed its deadline for operators back to "
                         "15 August.", "2024-07-02")
    assert only(events, "push").date.value == "2024-08-15"


def test_a_two_digit_decade_after_a_price_is_an_amount(nlp):
    from pipeline.extract.timex import find_timexes

    doc = nlp("He expects crude to trade in the mid 20s dollars a barrel.")
    assert not find_timexes(doc, "1987-03-02")
    doc = nlp("The band was famous in the 60s.")
    assert [t.value for t in find_timexes(doc, "1987-03-02")] == ["196"]


def test_this_weekend_in_an_undated_quote_said_before_publication_is_the_weekend_gone(nlp):
    from pipeline.extract.timex import find_timexes

    text = "‘Do it this weekend, you are in charge. This is not a breach,’ Dr Ann Bell said."
    assert [t.value for t in find_timexes(nlp(text), "2024-07-01")] == ["2024-W26-WE"]
    # a dated speech, or no quotation, keeps the coming weekend
    text = "‘We will meet this weekend,’ she said on Wednesday."
    assert find_timexes(nlp(text), "2024-07-04")[0].value == "2024-W27-WE"
    assert find_timexes(nlp("Members will meet this weekend."), "2024-07-01")[0].value == \
        "2024-W27-WE"


def test_the_act_a_phase_verb_begins_gets_its_own_date(nlp):
    events, _ = run(nlp, "The airline said the jet will begin to fly in 2009.", "2008-03-02")
    assert when(only(events, "fly")) == ("2009", "planned")
    assert when(only(events, "begin")) == ("2009", "planned")
    events, _ = run(nlp, "The jet began to fly in 2009.", "2010-03-02")
    assert when(only(events, "fly")) == ("2009", "occurred")
