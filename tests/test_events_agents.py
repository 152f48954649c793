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


def test_we_in_the_words_of_an_organisations_officer_is_the_organisation(nlp):
    events, _ = run(nlp, "Kwame Osei, chair of the Pharmacy Staff Association, spoke on "
                         "Monday. \"We asked the trust to meet us,\" Osei said.")
    assert only(events, "ask").actor == "pharmacy-staff-association"
    assert only(events, "say").actor == "kwame-osei"  # the person still speaks


def test_a_reported_happening_with_a_named_subject_is_kept_undated(nlp):
    events, _ = run(nlp, "Revenue rose 4% to 80 million pounds.")
    rise = only(events, "rise")
    assert rise.actor is None and rise.date is None and rise.subject.text == "Revenue"
    events, _ = run(nlp, "The walkout has disrupted freight.")
    assert only(events, "disrupt").subject.text == "The walkout"


def test_we_of_a_person_titled_by_an_organisation_is_that_organisation(nlp):
    events, _ = run(nlp, "The Harbour Workers Union met Corbel Shipping on Monday. Yesterday "
                         "Harbour Workers Union deputy chair Dr Ann Bell said: 'We will strike "
                         "on Friday.'")
    assert only(events, "strike").actor == "harbour-workers-union"


def test_which_after_the_voters_of_a_ballot_is_the_ballot(nlp):
    events, _ = run(nlp, "Members backed a ballot of harbour pilots which will close on "
                         "Monday 29 July.")
    close = only(events, "close")
    assert close.subject.text == "a ballot of harbour pilots"
    assert close.date is not None and close.date.role == "deadline"


def test_the_thing_suggested_to_begin_is_the_subject_and_the_suggester_its_owner(nlp):
    text = ("Closing the berth was one of the Harbour Workers Union's suggestions for "
            "possible industrial action to commence on 3 September.")
    events, _ = run(nlp, text)
    commence = only(events, "commence")
    assert commence.subject.text == "possible industrial action"
    assert commence.subject.owner == "harbour-workers-union"


def test_communications_from_a_body_to_others_make_it_the_agent_and_them_its_targets(nlp):
    events, _ = run(nlp, "The union has seen communications from the Port Authority to Corbel "
                         "Shipping and Halyard Freight to block the plan.")
    block = only(events, "block")
    assert block.actor == "port-authority"
    assert block.targets == ["corbel-shipping", "halyard-freight"]
    # the one asked does what a request asks: no agent is read from a request's sender
    events, _ = run(nlp, "The firm received a request from the Port Authority to remove the "
                         "option.")
    assert all(e.actor != "port-authority" for e in events if e.action == "remove")


def test_it_acting_is_the_organisation_just_named_but_an_impersonal_it_is_nobody(nlp):
    events, _ = run(nlp, "Karst Minerals reported a loss on Monday. Later it cut its dividend.")
    assert only(events, "cut").actor == "karst-minerals"
    events, _ = run(nlp, "Karst Minerals reported a loss on Monday. It seems prices fell.")
    assert all(e.actor is None for e in events if e.action == "seem")


def test_us_and_our_in_an_officers_quote_are_the_organisation_as_target(nlp):
    events, _ = run(nlp, "Kwame Osei, chair of the Pharmacy Staff Association, spoke on "
                         "Monday. \"The trust ignored us,\" Osei said. \"Harlow Council wrote "
                         "to our members on Friday,\" he added.")
    assert only(events, "ignore").targets == ["pharmacy-staff-association"]
    assert only(events, "write").targets == ["pharmacy-staff-association"]


def test_an_infinitive_on_another_noun_is_not_the_conducts_aim(nlp):
    events, _ = run(nlp, "We have seen communications from the Port Authority to Corbel "
                         "Shipping to stop this step, and remove operators' rights as "
                         "the data owner to control this.")
    assert all(e.actor != "port-authority" for e in events if e.action == "control")
