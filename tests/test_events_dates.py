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
