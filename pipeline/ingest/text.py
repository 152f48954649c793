"""Plain text and Markdown captures, with a sidecar NAME.meta.json or YAML front matter."""

from __future__ import annotations

import errno
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from pipeline.document import Document, normalise_text
from pipeline.ingest.base import IngestFailure, Item, Source, clean_field, refuse_oversized
from pipeline.ingest.comments import Comment, split_comments
from pipeline.ingest.dates import infer_published, parse_date, year_hints
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.furniture import Head, is_head_end, strip_head, strip_wire_credits
from pipeline.ingest.kinds import kind_from_title, line_patterns, normalise_kind
from pipeline.ingest.markdown import render_markdown
from pipeline.structure import Mark, find_blocks, plain_marks

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MD_HEADING = re.compile(r"^#{1,6}\s+")
# Front matter and sidecars are a few lines of metadata; past these sizes they are refused
# before parsing (a YAML or JSON parser's memory grows with what it is given).
MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_SIDECAR_BYTES = 1024 * 1024
# How far into the text banners and repeated titles are looked for: furniture sits at the top.
_HEAD_LINES = 12


def sidecar_path(path: Path) -> Path:
    """NAME.meta.json beside NAME.txt (and NAME.md, NAME.html ...)."""
    name = path.name
    if name.endswith(".gz"):
        name = name[:-3]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return path.with_name(f"{stem}.meta.json")


def read_sidecar(path: Path) -> dict[str, Any]:
    side = sidecar_path(path)
    try:
        if not side.is_file():
            return {}
        if side.stat().st_size > MAX_SIDECAR_BYTES:
            raise IngestFailure("parse", "MalformedSidecar",
                                f"{side.name} is over {MAX_SIDECAR_BYTES} bytes")
        data = json.loads(side.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return {}  # the document's own name is at the limit: no sidecar can exist
        raise IngestFailure("parse", "MalformedSidecar", f"{side.name}: {exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise IngestFailure("parse", "MalformedSidecar", f"{side.name}: {exc}") from exc
    if not isinstance(data, dict):
        raise IngestFailure("parse", "MalformedSidecar", f"{side.name} is not a JSON object")
    return data


class _NoAliasLoader(yaml.SafeLoader):
    """YAML's safe loader without aliases: "*a" repeats a node by reference, and nested
    repeats ("billion laughs") flatten to gigabytes. Front matter never needs them."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases are not accepted",
                                              event.start_mark)
        return super().compose_node(parent, index)


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    if len(m.group(1)) > MAX_FRONT_MATTER_CHARS:
        raise IngestFailure("parse", "MalformedFrontMatter",
                            f"front matter over {MAX_FRONT_MATTER_CHARS} characters")
    try:
        data = yaml.load(m.group(1), Loader=_NoAliasLoader)  # noqa: S506 - safe, no aliases
    except (yaml.YAMLError, RecursionError) as exc:
        raise IngestFailure("parse", "MalformedFrontMatter", str(exc).split("\n")[0]) from exc
    if not isinstance(data, dict):
        return {}, text
    return data, text[m.end():]


def _key(line: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", _MD_HEADING.sub("", line)).lower().split())


def strip_furniture(text: str, title: str | None) -> tuple[str, str | None, Head]:
    """Drop banners, date lines and repeated title lines from the head; return (text, title,
    what the dropped date lines and release banners said).

    Site banners go first (a cookie notice may sit above the date line), then the date lines
    and release banners `strip_head` finds above the story. Without a title from metadata, a
    short first line without final punctuation (or a Markdown heading) is taken as the title;
    a "PRESS RELEASE" banner or a date line above the headline is not it.
    """
    lines = text.split("\n")
    banners = line_patterns("banners")
    kept = 0
    drop: set[int] = set()
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        if banners.match(line):
            drop.add(i)
            continue
        kept += 1
        # Banners sit above the content; stop once a full paragraph starts.
        if kept >= _HEAD_LINES or is_head_end(line):
            break
    furniture = strip_head("\n".join(x for i, x in enumerate(lines) if i not in drop))
    lines = furniture.text.split("\n")
    head: list[int] = []  # indices of the non-blank lines at the top
    for i, raw in enumerate(lines):
        if not raw.strip():
            continue
        head.append(i)
        if len(head) >= _HEAD_LINES or is_head_end(raw.strip()):
            break
    if title is None and head:
        line = lines[head[0]].strip()
        if _MD_HEADING.match(line) or (len(line.split()) <= 20
                                       and not line.endswith((".", ":", ";", ",", "?", "!"))):
            title = _MD_HEADING.sub("", line).strip()
    title_key = _key(title) if title else None
    if title_key:
        repeated = {i for i in head if _key(lines[i]) == title_key}
        furniture.text = normalise_text(
            "\n".join(x for i, x in enumerate(lines) if i not in repeated))
    return furniture.text, title, furniture


# "Published 2 June 2025 by Acme Ltd" names the publisher; "Posted ... by Jo Bloggs" the
# writer.
_PUBLISHER_LABELS = ("published", "first published", "issued", "released")


def build_documents(source: Source, text: str, meta: dict[str, Any], reader: str,
                    split_thread: bool = True, marks: list[Mark] | None = None,
                    ) -> Iterator[Item]:
    """Article (+ comment) documents from normalised text and metadata; `marks` are the
    structure the reader saw, laid onto the final text as the document's blocks."""
    title = clean_field(meta.get("title"))
    text, title, furniture = strip_furniture(text, title)
    comments: list[Comment] = []
    if split_thread:
        text, comments = split_comments(text)
    text = strip_wire_credits(normalise_text(text))
    if not text:
        raise IngestFailure("extract", "NoMainText", "no text left after removing page furniture")
    url = clean_field(meta.get("url") or meta.get("link"))
    published, published_source, evidence = resolve_published(
        source, meta, text, [c.published for c in comments if c.published],
        furniture.date_evidence, year_hints(url, source.path.name))
    kind = normalise_kind(source.kind) or normalise_kind(meta.get("kind")) \
        or ("press_release" if furniture.release else None) or kind_from_title(title) or "news"
    by_publisher = next((d.by for d in furniture.date_lines
                         if d.by and d.label in _PUBLISHER_LABELS), None)
    by_author = next((d.by for d in furniture.date_lines
                      if d.by and d.label not in _PUBLISHER_LABELS), None)
    article = Document(
        text=text, title=title, url=url,
        publisher=clean_field(meta.get("publisher") or meta.get("site_name") or by_publisher),
        author=clean_field(meta.get("author") or by_author), published=published,
        published_source=published_source, published_evidence=evidence, kind=kind,
        source=source.given, raw_sha256=source.raw_sha256, reader=reader,
        meta={k: v for k, v in meta.items() if k not in _KNOWN and _plain(v)},
        blocks=find_blocks(text, marks),
    )
    yield article
    yield from comment_documents(article, comments, source, "metadata")


_KNOWN = {"title", "url", "link", "publisher", "site_name", "author", "published", "date", "kind"}


def _plain(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool)) or value is None


def resolve_published(source: Source, meta: dict[str, Any], text: str,
                      comment_times: list[str], date_lines: list[str] | None = None,
                      hints: list[tuple[str, str]] | None = None,
                      ) -> tuple[str | None, str | None, str | None]:
    """(published, published_source, evidence): argument, then metadata, then inferred
    (from the text, the date lines cut from its head, and year hints for a yearless
    dateline)."""
    if source.published:
        return parse_date(source.published) or source.published, "argument", None
    for key in ("published", "date", "datePublished", "pubDate"):
        if meta.get(key):
            value = parse_date(meta[key])
            if value:
                return value, "metadata", None
    inferred = infer_published(text, comment_times, date_lines or (), hints or ())
    if inferred:
        return inferred[0], "inferred", inferred[1]
    return None, None, None


def comment_documents(article: Document, comments: list[Comment], source: Source,
                      published_source: str) -> Iterator[Document]:
    for n, comment in enumerate(comments, 1):
        text = normalise_text(comment.text)
        if not text:
            continue
        yield Document(
            text=text,
            title=f"Comment by {comment.author}" if comment.author else "Comment",
            url=article.url, publisher=article.publisher, author=comment.author,
            # An undated comment is no older than its article: the article's date is a lower
            # bound, so it is marked inferred rather than passed off as the comment's own.
            published=comment.published or article.published,
            published_source=published_source if comment.published
            else ("inferred" if article.published else None),
            published_evidence=(comment.header or None) if comment.published
            else ("date of the article (comment undated)" if article.published else None),
            kind="comment", source=source.given, parent_id=article.id,
            raw_sha256=source.raw_sha256, reader=article.reader,
            meta={"comment_index": n},
        )


class TextReader:
    name = "text"

    def read(self, source: Source) -> Iterator[Item]:
        raw_text, encoding = decode_bytes(source.raw)
        refuse_oversized(raw_text)
        meta, raw_text = front_matter(raw_text.lstrip("\ufeff"))
        meta = {**meta, **read_sidecar(source.path)}  # the sidecar wins: it is the curated one
        meta["encoding"] = encoding
        if is_markdown(source.path):
            raw_text, marks = render_markdown(raw_text)
        else:
            marks = plain_marks(raw_text)
        yield from build_documents(source, normalise_text(raw_text), meta, self.name,
                                   marks=marks)


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


def is_markdown(path: Path) -> bool:
    """Markdown by file name (NAME.md, NAME.md.gz)."""
    name = path.name.lower()
    return name.removesuffix(".gz").endswith(MARKDOWN_SUFFIXES)
