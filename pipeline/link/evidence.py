"""Whether two reports (events of two documents) tell of one happening, and why.

`link_reason(a, b)` is a pure, symmetric function of the two reports and the linking resource:
it never looks at clusters or at the order documents arrived in, which is what makes the
story events (connected components of these links) independent of ingest order.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from pipeline.link.config import LinkConfig, link_config

__all__ = ["Report", "denies", "NEGATED", "content_terms", "report_terms", "link_reason",
           "block_keys", "date_window"]

_WORD = re.compile(r"[^\W\d_]{3,}")
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
NEGATED = "~not"   # the term marking a content that is negated ("it was not going ahead")
_PLANNED = ("planned", "deadline")


def _stem(word: str) -> str:
    """A crude suffix strip, so 'closes'/'closing'/'closed'/'close' meet."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


@functools.lru_cache(maxsize=200_000)
def _term(word: str, config: LinkConfig) -> str:
    """A word's action class when it names one ('withdraw', 'removal' -> @remove), so
    synonyms count as shared content; else its stem."""
    for form in (word, word[:-1], word[:-2], word[:-3], word[:-3] + "e", word[:-1] + "e"):
        if form in config.classes:
            return "@" + config.classes[form]
    return _stem(word)


def _phrase_terms(words: list[str], config: LinkConfig) -> set[str]:
    """Action classes named by two-word phrases ('going ahead' -> @implement)."""
    found = set()
    for first, second in zip(words, words[1:], strict=False):
        for form in (first, first[:-1], first[:-3], first[:-3] + "e", first[:-2]):
            phrase = f"{form} {second}"
            if form and phrase in config.classes:
                found.add("@" + config.classes[phrase])
                break
    return found


def content_terms(text: str | None, config: LinkConfig | None = None) -> frozenset[str]:
    """The content words of a text: letters only, no stopwords, dates or numbers; synonyms
    of one action class as one term; `NEGATED` when the text is negated."""
    config = config or link_config()
    text = (text or "").casefold()
    words = _WORD.findall(text)
    terms = {_term(w, config) for w in words if w not in config.stopwords}
    terms |= _phrase_terms(words, config)
    tokens = [t.replace("’", "'") for t in _TOKEN.findall(text)]
    if any(t in config.negation_words or t.endswith("n't") for t in tokens):
        terms.add(NEGATED)
    return frozenset(terms)


def report_terms(content: str | None, sentence: str | None,
                 config: LinkConfig | None = None, lead: int = 3) -> frozenset[str]:
    """The content's terms and the last few content words before it in its sentence: the
    content of an intransitive report ('closes on 14 March') lacks its subject ('the ballot'),
    which tells such reports apart."""
    config = config or link_config()
    terms = set(content_terms(content, config))
    content, sentence = content or "", sentence or ""
    at = sentence.find(content[:40]) if content else -1
    if at > 0:
        before = [_term(w, config) for w in _WORD.findall(sentence[:at].casefold())
                  if w not in config.stopwords]
        terms.update(before[-lead:])
    return frozenset(terms)


@dataclass(frozen=True)
class Report:
    """One event of one document, as the linker sees it (actor ids already canonical)."""

    event_id: str
    document_id: str
    published: str | None          # the document's publication day
    action_class: str
    actor: str | None
    targets: frozenset[str] = field(default_factory=frozenset)
    context: frozenset[str] = field(default_factory=frozenset)   # its document's actors
    dated: bool = False
    date_start: str | None = None
    date_end: str | None = None
    precision: str | None = None
    role: str | None = None
    negated: bool = False
    terms: frozenset[str] = field(default_factory=frozenset)
    sentence_terms: frozenset[str] = field(default_factory=frozenset)

    @property
    def anchor(self) -> tuple[str | None, str | None]:
        """The days the report covers: its stated range, else its publication day."""
        if self.dated and self.date_start:
            return self.date_start, self.date_end or self.date_start
        return self.published, self.published


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def date_window(report: Report, config: LinkConfig | None = None) -> tuple[str, str] | None:
    """The widest span of days a partner of this report may sit in (for blocking queries)."""
    config = config or link_config()
    start, end = (_day(v) for v in report.anchor)
    if start is None or end is None:
        return None
    reach = dt.timedelta(days=max(config.window_after_days, config.window_before_days,
                                  config.conflict_days))
    return (start - reach).isoformat(), (end + reach).isoformat()


def block_keys(report: Report, config: LinkConfig | None = None) -> list[str]:
    """Blocks a report is compared within: its actor, its targets, and (for things that are
    done, not said) its exact stated day. Only reports sharing a block are ever compared."""
    config = config or link_config()
    start, end = (_day(v) for v in report.anchor)
    if start is None or end is None or (end - start).days > config.max_block_span_days:
        return []
    cls = report.action_class
    keys = []
    if report.actor:
        keys.append(f"A|{cls}|{report.actor}")
        if _denial(report, config):
            keys.append(f"N|{report.actor}")
    keys.extend(f"T|{cls}|{target}" for target in sorted(report.targets))
    if (report.dated and report.precision in ("day", "time") and report.date_start
            and cls not in config.content_bound):
        keys.append(f"D|{config.related.get(cls, cls)}|{report.date_start[:10]}")
    return keys


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _content(a: Report, b: Report) -> float:
    """How much the two reports say alike: the Jaccard overlap of their content terms, or
    (discounted) the overlap of the smaller set or of their sentences. The action's own class
    is left out: it is shared by construction."""
    own = {"@" + a.action_class, NEGATED}
    ta, tb = a.terms - own, b.terms - own
    score = _overlap(ta, tb)
    if min(len(ta), len(tb)) >= 2:
        score = max(score, 0.8 * len(ta & tb) / min(len(ta), len(tb)))
    return max(score, 0.8 * _overlap(a.sentence_terms - {NEGATED}, b.sentence_terms - {NEGATED}))


def denies(action_class: str, negated: bool, terms: frozenset[str] | set[str],
           config: LinkConfig | None = None) -> bool:
    """A refusal, a negated act, or a statement whose content is negated."""
    config = config or link_config()
    if action_class == "refuse":
        return True
    if action_class in config.content_bound:
        return NEGATED in terms
    return negated


def _denial(report: Report, config: LinkConfig) -> bool:
    return denies(report.action_class, report.negated, report.terms, config)


def _denial_reason(a: Report, b: Report, config: LinkConfig) -> str | None:
    """Two denials of one thing by one actor (of different action classes) in one window:
    'not making this change' and 'said it was not going ahead with that'."""
    if not (a.actor and a.actor == b.actor and _denial(a, config) and _denial(b, config)):
        return None
    if _relation(a, b, config) is None:
        return None
    # The actor's own name (a lead word of both sentences) is no shared content.
    noise = {NEGATED, *(_term(word, config) for word in a.actor.split("-"))}
    shared = (a.terms & b.terms) - noise
    targets = a.targets & b.targets
    if not shared and not targets:
        return None
    why = ", ".join(sorted(shared | targets))
    return f"denial; same actor {a.actor}; shared {why}"


def _related_reason(a: Report, b: Report, config: LinkConfig) -> str | None:
    """Reports of two related classes ('vote' until a day, the ballot 'closes' that day): one
    happening when both state the same exact day and share a word naming the group's action."""
    group = config.related.get(a.action_class)
    if group is None or config.related.get(b.action_class) != group:
        return None
    if not (a.dated and b.dated and a.precision in ("day", "time")
            and b.precision in ("day", "time") and a.anchor == b.anchor):
        return None
    if a.negated != b.negated or (a.actor and b.actor and a.actor != b.actor):
        return None
    names = {"@" + cls for cls, g in config.related.items() if g == group}
    shared = a.terms & b.terms & names
    if not shared:
        return None
    return f"{group}; same day {a.anchor[0]}; shared {', '.join(sorted(shared))}"


def _relation(a: Report, b: Report, config: LinkConfig) -> str | None:
    """How the two reports' dates relate: overlap, window, conflict, or None (too far)."""
    a_start, a_end = (_day(v) for v in a.anchor)
    b_start, b_end = (_day(v) for v in b.anchor)
    if None in (a_start, a_end, b_start, b_end):
        return None
    if a.dated and b.dated:
        if a_start <= b_end and b_start <= a_end:
            return "overlap"
        # A promise or deadline dated after an act of the same kind is a later, separate one.
        for plan, act, plan_start, act_end in ((a, b, a_start, b_end), (b, a, b_start, a_end)):
            if plan.role in _PLANNED and act.role == "occurred" and plan_start > act_end:
                return None
        gap = max((a_start - b_end).days, (b_start - a_end).days)
        return "conflict" if gap <= config.conflict_days else None
    if a.dated or b.dated:
        event, report = (a, b) if a.dated else (b, a)
        event_start, event_end = (_day(v) for v in event.anchor)
        published = _day(report.published)
        if published is None:
            return None
        # Reports follow what they tell of; planned things and deadlines are also reported
        # ahead of their day.
        before = config.window_before_days if event.role in ("planned", "deadline") else 0
        if (event_start - dt.timedelta(days=before) <= published
                <= event_end + dt.timedelta(days=config.window_after_days)):
            return "window"
        return None
    gap = abs((a_start - b_start).days)
    return "window" if gap <= config.window_after_days else None


def link_reason(a: Report, b: Report, config: LinkConfig | None = None) -> str | None:
    """Why `a` and `b` are one happening ("same actor nhs-england; content 0.41; …"), or None.

    Needs: different documents, one action class, no two different actors, dates that
    overlap (or an undated report published within the event's window, or a small
    disagreement), and enough evidence for that date relation."""
    config = config or link_config()
    if a.document_id == b.document_id:
        return None
    if a.action_class != b.action_class:
        return _denial_reason(a, b, config) or _related_reason(a, b, config)
    if a.actor and b.actor and a.actor != b.actor:
        return None
    if (a.action_class in config.content_bound
            and (NEGATED in a.terms) != (NEGATED in b.terms)):
        return None  # a denial and an assertion by one speaker are two statements
    relation = _relation(a, b, config)
    if relation is None:
        return None
    weights = config.weights
    score, why = 0.0, []
    if a.actor and a.actor == b.actor:
        score += weights["same_actor"]
        why.append(f"same actor {a.actor}")
    shared = a.targets & b.targets
    if shared:
        score += weights["shared_target"]
        why.append("shared target " + ", ".join(sorted(shared)))
    content = _content(a, b)
    if content >= config.content_high_at:
        score += weights["content_high"]
    elif content >= config.content_mid_at:
        score += weights["content_mid"]
    elif content >= config.content_low_at:
        score += weights["content_low"]
    if a.action_class in config.content_bound and content < config.content_mid_at:
        return None  # one speaker says many things: only what was said tells them apart
    why.append(f"content {content:.2f}")
    story = _overlap(a.context, b.context)
    if story >= config.story_at:
        score += weights["same_story"]
        why.append(f"same story {story:.2f}")
    if (relation == "overlap" and a.precision in ("day", "time") and b.precision in ("day", "time")
            and a.anchor == b.anchor):
        score += weights["exact_day"]
        why.append(f"same day {a.anchor[0]}")
    needed = config.thresholds[relation]
    if a.negated != b.negated:
        needed += config.negation_penalty
    if score < needed:
        return None
    return f"{a.action_class}; {relation}; " + "; ".join(why)
