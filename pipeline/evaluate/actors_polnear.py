"""`dateline evaluate actors`, measurement 2: source resolution on PolNeAR, with the name truth
derived from the document alone; see `actors.py` for the method.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.extract.registry import Registry

PRONOUNS = {"he", "she", "they", "it", "him", "her", "his", "its", "them", "their", "who",
            "which", "that"}
UNSCORED_PRONOUNS = {"i", "we", "you", "me", "us", "our", "my", "your"}
ANONYMOUS_HEADS = {"source", "sources", "official", "officials", "person", "people", "someone",
                   "expert", "experts", "study", "studies", "report", "reports", "poll",
                   "polls", "survey", "analysis", "data", "research", "documents", "critics",
                   "aides", "aide", "observers", "analysts", "insiders"}


# ---------------------------------------------------------------------------------------------
# PolNeAR

@dataclass
class PolnearScores:
    documents: int = 0
    sources: int = 0
    by_type: Counter = field(default_factory=Counter)  # type -> scored
    correct: Counter = field(default_factory=Counter)  # type -> correct
    unscored: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)  # every scored source, for inspection

    def accuracy(self, *types: str) -> float:
        total = sum(self.by_type[t] for t in types)
        return sum(self.correct[t] for t in types) / total if total else 0.0


def _source_type(span) -> str:
    """named | pronoun | nominal | group | other | unscored for a gold source span."""
    from pipeline.extract.lexicon import actor_lexicon

    lex = actor_lexicon()
    words = [t for t in span if not t.is_punct and not t.is_space]
    if not words:
        return "unscored"
    low = span.text.strip().lower()
    if low in UNSCORED_PRONOUNS:
        return "unscored"
    if low in PRONOUNS:
        return "pronoun"
    root = span.root
    if root.pos_ == "PROPN" and root.ent_type_ not in ("DATE", "TIME", "CARDINAL"):
        return "named"
    if _appositive_name(span) is not None:
        return "named"  # "A top strategist, John Weaver," names its speaker
    lemma = root.lemma_.lower()
    # "The Ohio governor" is described by a place, not owned by it.
    if root.tag_ in ("NN", "NNS") and any(
            t.pos_ == "PROPN" and t.head.i == root.i and t.dep_ in ("poss", "compound")
            and t.ent_type_ not in ("DATE", "TIME", "GPE", "NORP", "LOC") for t in span):
        return "owned"  # "Trump's campaign", "the Clinton campaign": the owner is named
    if root.lower_ in ANONYMOUS_HEADS or lemma in ANONYMOUS_HEADS:
        return "other"
    if lemma in lex.groups and root.tag_ in ("NNS", "NNPS"):
        return "group"
    # A definite or indefinite singular description ("the company", "The Florida senator");
    # plurals and quantities ("organizers", "four in 10 voters") name no one in particular.
    if (lemma in lex.speaker_nominals or lemma in lex.role_nouns) and root.tag_ == "NN" \
            and len(words) <= 6 and not any(t.like_num for t in words) \
            and any(t.dep_ == "det" and t.head.i == root.i for t in words):
        return "nominal"
    return "other"


RELATIVE_PRONOUNS = {"who", "which", "that"}


def _name_before(span) -> set[str]:
    """The proper-noun name right before a relative pronoun (commas and dashes skipped)."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and (doc[i].is_punct or doc[i].is_space):
        i -= 1
    if i < 0 or doc[i].pos_ != "PROPN":
        return set()
    words = []
    while i >= 0 and doc[i].pos_ == "PROPN":
        words.append(doc[i].text.casefold().strip("."))
        i -= 1
    return {w for w in words if len(w) > 1}


def _gender_of_text(span) -> str | None:
    from pipeline.extract.lexicon import actor_lexicon

    lex = actor_lexicon()
    for token in span:
        low = token.lower_
        if low in lex.male_honorifics or low in lex.male_names:
            return "m"
        if low in lex.female_honorifics or low in lex.female_names:
            return "f"
    return None


def _appositive_name(span):
    root = span.root
    if root.pos_ == "PROPN":
        return None
    return next((c for c in root.children if c.dep_ == "appos" and c.pos_ == "PROPN"
                 and span.start <= c.i < span.end), None)


def _head_name_words(span) -> set[str]:
    """The name words of a named source: the proper nouns of the span's head name (its root
    and the proper nouns compounded to it, or the last proper-noun run)."""
    root = _appositive_name(span) or span.root
    if root.pos_ == "PROPN":
        words = [t for t in span if t.pos_ == "PROPN" and (t.i == root.i or t.head.i == root.i)
                 and t.dep_ != "appos"]
    else:
        runs, current = [], []
        for t in span:
            if t.pos_ == "PROPN":
                current.append(t)
            elif current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
        words = runs[-1] if runs else []
    return {t.text.casefold().strip(".") for t in words if len(t.text) > 1} or \
        {t.text.casefold() for t in span if t.pos_ == "PROPN"}


def _org_nominals() -> set[str]:
    from pipeline.extract.lexicon import actor_lexicon

    return set(actor_lexicon().speaker_nominals)


def _actor_words(actor) -> set[str]:
    words = set()
    for name in [actor.name, *actor.aliases]:
        words |= {w.casefold().strip(".,’'") for w in name.split()}
        words.add(name.casefold())
    if actor.kind == "group":
        words |= {w.rstrip("s") for w in set(words)}
    return words


def _quoted_tokens(doc) -> set[int]:
    """Token indices inside quotation marks. Curly quotes open and close; a straight quote
    toggles; a paragraph break ends any open quote (a quote running on re-opens with its own
    mark)."""
    inside: set[int] = set()
    depth = 0
    for token in doc:
        if "\n" in token.text:
            depth = 0
            continue
        if token.text in ("“", "``") or token.text in ('"', "''") and depth == 0:
            depth = 1
            continue
        if token.text == "”" or token.text in ('"', "''") and depth == 1:
            depth = 0
            continue
        if depth:
            inside.add(token.i)
    return inside


def _person_votes(doc) -> dict[str, int]:
    """Per name word (casefolded), PERSON labels minus organisation/place labels over the whole
    document: "Calderon" labelled GPE once and PERSON three times is a person's name."""
    votes: Counter = Counter()
    for ent in doc.ents:
        sign = 1 if ent.label_ == "PERSON" else -1 if ent.label_ in (
            "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT") else 0
        for token in ent:
            if token.pos_ == "PROPN" and len(token.text) > 1:
                votes[token.text.casefold().strip(".")] += sign
    return votes


def _main_clause_subject(token) -> bool:
    """The subject of a main clause (its verb the root, or joined to it by "and")."""
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = token.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _name_genders(doc) -> dict[str, str]:
    """Surname -> m/f where a PERSON entity of the document gives the first name or an
    honorific ("Donald Trump" makes a later "Trump" male); ambiguous surnames are left out."""
    seen: dict[str, set[str]] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        span = doc[max(0, ent.start - 1):ent.end]
        gender = _gender_of_text(span)
        last = ent[-1].text.casefold().strip(".")
        if gender and len(last) > 1:
            seen.setdefault(last, set()).add(gender)
    return {word: next(iter(g)) for word, g in seen.items() if len(g) == 1}


@dataclass
class _Named:
    start: int  # character offset
    words: set[str]
    person: bool
    gender: str | None
    quoted: bool


def _named_candidates(doc, sources, truth: str, quoted: set[int]) -> list[_Named]:
    """The names a pronoun or nominal source may stand for, in document order.

    truth="sources" (the first version): the named gold sources only, person-like by the
    source span's own NER label. truth="names": also every name (NER PERSON/ORG/NORP/GPE
    entity) that is the subject of a clause, person-like by a document-wide vote of its name
    words' NER labels. Why: checked by hand on PolNeAR *train*, "the nearest earlier named
    source" is often not the antecedent, because the antecedent was named as the subject of a
    sentence that is not an attribution ("Mr. Cruz has sharpened his language … He has
    coined …", "Obama is unveiling the actions … He's aiming …"), and single surnames the
    model labels GPE/ORG ("Calderon") were never person-like.
    """
    from pipeline.extract.lexicon import actor_lexicon

    lex = actor_lexicon()
    votes = _person_votes(doc) if truth == "names" else {}
    name_gender = _name_genders(doc) if truth == "names" else {}
    found: dict[int, _Named] = {}

    def person_like(span, words: set[str]) -> bool:
        if truth == "names":
            if any(t.ent_type_ == "PERSON" for t in span) or _gender_of_text(span) is not None \
                    or any(t.lower_ in lex.honorifics or lex.is_role_title(t.lower_)
                           for t in span):
                return True
            # The vote only promotes: a name the model mostly calls a person is one.
            if sum(votes.get(w, 0) for w in words) > 0:
                return True
        root_type = span.root.ent_type_
        return any(t.ent_type_ == "PERSON" for t in span) or (
            root_type not in ("ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT")
            and span.root.pos_ == "PROPN")

    def add(span) -> None:
        words = _head_name_words(span)
        if not words:
            return
        gender = _gender_of_text(span)
        if gender is None and truth == "names":
            gender = next((name_gender[w] for w in words if w in name_gender), None)
        if gender is None:
            # The name's other spellings earlier ("Hillary Clinton" before "Clinton") carry
            # the first name.
            gender = next((n.gender for n in reversed(found.values())
                           if n.gender and n.words & words), None)
        found[span.start_char] = _Named(span.start_char, words,
                                        person_like(span, words) or gender is not None, gender,
                                        span.root.i in quoted)

    events = [(start, "source", span) for start, _, span in sources]
    if truth == "names":
        taken = {i for _, _, span in sources for i in range(span.start, span.end)}
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG", "NORP", "GPE") or ent.start in taken:
                continue
            if not _main_clause_subject(ent.root):
                continue  # "said that Cruz is a liar": an embedded subject is not the topic
            events.append((ent.start_char, "name", ent))
    for _, what, span in sorted(events, key=lambda e: e[0]):
        if what == "name" or _source_type(span) == "named":
            add(span)
    return sorted(found.values(), key=lambda n: n.start)


TRUTHS = ("names", "sources")


def score_polnear(rows: list[dict], docs, registry: Registry | None = None,
                  truth: str = "names") -> PolnearScores:
    """Source-actor accuracy; `truth` picks how pronoun/nominal sources get their true name
    (see `_named_candidates`)."""
    from pipeline.extract.actors import find_actors

    if truth not in TRUTHS:
        raise ValueError(f"truth must be one of {TRUTHS}, not {truth!r}")
    scores = PolnearScores()
    for row, doc in zip(rows, docs, strict=True):
        scores.documents += 1
        index = find_actors(doc, registry)
        sources = []
        for attribution in row["attributions"]:
            for source in attribution.get("source") or []:
                span = doc.char_span(source["start"], source["end"], alignment_mode="expand")
                if span is None or not span.text.strip():
                    continue
                sources.append((source["start"], source["end"], span))
        sources.sort(key=lambda s: s[0])
        quoted = _quoted_tokens(doc) if truth == "names" else set()
        candidates = _named_candidates(doc, sources, truth, quoted)
        for start, _, span in sources:
            scores.sources += 1
            kind = _source_type(span)
            if kind in ("unscored", "other"):
                scores.unscored[kind] += 1
                continue
            if kind == "named":
                truth_words = _head_name_words(span)
            elif kind == "group":
                truth_words = {span.root.lemma_.casefold(), span.root.lower_}
            elif kind == "owned":
                truth_words = {t.text.casefold().strip(".") for t in span if t.pos_ == "PROPN"
                               and t.head.i == span.root.i and t.dep_ in ("poss", "compound")}
                kind = "nominal"
            elif span.text.strip().lower() in RELATIVE_PRONOUNS:
                # A relative pronoun's truth is the name it follows ("Flynn, who said").
                truth_words = _name_before(span)
                if not truth_words:
                    scores.unscored["relative-no-name"] += 1
                    continue
            else:
                low = span.text.strip().lower()
                wanted_gender = {"he": "m", "his": "m", "she": "f", "her": "f"}.get(low)
                earlier = [n for n in candidates if n.start < start]
                if truth == "names" and span.root.i not in quoted:
                    # Outside a quotation, a name quoted earlier is not what "he" continues.
                    earlier = [n for n in earlier if not n.quoted]
                if wanted_gender or (kind == "nominal" and span.root.lemma_.lower() not in
                                     _org_nominals()):
                    earlier = [n for n in earlier if n.person
                               and (wanted_gender is None or n.gender in (None, wanted_gender))]
                elif kind == "nominal" or low in ("it", "its", "they", "their", "which"):
                    # "it"/"they" never stand for one person: the truth is an earlier
                    # organisation or group name.
                    earlier = [n for n in earlier if not n.person]
                if not earlier:
                    scores.unscored[f"{kind}-no-name"] += 1
                    continue
                truth_words = earlier[-1].words
            scores.by_type[kind] += 1
            got = [index.actor_at_token(i) for i in range(span.start, span.end)]
            ok = any(truth_words & _actor_words(index.by_id(a)) for a in dict.fromkeys(got)
                     if a and index.by_id(a) is not None)
            scores.records.append({"doc_id": row["doc_id"], "start": span.start_char,
                                   "kind": kind, "text": span.text, "truth": sorted(truth_words),
                                   "got": sorted({g for g in got if g}), "ok": ok})
            if ok:
                scores.correct[kind] += 1
            elif len(scores.errors) < 400:
                reasons = [r["reason"] for r in index.resolutions
                           if r["start"] < span.end_char and span.start_char < r["end"]]
                scores.errors.append(f"{row['doc_id']} @{span.start_char} [{kind}] "
                                     f"{span.text!r} truth={sorted(truth_words)}"
                                     f" got={sorted({g for g in got if g})} {reasons}")
    return scores


def parse_polnear(path: Path, nlp, cache: Path | None = None, limit: int | None = None):
    """Rows and parsed docs; the DocBin cache (keyed by file, size and limit) saves re-parsing
    the same file on a shared machine."""
    from spacy.tokens import DocBin

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    if limit:
        rows = rows[:limit]
    cache_file = None
    if cache is not None:
        stat = path.stat()
        from pipeline.nlp import pipeline_fingerprint

        fingerprint = hashlib.sha1(pipeline_fingerprint(nlp).encode()).hexdigest()[:12]
        cache_file = Path(cache) / f"{path.stem}-{stat.st_size}-{len(rows)}-{fingerprint}.spacy"
        if cache_file.exists():
            docs = list(DocBin().from_disk(cache_file).get_docs(nlp.vocab))
            if len(docs) == len(rows):
                return rows, docs
    docs = list(nlp.pipe((row["text"] for row in rows), batch_size=16))
    if cache_file is not None:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(cache_file)
    return rows, docs
