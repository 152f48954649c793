"""Vendor notices read as a timeline: dates from labels, headings and references back, end of
service as deadlines, time words, coordination, obligations. Fictional notices throughout."""

from __future__ import annotations

import pytest

import pipeline

PUBLISHED = "2031-03-05"


def _events(text: str, kind: str = "vendor_notice", published: str = PUBLISHED):
    record = pipeline.analyze(text, published=published, kind=kind)
    assert not record.failed(), record.errors
    return record


def _find(record, action: str, words: str | None = None):
    found = [e for e in record.events if e.action == action
             and (words is None or words in e.sentence.text)]
    assert found, [(e.action, e.sentence.text) for e in record.events]
    return found[0]


def _date(event) -> tuple[str | None, list[str] | None]:
    return (event.date.role, event.date.range) if event.date else (None, None)


def test_list_labels_date_their_lines_and_ends_are_deadlines():
    record = _events(
        "Quillfeather Cloud is changing how the Nimbus API is served.\n\n"
        "Timeline:\n\n"
        "- 1 May 2031: the Nimbus v1 endpoints will be retired.\n"
        "- 30 June 2031: Quillfeather will shut down the legacy console.\n"
        "- February 2 2031: we released the migration guide.")
    assert _date(_find(record, "retire")) == ("deadline", ["2031-05-01", "2031-05-01"])
    assert _date(_find(record, "shut down")) == ("deadline", ["2031-06-30", "2031-06-30"])
    assert _date(_find(record, "release")) == ("occurred", ["2031-02-02", "2031-02-02"])
    # the notice roles are for notices: news keeps "planned" for a future shutdown
    record = _events("The council will shut down the old depot on 30 June 2031.", kind="news")
    assert _date(_find(record, "shut down")) == ("planned", ["2031-06-30", "2031-06-30"])


def test_a_dated_lead_in_dates_the_list_under_it():
    record = _events(
        "The Ledgerline team announces the end of support for Ledgerline 3.\n\n"
        "This means that after 31 July 2031:\n\n"
        "- security reports will not be checked against the 3.x branch\n"
        "- the 3.x download pages will be removed\n\n"
        "Ledgerline 4 remains fully supported.")
    check = _find(record, "check")
    assert _date(check) == ("deadline", ["2031-07-31", "2031-07-31"]) and check.negated
    assert _date(_find(record, "remove")) == ("deadline", ["2031-07-31", "2031-07-31"])


def test_references_back_resolve_to_the_date_the_notice_gave():
    record = _events(
        "Support for Ledgerline 3 continues until 31 July 2031, after which all support will "
        "end. At that point we will stop publishing security patches for it.")
    assert _date(_find(record, "end")) == ("deadline", ["2031-07-31", "2031-07-31"])
    assert _date(_find(record, "stop")) == ("deadline", ["2031-07-31", "2031-07-31"])


def test_time_words_are_not_the_event_and_conjoined_clauses_share_the_date():
    record = _events(
        "Starting 1 April 2031, the Nimbus sandbox will be disabled. "
        "On 9 May 2031 the service will be halted, and the project will be retired.")
    assert not [e for e in record.events if e.action in ("start", "begin")]
    assert _date(_find(record, "disable")) == ("deadline", ["2031-04-01", "2031-04-01"])
    assert _date(_find(record, "retire")) == ("deadline", ["2031-05-09", "2031-05-09"])
    assert _date(_find(record, "halt"))[1] == ["2031-05-09", "2031-05-09"]


def test_obligations_and_lasting_negations_are_deadlines_past_ends_occurred():
    record = _events(
        "Customers must migrate their keys in April 2031. "
        "After 30 June 2031, the Nimbus API will no longer be maintained. "
        "Ledgerline 2 reached its end of life on 3 January 2031.")
    assert _date(_find(record, "migrate")) == ("deadline", ["2031-04-01", "2031-04-30"])
    maintain = _find(record, "maintain")
    assert maintain.negated and _date(maintain) == ("deadline", ["2031-06-30", "2031-06-30"])
    assert _date(_find(record, "reach"))[0] == "occurred"


def test_periods_counted_from_the_notice_and_versions_stay_undated():
    record = _events(
        "In one month, all Nimbus v1 tokens will be revoked. "
        "The legacy endpoint will be removed in version 5.0.")
    assert _date(_find(record, "revoke")) == ("deadline", ["2031-04-05", "2031-04-05"])
    assert _find(record, "remove").date is None  # a release number is not a date


@pytest.mark.parametrize("text, name", [
    ("The Quillfeather maintainers will retire Nimbus on 30 June 2031.",
     "Quillfeather maintainers"),
    ("Let's Encrypt will stop issuing the old certificates on 7 May 2031.", "Let's Encrypt"),
])
def test_names_stay_whole(text, name):
    record = _events(text)
    assert name in [a.name for a in record.actors]
    event = record.events[0]
    assert next(a.name for a in record.actors if a.id == event.actor) == name


def test_first_person_singular_in_a_notice_is_its_issuer():
    record = pipeline.analyze("I will archive the Quillpen repository on 1 June 2031.",
                              published=PUBLISHED, kind="vendor_notice")
    actor = _find(record, "archive").actor
    assert actor is not None


def test_list_items_are_sentences_of_their_own(nlp):
    from pipeline.nlp import parse

    doc = parse(nlp, "Changes after May:\n- uploads are closed\n- keys expire\nThanks")
    sentences = [s.text.strip() for s in doc.sents]
    assert "- uploads are closed" in sentences and "- keys expire" in sentences


def test_slashed_iso_update_labels_are_dates():
    record = _events("2031/04/02: An update on the Nimbus retirement\n\n"
                     "The retirement moves to 30 June 2031.")
    assert ("2031/04/02", "2031-04-02") in [(t.text, t.value) for t in record.timexes]
    update = _find(record, "update")
    assert _date(update) == ("planned", ["2031-04-02", "2031-04-02"])


def test_obligations_on_the_audience_are_claimed_by_the_issuer(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("We are retiring the Nimbus API.\n\nPartners must migrate to Cumulus by 30 "
                    "June 2031. Upgrade your client before 1 May 2031.\n", encoding="utf-8")
    (tmp_path / "notice.meta.json").write_text(
        '{"publisher": "Quillfeather Cloud", "kind": "vendor_notice", '
        '"published": "2031-03-05"}', encoding="utf-8")
    record = pipeline.analyze(path)
    issuer = next(a.id for a in record.actors if a.name == "Quillfeather Cloud")
    for action in ("migrate", "upgrade"):
        event = _find(record, action)
        assert event.date.role == "deadline" and event.attributed_to == issuer


def test_a_date_cell_dates_its_table_row(tmp_path):
    path = tmp_path / "notice.md"
    path.write_text("---\ntitle: Nimbus changes\nkind: vendor_notice\npublished: 2031-03-05\n"
                    "---\n\n# Nimbus changes\n\n| Change | Date |\n|---|---|\n"
                    "| The v1 archive will be deleted | 1 July 2031 |\n", encoding="utf-8")
    record = pipeline.analyze(path)
    assert _date(_find(record, "delete")) == ("deadline", ["2031-07-01", "2031-07-01"])


def test_a_dated_definition_is_an_event_of_its_term(tmp_path):
    path = tmp_path / "notice.html"
    path.write_text(
        "<html><head><title>Nimbus retirement</title></head><body><article>"
        "<h1>Nimbus retirement</h1><p>Quillfeather Cloud is retiring the Nimbus storage API "
        "and moving every customer to the Cumulus service over the coming months.</p>"
        "<dl><dt>Sunset of the API</dt><dd>30 June 2031</dd></dl>"
        "<p>Questions about the move go to the Quillfeather support desk on working days."
        "</p></article></body></html>", encoding="utf-8")
    (tmp_path / "notice.meta.json").write_text(
        '{"kind": "vendor_notice", "published": "2031-03-05"}', encoding="utf-8")
    record = pipeline.analyze(path)
    assert _date(_find(record, "sunset")) == ("planned", ["2031-06-30", "2031-06-30"])


def test_an_extension_is_dated_by_its_new_date():
    record = _events("The end of life of Nimbus 4 will be extended from 30 April 2031 to "
                     "31 August 2031.")
    assert _date(_find(record, "extend")) == ("deadline", ["2031-08-31", "2031-08-31"])


def test_the_retirement_date_is_the_date_of_the_retirement():
    record = _events("Quillfeather will retire the Nimbus API on 31 October 2031. From 1 June "
                     "2031, Nimbus responses will include a warning header. Customers must move "
                     "their keys before the retirement date.")
    assert _date(_find(record, "move")) == ("deadline", ["2031-10-31", "2031-10-31"])
