"""`BatchSummary`: what one `ingest` or `reprocess` run did, per outcome."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

# A batch over a broken archive can fail thousands of times; the summary keeps this many
# error details (every one is in `ingest_errors` anyway) and counts all of them.
MAX_ERRORS_KEPT = 1000


@dataclass
class BatchSummary:
    command: str = "ingest"
    read: int = 0  # documents read from the input (or selected from the database)
    inserted: int = 0
    new_version: int = 0
    unchanged: int = 0  # skipped: their text is already stored
    replaced: int = 0  # reprocess: extraction swapped
    redated: int = 0  # ingest --published: stored texts whose date was corrected
    redate_seconds: float = 0.0  # ... in a reprocess run of its own, after `seconds`
    failed: int = 0  # inputs that could not be read, or documents whose extraction failed
    warnings: int = 0
    lost: int = 0  # results a failed database writer did not commit (a re-run stores them)
    events: int = 0
    words: int = 0  # words analysed (skipped documents excluded)
    seconds: float = 0.0
    link_seconds: float = 0.0  # the link stage (story events, actor merges) at the end
    story_events: int = 0  # story events written or rewritten by the link stage
    model: str = ""
    run_id: str = ""
    config_hash: str = ""
    pipeline: str = ""  # how the local run was arranged: "inline" or "processes" (or "dask")
    stopped: bool = False  # --strict: the run stopped at its first failure
    errors: list[dict[str, Any]] = field(default_factory=list)
    reasons: Counter = field(default_factory=Counter)  # error_type -> count (all of them)

    def add_issue(self, issue: dict[str, Any]) -> None:
        if issue.get("severity", "error") == "warning":
            self.warnings += 1
        else:
            self.failed += 1
            self.reasons[issue["error_type"]] += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(issue)

    def counts(self) -> dict[str, int]:
        counts = {"read": self.read, "inserted": self.inserted, "new_version": self.new_version,
                  "unchanged": self.unchanged, "replaced": self.replaced,
                  "redated": self.redated, "failed": self.failed,
                  "warnings": self.warnings, "events": self.events}
        if self.lost:
            counts["lost"] = self.lost
        return counts

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["reasons"] = dict(self.reasons)
        return data

    def format(self) -> str:
        """The summary printed at the end of `dateline ingest` / `dateline reprocess`."""
        lines = [f"Documents read:        {self.read:,}"]
        if self.command == "reprocess":
            lines.append(f"  re-extracted:        {self.replaced:,}")
        else:
            lines += [f"  inserted:            {self.inserted:,}",
                      f"  new versions:        {self.new_version:,}",
                      f"  skipped (unchanged): {self.unchanged:,}"]
            if self.redated:
                lines.append(f"  re-dated:            {self.redated:,} (--published; "
                             f"re-extracted in {self.redate_seconds:,.1f} s more)")
        lines.append(f"Failed:                {self.failed:,}")
        if self.lost:
            lines.append(f"LOST (writer failed):  {self.lost:,}")
        by_type: dict[str, list[str]] = {}
        for error in self.errors:
            if error.get("severity", "error") != "warning":
                by_type.setdefault(error["error_type"], []).append(
                    f"{error['path']}: {error['message']}")
        for error_type, count in self.reasons.most_common():
            examples = by_type.get(error_type, [])[:3]
            lines.append(f"  {error_type} ({count}): " + "; ".join(
                example[:160] for example in examples))
        if self.stopped:
            lines.append("  stopped at the first failure (--strict): later inputs not read")
        if self.warnings:
            lines.append(f"Warnings:              {self.warnings:,}")
        if self.story_events:
            lines.append(f"Story events updated:  {self.story_events:,}"
                         f" (linking {self.link_seconds:.1f} s)")
        lines += [f"Events:                {self.events:,}",
                  f"Words analysed:        {self.words:,}",
                  f"Seconds:               {self.seconds:,.1f}"
                  + (f" ({self.words_per_second:,.0f} words/s)" if self.words else ""),
                  f"Model:                 {self.model}"
                  + (f" ({self.pipeline} pipeline)" if self.pipeline else ""),
                  f"Run:                   {self.run_id}"]
        return "\n".join(lines)
