"""The analysis record of `../shared/spec/analysis.md` as dataclasses.

Every stage hands these plain objects on; `AnalysisRecord.to_dict()` gives exactly the contract's
JSON shape (field names and nesting), plus a few documented extra fields.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "dateline.analysis/1"

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
TIMEX_ANCHORS = ("dct", "previous_timex", "speech_time", "none")
ACTOR_KINDS = ("organisation", "person", "group", "product", "place")
ACTION_TYPES = (
    "statement", "request", "instruction", "decision", "action", "plan",
    "denial", "confirmation", "warning", "contact", "other",
)
MODALITIES = ("asserted", "planned", "conditional", "reported", "hypothetical")
DATE_ROLES = ("occurred", "deadline", "planned", "reported")
ATTRIBUTION_KINDS = ("direct", "indirect", "mixed")


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str
    range: list[str] | None = None  # [first_day, last_day], inclusive, ISO dates
    anchor: str = "dct"
    mod: str | None = None  # TIMEX3 mod: START, MID, END, APPROX, BEFORE, AFTER …
    deadline_cue: str | None = None  # "by", "before", "until", "close on" … when one governs it
    sentence_start: int | None = None


@dataclass
class Mention:
    start: int
    end: int
    text: str
    how: str | None = None  # ner, registry, acronym, surname, pronoun, nominal …


@dataclass
class Actor:
    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class EventDate:
    value: str
    range: list[str] | None
    role: str
    timex: int | None  # index into the record's timexes


@dataclass
class Subject:
    """What the text names as doing the event, actor or not ("a ballot of GP partners",
    "prices"), and whose it is when the text says (`owner`, an actor id)."""
    start: int
    end: int
    text: str
    owner: str | None = None


@dataclass
class Event:
    id: str
    actor: str | None
    action: str
    action_type: str
    targets: list[str]
    content: str
    negated: bool
    modality: str
    date: EventDate | None
    attributed_to: str | None
    quote: Span | None
    sentence: Span
    mentions: list[Span] = field(default_factory=list)  # every sentence that reports it
    trigger: Span | None = None
    subject: Subject | None = None
    # "will be removed in version 5.0": the release an (undated) event is tied to, as written
    version: str | None = None


@dataclass
class AttributionSource:
    start: int
    end: int
    text: str
    actor: str | None


@dataclass
class Attribution:
    source: AttributionSource | None
    cue: Span | None
    content: list[Span]
    kind: str
    addressee: str | None = None
    event: str | None = None


@dataclass
class DocumentInfo:
    id: str
    kind: str
    title: str | None
    url: str | None
    publisher: str | None
    author: str | None
    published: str | None
    published_source: str | None
    text: str
    parent_id: str | None
    source: str | None


@dataclass
class PipelineInfo:
    version: str
    model: str


@dataclass
class AnalysisRecord:
    pipeline: PipelineInfo
    document: DocumentInfo
    timexes: list[Timex] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    schema: str = SCHEMA

    def failed(self) -> bool:
        """Whether any of `errors` is a failure (an entry with severity "warning", such as
        an unsupported language, says why extraction was skipped but is not one)."""
        return any(e.get("severity", "error") != "warning" for e in self.errors)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        ordered = {"schema": data.pop("schema")}
        ordered.update(data)
        return ordered
