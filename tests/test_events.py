"""Events: agents, passives, phrasal verbs, negation, modality, dates and deduplication, with
sentences written for each case, then the seed article."""

from __future__ import annotations

import pytest

from pipeline.extract.actors import find_actors
from pipeline.extract.events import article_end, find_events
from pipeline.extract.timex import find_timexes

PUBLISHED = "2024-07-01"


def run(nlp, text: str, published: str = PUBLISHED):
    doc = nlp(text)
    timexes = find_timexes(doc, published)
    return find_events(doc, find_actors(doc), timexes, published)


def when(event) -> tuple[str, str] | None:
    """An event's date value and role."""
    return (event.date.value, event.date.role) if event.date is not None else None


def only(events, action: str):
    found = [e for e in events if e.action == action]
    assert len(found) == 1, [(e.action, e.actor) for e in events]
    return found[0]


def test_phrasal_verb_and_agentless_passive_with_date(nlp):
    events, _ = run(nlp, "The new booking system was rolled out in March across all hospitals.")
    event = only(events, "roll out")
    assert event.actor is None
    assert event.date is not None and event.date.value == "2024-03"
    assert event.date.role == "occurred"


def test_passive_with_by_agent(nlp):
    events, _ = run(nlp, "The contract was cancelled by Siemens last week.")
    event = only(events, "cancel")
    assert event.actor == "siemens"
    assert event.action_type == "action"


def test_negation_and_targets(nlp):
    events, _ = run(nlp, "Microsoft did not contact Google about the outage.")
    event = only(events, "contact")
    assert event.negated is True
    assert event.targets == ["google"]
    assert event.action_type == "contact"


def test_planned_with_will(nlp):
    events, _ = run(nlp, "Siemens will launch the product on 3 September.")
    event = only(events, "launch")
    assert event.modality == "planned"
    assert event.date.value == "2024-09-03" and event.date.role == "planned"


def test_conditional(nlp):
    events, _ = run(nlp, "Siemens will close the plant if Volkswagen cancels the order.")
    event = only(events, "close")
    assert event.modality == "conditional"


def test_deadline_from_by(nlp):
    events, _ = run(nlp, "Oracle asked customers to update their servers by 15 July.")
    event = only(events, "ask")
    assert event.date.value == "2024-07-15"
    assert event.date.role == "deadline"
    assert event.action_type == "request"


def test_date_never_comes_from_a_neighbouring_sentence(nlp):
    events, _ = run(nlp, "On Friday the board met in Leeds. Siemens announced a new chief.")
    event = only(events, "announce")
    assert event.date is None


def test_nested_claim_is_attributed_to_the_speaker(nlp):
    events, atts = run(nlp, "Oracle said that Microsoft had cancelled the contract.")
    cancel = only(events, "cancel")
    assert cancel.actor == "microsoft"
    assert cancel.attributed_to == "oracle"
    assert cancel.modality == "reported"
    say = only(events, "say")
    assert say.attributed_to is None
    assert atts[0].event == say.id


def test_same_event_twice_is_one_event_with_two_mentions(nlp):
    text = ("Siemens instructed its staff on Friday to stop work. "
            "The weather was bad. "
            "On Friday, Siemens asked its staff to stop work immediately.")
    events, _ = run(nlp, text)
    directives = [e for e in events if e.actor == "siemens"
                  and e.action_type in ("instruction", "request")]
    assert len(directives) == 1
    assert len(directives[0].mentions) == 2
    assert directives[0].date.value == "2024-06-28"


def test_different_dates_are_not_merged(nlp):
    text = ("Siemens instructed its staff on Friday to stop. "
            "Siemens instructed its staff on 3 May to go.")
    events, _ = run(nlp, text)
    assert len([e for e in events if e.action == "instruct"]) == 2


def test_trailing_reader_comments_produce_no_events(nlp):
    text = ("Siemens announced on Monday that it will close the plant.\n\n"
            "Oracle confirmed the sale of its hardware unit.\n\n"
            "Jane Doe 1 July, 2024 11:19 am\n\nOracle cancelled my contract.\n\n"
            "John Smith 1 July, 2024 12:22 pm\n\nSiemens denied everything.")
    end = article_end(text)
    assert text[:end].rstrip().endswith("hardware unit.")
    events, _ = run(nlp, text)
    assert events
    assert all(e.sentence.start < end for e in events)


# --- the seed ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_record(seed_path):
    from pipeline.api import analyze

    return analyze(seed_path, published=PUBLISHED)


def test_seed_gpc_instruction_is_one_event_with_both_mentions(seed_record):
    found = [e for e in seed_record.events if e.action_type in ("instruction", "request")
             and e.date is not None and e.date.value == "2024-06-28"
             and e.actor and "committee" in e.actor]
    assert len(found) == 1
    event = found[0]
    assert event.action in ("instruct", "ask")
    assert len(event.mentions) == 2
    texts = " ".join(m.text for m in event.mentions)
    assert "instructed practices on Friday" in texts and "on Friday last week asked" in texts


def test_seed_nhs_england_request_has_deadline_on_speaker_word(seed_record):
    found = [e for e in seed_record.events if e.actor == "nhs-england" and e.action == "ask"]
    assert len(found) == 1
    event = found[0]
    assert event.date.value == "2024-07-01" and event.date.role == "deadline"
    assert event.attributed_to in ("katie-bramall-stainer", "bma-gp-committee-england")


def test_seed_tpp_not_making_the_change_is_negated(seed_record):
    found = [e for e in seed_record.events if e.action == "make" and "this change" in e.content]
    assert len(found) == 1
    assert found[0].negated is True
    assert found[0].attributed_to == "tpp"
    assert found[0].actor == "tpp"


def test_seed_ballot_closes_as_deadline(seed_record):
    found = [e for e in seed_record.events if e.action == "close"]
    assert len(found) == 1
    assert found[0].date.value == "2024-07-29" and found[0].date.role == "deadline"


def test_seed_industrial_action_planned_and_conditional(seed_record):
    found = [e for e in seed_record.events if e.date and e.date.value == "2024-08-01"]
    assert len(found) == 1
    assert found[0].date.role == "planned"
    assert found[0].modality == "conditional"


def test_seed_pulse_contacted_nhs_england_and_emis(seed_record):
    found = [e for e in seed_record.events if e.action_type == "contact" and e.actor == "pulse"]
    assert len(found) == 1
    assert set(found[0].targets) == {"nhs-england", "emis"}


def test_seed_attributions_link_speakers_and_events(seed_record):
    by_id = {e.id: e for e in seed_record.events}
    spokesperson = [a for a in seed_record.attributions
                    if a.source and a.source.text == "A spokesperson"]
    assert len(spokesperson) == 1
    assert spokesperson[0].kind == "direct"
    assert spokesperson[0].source.actor == "tpp"
    # the quotation runs over three paragraphs
    assert len(spokesperson[0].content) == 3
    assert by_id[spokesperson[0].event].actor == "tpp"


def test_seed_comments_give_no_article_events(seed_path):
    from pipeline.api import analyze

    record = analyze(seed_path.read_text(encoding="utf-8"), published=PUBLISHED)
    end = record.document.text.find("Please note, only GPs")
    assert end > 0
    assert record.events
    assert all(e.sentence.start < end for e in record.events)


def test_a_dated_request_keeps_its_date_and_the_deadline_it_sets_becomes_an_event(nlp):
    events, _ = run(nlp, "The regulator ordered Northfield Water Ltd last month to repair the "
                         "outfall by 30 August.")
    order = only(events, "order")
    assert when(order) == ("2024-06", "occurred")
    repair = only(events, "repair")
    assert when(repair) == ("2024-08-30", "deadline")
    assert repair.actor == "northfield-water-ltd"
    assert repair.modality == "planned"
    # an undated request carries the deadline itself, as before
    events, _ = run(nlp, "Oracle asked customers to update their servers by 15 July.")
    assert only(events, "ask").date.role == "deadline"
    assert not [e for e in events if e.action == "update"]


def test_within_a_period_is_a_deadline_counted_from_publication(nlp):
    # published on a Friday: ten working days skip two weekends
    events, _ = run(nlp, "The council said it would reply within ten working days.",
                    "2025-03-14")
    reply = only(events, "reply")
    assert when(reply) == ("2025-03-28", "deadline")
    events, _ = run(nlp, "Landlords must register within three months.", "2025-11-30")
    register = only(events, "register")
    assert when(register) == ("2026-02-28", "deadline")
    # a duration that is not a limit gives no date
    events, _ = run(nlp, "The strike lasted for three weeks.", "2025-03-14")
    assert only(events, "last").date is None


def test_a_past_telling_does_not_take_the_date_of_what_it_announces(nlp):
    events, _ = run(nlp, "The operator has told passengers to expect fewer sailings from "
                         "Monday.", "2025-03-14")
    assert only(events, "tell").date is None
    expect = only(events, "expect")
    assert when(expect) == ("2025-03-17", "planned")


def test_a_modal_passive_with_a_coming_date_is_planned(nlp):
    events, _ = run(nlp, "Members would be updated on Monday 7 October, the chair said.",
                    "2024-10-03")
    update = only(events, "update")
    assert when(update) == ("2024-10-07", "planned")


def test_as_planned_qualifies_the_act_and_keeps_its_tense(nlp):
    # published on a Thursday: the past "went ahead" is the Tuesday just gone, the
    # coming "will go ahead" is the Friday ahead; "as scheduled" is no event of its own
    events, _ = run(nlp, "The Harrowgate vote went ahead as scheduled on Tuesday. The "
                         "reopening will go ahead as planned on Friday.", "2024-07-04")
    actions = [e.action for e in events]
    assert "schedule" not in actions and "plan" not in actions, actions
    past, coming = [e for e in events if e.action == "go ahead"]
    assert when(past) == ("2024-07-02", "occurred")
    assert when(coming) == ("2024-07-05", "planned")


def test_would_under_a_past_speech_verb_is_a_reported_plan(nlp):
    # "later this year" starts before publication but reaches past it: still to come
    events, _ = run(nlp, "The Marlow Trust said it would consult on stricter limits later "
                         "this year.", "2025-01-27")
    consult = only(events, "consult")
    assert consult.modality == "planned"
    assert consult.date.role == "planned"
    # an "if" still makes it conditional
    events, _ = run(nlp, "The Marlow Trust said it would consult on stricter limits if "
                         "ministers agreed.", "2025-01-27")
    assert only(events, "consult").modality == "conditional"


def test_a_future_modal_with_a_date_reaching_publication_is_planned(nlp):
    events, _ = run(nlp, "Ostby Council would write to every tenant this week, officials "
                         "confirmed.", "2025-03-20")
    write = only(events, "write")
    assert write.date.value == "2025-W12" and write.date.role == "planned"


def test_a_past_close_or_end_is_an_occurrence_not_a_deadline(nlp):
    events, _ = run(nlp, "The Pellham ballot closed last Friday.", "2025-03-20")
    assert only(events, "close").date.role == "occurred"
    events, _ = run(nlp, "The Pellham consultation closed on 3 March.", "2025-03-20")
    assert only(events, "close").date.role == "occurred"
    events, _ = run(nlp, "Sales for the quarter ended March 31 fell 9%.", "2025-05-08")
    end = only(events, "end")
    assert when(end) == ("2025-03-31", "occurred")
    # the present or future close is still a deadline
    events, _ = run(nlp, "The Pellham ballot closes on 3 April.", "2025-03-20")
    assert only(events, "close").date.role == "deadline"


def test_adjourned_until_a_date_is_planned_for_that_date(nlp):
    events, _ = run(nlp, "The Quarrington inquest was postponed until 9 December.",
                    "2025-11-20")
    postpone = only(events, "postpone")
    assert when(postpone) == ("2025-12-09", "planned")
    events, _ = run(nlp, "The Quarrington hearing was adjourned yesterday until 9 December "
                         "after lawyers said they needed more time.", "2025-11-20")
    adjourn = only(events, "adjourn")
    assert when(adjourn) == ("2025-12-09", "planned")
    assert only(events, "say").date is None


def test_the_subject_of_a_raising_head_acts_in_its_infinitive(nlp):
    events, _ = run(nlp, "Velmont Energy is expected to make a final decision in April.",
                    "2025-03-20")
    assert not [e for e in events if e.action == "expect"]
    make = only(events, "make")
    assert make.actor == "velmont-energy"
    assert when(make) == ("2025-04", "planned")
    events, _ = run(nlp, "Velmont Energy is due to open its depot in November 2025.",
                    "2025-03-20")
    opening = only(events, "open")
    assert opening.actor == "velmont-energy"
    assert when(opening) == ("2025-11", "planned")
    events, _ = run(nlp, "Velmont Energy is scheduled to speak on 26 March 2025.",
                    "2025-03-20")
    speak = only(events, "speak")
    assert speak.actor == "velmont-energy" and speak.date.role == "planned"


def test_told_to_is_an_instruction_and_the_act_directed_has_the_deadline(nlp):
    events, _ = run(nlp, "The Harwick Agency told Dunmore Telecom to patch its routers by "
                         "5 December.", "2025-11-20")
    tell = only(events, "tell")
    assert tell.action_type == "instruction"
    assert tell.targets == ["dunmore-telecom"]
    patch = only(events, "patch")
    assert when(patch) == ("2025-12-05", "deadline")
    assert patch.actor == "dunmore-telecom" and patch.attributed_to == "harwick-agency"


def test_a_date_on_a_noun_does_not_date_the_clause(nlp):
    events, _ = run(nlp, "Corvane Robotics will report second-quarter results on 6 August.",
                    "2025-05-08")
    assert only(events, "report").date.value == "2025-08-06"
    events, _ = run(nlp, "Ostby Council said it faced a gap of £2.3 million in next year's "
                         "budget.", "2025-03-20")
    assert only(events, "face").date is None
    # a coordinated verb shares the date of its first conjunct
    events, _ = run(nlp, "Corvane Robotics on Thursday reported a loss and lowered its "
                         "revenue forecast for the full year.", "2025-05-08")
    assert only(events, "lower").date.value == only(events, "report").date.value


def test_a_dated_copula_is_an_event(nlp):
    events, _ = run(nlp, "A fix for version 5.1 will be available on 21 November.",
                    "2025-11-10")
    available = only(events, "be available")
    assert when(available) == ("2025-11-21", "planned")
    # undated, a copula states and is no event
    events, _ = run(nlp, "A fix for version 5.1 is available.", "2025-11-10")
    assert not [e for e in events if e.action == "be available"]


def test_what_a_denial_reports_is_negated(nlp):
    events, _ = run(nlp, "Brightwater Bank denied that it would shut its branches by the "
                         "end of 2026.", "2025-09-05")
    shut = only(events, "shut")
    assert shut.negated is True and shut.attributed_to == "brightwater-bank"
    events, _ = run(nlp, "Brightwater Bank said that it would shut its branches by the end "
                         "of 2026.", "2025-09-05")
    assert only(events, "shut").negated is False


def test_a_past_promise_whose_date_has_passed_is_not_planned(nlp):
    events, _ = run(nlp, "Fenwick Holdings had promised to hand the documents over in July "
                         "2025.", "2025-09-05")
    dated = [e for e in events if e.date is not None]
    assert dated and all(e.date.role != "planned" for e in dated)
    hand = only(events, "hand over")
    assert hand.date.value == "2025-07" and hand.actor == "fenwick-holdings"
    assert only(events, "promise").date is None


def test_the_clause_of_a_denied_report_is_negated(nlp):
    events, _ = run(nlp, "Brightwater Bank denied a newspaper report that it planned to shut "
                         "its branches by the end of 2026.", "2025-09-05")
    plan = only(events, "plan")
    assert plan.negated is True and plan.attributed_to == "brightwater-bank"


def test_a_time_phrase_right_after_a_speech_verb_dates_the_saying(nlp):
    # the parser hangs "on Monday" on the reported clause; it frames the saying
    events, _ = run(nlp, "Marlow Buses said on Monday it would cut services.", "2025-10-16")
    say = only(events, "say")
    # the saying's past tense, not the reported "would": the Monday before publication
    assert when(say) == ("2025-10-13", "occurred")
    assert only(events, "cut").date is None
    events, _ = run(nlp, "Kestrel Water said on Friday it had closed the reservoir.",
                    "2025-10-16")
    assert only(events, "say").date.value == "2025-10-10"
    assert only(events, "close").date is None
    # after the complement's subject or "that", the date is the reported act's
    events, _ = run(nlp, "Marlow Buses said it would cut services on Monday.", "2025-10-16")
    assert only(events, "say").date is None
    assert only(events, "cut").date.role == "planned"


def test_not_until_a_date_means_the_act_happens_then(nlp):
    events, _ = run(nlp, "The new trains will not enter service until March.", "2025-09-17")
    enter = only(events, "enter")
    assert enter.negated is False
    assert when(enter) == ("2026-03", "planned")
    events, _ = run(nlp, "The grants won't be paid until December.", "2025-09-17")
    pay = only(events, "pay")
    assert pay.negated is False and pay.date.role == "planned"
    events, _ = run(nlp, "Kessler Mining did not respond until 4 February.", "2025-09-17")
    respond = only(events, "respond")
    assert respond.negated is False and respond.date.role == "occurred"
    # without the negation "until" stays a deadline
    events, _ = run(nlp, "Kessler Mining has until 4 October to respond.", "2025-09-17")
    have = only(events, "have")
    assert have.negated is False and have.date.role == "deadline"


def test_the_date_a_thing_is_scheduled_for_is_planned(nlp):
    events, _ = run(nlp, "The appeal has been scheduled for 9 April.", "2025-02-03")
    assert only(events, "schedule").date.role == "planned"
    events, _ = run(nlp, "A sentencing hearing was set for 22 September.", "2025-06-30")
    assert only(events, "set").date.role == "planned"


def test_a_bare_clock_time_under_until_is_opening_hours_not_a_date(nlp):
    events, _ = run(nlp, "Ostby Council intends to keep the library open until 9pm.",
                    "2025-06-02")
    assert events and all(e.date is None for e in events), [(e.action, e.date) for e in events]
    assert only(events, "intend").date is None
    # a clock time on a named day still dates the act by that day
    events, _ = run(nlp, "The library will stay open until 9pm on Friday.", "2025-06-02")
    assert only(events, "stay").date.value == "2025-06-06"


def test_noun_modifier_dates_do_not_date_the_clause(nlp):
    events, _ = run(nlp, "The summer ferry service begins on 2 June.", "2025-05-20")
    assert only(events, "begin").date.value == "2025-06-02"
    events, _ = run(nlp, "The supporters' trust urged the board to cap season ticket prices "
                         "for the 2026-27 season.", "2025-07-03")
    assert events and all(e.date is None for e in events), [(e.action, e.date) for e in events]
    assert only(events, "urge").date is None
    events, _ = run(nlp, "Corbridge Rovers finished ninth, their lowest league position since "
                         "2011.", "2025-07-03")
    assert only(events, "finish").date is None
    events, _ = run(nlp, "The walkout began on Monday, adding to delays during the summer "
                         "holiday peak.", "2025-07-07")
    assert only(events, "begin").date.value == "2025-07-07"
    # the summer peak dates no event: whatever is found carries Monday or nothing
    assert all(e.date is None or e.date.value == "2025-07-07" for e in events)


def test_undated_events_with_a_raised_subject_or_an_obligation_are_kept(nlp):
    events, _ = run(nlp, "A buyer is expected to finalise the purchase.", "2025-07-03")
    finalise = only(events, "finalise")
    assert finalise.modality == "planned" and finalise.date is None
    events, _ = run(nlp, "Older devices must migrate to the new portal.", "2025-02-10")
    assert only(events, "migrate").actor is None
    # a finite clause aimed at an actor is an event; a participle aimed at one is not
    events, _ = run(nlp, "A storm damaged the stadium of Corbridge Rovers.", "2025-02-10")
    assert only(events, "damage").targets == ["corbridge-rovers"]
    events, _ = run(nlp, "In a letter sent to Corbridge Rovers, fans complained.",
                    "2025-02-10")
    assert not [e for e in events if e.action == "send"]
    # an actor-less, undated statement with no obligation is still no event
    events, _ = run(nlp, "Older devices migrate to the new portal.", "2025-02-10")
    assert not [e for e in events if e.action == "migrate"]


def test_within_a_period_counted_from_another_event_is_not_from_publication(nlp):
    events, _ = run(nlp, "Once a licence expires, the account will be deleted within 30 days.",
                    "2025-02-10")
    assert only(events, "delete").date is None
    events, _ = run(nlp, "Refunds will be issued within 14 days of the cancellation.",
                    "2025-02-10")
    assert only(events, "issue").date is None
    events, _ = run(nlp, "Refunds will be issued within 14 days.", "2025-02-10")
    assert only(events, "issue").date.value == "2025-02-24"


def test_a_counterfactual_or_conditional_would_is_not_a_reported_plan(nlp):
    # one reading of "would" under a past speech verb for events and time expressions
    events, _ = run(nlp, "Orla Penhale said Castlemere Bank would have collapsed in March 2008 "
                         "without help.", "2025-10-16")
    assert only(events, "collapse").modality == "hypothetical"
    events, _ = run(nlp, "Orla Penhale said Castlemere Bank would collapse in March unless it "
                         "got help.", "2025-10-16")
    assert only(events, "collapse").modality == "conditional"
    events, _ = run(nlp, "Orla Penhale said Castlemere Bank would collapse in March.",
                    "2025-10-16")
    collapse = only(events, "collapse")
    assert collapse.modality == "planned" and collapse.date.value == "2026-03"


def test_a_plain_speech_verb_with_an_infinitive_from_the_directive_list_instructs(nlp):
    events, _ = run(nlp, "The Tarrow Trust reminded members to renew their passes by Friday.",
                    "2025-10-16")
    assert only(events, "remind").action_type == "instruction"
    events, _ = run(nlp, "The Tarrow Trust told members to renew their passes.", "2025-10-16")
    assert only(events, "tell").action_type == "instruction"
    # a request verb of the list keeps its own type
    events, _ = run(nlp, "The Tarrow Trust asked members to renew their passes.", "2025-10-16")
    assert only(events, "ask").action_type == "request"


def test_should_and_shall_oblige_like_must(nlp):
    # an undated clause whose subject is no known actor is kept for its obligation
    for text in ("Customers must migrate to version 5.1.",
                 "Customers should migrate to version 5.1.",
                 "Customers shall migrate to version 5.1."):
        events, _ = run(nlp, text, "2025-10-16")
        assert only(events, "migrate").actor is None, text
    # an obligation after its subject is no condition ("Should the talks fail" is one)
    events, _ = run(nlp, "Passengers should carry their tickets.", "2025-10-16")
    assert only(events, "carry").modality == "hypothetical"
    events, _ = run(nlp, "Should the Harbury talks fail, Siemens will close the plant.",
                    "2025-10-16")
    assert only(events, "fail").modality == "conditional"
