"""`dateline evaluate events`: gold links read from TimeML, and the scoring of dates, agents and
roles, on small inputs built here (and once over TempEval-3, marked slow)."""
# ruff: noqa: E501  (the TimeML sample keeps its long lines)

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pipeline.evaluate.event_match import date_verdict, event_at
from pipeline.evaluate.events import (
    DateScores,
    is_gold_set,
    load_event_docs,
    offset_map,
    parse_event_links,
    score_dates,
)
from pipeline.evaluate.events_gold import (
    GoldScores,
    GoldSetError,
    load_gold_set,
    same_agent,
    score_document,
)
from pipeline.evaluate.timex import split_of
from pipeline.record import (
    Actor,
    AnalysisRecord,
    DocumentInfo,
    Event,
    EventDate,
    PipelineInfo,
    Span,
)
from tests.conftest import shared_path

# Raw TEXT starts with a newline and has a double space: normalising moves every offset.
TML = """<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="2001-03-09" functionInDocument="CREATION_TIME">2001-03-09</TIMEX3></DCT>
<TEXT>
Acme  <EVENT eid="e1" class="OCCURRENCE">opened</EVENT> a plant <TIMEX3 tid="t1" type="DATE" value="2001-03-06">Tuesday</TIMEX3>. It <EVENT eid="e2" class="OCCURRENCE">expanded</EVENT> in <TIMEX3 tid="t2" type="DATE" value="2000">2000</TIMEX3> and has <EVENT eid="e3" class="OCCURRENCE">grown</EVENT> since <TIMEX3 tid="t3" type="DATE" value="1995">1995</TIMEX3>. Sales <EVENT eid="e4" class="OCCURRENCE">rose</EVENT> <TIMEX3 tid="t4" type="DATE" value="PRESENT_REF">now</TIMEX3>, workers <EVENT eid="e5" class="OCCURRENCE">left</EVENT> <TIMEX3 tid="t5" type="DURATION" value="P2D">for two days</TIMEX3>, and the board <EVENT eid="e6" class="REPORTING">said</EVENT> so.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" pos="VERB" />
<MAKEINSTANCE eventID="e2" eiid="ei2" tense="PAST" pos="VERB" />
<MAKEINSTANCE eventID="e3" eiid="ei3" tense="PRESENT" pos="VERB" />
<MAKEINSTANCE eventID="e4" eiid="ei4" tense="PAST" pos="VERB" />
<MAKEINSTANCE eventID="e5" eiid="ei5" tense="PAST" pos="VERB" />
<MAKEINSTANCE eventID="e6" eiid="ei6" tense="PAST" pos="VERB" />
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1" />
<TLINK lid="l2" relType="INCLUDES" timeID="t2" relatedToEventInstance="ei2" />
<TLINK lid="l3" relType="BEGUN_BY" eventInstanceID="ei3" relatedToTime="t3" />
<TLINK lid="l4" relType="IS_INCLUDED" eventInstanceID="ei4" relatedToTime="t4" />
<TLINK lid="l5" relType="DURING" eventInstanceID="ei5" relatedToTime="t5" />
<TLINK lid="l6" relType="IS_INCLUDED" eventInstanceID="ei6" relatedToTime="t0" />
<TLINK lid="l7" relType="BEFORE" eventInstanceID="ei1" relatedToTime="t0" />
</TimeML>
"""


def test_timeml_links_that_date_an_event():
    doc = parse_event_links(TML, "a.tml")
    # kept: IS_INCLUDED a DATE, a time INCLUDES the event; left out: a range bound (since,
    # BEGUN_BY), PRESENT_REF, a duration, the DCT, BEFORE
    assert [(e.text, [(t.rel, t.days) for t in e.times]) for e in doc.events] == [
        ("opened", [("IS_INCLUDED", ("2001-03-06", "2001-03-06"))]),
        ("expanded", [("INCLUDES", ("2000-01-01", "2000-12-31"))]),
    ]
    assert doc.text.startswith("Acme opened a plant Tuesday.")
    assert all(doc.text[e.start:e.end] == e.text for e in doc.events)
    with_dct = parse_event_links(TML, "a.tml", with_dct=True)
    assert [e.text for e in with_dct.events] == ["opened", "expanded", "said"]


def test_offset_map_follows_dropped_whitespace():
    assert offset_map("\n a  b\t", "a b") == [0, 0, 0, 1, 2, 2, 3, 3]


def _event(eid: str, start: int, word: str, *, actor: str | None = None,
           date: tuple[str, str] | None = None, role: str = "occurred",
           negated: bool = False) -> Event:
    when = EventDate(value=date[0] if date[0] == date[1] else date[0][:7], range=list(date),
                     role=role, timex=None) if date else None
    return Event(id=eid, actor=actor, action=word, action_type="action", targets=[],
                 content="", negated=negated, modality="asserted", date=when,
                 attributed_to=None, quote=None, sentence=Span(0, 0, ""),
                 trigger=Span(start, start + len(word), word))


def _record(text: str, events: list[Event], actors: list[Actor] = (),
            published: str = "2001-03-09") -> AnalysisRecord:
    info = DocumentInfo(id="x", kind="news", title=None, url=None, publisher=None, author=None,
                        published=published, published_source="argument", text=text,
                        parent_id=None, source=None)
    return AnalysisRecord(pipeline=PipelineInfo("0", "m"), document=info, events=events,
                          actors=list(actors))


def test_date_scores_count_coverage_accuracy_and_precision():
    doc = parse_event_links(TML, "a.tml", with_dct=True)  # opened, expanded, said
    opened, expanded, said = doc.events
    record = _record(doc.text, [
        _event("1", opened.start, "opened", date=("2001-03-06", "2001-03-06")),   # right
        _event("2", expanded.start, "expanded", date=("1999-01-01", "1999-12-31")),  # wrong year
        _event("3", said.start, "said"),                                           # undated
    ])
    scores = DateScores()
    score_dates(doc, record, scores)
    fig = scores.figures()
    assert (fig["linked"], fig["covered"], fig["dated"], fig["right"]) == (3, 3, 2, 1)
    assert fig["coverage"] == 1.0
    assert fig["accuracy"] == pytest.approx(1 / 3)
    assert fig["date_f1"] == pytest.approx(1 / 3)
    assert fig["date_precision"] == 0.5
    assert fig["errors"] == {"year": 1, "undated": 1}
    missing = DateScores()
    score_dates(doc, _record(doc.text, record.events[:1]), missing)
    assert missing.figures()["coverage"] == pytest.approx(1 / 3)
    assert missing.errors["no event"] == 2


@pytest.mark.parametrize(("system", "gold", "verdict"), [
    (("2001-03-06", "2001-03-06"), ("2001-03-01", "2001-03-31"), "right"),
    (("2001-03-01", "2001-03-31"), ("2001-03-06", "2001-03-06"), "coarser"),
    (("2001-02-25", "2001-03-03"), ("2001-03-01", "2001-03-31"), "overlap"),
    (("2001-03-09", "2001-03-09"), ("2001-03-02", "2001-03-02"), "publication"),
    (("2001-03-16", "2001-03-16"), ("2001-03-02", "2001-03-02"), "direction"),
    (("2000-03-02", "2000-03-02"), ("2001-03-02", "2001-03-02"), "year"),
    (("2001-01-02", "2001-01-02"), ("2001-03-02", "2001-03-02"), "month"),
    (("2001-03-01", "2001-03-01"), ("2001-03-02", "2001-03-02"), "day"),
])
def test_date_verdict_kinds(system, gold, verdict):
    assert date_verdict(system, [gold], "2001-03-09") == verdict


def test_event_at_prefers_the_event_starting_at_the_trigger():
    a = _event("a", 0, "pushed back")
    b = _event("b", 7, "back", date=("2001-01-01", "2001-01-01"))
    assert event_at([a, b], 7, 11) is b
    assert event_at([a, b], 20, 25) is None


GOLD_TEXT = "Acme said on Monday that prices fell. The ballot closes on 12 March."


def _gold_dir(tmp_path, events):
    (tmp_path / "01-x.txt").write_text(GOLD_TEXT + "\n")
    (tmp_path / "01-x.meta.json").write_text(json.dumps({"published": "2001-03-07"}))
    (tmp_path / "01-x.events.json").write_text(json.dumps({"events": events}))
    return tmp_path


def _gold(trigger, start, agent=None, subject=None, date=None, role=None, **extra):
    assert GOLD_TEXT[start:start + len(trigger)] == trigger
    return {"trigger": trigger, "start": start, "end": start + len(trigger), "agent": agent,
            "subject": subject, "date": date, "role": role, "negated": False, **extra}


def test_gold_set_scores_agents_who_what_when_dates_and_roles(tmp_path):
    directory = _gold_dir(tmp_path, [
        _gold("said", 5, agent="Acme Corp", date="2001-03-05", role="occurred"),
        _gold("fell", 32, subject="prices"),
        _gold("closes", 49, subject="The ballot", date="2001-03-12", role="deadline"),
    ])
    assert is_gold_set(directory)
    (doc,) = load_gold_set(directory)
    acme = Actor(id="acme", name="Acme", kind="organisation", aliases=["Acme"])
    record = _record(GOLD_TEXT, [
        _event("1", 5, "said", actor="acme", date=("2001-03-05", "2001-03-05")),  # all right
        _event("2", 32, "fell", actor="acme", date=("2001-03-07", "2001-03-07")),  # wrong agent, spurious date
        _event("3", 49, "closes", date=("2001-03-12", "2001-03-12"), role="planned"),  # no agent
        _event("4", 10, "on", actor="acme"),  # not a gold event: a false pair
    ], [acme], published="2001-03-07")
    scores = GoldScores()
    score_document(doc, record, scores)
    fig = scores.figures()
    assert fig["agent"] == {"p": pytest.approx(1 / 3), "r": pytest.approx(1 / 3),
                            "f1": pytest.approx(1 / 3)}
    assert fig["who_what_when"]["r"] == pytest.approx(1 / 3)
    assert (fig["date_gold"], fig["date_coverage"], fig["date_accuracy"]) == (2, 1.0, 1.0)
    assert (fig["spurious_dates"], fig["undated_gold"]) == (1, 1)
    assert fig["role_accuracy"] == 0.5
    assert fig["role_confusions"] == {"deadline->planned": 1}
    assert fig["errors"] == {"agent: wrong agent": 1, "agent: no agent": 1,
                             "date: spurious": 1}


def test_gold_optional_date_accepts_none_and_who_what_when_needs_the_date(tmp_path):
    directory = _gold_dir(tmp_path, [
        _gold("said", 5, agent="Acme", date="2001-03-05", role="occurred", date_optional=True),
        _gold("closes", 49, subject="ballot", date="2001-03-12", role="deadline"),
    ])
    (doc,) = load_gold_set(directory)
    closes = _event("2", 49, "closes", date=("2001-03-19", "2001-03-19"), role="deadline")
    closes.subject = Span(38, 48, "The ballot")  # a record's subject names the agent
    record = _record(GOLD_TEXT, [_event("1", 5, "said", actor="acme"), closes],
                     [Actor(id="acme", name="Acme", kind="organisation")])
    scores = GoldScores()
    score_document(doc, record, scores)
    fig = scores.figures()
    assert fig["agent"]["f1"] == 1.0
    assert fig["who_what_when"]["r"] == 0.5  # "closes" has the right agent, the wrong day
    assert (fig["date_gold"], fig["date_accuracy"]) == (1, 0.0)  # "said" left out
    assert fig["errors"] == {"date: day": 1}


def test_gold_files_that_do_not_fit_fail_clearly(tmp_path):
    bad_role = _gold_dir(tmp_path, [_gold("said", 5, role="soon")])
    with pytest.raises(GoldSetError, match="role"):
        load_gold_set(bad_role)
    moved = _gold_dir(tmp_path, [{**_gold("said", 5), "start": 6, "end": 10}])
    (doc,) = load_gold_set(moved)
    with pytest.raises(GoldSetError, match="not at 6"):
        score_document(doc, _record(GOLD_TEXT, []), GoldScores())


def test_same_agent_matches_names_as_whole_words():
    assert same_agent("The Pharmacy Staff Association", ["Pharmacy Staff Association"])
    assert same_agent("Members of the Tramway Workers' Union", ["Tramway Workers' Union"])
    assert not same_agent("Acme", ["Acmeco"])
    assert not same_agent("Acme", [])


def _named(split: str) -> str:
    return next(f"doc{i}.tml" for i in range(100) if split_of(f"doc{i}.tml") == split)


def test_show_never_prints_held_out_files(tmp_path, nlp):
    from pipeline.evaluate.events import events_command

    text = ('<DCT><TIMEX3 tid="t0" type="DATE" value="2001-03-09">x</TIMEX3></DCT>\n<TEXT>\n'
            'Acme Corp <EVENT eid="e1">announced</EVENT> the merger on '
            '<TIMEX3 tid="t1" type="DATE" value="1999-01-04">Monday</TIMEX3>.\n</TEXT>\n'
            '<MAKEINSTANCE eventID="e1" eiid="ei1" pos="VERB" />\n'
            '<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1" />\n')
    tune, heldout = _named("tune"), _named("heldout")
    for name in (tune, heldout):
        (tmp_path / name).write_text(text)
    assert len(load_event_docs(tmp_path, "heldout")) == 1
    result = CliRunner().invoke(events_command, [str(tmp_path), "--show", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert tune in result.output and heldout not in result.output
    assert "files 2 (all)  linked gold events 2" in result.output


@pytest.mark.slow
def test_timeml_held_out_scores(nlp):
    from pipeline.evaluate.events import evaluate_timeml

    docs = load_event_docs(shared_path("data", "tempeval3"), "heldout")
    assert len(docs) == 44 and sum(len(d.events) for d in docs) == 246
    fig = evaluate_timeml(docs).figures()
    assert fig["failed_docs"] == 0
    # the figures hang together: date F1 is coverage x accuracy, and right dates are dated
    assert fig["date_f1"] == pytest.approx(fig["coverage"] * fig["accuracy"])
    assert fig["right"] <= fig["dated"] <= fig["covered"] <= fig["linked"]
    assert fig["coverage"] > 0.4 and fig["date_precision"] > 0.7
