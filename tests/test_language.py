"""The language check before extraction: English rules stay off other languages, and a page
that is skipped is stored, counted as a warning (not a failure) and not re-extracted."""

from __future__ import annotations

from pipeline.batch import ingest_paths, reprocess
from pipeline.extract.language import guess_language
from pipeline.store import Store

GERMAN = ("Der Stadtrat hat am Dienstag beschlossen, die neue Brücke erst im Frühjahr zu "
          "eröffnen. Die Bauarbeiten sind nicht abgeschlossen, und die Kosten sind auch "
          "gestiegen. Der Bürgermeister sagte, man wolle mit den Anwohnern sprechen.")
PORTUGUESE = ("A prefeitura anunciou que a nova ponte será aberta em março. As obras não "
              "foram concluídas e os custos subiram, disse o secretário de obras da cidade, "
              "que vai se reunir com os moradores na próxima semana.")
ENGLISH_LIST = ("Boys basketball: Harwood 61, Linden Falls 48. Girls soccer: Marsh Point 2, "
                "Eastbrook 1. Volleyball: Kessler Academy d. Northfield in four sets. "
                "Cross country: Linden Falls wins county title; Okafor first in 16:02.")
RUSSIAN = ("Городской совет во вторник решил открыть новый мост только весной, потому что "
           "строительные работы ещё не завершены, а расходы выросли.")


def test_languages_are_told_apart():
    assert guess_language(GERMAN).language == "de"
    assert guess_language(PORTUGUESE).language == "pt"
    assert guess_language(RUSSIAN).language == "non-latin"
    assert not guess_language(GERMAN).english
    # an English results list has few function words, but no other language's either
    assert guess_language(ENGLISH_LIST).english
    # too short to judge: kept as English
    assert guess_language("Brücke eröffnet").english
    # a price table: "per", "un" (unchanged) and "la" are words of other languages too, but a
    # few repeated abbreviations are no foreign text
    table = ("Quarterly results\nNet 12.1 mln vs 10.4 mln\nDividend 40 per share vs 38 per "
             "share\nOATS BASIS LA\n11.00 3un unch\n12.00 4un unch\n13.00 2un dn 1\n"
             "14.00 7un unch\nNC-NO COMPARISON unch-UNCHANGED dn-DOWN un-UNDER\n") * 2
    assert guess_language(table).english


def test_a_page_not_in_english_is_stored_with_a_warning_and_no_extraction(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "bruecke.txt").write_text(GERMAN, encoding="utf-8")
    (inbox / "bridge.txt").write_text(
        "The city council decided on Tuesday to open the new bridge in the spring. The works "
        "are not finished and the costs have risen, the mayor said.", encoding="utf-8")
    db = tmp_path / "t.db"
    summary = ingest_paths(db, [inbox], published="2024-05-08", progress="off")
    assert summary.inserted == 2 and summary.failed == 0 and summary.warnings == 1
    store = Store(db)
    warning = store.db.execute(
        "select error_type, severity from ingest_errors").fetchall()
    assert warning == [("UnsupportedLanguage", "warning")]
    events = dict(store.db.execute(
        "select d.source_key, count(e.id) from documents d left join events e"
        " on e.document_id = d.id group by d.id").fetchall())
    by_name = {key.rsplit("/", 1)[-1]: count for key, count in events.items()}
    assert by_name["bruecke.txt"] == 0 and by_name["bridge.txt"] > 0
    # a warning is no failed extraction: nothing is due for re-extraction
    assert reprocess(db, progress="off").read == 0
