"""Readers of pipeline.ingest on fixtures written for this suite, and the seed from ../shared."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import shared_path

from pipeline.document import Document, normalise_text
from pipeline.ingest import IngestError, iter_paths, read_path
from pipeline.ingest.dates import infer_published, parse_date
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.kinds import kind_from_title
from pipeline.ingest.sniff import sniff

GOOD = Path(__file__).parent / "fixtures" / "ingest" / "good"


def docs(path, **kwargs) -> list[Document]:
    items = list(read_path(path, **kwargs))
    errors = [i for i in items if isinstance(i, IngestError)]
    assert not errors, errors
    return items


def test_every_document_is_normalised_and_traceable():
    for path in iter_paths([GOOD]):
        field_map = {"date": "published", "headline": "title"} if path.name == "wire.jsonl" \
            else None
        for doc in docs(path, field_map=field_map):
            assert doc.text == normalise_text(doc.text)
            assert doc.text
            assert doc.source == str(path)
            assert doc.raw_sha256 and len(doc.raw_sha256) == 64
            assert doc.reader in {"html", "text", "email", "feed", "jsonl"}
            assert doc.published_source in {"metadata", "html", "inferred", "argument"}


def test_iter_paths_sorts_and_skips_sidecars_and_hidden(tmp_path):
    (tmp_path / "b.txt").write_text("b body text here")
    (tmp_path / "a.txt").write_text("a body text here")
    (tmp_path / "a.meta.json").write_text("{}")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("c")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text("d")
    names = [p.relative_to(tmp_path).as_posix() for p in iter_paths([tmp_path])]
    assert names == ["a.txt", "b.txt", "sub/c.txt"]


# --- HTML -------------------------------------------------------------------------------------

def test_html_article_metadata_and_comments():
    article, *comments = docs(GOOD / "article.html")
    assert article.reader == "html"
    assert article.title == "Harbourside council delays bin contract"
    assert article.publisher == "The Harbourside Courier"
    assert article.author == "Priya Lindqvist"
    assert article.url == "https://courier.example/news/bin-contract"
    assert article.published == "2025-03-14T09:30:00+00:00"
    assert article.published_source == "html"
    assert "JSON-LD" in article.published_evidence
    assert article.text.startswith("Harbourside District Council postponed")
    # Navigation, footer and the comment thread stay out of the article text.
    for furniture in ("Sport", "All rights reserved", "missed collections", "3 comments"):
        assert furniture not in article.text
    assert [(c.author, c.published) for c in comments] == [
        ("Margaret Oduya", "2025-03-14T10:05:00+00:00"),
        ("Dev Patel", "2025-03-14T11:40:00+00:00"),
        ("Hannah Cole", "2025-03-15T08:12:00+00:00"),
    ]
    assert all(c.kind == "comment" and c.parent_id == article.id for c in comments)
    assert comments[2].text == "Will the summary include the scoring criteria?"


def test_html_gz_and_text_extension_are_sniffed(tmp_path):
    raw = (GOOD / "article.html").read_bytes()
    gz = tmp_path / "saved.html.gz"
    gz.write_bytes(gzip.compress(raw))
    as_txt = tmp_path / "saved-page.txt"
    as_txt.write_bytes(raw)
    plain = docs(GOOD / "article.html")[0]
    for path in (gz, as_txt):
        first = docs(path)[0]
        assert first.reader == "html"
        assert first.text == plain.text
    # raw_sha256 is of the bytes on disk, so the compressed copy differs.
    assert docs(gz)[0].raw_sha256 != plain.raw_sha256


def test_html_mislabelled_cp1252():
    doc = docs(GOOD / "cp1252-mislabelled.html")[0]
    assert "€3.40" in doc.text and "“the cost of milk and wages”" in doc.text
    assert "Müller" in doc.text
    assert doc.title == "Café chain raises prices"
    assert doc.published == "2025-02-03"


def test_html_title_signal_gives_press_release_and_kind_override():
    doc = docs(GOOD / "dateline-only.htm")[0]
    assert doc.kind == "press_release"  # "statement" in the title
    assert doc.published[:10] == "2025-11-03"
    assert docs(GOOD / "dateline-only.htm", kind="news")[0].kind == "news"


def test_html_timeout_kills_extraction():
    items = list(read_path(GOOD / "article.html", timeout=0.0001))
    assert len(items) == 1 and isinstance(items[0], IngestError)
    assert (items[0].stage, items[0].error_type) == ("extract", "Timeout")
    # The sandbox restarts: the next page is read normally.
    assert docs(GOOD / "article.html")[0].title


# --- plain text ----------------------------------------------------------------------------

COMMENT_HEADER = re.compile(r"^(.+?) (\d{1,2} [A-Z][a-z]+, \d{4} \d{1,2}:\d{2} [ap]m)$")


def seed_layout(seed: Path) -> dict:
    """What the seed capture holds, read independently of the reader under test (so no
    sentence of it is written here): banner, title, body paragraphs and comment headers."""
    meta = json.loads(seed.with_suffix(".meta.json").read_text(encoding="utf-8"))
    lines = [line.strip() for line in seed.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    headers = [i for i, line in enumerate(lines) if COMMENT_HEADER.match(line)]
    last_title = max(i for i, line in enumerate(lines[:headers[0]]) if line == meta["title"])
    return {
        "meta": meta, "banner": lines[0], "first_body": lines[last_title + 1],
        "last_body": lines[headers[0] - 2], "policy": lines[headers[0] - 1],
        "comments": [(COMMENT_HEADER.match(lines[i]).group(1),
                      dt.datetime.strptime(COMMENT_HEADER.match(lines[i]).group(2),
                                           "%d %B, %Y %I:%M %p").isoformat(),
                      lines[i + 1]) for i in headers],
    }


def test_seed_splits_into_article_and_seven_comments():
    seed = shared_path("corpus", "seed", "pulse-gp-connect-2024-07-01.txt")
    layout = seed_layout(seed)
    article, *comments = docs(seed)
    assert article.kind == "news" and article.reader == "text"
    assert article.title == layout["meta"]["title"]
    assert article.publisher == "Pulse"
    assert (article.published, article.published_source) == ("2024-07-01", "metadata")
    # Banner and both title lines are gone; the comment-policy line too.
    assert article.text.startswith(layout["first_body"])
    assert layout["banner"] not in article.text and layout["policy"] not in article.text
    assert layout["meta"]["title"] not in article.text
    assert article.text.endswith(layout["last_body"])
    assert len(layout["comments"]) == 7
    assert [(c.author, c.published) for c in comments] == [
        (author, published) for author, published, _ in layout["comments"]]
    assert all(c.kind == "comment" and c.parent_id == article.id for c in comments)
    assert [c.text.split("\n")[0] for c in comments] == [
        first for _, _, first in layout["comments"]]
    assert not any(c.text in article.text for c in comments)


def test_seed_without_sidecar_infers_date_from_today(tmp_path):
    seed = shared_path("corpus", "seed", "pulse-gp-connect-2024-07-01.txt")
    bare = tmp_path / "capture.txt"  # a copy in a temporary directory, without its sidecar
    shutil.copyfile(seed, bare)
    article = docs(bare)[0]
    assert (article.published, article.published_source) == ("2024-07-01", "inferred")
    assert "today (1 July)" in article.published_evidence
    assert article.title == seed_layout(seed)["meta"]["title"]
    argued = docs(bare, published="2024-07-02")[0]
    assert (argued.published, argued.published_source) == ("2024-07-02", "argument")


def test_text_front_matter_markdown():
    (doc,) = docs(GOOD / "notice.md")
    assert doc.title == "Planned maintenance: Northwind Records platform"
    assert doc.kind == "vendor_notice"  # "maintenance" in the title
    assert doc.publisher == "Northwind Clinical Systems"
    assert (doc.published, doc.published_source) == ("2025-05-06", "metadata")
    assert doc.url == "https://status.northwind.example/notices/2025-05-06"
    assert not doc.text.startswith("#") and "Planned maintenance:" not in doc.text
    assert "title:" not in doc.text


def test_text_thread_with_sidecar_banners_and_two_line_headers():
    article, *comments = docs(GOOD / "thread.txt")
    assert article.publisher == "Eastmoor Gazette"
    assert article.title == "Library opening hours cut at three branches"
    assert article.text.startswith("The Eastmoor library service")
    assert "Subscribe" not in article.text and "Leave a comment" not in article.text
    assert "Comments (3)" not in article.text
    assert (article.published, article.published_source) == ("2025-02-12", "inferred")
    assert [(c.author, c.published, c.text) for c in comments] == [
        ("Alma Reyes", "2025-02-12T09:14:00",
         "Our branch is the only warm place some people have on a Wednesday."),
        ("Joe Bright", "2025-02-12T10:02:00", "Volunteers cannot replace trained staff."),
        ("Alma Reyes", "2025-02-13T17:45:00", "Agreed, Joe."),
    ]


def test_text_without_thread_keeps_closing_date_line(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("Short headline\n\nA first paragraph of the story.\n\nA second one.\n\n"
                    "Jo Bloggs 3 March 2025\n", encoding="utf-8")
    items = docs(path)
    assert len(items) == 1  # a lone date without a time is a footer, not a comment
    assert items[0].text.endswith("Jo Bloggs 3 March 2025")


# --- e-mail ----------------------------------------------------------------------------------

def test_email_vendor_notice_prefers_plain_text():
    (doc,) = docs(GOOD / "vendor-notice.eml")
    assert doc.reader == "email"
    assert doc.title == "Service notice: appointment booking outage resolved"
    assert doc.kind == "vendor_notice"
    assert doc.publisher == "Northwind Clinical"
    assert doc.author == "Northwind Service Desk"
    assert (doc.published, doc.published_source) == ("2025-04-08T16:45:00+01:00", "metadata")
    assert "HTML VERSION" not in doc.text
    assert "this morning" in doc.text  # quoted-printable soft line break joined
    assert "Example Park" not in doc.text  # signature after "-- " dropped
    assert doc.meta["sender_domain"] == "mail.northwind-clinical.co.uk"


def test_email_html_only_statement_and_organisation_header():
    (doc,) = docs(GOOD / "press-statement.eml")
    assert doc.kind == "press_release"
    assert doc.publisher == "Bramblewood Water plc"
    assert "“We thank customers for saving water through July,”" in doc.text
    assert "color" not in doc.text


def test_email_from_webmail_is_not_a_vendor_notice():
    (doc,) = docs(GOOD / "personal.eml")
    assert doc.kind == "other" and doc.publisher is None
    assert docs(GOOD / "personal.eml", kind="vendor_notice")[0].kind == "vendor_notice"


# --- feeds -----------------------------------------------------------------------------------

def test_rss_items_with_feed_title_as_publisher():
    first, second = docs(GOOD / "council.rss")
    assert {first.publisher, second.publisher} == {"Harbourside Council News"}
    assert first.title == "Cabinet to decide waste contract in April"
    assert first.url == "https://council.example/news/waste-contract"
    assert first.published == "2025-03-14T12:00:00+00:00"
    assert first.author == "Press Office"
    assert first.text == ("The cabinet will decide the waste collection contract at its April "
                          "meeting.\n\nBidders have until 28 March to submit revised prices.")
    assert second.kind == "vendor_notice"  # "Notice:" title
    assert first.meta["source_key"] != second.meta["source_key"]


def test_atom_entry():
    (doc,) = docs(GOOD / "vendor.atom")
    assert doc.reader == "feed"
    assert doc.publisher == "Northwind Clinical Systems status"
    assert doc.author == "Northwind Service Desk"
    assert doc.published == "2025-04-09T10:00:00+01:00"
    assert doc.text.startswith("The outage on 8 April was caused by an expired certificate")


# --- JSON lines --------------------------------------------------------------------------------

def test_jsonl_standard_fields():
    first, second = docs(GOOD / "docs.jsonl")
    assert (first.title, first.publisher, first.url, first.published, first.kind) == (
        "Marathon start moved earlier", "The Harbourside Courier",
        "https://courier.example/sport/marathon", "2025-06-10", "news")
    assert second.kind == "vendor_notice"  # "End of life" title
    assert second.published == "2025-06-11T09:00:00+01:00"
    assert first.meta["line"] == 1 and second.meta["line"] == 3


def test_jsonl_field_map_and_wire_dates_and_unwrapping():
    unmapped = docs(GOOD / "wire.jsonl")
    assert unmapped[0].published is None and unmapped[0].title is None
    first, second = docs(GOOD / "wire.jsonl", field_map={"date": "published",
                                                          "headline": "title"})
    assert (first.published, first.published_source) == ("2025-03-03T14:05:10", "metadata")
    assert first.title == "GREYLINE SERVICES WINS DEPOT LEASE"
    assert first.text.startswith("Greyline Services Ltd said on Monday it had won a ten-year "
                                 "lease on the former bus depot at Harbourside, which it will")
    assert first.text.count("\n\n") == 2  # three indented paragraphs
    assert first.meta["source_key"].endswith("#w1")


@pytest.mark.parametrize("name,first_published", [
    ("reuters21578.jsonl", "1987-02-26T15:01:01"),
    ("rustsec.jsonl", "2020-12-21"),
])
def test_jsonl_shared_exports_through_map(name, first_published):
    path = shared_path("data", name)
    items = []
    for item in read_path(path, field_map={"date": "published"}):
        items.append(item)
        if len(items) == 200:
            break
    assert not [i for i in items if isinstance(i, IngestError)]
    assert items[0].published == first_published
    assert all(i.published and i.published_source == "metadata" for i in items)
    assert all(i.title and i.text for i in items)
    assert len({i.meta["source_key"] for i in items}) == len(items)


# --- building blocks ---------------------------------------------------------------------------

@pytest.mark.parametrize("raw,expected", [
    ("26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01"),
    ("1 July, 2024 11:19 am", "2024-07-01T11:19:00"),
    ("1 July, 2024 12:22 pm", "2024-07-01T12:22:00"),
    ("12 July 2024 12:05 am", "2024-07-12T00:05:00"),
    ("July 1, 2024", "2024-07-01"),
    ("Mon, 01 Jul 2024 09:00:00 +0100", "2024-07-01T09:00:00+01:00"),
    ("2024-07-01T11:19:00Z", "2024-07-01T11:19:00+00:00"),
    ("2024-07-01", "2024-07-01"),
    ("31 February 2024", None),
    ("no date here", None),
    # a template's placeholder is no date
    ("0001-01-01T00:00:00+00:00", None),
])
def test_parse_date(raw, expected):
    assert parse_date(raw) == expected


def test_infer_published_from_a_date_line_or_byline_at_the_top():
    assert infer_published("Ferry fares rise\n\nBy Lena Marsh\n12 February 2025\n\nFares will "
                           "rise.") == ("2025-02-12", "12 February 2025")
    assert infer_published("Ferry fares rise\nBy Lena Marsh, 12 February 2025\nFares will "
                           "rise.")[0] == "2025-02-12"
    # a sentence that mentions a date is not a date line
    assert infer_published("Ferry fares rise\nThe vote on 12 February 2025 was close.\n") \
        is None


def test_infer_published_orders_and_year_from_comments():
    assert infer_published("It closes today (1 July).", ["2024-07-01T11:19:00"]) == (
        "2024-07-01", "today (1 July)")
    # A comment in January cannot follow a "today" in December of the same year.
    assert infer_published("Due today (31 December).", ["2025-01-02T08:00:00"])[0] == \
        "2024-12-31"
    assert infer_published("LONDON, 3 March 2025 - The council said...") == (
        "2025-03-03", "LONDON, 3 March 2025")
    assert infer_published("No dates at all.", ["2024-05-02T10:00:00", "2024-05-01T09:00:00"]) \
        == ("2024-05-01", "earliest comment timestamp 2024-05-01T09:00:00")
    assert infer_published("No dates at all.") is None


@pytest.mark.parametrize("raw,text,encoding", [
    ("caf\u00e9 \u2019quoted\u2019".encode("utf-8-sig"), "caf\u00e9 \u2019quoted\u2019", "utf-8"),
    ("caf\u00e9".encode("utf-16"), "caf\u00e9", None),
    ("caf\u00e9 \u20ac5".encode("utf-8"), "caf\u00e9 \u20ac5", "utf-8"),
    ("caf\u00e9 \u20ac5".encode("cp1252"), "caf\u00e9 \u20ac5", "cp1252"),
    (b'<meta charset="koi8-r">' + "\u043f\u0440\u0438\u0432\u0435\u0442".encode("koi8-r"),
     '<meta charset="koi8-r">\u043f\u0440\u0438\u0432\u0435\u0442', "koi8-r"),
    # Declared latin-1 but the bytes are UTF-8: the bytes win.
    (b'<meta charset="iso-8859-1">' + "caf\u00e9".encode("utf-8"),
     '<meta charset="iso-8859-1">caf\u00e9', "utf-8"),
])
def test_decode_order(raw, text, encoding):
    decoded, used = decode_bytes(raw)
    assert decoded == text
    if encoding:
        assert used == encoding


def test_sniffing_by_content():
    p = Path("x.txt")
    assert sniff(p, "<!DOCTYPE html><html><body><p>x</p>") == "html"
    assert sniff(p, '<?xml version="1.0"?><rss version="2.0"><channel>') == "feed"
    assert sniff(p, "From: a@b.example\nSubject: x\nDate: Mon, 1 Jul 2024 09:00:00 +0000\n\nx") \
        == "email"
    assert sniff(p, '{"text": "x"}\n{"text": "y"}') == "jsonl"
    assert sniff(p, "Just prose about a <b>bold</b> plan.") == "text"
    assert sniff(Path("x.html"), "Prose saved as HTML without any markup.") == "text"
    assert sniff(Path("x.jsonl"), "not json at all") == "jsonl"


def test_kind_from_sidecar_and_override(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("A title line\n\nThe body of the note, long enough to be a paragraph.\n")
    (tmp_path / "note.meta.json").write_text(json.dumps({"kind": "press release",
                                                          "published": "2025-01-02"}))
    doc = docs(path)[0]
    assert (doc.kind, doc.published, doc.title) == ("press_release", "2025-01-02", "A title line")
    assert docs(path, kind="vendor_notice")[0].kind == "vendor_notice"


# --- identity, size, isolation ---------------------------------------------------------------

def test_changed_text_is_a_new_version_of_the_same_source(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Pier repairs\n\nThe pier reopens in May, the council said.\n")
    old = docs(path)[0]
    assert docs(path)[0].id == old.id  # same text, same id: a re-ingest is a no-op
    path.write_text("Pier repairs\n\nThe pier reopens in June, the council said.\n")
    new = docs(path)[0]
    assert new.id != old.id and new.raw_sha256 != old.raw_sha256
    assert (new.source, new.title) == (old.source, old.title)  # what links the versions


def test_long_text_is_read_up_to_the_documented_maximum(tmp_path):
    from pipeline.ingest.base import MAX_TEXT_CHARS
    from pipeline.nlp import MAX_PIECE_CHARS

    paragraph = "The council said the pier would reopen in May after repairs. " * 20
    count = MAX_TEXT_CHARS // (len(paragraph) + 1)
    path = tmp_path / "long.txt"
    path.write_text("Long report\n\n" + "\n\n".join([paragraph] * (count - 2)))
    (doc,) = docs(path)
    assert MAX_PIECE_CHARS < len(doc.text) <= MAX_TEXT_CHARS  # nlp parses it in pieces
    path.write_text("Long report\n\n" + "\n\n".join([paragraph] * (count + 2)))
    (error,) = read_path(path)
    assert error.error_type == "TooLarge" and str(MAX_TEXT_CHARS) in error.message


def test_kind_override_leaves_comments_as_comments():
    items = docs(GOOD / "article.html", kind="press_release")
    assert items[0].kind == "press_release"
    assert {i.kind for i in items[1:]} == {"comment"}


def test_sandbox_survives_a_crashing_call():
    from pipeline.ingest.sandbox import SandboxCrashed, run_isolated

    with pytest.raises(SandboxCrashed):
        run_isolated("os:_exit", (3,), timeout=20)
    assert run_isolated("os.path:join", ("a", "b"), timeout=20) == "a/b"
    with pytest.raises(ValueError):
        run_isolated("builtins:int", ("not a number",), timeout=20)


def test_parse_field_map_for_the_cli():
    from pipeline.ingest import parse_field_map

    assert parse_field_map(["date=published", "headline = title"]) == {
        "date": "published", "headline": "title"}
    for bad in (["date"], ["date=when"], ["=published"]):
        with pytest.raises(ValueError):
            parse_field_map(bad)


@pytest.mark.parametrize("text,expected", [
    ("WASHINGTON (Reuters) - March 3, 2025 - Officials said", "2025-03-03"),
    ("New York, March 3, 2025 — The mayor said", "2025-03-03"),
    ("Published: 4 March 2025\nThe body.", "2025-03-04"),
    ("posted on March 5, 2025 at 9:00 am\nThe body.", "2025-03-05"),
    ("Something else, 3 March 2025 - not a dateline", None),
    ("The deal closes on 3 March 2025, the company said.", None),
])
def test_datelines(text, expected):
    found = infer_published(text)
    assert (found[0] if found else None) == expected


def test_pretty_printed_json_array(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([
        {"body": "First record text about the pier.", "when": "2025-01-02"},
        {"body": "Second record text about the ferry.", "when": "2025-01-03"},
    ], indent=2))
    first, second = docs(path, field_map={"body": "text", "when": "published"})
    assert (first.text, first.published) == ("First record text about the pier.", "2025-01-02")
    assert second.meta["source_key"].endswith("#2")


def _story_page(tmp_path, title: str, head: str, sentence: str) -> Document:
    """One HTML story with these head elements and a body of `sentence` repeated, read."""
    page = tmp_path / "story.html"
    page.write_text(f"<html><head><title>{title}</title>{head}</head><body><article><p>"
                    + f"{sentence} " * 12 + "</p></article></body></html>", encoding="utf-8")
    (story,) = docs(page)
    return story


def test_html_placeholder_json_ld_date_gives_way_to_the_next_evidence(tmp_path):
    story = _story_page(
        tmp_path, "Ferry timetable changes",
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
        '"Ferry timetable changes", "datePublished": "0001-01-01T00:00:00+00:00"}</script>'
        '<meta property="article:published_time" content="2023-05-09T07:45:00Z">',
        "The island ferry will run a reduced timetable.")
    assert story.published == "2023-05-09T07:45:00+00:00"
    assert "meta" in story.published_evidence


def test_html_without_date_metadata_takes_the_day_in_its_url(tmp_path):
    story = _story_page(
        tmp_path, "Library hours extended",
        '<link rel="canonical" href="https://gazette.example/news/2022/10/04/library-hours/">',
        "The county library will open on Sundays.")
    assert story.published == "2022-10-04"
    assert story.published_evidence == "date in the URL"


# --- header and footer furniture: date lines, release banners, wire credits, sign-offs ---------

def _text_doc(tmp_path, text: str, name: str = "story.txt", **kwargs) -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return docs(path, **kwargs)[0]


def test_press_release_banner_is_no_title_and_its_issued_line_dates_it(tmp_path):
    doc = _text_doc(tmp_path, "PRESS RELEASE\n\nOrchard Vale council opens library survey\n\n"
                    "Issued: Monday 2 June 2025\n\nOrchard Vale District Council today opened "
                    "a survey on library opening hours.\n")
    assert doc.title == "Orchard Vale council opens library survey"
    assert doc.kind == "press_release"
    assert (doc.published, doc.published_source) == ("2025-06-02", "inferred")
    assert doc.published_evidence == "Issued: Monday 2 June 2025"
    assert doc.text == ("Orchard Vale District Council today opened a survey on library "
                        "opening hours.")


def test_release_and_embargo_lines_are_banners_with_dates(tmp_path):
    doc = _text_doc(tmp_path, "FOR IMMEDIATE RELEASE\nEmbargoed until 00:01 BST Tuesday 3 June "
                    "2025\n\nTollbridge ferry fares frozen\n\nThe Tollbridge Ferry Company said "
                    "fares would not rise this summer.\n")
    assert (doc.title, doc.kind, doc.published) == (
        "Tollbridge ferry fares frozen", "press_release", "2025-06-03")
    assert "Embargoed" not in doc.text and "RELEASE" not in doc.text
    # A headline about an embargo is a headline.
    plain = _text_doc(tmp_path, "Embargo on Marlow grain exports lifted\n\nThe ban ended "
                      "after two weeks, traders said.\n", name="grain.txt")
    assert (plain.title, plain.kind) == ("Embargo on Marlow grain exports lifted", "news")


@pytest.mark.parametrize("line,expected", [
    ("Issued: Monday 2 June 2025", "2025-06-02"),
    ("Released: 2 June 2025", "2025-06-02"),
    ("Date: 2 June 2025", "2025-06-02"),
    ("For immediate release - June 2, 2025", "2025-06-02"),
    ("Posted on June 2, 2025, 9:30 a.m. EDT", "2025-06-02"),
    ("Last updated 3 June 2025 at 10:04 BST", "2025-06-03"),
    ("Updated: 3 June 2025 | Published: 2 June 2025", "2025-06-02"),
])
def test_labelled_date_lines_at_the_top(line, expected):
    found = infer_published(f"Harbour tolls rise\n{line}\nThe harbour board said tolls rise.")
    assert (found[0] if found else None) == expected


def test_a_publication_label_beats_an_update_label_on_separate_lines():
    found = infer_published("Last updated: 5 June 2025\nPublished: 2 June 2025\n\nThe body.")
    assert found == ("2025-06-02", "Published: 2 June 2025")


def test_date_lines_leave_the_body_and_stay_as_evidence(tmp_path):
    for line in ("Published 2 June 2025", "Posted: Monday 2 June 2025",
                 "Last updated 2 June 2025 at 08:15 BST", "2 June 2025"):
        doc = _text_doc(tmp_path, f"Kettering bakery closes\n\n{line}\n\nThe Crumb & Co bakery "
                        "on Silver Street closed on Friday after 40 years.\n")
        assert doc.text.startswith("The Crumb & Co bakery"), line
        assert (doc.published, doc.published_source) == ("2025-06-02", "inferred")
        assert doc.published_evidence in line


def test_a_date_line_below_the_story_start_stays(tmp_path):
    doc = _text_doc(tmp_path, "Pool timetable\n\nThe Westgate pool changes its timetable next "
                    "month, the leisure trust said.\n\n14 July 2025\n\nEarly swims begin.\n")
    assert "14 July 2025" in doc.text


def test_published_by_names_the_publisher(tmp_path):
    doc = _text_doc(tmp_path, "End of support: Ledgerly 3\n\nPublished 10 February 2025 by "
                    "Ledgerly Software Ltd\n\nLedgerly 3 will receive no updates after "
                    "30 June.\n")
    assert doc.publisher == "Ledgerly Software Ltd"
    assert doc.published == "2025-02-10"
    assert doc.text == "Ledgerly 3 will receive no updates after 30 June."


def test_html_date_paragraph_leaves_the_body(tmp_path):
    story = _story_page(
        tmp_path, "Weir repairs finished",
        '<meta property="article:published_time" content="2025-09-17T08:30:00+01:00">',
        "Engineers finished the repairs to the Millbeck weir ahead of the winter floods.")
    assert story.published == "2025-09-17T08:30:00+01:00"
    page = tmp_path / "story.html"
    page.write_text(page.read_text().replace(
        "<article>", '<article><p class="dateline">Published 17 September 2025</p>'))
    (dated,) = docs(page)
    assert dated.text == story.text
    assert "Published" not in dated.text


def test_wire_dateline_without_a_year_invents_none():
    text = ("CHICAGO, March 4 (Reuters) - Riverside Mills said on Tuesday it would close its "
            "Joliet plant.")
    assert infer_published(text) is None
    # The year of a full date in the same paragraph completes it.
    with_year = text.replace("plant.", "plant by June 30, 2025.")
    assert infer_published(with_year)[0] == "2025-03-04"
    # Two different years: the paragraph is about more than its own time.
    assert infer_published(text + " It opened in 1998 and was sold in 2011.") is None
    # A date from elsewhere (a URL, a file name, a feed) gives the nearest year.
    assert infer_published("LONDON, 31 Dec (Reuters) - Banks closed early.",
                           year_hints=[("2025-01-01", "the URL")]) == (
        "2024-12-31", "LONDON, 31 Dec (year from the URL)")
    assert infer_published(text, ["2025-03-05T10:00:00"])[0] == "2025-03-04"


def test_wire_story_year_from_file_name_and_credits_cut(tmp_path):
    body = ("Mill closure\n\nCHICAGO, March 4 (Reuters) - Riverside Mills said on Tuesday it "
            "would close its Joliet plant.\n\nThe company employs 400 people there.\n\n"
            "(Reporting by Ana Vidal in Chicago; Additional reporting by Tom Reyes; Editing by "
            "Lee Park)\n")
    undated = _text_doc(tmp_path, body, name="mill.txt")
    assert undated.published is None
    assert undated.text.endswith("The company employs 400 people there.")
    dated = _text_doc(tmp_path, body, name="reuters-2025-03-04-mill.txt")
    assert (dated.published, dated.published_source) == ("2025-03-04", "inferred")
    assert "file name" in dated.published_evidence


@pytest.mark.parametrize("ending,kept", [
    ("Reporting by Ana Vidal; Editing by Lee Park", False),
    ("Additional reporting by Tom Reyes in Detroit", False),
    ("Editing by hand takes the clerks most of a week, she said.", True),
])
def test_trailing_wire_credits(ending, kept):
    from pipeline.ingest.furniture import strip_wire_credits

    text = f"Riverside Mills will close its plant.\n\n{ending}"
    assert (ending in strip_wire_credits(text)) is kept


def _mail(tmp_path, sender: str, body: str, subject: str = "Hall hire charges") -> Document:
    path = tmp_path / "notice.eml"
    path.write_text(f"From: {sender}\nTo: members@example.org\nDate: Tue, 4 Nov 2025 09:00:00 "
                    f"+0000\nSubject: {subject}\nContent-Type: text/plain; charset=utf-8\n\n"
                    f"{body}", encoding="utf-8")
    (doc,) = docs(path)
    return doc


def test_email_from_an_association_names_it_and_drops_the_sign_off(tmp_path):
    doc = _mail(tmp_path, '"Fernhill Allotment Society" <notices@fernhillallotments.org.uk>',
                "Dear member,\n\nThe committee agreed to raise plot rents by £5 from April.\n\n"
                "Kind regards,\n\nMarta Kowal\nTreasurer, Fernhill Allotment Society\n")
    assert doc.publisher == "Fernhill Allotment Society"
    assert doc.author == "Marta Kowal"
    assert doc.kind != "vendor_notice"
    assert doc.text == ("Dear member,\n\nThe committee agreed to raise plot rents by £5 from "
                        "April.")


def test_email_display_name_spelling_out_the_domain_is_the_organisation(tmp_path):
    doc = _mail(tmp_path, "Quayside Lettings <info@quaysidelettings.co.uk>",
                "Our office will close early on Friday.\n\nBest wishes\nJo Amis\n")
    assert doc.publisher == "Quayside Lettings"
    assert doc.kind == "vendor_notice"  # a company's own notice
    assert "Jo Amis" not in doc.text and "Best wishes" not in doc.text


def test_email_person_on_webmail_signing_for_a_club(tmp_path):
    doc = _mail(tmp_path, "Priya Shah <priya.shah@gmail.com>",
                "Training moves to Thursday evenings from next week.\n\nYours sincerely,\n"
                "Priya Shah\nSecretary, Lowmoor Harriers Running Club\n-- \nSent from my phone\n")
    assert doc.author == "Priya Shah"
    assert doc.publisher == "Lowmoor Harriers Running Club"
    assert doc.kind == "other"
    assert doc.text == "Training moves to Thursday evenings from next week."


def test_a_thank_you_sentence_is_no_sign_off(tmp_path):
    doc = _mail(tmp_path, "Priya Shah <priya.shah@gmail.com>",
                "Training moves to Thursday.\n\nThank you\nto everyone who helped at the "
                "gala, which raised more than £2,000 for the new clubhouse roof this year, "
                "the best total in a decade.\n")
    assert "gala" in doc.text


# --- review fixes: prose that only looks like furniture stays -----------------------------------

@pytest.mark.parametrize("sentence", [
    "Harwick Aero will cut 2000 jobs, it said on Tuesday.",
    "Harwick Aero expects profit to rise in 2027.",
])
def test_a_bare_number_gives_a_wire_dateline_no_year(sentence):
    assert infer_published(f"CHICAGO, March 4 (Reuters) - {sentence}\n\nMore.") is None


def test_a_release_sentence_is_no_date_line_and_names_no_publisher(tmp_path):
    doc = _text_doc(tmp_path, "Album notes\n\nReleased 4 July 2019 by Larkspur Records to wide "
                    "acclaim.\n\nThe band toured Norway that winter.\n")
    assert (doc.published, doc.publisher) == (None, None)
    assert doc.text.startswith("Released 4 July 2019 by Larkspur Records to wide acclaim.")
    # A "by" tail that is a short capitalised name still names the publisher.
    named = _text_doc(tmp_path, "Rates held\n\nPublished 2 June 2025 by Bank of Dunmore.\n\n"
                      "The bank held its rate at 4%.\n", name="rates.txt")
    assert (named.published, named.publisher) == ("2025-06-02", "Bank of Dunmore")


@pytest.mark.parametrize("text", [
    "Released on 4 July 2019, the album sold a million copies.\n\nMore.",
    "Issued 3 January 2011, the licence lapsed two years later.\n\nMore.",
])
def test_a_labelled_date_that_opens_a_sentence_dates_nothing(text):
    assert infer_published(text) is None


@pytest.mark.parametrize("ending", [
    "The inquiry into the Fenwick care home was prompted by\nreporting by The Harbour Post "
    "in March.",
    "Writing by Candlelight is published by Quillon Press at £14.99.",
])
def test_story_text_that_mentions_reporting_or_writing_is_no_credit(ending):
    from pipeline.ingest.furniture import strip_wire_credits

    text = f"A fine and patient novel about the marsh.\n\n{ending}"
    assert strip_wire_credits(text) == normalise_text(text)


@pytest.mark.parametrize("ending", [
    "Reporting by Ana de la Vega in Mexico City\nEditing by Lee Park",
    "Reporting by Ana Vidal and Tom Reyes in Chicago; Editing by Lee Park.",
    "(Writing by Ana Vidal; editing by Lee Park and Sara Quint)",
])
def test_credit_shaped_paragraphs_are_cut(ending):
    from pipeline.ingest.furniture import strip_wire_credits

    assert strip_wire_credits(f"Riverside Mills will close its plant.\n\n{ending}") == \
        "Riverside Mills will close its plant."


@pytest.mark.parametrize("headline", [
    "Embargo to Velmora extended by council",
    "Embargo until 2030 on Velmora grain agreed",
    "Embargo until spring on Marlow ferries",
])
def test_embargo_headlines_are_titles_not_banners(tmp_path, headline):
    doc = _text_doc(tmp_path, f"{headline}\n\nThe council voted on Monday, traders said.\n")
    assert (doc.title, doc.kind) == (headline, "news")


@pytest.mark.parametrize("banner", [
    "EMBARGOED UNTIL 00:01 GMT, 4 MARCH", "Embargoed until 10am Monday", "Embargo: 00:01 Tuesday",
    "For release at 10am on Monday", "NEWS RELEASE", "MEDIA RELEASE", "FOR IMMEDIATE RELEASE",
])
def test_banner_forms_still_mark_a_release(tmp_path, banner):
    doc = _text_doc(tmp_path, f"{banner}\n\nTollbridge ferry fares frozen\n\nThe Tollbridge "
                    "Ferry Company said fares would not rise.\n")
    assert (doc.title, doc.kind) == ("Tollbridge ferry fares frozen", "press_release")
    assert banner not in doc.text


def test_a_release_sentence_at_the_top_stays():
    from pipeline.ingest.furniture import strip_head

    head = strip_head("For release in cinemas next month, the film was cut.\n\nMore text.")
    assert head.text.startswith("For release in cinemas next month")
    assert not head.release


def test_an_exclamation_over_closing_lines_is_no_sign_off(tmp_path):
    doc = _mail(tmp_path, "Priya Shah <priya.shah@gmail.com>",
                "Please sign the petition for the Lowmoor crossing.\n\nThanks!\n\nThe petition "
                "closes on 30 June.\nPlease sign it.\n")
    assert doc.text.endswith("The petition closes on 30 June.\nPlease sign it.")
    # "Thanks" over lines of prose is no sign-off either.
    prose = _mail(tmp_path, "Priya Shah <priya.shah@gmail.com>",
                  "Please sign.\n\nThanks\n\nThe petition closes on 30 June.\n")
    assert prose.text.endswith("The petition closes on 30 June.")
    # "Cheers," over a name is one.
    signed = _mail(tmp_path, "Priya Shah <priya.shah@gmail.com>",
                   "Please sign.\n\nCheers,\nPriya\n")
    assert signed.text == "Please sign."


def test_a_surname_that_is_an_organisation_word_is_a_person(tmp_path):
    doc = _mail(tmp_path, "Charlotte Church <c.church@gmail.com>",
                "The choir meets on Friday at seven.\n")
    assert (doc.publisher, doc.kind) == (None, "other")
    # An organisation word must head the name: its last word, or the one before "of".
    from pipeline.ingest.eml import is_organisation_name
    assert is_organisation_name("University of Dunmore", None)
    assert not is_organisation_name("Society Events Desk", None)


def test_an_organization_header_alone_is_no_press_release(tmp_path):
    path = tmp_path / "staff.eml"
    path.write_text("From: Jo Amis <jo.amis@stmarys.sch.uk>\nOrganization: St Mary's School\n"
                    "Date: Tue, 4 Nov 2025 09:00:00 +0000\nSubject: Choir practice\n"
                    "Content-Type: text/plain; charset=utf-8\n\nThe choir meets on Friday.\n",
                    encoding="utf-8")
    (doc,) = docs(path)
    assert (doc.publisher, doc.kind) == ("St Mary's School", "other")


def test_an_html_page_of_nothing_but_furniture_has_no_main_text(tmp_path):
    page = tmp_path / "dated.html"
    page.write_text("<html><head><title>Weir repairs finished</title></head><body><article>"
                    "<p>Published 17 September 2025</p></article></body></html>")
    (error,) = read_path(page)
    assert isinstance(error, IngestError) and error.error_type == "NoMainText"


def test_text_head_cut_below_a_cookie_banner(tmp_path):
    doc = _text_doc(tmp_path, "We use cookies to improve your visit to this site.\n"
                    "Published 2 June 2025\n\nKettering bakery closes\n\nThe Crumb & Co bakery "
                    "closed on Friday.\n")
    assert (doc.title, doc.published) == ("Kettering bakery closes", "2025-06-02")
    assert doc.text == "The Crumb & Co bakery closed on Friday."


@pytest.mark.parametrize("title,kind", [
    # headlines about a notice or an outage are news
    ("Council serves notice on Fernhill bin contractor", None),
    ("Regulator issues enforcement notice to Calder water firm", None),
    ("Minister questions Tollgate payments outage", None),
    # a notice's own heading
    ("Service notice: booking outage resolved", "vendor_notice"),
    ("Notice: Corvid 4.x reaches end of support", "vendor_notice"),
    ("Scheduled maintenance on Tuesday 15 April", "vendor_notice"),
])
def test_a_headline_about_a_notice_is_no_notice(title, kind):
    assert kind_from_title(title) == kind
