"""The extract orchestrator: speech-time dating of quotes, comments without events."""

from __future__ import annotations

from pipeline.api import analyze


def test_quoted_relative_date_resolves_against_the_speech_time():
    record = analyze("On Friday, Siemens said: ‘We will close the plant this weekend.’",
                     published="2024-07-01")
    weekend = [t for t in record.timexes if t.text == "this weekend"]
    assert weekend and weekend[0].anchor == "speech_time"
    assert weekend[0].value == "2024-W26-WE"  # the weekend after that Friday, not after 1 July
    close = [e for e in record.events if e.action == "close"]
    assert close and close[0].date.role == "planned" and close[0].actor == "siemens"
    assert record.attributions[0].event == [e for e in record.events if e.action == "say"][0].id


def test_comment_documents_get_no_events():
    record = analyze("Siemens cancelled the contract on Friday.", published="2024-07-01",
                     kind="comment")
    assert record.events == [] and record.attributions == []
    assert record.timexes
