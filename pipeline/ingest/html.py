"""HTML pages (.html, .htm, .html.gz): main text, metadata, and comments as child documents."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.document import Document, normalise_text
from pipeline.ingest.base import IngestFailure, Item, Source, clean_field, clean_person
from pipeline.ingest.comments import Comment
from pipeline.ingest.dates import infer_published, parse_date, year_hints
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.furniture import strip_head, strip_wire_credits
from pipeline.ingest.kinds import kind_from_title, normalise_kind
from pipeline.ingest.sandbox import SandboxCrashed, SandboxTimeout, run_isolated
from pipeline.ingest.text import _key, comment_documents, read_sidecar
from pipeline.structure import find_blocks

# Deeper than any real page (news templates stay under ~60); beyond it lxml silently reshapes
# the tree and recursive extractors exhaust the stack, so the page is refused up front.
MAX_DEPTH = 1500
# A comment or declaration opening, or a tag with its attributes up to the next '>' and never
# past another '<': at each '<' the match ends by the next '<', so a search costs linear
# time (an unterminated "<a<a<a..." is no longer quadratic, as a search for '>' from every
# '<' was).
_MARKUP = re.compile(r"<!--|<[!?]|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^<>]*?(/?)>")
# Raw-text elements: their content is not markup, so tags inside them do not nest.
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp")
# Elements that are usually left open or are void: they do not deepen the tree.
_NO_DEPTH = {"p", "li", "td", "tr", "th", "option", "dt", "dd", "thead", "tbody", "tfoot",
             "colgroup", "br", "img", "hr", "meta", "link", "input", "area", "base", "col",
             "embed", "param", "source", "track", "wbr", "html", "head", "body", "rt", "rp"}


def _tags(html: str) -> Iterator[tuple[str, str, str]]:
    """(closing, name, selfclosing) of each tag, in linear time, skipping comments, CDATA,
    declarations and the content of raw-text elements (none of which nests elements)."""
    lower = None
    position = 0
    while (match := _MARKUP.search(html, position)) is not None:
        opening = match.group()
        if opening in ("<!--", "<!", "<?"):
            end = html.find("-->" if opening == "<!--" else ">", match.end())
            if end < 0:
                return  # an unterminated comment or declaration runs to the end of the page
            position = end + 1
            continue
        closing, name, selfclosing = match.groups()
        yield closing, name, selfclosing
        position = match.end()
        if not closing and name.lower() in _RAW_TEXT:
            lower = lower if lower is not None else html.lower()
            end = lower.find(f"</{name.lower()}", position)
            if end < 0:
                return
            position = end


def nesting_depth(html: str) -> int:
    """Approximate element depth from tags alone (cheap, linear, and safe on any input)."""
    depth = deepest = 0
    for closing, name, selfclosing in _tags(html):
        name = name.lower()
        if name in _NO_DEPTH or selfclosing:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def is_truncated(html: str) -> bool:
    """A page that opens <html>/<body> but never closes either was cut off in transfer."""
    lower = html.lower()
    opened = "<html" in lower or "<body" in lower
    tail = lower[-4096:] if len(lower) > 4096 else lower
    return opened and "</html" not in tail and "</body" not in lower


def drop_leading_title(text: str, title: str | None) -> str:
    """Remove the headline trafilatura keeps as the first line: it is the title, not body."""
    if not title:
        return text
    lines = text.split("\n")
    key = _key(title)
    # Titles often carry a " | Site" or " - Site" suffix the <h1> lacks, and vice versa.
    short = _key(re.split(r"\s[|–—-]\s", title)[0])
    while lines and lines[0].strip() and _key(lines[0]) in (key, short):
        lines.pop(0)
    return normalise_text("\n".join(lines)) or text


class HtmlReader:
    name = "html"

    def read(self, source: Source) -> Iterator[Item]:
        html, encoding = decode_bytes(source.raw)
        if is_truncated(html):
            raise IngestFailure("parse", "TruncatedHTML",
                                "the page opens <html>/<body> but ends before closing them")
        depth = nesting_depth(html)
        if depth > MAX_DEPTH:
            raise IngestFailure("parse", "NestingTooDeep",
                                f"elements nested {depth} deep (limit {MAX_DEPTH})")
        try:
            data = run_isolated("pipeline.ingest.html_extract:extract_html", (html, None),
                                timeout=source.timeout)
        except SandboxTimeout as exc:
            raise IngestFailure("extract", "Timeout",
                                f"extraction took longer than {source.timeout:g} s") from exc
        except SandboxCrashed as exc:
            raise IngestFailure("extract", "ExtractorCrashed", str(exc)) from exc
        except RecursionError as exc:
            raise IngestFailure("parse", "NestingTooDeep", "recursion limit in parser") from exc
        except MemoryError as exc:
            raise IngestFailure("extract", "OutOfMemory", "page needs too much memory") from exc
        text = normalise_text(data.get("text") or "")
        if not text:
            raise IngestFailure("extract", "NoMainText", "no main text found in the page")

        meta = read_sidecar(source.path)
        title = clean_field(meta.get("title") or data.get("title"))
        text = drop_leading_title(text, title)
        # Date lines ("Published 17 September 2025") and release banners above the story are
        # page furniture whichever evidence dates the page; credits close wire copy.
        furniture = strip_head(text)
        text = strip_wire_credits(furniture.text)
        if not text:  # as the text reader: a page of nothing but furniture has no story
            raise IngestFailure("extract", "NoMainText",
                                "no text left after removing page furniture")
        comments = [Comment(author=clean_person(c.get("author")), published=c.get("published"),
                            header="", text=c["text"]) for c in data.get("comments") or []]
        if source.published:
            published = parse_date(source.published) or source.published
            published_source, evidence = "argument", None
        elif meta.get("published") and parse_date(meta["published"]):
            published, published_source, evidence = parse_date(meta["published"]), "metadata", None
        elif data.get("published"):
            published, published_source = data["published"], "html"
            evidence = data.get("published_via")
        else:
            inferred = infer_published(
                text, [c.published for c in comments if c.published], furniture.date_evidence,
                year_hints(clean_field(meta.get("url") or data.get("url")), source.path.name))
            published, published_source, evidence = (inferred[0], "inferred", inferred[1]) \
                if inferred else (None, None, None)
        kind = normalise_kind(source.kind) or normalise_kind(meta.get("kind")) \
            or ("press_release" if furniture.release else None) or kind_from_title(title) \
            or "news"
        article = Document(
            text=text, title=title, url=clean_field(meta.get("url") or data.get("url")),
            publisher=clean_field(meta.get("publisher") or data.get("publisher")),
            author=clean_person(meta.get("author") or data.get("author")),
            published=published, published_source=published_source,
            published_evidence=evidence, kind=kind, source=source.given,
            raw_sha256=source.raw_sha256, reader=self.name,
            meta={"encoding": encoding, "text_via": data.get("text_via"),
                  "description": data.get("description")},
            blocks=find_blocks(text, [tuple(m) for m in data.get("marks") or ()]),
        )
        yield article
        yield from comment_documents(article, comments, source, "html")
