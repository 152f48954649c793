"""A story event from its reports: the lead report, the agreed date or the spread, who reports
it and who claims it, and whether the sources disagree (dates, negation).

Pure functions of the set of reports, so a story reads the same whatever order its reports
arrived in.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from pipeline.link.evidence import denies

__all__ = ["Member", "summarise", "human_date"]


@dataclass(frozen=True)
class Member:
    event_id: str
    document_id: str
    outlet: str
    title: str | None
    url: str | None
    published: str | None
    claimant: str | None
    dated: bool
    date_start: str | None
    date_end: str | None
    date_value: str | None
    precision: str | None
    negated: bool
    action_class: str
    denies: bool = False   # a negated act, a refusal, or a statement of a negated content

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Member:
        action_class = row.get("action_class") or ""
        negated = bool(row["negated"])
        terms = set((row.get("terms") or "").split())
        return cls(row["event_id"], row["document_id"], row["outlet"] or "", row.get("title"),
                   row.get("url"), row.get("published"), row.get("claimant"),
                   bool(row["dated"]), row.get("date_start"), row.get("date_end"),
                   row.get("date_value"), row.get("precision"), negated, action_class,
                   denies(action_class, negated, terms))


def human_date(start: str | None, end: str | None, precision: str | None) -> str:
    """'29 July 2024', 'July 2024', '2024', or the range as written."""
    try:
        day = dt.date.fromisoformat((start or "")[:10])
    except ValueError:
        return start or ""
    if precision in ("day", "time") or start == end or not end:
        return f"{day.day} {day:%B %Y}"
    if end and end != start:
        try:
            last = dt.date.fromisoformat(end[:10])
        except ValueError:
            return f"{start} to {end}"
        if precision in ("week", "weekend") or (last - day).days < 14:
            first = f"{day.day}" if (day.year, day.month) == (last.year, last.month) \
                else f"{day.day} {day:%B}"
            return f"{first}–{last.day} {last:%B %Y}"
    if precision == "month":
        return f"{day:%B %Y}"
    if precision == "year":
        return f"{day.year}"
    return f"{start} to {end}"


_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")


def _short_outlet(outlet: str) -> str:
    """An outlet without a trailing bracketed qualifier ('PSW (fictional)' -> 'PSW'), so the
    spread reads without nested brackets."""
    return _QUALIFIER.sub("", outlet) or outlet


def _overlaps(a: Member, b: Member) -> bool:
    return (a.date_start or "") <= (b.date_end or "") and (b.date_start or "") <= (a.date_end or "")


def _lead(members: list[Member]) -> Member:
    """The report that stands for the story: a dated one carrying the most-stated range
    (ties: the more precise, the earlier), then the earliest published, then the id."""
    dated = [m for m in members if m.dated and m.date_start]
    if not dated:
        return min(members, key=lambda m: (m.published or "9999", m.event_id))
    votes = Counter((m.date_start, m.date_end) for m in dated)
    return min(dated, key=lambda m: (
        -votes[(m.date_start, m.date_end)], m.date_end or "", -(m.date_start or "").__len__(),
        m.date_start or "", m.published or "9999", m.event_id))


def summarise(members: list[Member]) -> dict[str, Any]:
    """The `story_events` row of a set of reports."""
    members = sorted(members, key=lambda m: (m.published or "9999", m.document_id, m.event_id))
    lead = _lead(members)
    dated = [m for m in members if m.dated and m.date_start]
    by_range: dict[tuple[str, str], list[Member]] = defaultdict(list)
    for member in dated:
        by_range[(member.date_start or "", member.date_end or "")].append(member)
    # A conflict: two stated ranges that cannot both hold (July vs 29 July is no conflict).
    conflict = any(not _overlaps(a, b) for i, a in enumerate(dated) for b in dated[i + 1:])
    spread = ""
    if conflict:
        parts = []
        for (start, end), group in sorted(by_range.items()):
            # An outlet is listed under each date one of its own reports states.
            outlets = ", ".join(dict.fromkeys(_short_outlet(m.outlet) for m in group))
            parts.append(f"{human_date(start, end, group[0].precision)}: {outlets}")
        spread = " · ".join(parts)
    sources: dict[str, dict[str, Any]] = {}
    for member in members:
        sources.setdefault(member.document_id, {
            "document_id": member.document_id, "title": member.title, "outlet": member.outlet,
            "url": member.url, "published": member.published})
    claimants = list(dict.fromkeys(
        # "TPP said it was not going ahead" agrees with "TPP is not making the change".
        f"{m.claimant or m.outlet}" + (" (denies)" if m.denies != lead.denies else "")
        for m in members))
    return {
        "id": lead.event_id, "lead_event_id": lead.event_id, "action_class": lead.action_class,
        "date_start": lead.date_start if lead.dated else None,
        "date_end": lead.date_end if lead.dated else None,
        "date_spread": spread or None, "date_conflict": int(conflict),
        "negation_conflict": int(len({m.denies for m in members}) > 1),
        "document_count": len(sources), "mention_count": len(members),
        "sources": json.dumps(list(sources.values()), ensure_ascii=False),
        "claimants": "; ".join(claimants),
        "outlets": ", ".join(dict.fromkeys(s["outlet"] for s in sources.values())),
    }
