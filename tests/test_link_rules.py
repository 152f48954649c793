"""Linking rules across action classes and roles: denials of one thing by one actor, a vote and
the ballot's close on one day, a promise dated after an earlier act, and the date spread.
Texts are our own."""

from __future__ import annotations

from itertools import permutations

import pytest
from test_link import _partition, _record, _report

from pipeline.link import link_documents
from pipeline.link.evidence import link_reason, report_terms
from pipeline.link.story import Member, summarise
from pipeline.store import Store

_DAY = {"dated": True, "precision": "day"}


def _on(day: str) -> dict:
    return _DAY | {"date_start": day, "date_end": day}


# -- denials ------------------------------------------------------------------------------------

def test_a_negated_act_and_a_statement_denying_it_are_one_happening():
    act = _report(action_class="implement", actor="harlow-soft", negated=True,
                  terms=report_terms("is not making the change", None))
    said = _report(event_id="b", document_id="d2", action_class="say", actor="harlow-soft",
                   published="2024-07-02",
                   terms=report_terms("it was not going ahead with the change", None))
    assert link_reason(act, said) and link_reason(act, said) == link_reason(said, act)
    assert link_reason(act, said).startswith("denial")


def test_denials_need_one_actor_and_shared_content():
    act = _report(action_class="implement", actor="harlow-soft", negated=True,
                  terms=report_terms("is not making the change", None))
    other_actor = _report(event_id="b", document_id="d2", action_class="say",
                          actor="bramble-it",
                          terms=report_terms("it was not going ahead with the change", None))
    unrelated = _report(event_id="c", document_id="d3", action_class="say",
                        actor="harlow-soft",
                        terms=report_terms("its offices would not open on Friday", None))
    affirmed = _report(event_id="d", document_id="d4", action_class="say", actor="harlow-soft",
                       terms=report_terms("it was going ahead with the change", None))
    assert link_reason(act, other_actor) is None
    assert link_reason(act, unrelated) is None
    assert link_reason(act, affirmed) is None


def test_a_denial_and_an_assertion_by_one_speaker_are_two_statements():
    denial = _report(action_class="say", actor="harlow-soft",
                     terms=report_terms("talks with the council were not continuing", None))
    assertion = _report(event_id="b", document_id="d2", action_class="say",
                        actor="harlow-soft",
                        terms=report_terms("talks with the council were continuing", None))
    assert link_reason(denial, assertion) is None


# -- a vote and the ballot's close --------------------------------------------------------------

def test_a_vote_until_a_day_and_the_ballot_closing_that_day_are_one_happening():
    vote = _report(action_class="vote", actor=None, **_on("2024-09-16"),
                   terms=report_terms("members can vote on strike action until 16 September",
                                      None))
    close = _report(event_id="b", document_id="d2", action_class="close", actor=None,
                    **_on("2024-09-16"),
                    terms=report_terms("ends on 16 September",
                                       "The ballot ends on 16 September."))
    assert link_reason(vote, close) and link_reason(vote, close) == link_reason(close, vote)
    other_day = _report(event_id="c", document_id="d3", action_class="close", actor=None,
                        **_on("2024-09-17"), terms=close.terms)
    no_ballot = _report(event_id="d", document_id="d4", action_class="close", actor=None,
                        **_on("2024-09-16"),
                        terms=report_terms("ends on 16 September",
                                           "The consultation ends on 16 September."))
    assert link_reason(vote, other_day) is None
    assert link_reason(vote, no_ballot) is None


def _ballot_story():
    union = ("tidewater-union", "Tidewater Union", "organisation")
    return [
        _record("Tidewater Union members can vote on strike action until 16 September.",
                source="courier", publisher="Courier", published="2024-09-01", actors=[union],
                events=[{"action": "vote",
                         "content": "members can vote on strike action until 16 September",
                         "date": ("2024-09-16", "2024-09-16", "2024-09-16", "deadline")}]),
        _record("The Tidewater Union ballot ends on 16 September.", source="gazette",
                publisher="Gazette", published="2024-09-02", actors=[union],
                events=[{"action": "end", "content": "ends on 16 September",
                         "date": ("2024-09-16", "2024-09-16", "2024-09-16", "deadline")}]),
        _record("Tidewater Union's ballot closes on 16 September.", source="herald",
                publisher="Herald", published="2024-09-03", actors=[union],
                events=[{"action": "close", "content": "closes on 16 September",
                         "date": ("2024-09-16", "2024-09-16", "2024-09-16", "deadline")}]),
    ]


@pytest.mark.parametrize("order", list(permutations(range(3))))
def test_the_vote_and_the_ballot_close_are_one_story_in_any_order(tmp_path, order):
    store = Store(tmp_path / "t.db")
    story = _ballot_story()
    for index in order:
        store.write(*story[index])
        link_documents(store.db, [store.db.execute(
            "select id from documents order by rowid desc limit 1").fetchone()[0]])
    assert _partition(store) == {frozenset({("Courier", "e1"), ("Gazette", "e1"),
                                            ("Herald", "e1")})}


# -- a promise after an act ---------------------------------------------------------------------

def test_a_promise_dated_after_an_act_of_one_actor_stays_apart():
    terms = report_terms("would send the regulator its report", None)
    sent = _report(action_class="send", actor="kiln-systems", role="occurred",
                   **_on("2025-03-14"), terms=terms)
    promised = _report(event_id="b", document_id="d2", action_class="send",
                       actor="kiln-systems", role="deadline", **_on("2025-03-26"), terms=terms)
    assert link_reason(sent, promised) is None
    # The same promise restated with a date a few days apart is still a date conflict.
    restated = _report(event_id="c", document_id="d3", action_class="send",
                       actor="kiln-systems", role="deadline", **_on("2025-03-28"), terms=terms)
    assert link_reason(promised, restated)


# -- the date spread ----------------------------------------------------------------------------

def _member(event_id: str, outlet: str, document: str, day: str) -> Member:
    return Member(event_id, document, outlet, None, None, "2024-07-01", None, True, day, day,
                  day, "day", False, "instruct")


def test_the_date_spread_reads_without_nested_brackets():
    row = summarise([_member("a", "Courier", "d1", "2024-06-28"),
                     _member("b", "Weekly (fictional)", "d2", "2024-06-28"),
                     _member("c", "Courier", "d1", "2024-06-30")])
    assert row["date_spread"] == "28 June 2024: Courier, Weekly · 30 June 2024: Courier"


def test_statements_denying_a_negated_act_are_not_marked_as_denying_it():
    act = {"event_id": "a", "document_id": "d1", "outlet": "Courier", "dated": 0,
           "negated": 1, "action_class": "implement", "terms": "@implement chang ~not"}
    said = act | {"event_id": "b", "document_id": "d2", "outlet": "Gazette", "negated": 0,
                  "action_class": "say", "terms": "@implement ahead ~not"}
    row = summarise([Member.from_row(act), Member.from_row(said)])
    assert row["negation_conflict"] == 0 and "denies" not in row["claimants"]
