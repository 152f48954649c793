"""Lines around a story that are about the document rather than part of it: date lines and
press-release banners at the top, wire credit lines at the end.

Left in the body they read as sentences ("Published 2 June 2025" becomes a "publish" event,
"Reporting by Jane Porter" makes Jane Porter an actor), so readers cut them after taking what
they say (the publication date, the kind) as metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.document import normalise_text
from pipeline.ingest.dates import DateLine, date_line
from pipeline.ingest.kinds import line_patterns

# Header furniture sits above the story; the first line this long is the story itself.
_PARAGRAPH_WORDS = 25
# How many non-blank lines at the top are looked at.
HEAD_LINES = 12
# A line of this many words ending like a sentence is story text, not a header.
_SENTENCE_WORDS = 5
# A credit line names a few people; a longer closing paragraph is story text.
_CREDIT_MAX_WORDS = 45


@dataclass
class HeadLine:
    """What one line at the top of a text is, when it is furniture."""

    date: DateLine | None = None
    release: bool = False  # a "PRESS RELEASE" / "For immediate release" banner


@dataclass
class Head:
    """A text without its head date lines and release banners, and what they said."""

    text: str
    date_lines: list[DateLine] = field(default_factory=list)
    release: bool = False

    @property
    def date_evidence(self) -> list[str]:
        return [d.evidence for d in self.date_lines]


def head_line(line: str) -> HeadLine | None:
    """A date line or a release banner (both, for "For immediate release: 2 June 2025"),
    else None."""
    line = line.strip()
    if not line:
        return None
    # A banner is never a sentence: "For release in cinemas next month, the film was cut."
    release = not is_sentence(line) and bool(line_patterns("release_banners").match(line))
    dated = date_line(line)
    if dated is not None:
        # A release label on a date line ("Embargoed until ... 3 June 2025") is a banner too.
        release = release or bool(dated.label and re.match(r"(for|embargo)", dated.label))
        return HeadLine(date=dated, release=release)
    return HeadLine(release=True) if release else None


def is_head_end(line: str) -> bool:
    """The first full paragraph ends the head: furniture below it is part of the story."""
    return len(line.split()) > _PARAGRAPH_WORDS


def is_sentence(line: str) -> bool:
    """A line of prose: a date line below one belongs to the story (a comment's time stamp,
    a timeline entry), not to the header."""
    words = len(line.split())
    return words > _PARAGRAPH_WORDS or (
        words >= _SENTENCE_WORDS and line.rstrip().endswith((".", "?", "!", '"', "”")))


def strip_head(text: str) -> Head:
    """Cut date lines and release banners from the first lines of `text`."""
    lines = text.split("\n")
    drop: set[int] = set()
    head = Head(text=text)
    seen = 0
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        seen += 1
        found = head_line(line)
        if found is not None:
            drop.add(i)
            head.release = head.release or found.release
            if found.date is not None:
                head.date_lines.append(found.date)
        if seen >= HEAD_LINES or is_sentence(line):
            break
    if drop:
        head.text = normalise_text("\n".join(x for i, x in enumerate(lines) if i not in drop))
    return head


def strip_wire_credits(text: str) -> str:
    """Drop the closing credit paragraphs of a wire story ("(Reporting by Jane Porter;
    Editing by Tom Ridley)", "Additional reporting by ...", "Our Standards: ...").

    Only a whole paragraph that is a credit goes: the last line of a longer paragraph is story
    text even when it reads "reporting by The Guardian in March." (a hard-wrapped sentence).
    """
    credits = line_patterns("wire_credits")
    paragraphs = re.split(r"\n\s*\n", text)
    while len(paragraphs) > 1:
        last = " ".join(paragraphs[-1].split())
        if last and credits.match(last) and len(last.split()) <= _CREDIT_MAX_WORDS:
            paragraphs.pop()
            continue
        break
    return normalise_text("\n\n".join(paragraphs))
