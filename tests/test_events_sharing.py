"""Dates one event shares with another: the happening a dated clause takes place in, a dated
subject's change or effect, clauses carried on by a dated verb, a speaker's next statement.
Sentences written for each case (published 2024-07-01 unless given)."""

from __future__ import annotations

from test_events import only, run, when


def test_a_happening_a_dated_clause_takes_place_in_is_then(nlp):
    events, _ = run(nlp, "The minister spoke at a news conference on Friday.")
    assert when(only(events, "conference")) == ("2024-06-28", "occurred")
    events, _ = run(nlp, "Farmers held a rally in the capital on Saturday.")
    assert when(only(events, "rally")) == ("2024-06-29", "occurred")
    # a verb that does not stage or hold it leaves the noun alone
    events, _ = run(nlp, "The minister criticised the merger on Friday.")
    assert not [e for e in events if e.action == "merger"]


def test_a_setting_with_a_date_of_its_own_keeps_it(nlp):
    events, _ = run(nlp, "The group was founded in 1990 in a meeting that lasted a week.",
                    "2024-07-01")
    assert when(only(events, "meeting")) == ("1990", "occurred")
    events, _ = run(nlp, "Pickets gathered on Monday, a year after a strike in June 2023.")
    assert [when(e) for e in events if e.action == "strike"] in ([], [("2023-06", "occurred")])


def test_a_dated_subject_dates_its_change_or_effect(nlp):
    events, _ = run(nlp, "Second-quarter operating profit jumped 12% to $40 million.",
                    "2024-08-02")
    assert when(only(events, "jump")) == ("2024-Q2", "occurred")
    events, _ = run(nlp, "The 2019 explosion that destroyed the depot was an accident.")
    assert when(only(events, "destroy")) == ("2019", "occurred")
    # a subject's date does not date what is done to it later
    events, _ = run(nlp, "Next year's budget was criticised by the union.")
    assert all(e.date is None for e in events if e.action == "criticise")


def test_a_clause_carried_on_by_a_dated_verb_shares_its_date(nlp):
    events, _ = run(nlp, "Delegates began arriving in Geneva on Sunday.")
    assert when(only(events, "arrive")) == ("2024-06-30", "occurred")
    events, _ = run(nlp, "The storm flattened homes on Tuesday and injured six people.",
                    "2024-06-20")
    assert when(only(events, "injure")) == ("2024-06-18", "occurred")
    # a clause with a subject of its own is not carried on
    events, _ = run(nlp, "Police closed the road on Tuesday and the mayor visited the site.",
                    "2024-06-20")
    assert all(e.date is None for e in events if e.action == "visit")


def test_a_complement_with_its_own_date_is_an_event_of_that_date(nlp):
    events, _ = run(nlp, "The bank hopes to complete the sale early next year.")
    assert when(only(events, "complete")) == ("2025", "planned")


def test_a_speakers_next_statement_is_made_on_their_last_dated_day(nlp):
    text = ("Anna Berg, the mayor of Lund, said on Friday that the bridge would reopen. "
            "The repairs cost more than planned. Berg said the council had no choice.")
    events, _ = run(nlp, text)
    says = [e for e in events if e.action == "say"]
    assert len(says) == 2
    assert [when(e) for e in says] == [("2024-06-28", "occurred")] * 2
    # another speaker's statement in another paragraph is not dated by Berg's day
    text = ("Anna Berg, the mayor of Lund, said on Friday that the bridge would reopen.\n\n"
            "Jonas Holm, a local engineer, said the repairs were late.")
    events, _ = run(nlp, text)
    holm = [e for e in events if e.action == "say" and e.date is None]
    assert len(holm) == 1
    # a statement made long before publication does not date later undated ones
    text = ("Anna Berg, the mayor of Lund, said in March that the bridge would reopen. "
            "Berg said the council had no choice.")
    events, _ = run(nlp, text)
    assert [when(e) for e in events if e.action == "say"] == [("2024-03", "occurred"), None]


def test_a_result_for_a_period_is_dated_by_it(nlp):
    events, _ = run(nlp, "Harbour Foods announced a loss for the second quarter.", "2024-08-02")
    assert when(only(events, "loss")) == ("2024-Q2", "occurred")
    events, _ = run(nlp, "Analysts noted a 9% drop in first-quarter revenue.", "2024-05-10")
    assert when(only(events, "drop")) == ("2024-Q1", "occurred")
    # "for" a day is no period a result covers, but a clause planning it still dates it
    events, _ = run(nlp, "The union called off the strike planned for Friday.")
    assert when(only(events, "strike")) == ("2024-07-05", "planned")


def test_a_clause_saying_when_a_happening_took_place_dates_it(nlp):
    events, _ = run(nlp, "Investors welcomed the merger, which took place in 2021.")
    assert when(only(events, "merger")) == ("2021", "occurred")
    events, _ = run(nlp, "Critics quoted remarks made last week by the governor.")
    assert when(only(events, "remark")) == ("2024-W26", "occurred")


def test_results_a_clause_states_for_a_period_are_that_periods(nlp):
    events, _ = run(nlp, "Norbank had a loss of $12 million in the third quarter.", "2024-11-04")
    assert when(only(events, "loss")) == ("2024-Q3", "occurred")
    # a day is when a result was reported, not the period it covers
    events, _ = run(nlp, "On Tuesday, Norbank reported a loss of $12 million.", "2024-11-04")
    assert not [e for e in events if e.action == "loss"]


def test_an_undated_clause_takes_the_date_of_the_happening_it_takes_place_in(nlp):
    events, _ = run(nlp, "The alliance decided at last year's summit to admit two members.")
    assert when(only(events, "decide")) == ("2023", "occurred")


def test_an_undated_clause_takes_the_date_of_the_clause_coordinated_after_it(nlp):
    events, _ = run(nlp, "The driver was arrested and charged on Tuesday.", "2024-06-20")
    assert when(only(events, "arrest")) == ("2024-06-18", "occurred")


def test_a_paragraph_goes_on_at_its_recent_dated_day(nlp):
    text = ("Police raided a warehouse in Tilbury on Tuesday. They seized 40 stolen bikes.\n\n"
            "The owner bought the building years ago.")
    events, _ = run(nlp, text, "2024-06-20")
    assert when(only(events, "seize")) == ("2024-06-18", "occurred")
    # a new paragraph, a quotation or a clause inside a sentence does not go on with it
    assert only(events, "buy").date is None
    text = ('Police raided a warehouse on Tuesday. "We found nothing," an officer said. '
            'The raid ended after an hour.')
    events, _ = run(nlp, text, "2024-06-20")
    assert all(e.date is None for e in events if e.action == "find")
    assert when(only(events, "end")) == ("2024-06-18", "occurred")
    # nor a sentence about something else, nor one with a date of its own
    text = "Police raided a warehouse on Tuesday. A council opened a library."
    events, _ = run(nlp, text, "2024-06-20")
    assert only(events, "open").date is None
    text = "Police raided a warehouse on Tuesday. Its owner bought it in 2019."
    events, _ = run(nlp, text, "2024-06-20")
    assert when(only(events, "buy")) == ("2019", "occurred")


def test_a_text_acts_when_it_is_issued(nlp):
    events, _ = run(nlp, "A warrant issued on Monday charged the trader with fraud.",
                    "2024-06-20")
    assert when(only(events, "charge")) == ("2024-06-17", "occurred")
    events, _ = run(nlp, "The mayor said in a letter dated 3 June that the pool would close.",
                    "2024-06-20")
    assert when(only(events, "say")) == ("2024-06-03", "occurred")
    # a person described by a dated clause does not act then
    events, _ = run(nlp, "The trader arrested on Monday denied the charges.", "2024-06-20")
    assert only(events, "deny").date is None


def test_a_participle_goes_with_its_clauses_act(nlp):
    events, _ = run(nlp, "The envoy flew to Nairobi on Tuesday, seeking support for the plan.",
                    "2024-06-20")
    assert when(only(events, "seek")) == ("2024-06-18", "occurred")
    events, _ = run(nlp, "Speaking to reporters on Monday, the minister denied the report.",
                    "2024-06-20")
    assert when(only(events, "deny")) == ("2024-06-17", "occurred")


def test_a_trailing_participle_with_its_own_date_does_not_date_its_clause(nlp):
    events, _ = run(nlp, "The union kept the walkout in reserve, starting it on 1 August.",
                    "2024-07-02")
    assert only(events, "keep").date is None


def test_a_happening_named_again_is_the_one_told_before(nlp):
    text = ("A shopkeeper was shot in Leeds on Tuesday. Detectives are appealing for "
            "witnesses to the shooting.")
    events, _ = run(nlp, text, "2024-06-20")
    assert when(only(events, "shooting")) == ("2024-06-18", "occurred")
    text = ("The ceremony on 12 March marked the end of the talks. Ministers from ten "
            "countries attended the ceremony.")
    events, _ = run(nlp, text, "2024-03-20")
    assert all(when(e) == ("2024-03-12", "occurred") for e in events if e.action == "ceremony")
    assert len([e for e in events if e.action == "ceremony"]) == 2
    # an indefinite one is another happening
    text = "A shopkeeper was shot in Leeds on Tuesday. Police fear a shooting could follow."
    events, _ = run(nlp, text, "2024-06-20")
    assert all(e.date is None for e in events if e.action == "shooting")


def test_a_results_paragraph_goes_on_in_its_period(nlp):
    text = ("Harbour Foods reported lower second-quarter earnings. Net fell 12% to $40 million. "
            "Sales rose 3% to $610 million.")
    events, _ = run(nlp, text, "2024-08-02")
    assert when(only(events, "fall")) == ("2024-Q2", "occurred")
    assert when(only(events, "rise")) == ("2024-Q2", "occurred")


def test_a_decade_or_century_is_not_shared(nlp):
    events, _ = run(nlp, "The port grew in the 1990s, drawing workers from the countryside.")
    grow = only(events, "grow")
    assert grow.date is not None and len(grow.date.value) < 4, grow.date
    assert all(e.date is None for e in events if e.action == "draw")
    # a year is
    events, _ = run(nlp, "The port grew in 1995, drawing workers from the countryside.")
    assert when(only(events, "draw")) == ("1995", "occurred")
