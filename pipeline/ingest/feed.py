"""RSS and Atom feeds through feedparser: one document per item, the feed's title as publisher."""

from __future__ import annotations

import re
from collections.abc import Iterator

import feedparser
from bs4 import BeautifulSoup

from pipeline.document import Document, normalise_text
from pipeline.ingest.base import IngestError, IngestFailure, Item, Source, clean_field
from pipeline.ingest.dates import infer_published, parse_date, year_hints
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.furniture import strip_head, strip_wire_credits
from pipeline.ingest.kinds import kind_from_title, normalise_kind


def html_to_text(value: str) -> str:
    if "<" not in value:
        return value
    soup = BeautifulSoup(value, "lxml")
    for tag in soup(["script", "style"]):
        tag.decompose()
    blocks = [b.get_text(" ", strip=True) for b in soup.find_all(["p", "li", "h2", "h3",
                                                                  "blockquote"])]
    blocks = [b for b in blocks if b]
    return "\n\n".join(blocks) if blocks else soup.get_text("\n", strip=True)


def feed_author(value: str | None) -> str | None:
    """RSS writes authors as "mail@host (Name)"; keep the name. (feedparser's own split
    mangles addresses on unusual top-level domains.)"""
    text = clean_field(value)
    if text and (m := re.match(r"^\S+@\S+\s*\((.+)\)$", text)):
        return m.group(1).strip()
    return text


class FeedReader:
    name = "feed"

    def read(self, source: Source) -> Iterator[Item]:
        decode_bytes(source.raw)  # empty/binary/undecodable feeds are refused like any text
        try:
            parsed = feedparser.parse(source.raw, sanitize_html=False,
                                      resolve_relative_uris=False)
        except (UnicodeError, ValueError, LookupError) as exc:
            # feedparser re-decodes with the feed's declared encoding and can raise on bytes
            # that contradict it.
            raise IngestFailure("decode", "MalformedFeed", f"{type(exc).__name__}: {exc}") from exc
        if not parsed.entries:
            if parsed.get("bozo"):
                problem = parsed.get("bozo_exception")
                raise IngestFailure("parse", "MalformedFeed",
                                    f"{type(problem).__name__}: {problem}")
            if not parsed.get("version"):
                raise IngestFailure("parse", "NotAFeed", "no RSS or Atom structure found")
            raise IngestFailure("parse", "EmptyFeed", "the feed has no items")
        publisher = clean_field(parsed.feed.get("title"))
        item_errors: list[IngestError] = []
        produced = 0
        for n, entry in enumerate(parsed.entries, 1):
            contents = [c.get("value", "") for c in entry.get("content") or []]
            body = max(contents, key=len) if contents else entry.get("summary", "")
            furniture = strip_head(normalise_text(html_to_text(body or "")))
            text = strip_wire_credits(furniture.text)
            title = clean_field(entry.get("title"))
            link = clean_field(entry.get("link"))
            if not text:
                error = IngestError(source.given, "extract", "EmptyItem",
                                    f"item {n} ({title or 'untitled'}) has no text",
                                    source.raw_sha256)
                if produced:
                    yield error
                else:
                    item_errors.append(error)  # held back: the feed itself may be broken
                continue
            published = published_source = evidence = None
            if source.published:
                published = parse_date(source.published) or source.published
                published_source = "argument"
            else:
                for key in ("published", "updated", "created"):
                    value = parse_date(entry.get(key)) or parse_date(entry.get(f"{key}_parsed"))
                    if value:
                        published, published_source = value, "metadata"
                        break
                else:
                    # An undated item may still open with a dateline; the feed's own date
                    # completes one that gives no year.
                    hints = [(d, "the feed's date") for key in ("updated", "published")
                             if (d := parse_date(parsed.feed.get(key)))]
                    inferred = infer_published(text, None, furniture.date_evidence,
                                               year_hints(link, None) + hints)
                    if inferred:
                        published, published_source = inferred[0], "inferred"
                        evidence = inferred[1]
            kind = normalise_kind(source.kind) or ("press_release" if furniture.release else None) \
                or kind_from_title(title) or "news"
            author = feed_author(entry.get("author"))
            produced += 1
            yield from item_errors
            item_errors.clear()
            yield Document(
                text=text, title=title, url=link, publisher=publisher,
                author=author, published=published,
                published_source=published_source, published_evidence=evidence, kind=kind,
                source=source.given,
                raw_sha256=source.raw_sha256, reader=self.name,
                meta={"item": n, "entry_id": clean_field(entry.get("id")),
                      "source_key": link or f"{source.given}#{entry.get('id') or n}"},
            )
        if not produced:
            if parsed.get("bozo"):
                # Unreadable feed whose loose parse produced only husks: one row for the feed.
                problem = parsed.get("bozo_exception")
                raise IngestFailure("parse", "MalformedFeed",
                                    f"{type(problem).__name__}: {problem}")
            yield from item_errors
