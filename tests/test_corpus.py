"""The sample corpus in corpus/: every format present, metadata complete, written in own words.

These tests read the corpus files directly (with the standard parsers each format calls for),
not through `pipeline.ingest`, so a reader bug cannot hide a corpus defect or the other way
round.
"""

from __future__ import annotations

import datetime as dt
import email
import email.utils
import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from email import policy
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import shared_path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SAMPLE_NOTE = "sample written for dateline"
# Every note must also say which of the two permitted sources the text comes from.
PROVENANCE = ("fictional", "own-words summary")
SHINGLE = 8
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
COMMENT_HEADER = re.compile(
    r"^[A-Z][\w'-]+(?: [A-Z][\w'-]+)+ \d{1,2} [A-Z][a-z]+, \d{4} \d{1,2}:\d{2} (?:am|pm)$"
)


@dataclass
class SampleDoc:
    """One document as the corpus declares it: the file, its metadata and its body text."""

    path: Path
    label: str
    fmt: str
    title: str | None
    published: object
    publisher: str | None
    note: str | None
    kind: str | None
    text: str
    extra: dict = field(default_factory=dict)


def _iso_date(value: object) -> dt.date:
    """The calendar date of a metadata value: a date, a datetime or an ISO string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    raise TypeError(f"not a date: {value!r}")


def _meta(soup: BeautifulSoup, **attrs: str) -> str | None:
    tag = soup.find("meta", attrs=attrs)
    return tag.get("content") if tag else None


def _read_html(path: Path) -> list[SampleDoc]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    ld: dict = {}
    for script in soup.find_all("script", type="application/ld+json"):
        ld = json.loads(script.string)
    publisher = ld.get("publisher", {}).get("name") or _meta(soup, property="og:site_name")
    article = soup.find("article")
    return [
        SampleDoc(
            path=path,
            label=path.name,
            fmt="html",
            title=ld.get("headline") or _meta(soup, property="og:title"),
            published=ld.get("datePublished") or _meta(soup, property="article:published_time"),
            publisher=publisher,
            note=_meta(soup, name="dateline:note"),
            kind=None,
            text=article.get_text(" ", strip=True) if article else "",
            extra={"soup": soup, "ld": ld},
        )
    ]


def _read_text(path: Path) -> list[SampleDoc]:
    raw = path.read_text(encoding="utf-8")
    sidecar = path.with_suffix(".meta.json")
    if sidecar.exists():
        meta, body, fmt = json.loads(sidecar.read_text(encoding="utf-8")), raw, "text+sidecar"
    else:
        match = re.match(r"^---\n(.*?)\n---\n(.*)$", raw, re.S)
        assert match, f"{path.name}: neither a sidecar {sidecar.name} nor YAML front matter"
        meta, body, fmt = yaml.safe_load(match.group(1)), match.group(2), "text+frontmatter"
    return [
        SampleDoc(
            path=path,
            label=path.name,
            fmt=fmt,
            title=meta.get("title"),
            published=meta.get("published"),
            publisher=meta.get("publisher"),
            note=meta.get("note"),
            kind=meta.get("kind"),
            text=body,
            extra={"meta": meta},
        )
    ]


def _read_eml(path: Path) -> list[SampleDoc]:
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    plain = msg.get_body(preferencelist=("plain",))
    sender = email.utils.parseaddr(str(msg["From"]))[0]
    return [
        SampleDoc(
            path=path,
            label=path.name,
            fmt="email",
            title=str(msg["Subject"]) if msg["Subject"] else None,
            published=email.utils.parsedate_to_datetime(str(msg["Date"])),
            publisher=str(msg["Organization"]) if msg["Organization"] else sender,
            note=str(msg["X-Dateline-Note"]) if msg["X-Dateline-Note"] else None,
            kind=str(msg["X-Dateline-Kind"]) if msg["X-Dateline-Kind"] else None,
            text=plain.get_content() if plain else "",
            extra={"message": msg},
        )
    ]


def _read_feed(path: Path) -> list[SampleDoc]:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, f"{path.name}: feed does not parse cleanly: {feed.get('bozo_exception')}"
    docs = []
    for i, entry in enumerate(feed.entries):
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        docs.append(
            SampleDoc(
                path=path,
                label=f"{path.name}#{i}",
                fmt="feed",
                title=entry.get("title"),
                published=dt.date(*parsed[:3]) if parsed else None,
                publisher=feed.feed.get("title"),
                # An item's own note wins; the feed description covers items without one.
                note=entry.get("dateline_note") or feed.feed.get("description"),
                kind=None,
                text=entry.get("summary", ""),
            )
        )
    return docs


def _read_jsonl(path: Path) -> list[SampleDoc]:
    docs = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        record = json.loads(line)
        docs.append(
            SampleDoc(
                path=path,
                label=f"{path.name}#{i}",
                fmt="jsonl",
                title=record.get("title"),
                published=record.get("published"),
                publisher=record.get("publisher"),
                note=record.get("note"),
                kind=record.get("kind"),
                text=record.get("text", ""),
            )
        )
    return docs


def corpus_files() -> list[Path]:
    """Every document file in corpus/ (sidecars belong to their text file)."""
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and not p.name.endswith(".meta.json"))


def read_corpus_file(path: Path) -> list[SampleDoc]:
    suffix = path.suffix.lower()
    if suffix in {".html", ".htm"}:
        return _read_html(path)
    if suffix in {".txt", ".md"}:
        return _read_text(path)
    if suffix == ".eml":
        return _read_eml(path)
    if suffix in FEED_SUFFIXES:
        return _read_feed(path)
    if suffix == ".jsonl":
        return _read_jsonl(path)
    raise AssertionError(f"{path.name}: not a format Dateline reads")


def all_docs() -> list[SampleDoc]:
    return [doc for path in corpus_files() for doc in read_corpus_file(path)]


# --- text overlap with the seed ------------------------------------------------------------


def words(text: str) -> list[str]:
    """Lower-case word tokens with punctuation and quote style normalised away."""
    text = unicodedata.normalize("NFKC", text).lower()
    # Apostrophes inside a word ("practice’s", "don't") join it, whichever mark is used.
    text = re.sub(r"(?<=\w)['\u2019\u2018](?=\w)", "", text)
    return re.findall(r"[^\W_]+", text)


def shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def readable_text(path: Path) -> str:
    """All human-readable text of a corpus file: markup and escapes removed, metadata kept.

    Metadata counts too: a copied sentence in a description or a sidecar is still copied.
    """
    raw = path.read_text(encoding="utf-8")
    suffix = path.suffix.lower()
    if suffix in {".html", ".htm", ".eml"} | FEED_SUFFIXES:
        raw = html.unescape(re.sub(r"<[^>]+>", " ", raw))
    elif suffix == ".jsonl" or path.name.endswith(".meta.json"):
        values: list[str] = []
        for line in raw.splitlines() if suffix == ".jsonl" else [raw]:
            if line.strip():
                values.extend(str(v) for v in json.loads(line).values() if v is not None)
        raw = "\n".join(values)
    return raw


@pytest.fixture(scope="module")
def seed_shingles() -> set[tuple[str, ...]]:
    seed = shared_path("corpus", "seed", "pulse-gp-connect-2024-07-01.txt")
    found = shingles(seed.read_text(encoding="utf-8"))
    assert len(found) > 500, "the seed should be a full article with comments"
    return found


# --- tests ---------------------------------------------------------------------------------


def test_every_format_is_present() -> None:
    docs_by_file = {path: read_corpus_file(path) for path in corpus_files()}
    assert len(docs_by_file) >= 8
    formats: dict[str, list[int]] = {}
    for docs in docs_by_file.values():
        formats.setdefault(docs[0].fmt, []).append(len(docs))
    assert len(formats.get("html", [])) >= 2
    assert len(formats.get("text+sidecar", [])) >= 2
    assert len(formats.get("text+frontmatter", [])) >= 1
    assert any(p.suffix == ".md" for p in docs_by_file if docs_by_file[p][0].fmt.startswith("text"))
    assert len(formats.get("email", [])) >= 1
    # A feed or JSON-lines file must hold several documents, or the per-item split is untested.
    assert any(2 <= n <= 3 for n in formats.get("feed", []))
    assert any(2 <= n <= 3 for n in formats.get("jsonl", []))


@pytest.mark.parametrize("doc", all_docs(), ids=lambda d: d.label)
def test_document_metadata_is_complete(doc: SampleDoc) -> None:
    assert doc.title and doc.title.strip(), "no title"
    assert doc.publisher and doc.publisher.strip(), "no publisher"
    assert doc.published is not None, "no publication date"
    published = _iso_date(doc.published)
    assert dt.date(2000, 1, 1) <= published <= dt.date.today()
    assert doc.note, "no sample note in the metadata"
    note = doc.note.lower()
    assert SAMPLE_NOTE in note
    assert any(word in note for word in PROVENANCE), "the note must say fictional or own-words"
    assert len(words(doc.text)) >= 50, "body text missing or too thin"


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_document_length(path: Path) -> None:
    total = sum(len(words(doc.text)) for doc in read_corpus_file(path))
    assert 150 <= total <= 600, f"{path.name}: {total} words"


def test_corpus_size_and_kinds() -> None:
    size = sum(p.stat().st_size for p in CORPUS.rglob("*") if p.is_file())
    assert size < 40_000
    kinds = {doc.kind for doc in all_docs() if doc.kind}
    assert {"news", "vendor_notice"} <= kinds
    assert kinds <= {"news", "vendor_notice", "press_release", "comment", "other"}


def test_sidecars_belong_to_text_files() -> None:
    for sidecar in CORPUS.rglob("*.meta.json"):
        assert sidecar.with_name(sidecar.name.removesuffix(".meta.json") + ".txt").exists()


def test_html_page_with_comments_and_boilerplate() -> None:
    pages = [doc for doc in all_docs() if doc.fmt == "html"]
    with_comments = [d for d in pages if d.extra["soup"].select("section.comments div.comment")]
    assert with_comments, "one HTML page needs a comment section"
    doc = with_comments[0]
    soup, ld = doc.extra["soup"], doc.extra["ld"]
    comments = soup.select("section.comments div.comment")
    assert 2 <= len(comments) <= 3
    for comment in comments:
        assert comment.select_one(".comment-author").get_text(strip=True)
        stamp = comment.find("time")
        assert stamp and _iso_date(stamp["datetime"]) >= _iso_date(doc.published)
        assert comment.select_one(".comment-body").get_text(strip=True)
    assert ld.get("@type") == "NewsArticle"
    for key in ("datePublished", "headline", "author", "publisher"):
        assert ld.get(key), key
    for prop in ("og:title", "og:site_name", "og:type"):
        assert _meta(soup, property=prop), prop
    assert soup.find("nav") and soup.find("footer")
    # Comment text must not sit inside the article, or main-text extraction would keep it.
    article_text = soup.find("article").get_text(" ")
    for comment in comments:
        assert comment.select_one(".comment-body").get_text(strip=True) not in article_text


def test_text_capture_with_banner_title_and_comment_thread() -> None:
    captures = []
    for doc in all_docs():
        if doc.fmt != "text+sidecar":
            continue
        lines = [line.strip() for line in doc.text.splitlines() if line.strip()]
        if any(COMMENT_HEADER.match(line) for line in lines):
            captures.append((doc, lines))
    assert captures, "one .txt must imitate a page capture with a comment thread"
    doc, lines = captures[0]
    # Banner first, then the title twice, then the body.
    assert lines[0] != doc.title
    assert lines[1] == lines[2] == doc.title
    headers = [i for i, line in enumerate(lines) if COMMENT_HEADER.match(line)]
    assert len(headers) >= 2
    body_words = len(" ".join(lines[3 : headers[0]]).split())
    assert body_words >= 150
    for i in headers:
        # Every header is followed by a comment body, not by another header.
        assert i + 1 < len(lines) and not COMMENT_HEADER.match(lines[i + 1])
        stamp = dt.datetime.strptime(lines[i].split(" ", 2)[2], "%d %B, %Y %I:%M %p")
        assert stamp.date() >= _iso_date(doc.published)


def test_shingle_check_detects_a_copied_sentence(seed_shingles: set) -> None:
    # The overlap test below is only meaningful if markup and quote styles cannot hide a copy.
    seed = shared_path("corpus", "seed", "pulse-gp-connect-2024-07-01.txt")
    sentence = max(seed.read_text(encoding="utf-8").splitlines(), key=len)
    disguised = sentence.replace("\u2018", "\u201c").replace("\u2019", "'").upper()
    cut = disguised.index(" ", 40)
    page = f"<p><em>{html.escape(disguised[:cut])}</em>{html.escape(disguised[cut:])}</p>"
    assert shingles(html.unescape(re.sub(r"<[^>]+>", " ", page))) & seed_shingles


@pytest.mark.parametrize(
    "path",
    sorted(p for p in CORPUS.rglob("*") if p.is_file()),
    ids=lambda p: p.name,
)
def test_no_run_of_eight_words_from_the_seed(path: Path, seed_shingles: set) -> None:
    shared = shingles(readable_text(path)) & seed_shingles
    assert not shared, f"{path.name} copies the seed: {[' '.join(s) for s in sorted(shared)]}"
