"""General readings of events: posts held by one person, speech coordinated with dated
requests, negation inside reported content, imperatives in quotes. Sentences written here."""

from __future__ import annotations

from test_events import only, run


def test_a_post_of_a_body_with_no_known_holder_leaves_the_agent_unknown(nlp):
    events, _ = run(nlp, "The Brightwell Foods CEO said the plant would close in March.")
    say = only(events, "say")
    assert say.actor is None
    assert say.subject is not None and say.subject.text == "The Brightwell Foods CEO"
    events, _ = run(nlp, "Harwick Aviation's chief executive warned of delays on Monday.")
    warn = only(events, "warn")
    assert warn.actor is None
    assert warn.subject.text == "Harwick Aviation's chief executive"


def test_a_spokesman_still_speaks_for_the_body(nlp):
    events, _ = run(nlp, "A Brightwell Foods spokesman said the plant would close in March.")
    assert only(events, "say").actor == "brightwell-foods"


def test_saying_coordinated_with_a_dated_request_takes_no_deadline(nlp):
    events, _ = run(nlp, "The union urged members to vote before Friday and said the ballot "
                         "was lawful.")
    urge, say = only(events, "urge"), only(events, "say")
    assert urge.date is not None and urge.date.role == "deadline"
    assert say.date is None or say.date.role != "deadline"
    events, _ = run(nlp, "The council asked residents to reply by Monday and said the scheme "
                         "was fair.")
    assert only(events, "ask").date.role == "deadline"
    assert only(events, "say").date is None


def test_saying_coordinated_with_a_dated_report_shares_its_day(nlp):
    events, _ = run(nlp, "The company reported a loss on Thursday and said sales would recover.")
    say = only(events, "say")
    assert say.date is not None and say.date.role == "occurred"


def test_a_quoted_imperative_with_a_relative_date_is_planned(nlp):
    events, _ = run(nlp, '"Do it this weekend," the chair told members.')
    do = only(events, "do")
    assert do.date is not None and do.date.role == "planned"
    assert only(events, "tell").date is None
    events, _ = run(nlp, "\u2018Renew it this weekend, you hold the licence,\u2019 Dr Anna Pell "
                         "said.")
    renew = only(events, "renew")
    assert renew.date is not None and renew.date.role == "planned"


def test_negation_inside_reported_content_negates_the_reported_event(nlp):
    events, _ = run(nlp, "Harwick Aviation said it was not going ahead with the merger.")
    assert only(events, "say").negated is False
    assert only(events, "go ahead").negated is True
    events, _ = run(nlp, "Harwick Aviation said it would not introduce the surcharge.")
    assert only(events, "say").negated is False
    assert only(events, "introduce").negated is True


def test_a_negative_pronoun_subject_negates_the_reported_event(nlp):
    events, _ = run(nlp, "The landlord said nothing had changed since the inspection.")
    assert only(events, "say").negated is False
    change = only(events, "change")
    assert change.negated is True
    assert change.subject is not None and change.subject.text == "nothing"
