"""Event agents and subjects: names inside descriptions, possessors and owners, makers of
noun compounds, speakers, and the subject every event carries. Sentences written for each case."""

from __future__ import annotations

from test_events import only, run


def test_an_apposition_names_the_agent_not_the_possessor(nlp):
    events, _ = run(nlp, "Germany's finance minister, Peer Steinbrueck, resigned on Friday.")
    assert only(events, "resign").actor == "peer-steinbrueck"
    events, _ = run(nlp, "Japan's prime minister, Taro Aso, spoke on Tuesday about the crisis.")
    assert only(events, "speak").actor == "taro-aso"


def test_a_possessor_owns_the_subject_and_does_not_act(nlp):
    events, _ = run(nlp, "Norway's oil fund sold its stake in Harlow Mining on Monday.")
    sell = only(events, "sell")
    assert sell.actor is None
    assert sell.subject is not None and sell.subject.text == "Norway's oil fund"
    assert sell.subject.owner == "norway"


def test_an_of_phrase_owns_the_subject(nlp):
    events, _ = run(nlp, "A ballot of Corbridge Rovers members will close on 29 July.")
    close = only(events, "close")
    assert close.actor is None
    assert close.subject.text == "A ballot of Corbridge Rovers members"
    assert close.date is not None and close.date.role == "deadline"


def test_the_maker_of_a_noun_compound_acts(nlp):
    events, _ = run(nlp, "A Halden Council letter sent to residents on Friday warned of delays.")
    send = only(events, "send")
    assert send.actor == "halden-council"
    assert send.date is not None and send.date.value == "2024-06-28"


def test_a_subject_that_is_no_actor_is_kept_as_the_subject(nlp):
    events, _ = run(nlp, "Industrial action may commence on 1 August.")
    commence = only(events, "commence")
    assert commence.actor is None and commence.subject.text == "Industrial action"
    text = "Ticket prices will rise on 1 September."
    events, _ = run(nlp, text)
    rise = only(events, "rise")
    assert text[rise.subject.start:rise.subject.end] == "Ticket prices"


def test_a_relative_pronoun_subject_is_its_noun(nlp):
    events, _ = run(nlp, "Members backed a ballot which will close on Monday 29 July.")
    close = only(events, "close")
    assert close.subject.text == "a ballot"
