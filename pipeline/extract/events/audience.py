"""A notice's audience as the actor of what the notice tells it to do.

"Users must migrate by 30 June", "Site operators need to rotate keys before …", "Plugin
authors should move to …": the group the notice addresses does the act, and the notice's
issuer is the one who claims it (`issuer_claims`). An imperative names no one ("Upgrade to 5.1
before 30 June", "Action required by …"): its actor is the notice's readers, the group
`users`. Only notices get this reading: in news the same group nouns are left to the actor
lexicon, so news actors do not change.
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.extract.actors.base import slugify
from pipeline.extract.doctext import doc_text
from pipeline.extract.events.draft import _Draft
from pipeline.extract.events.notice import _obliged
from pipeline.extract.notice_dates import NoticeReading, notice_lexicon
from pipeline.record import Actor, Mention

# What an imperative's unnamed addressee is called: the readers of the notice.
READERS = "users"
_LEADING = {"the", "all", "any", "our", "your", "their", "these", "those", "some", "most",
            "many", "existing", "affected"}


def _audience_heads() -> set[str]:
    words: set[str] = set()
    for noun in notice_lexicon()["audience_nouns"]:
        words.add(noun.split()[-1].lower())
    return words


def _subject(verb: Token) -> Token | None:
    """The subject of the verb or of the verb it completes ("Users need to rotate …")."""
    token = verb
    for _ in range(3):
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
        if token.dep_ not in ("xcomp", "ccomp", "conj") or token.head.i == token.i:
            return None
        token = token.head
    return None


def _audience_name(subject: Token) -> tuple[str, tuple[int, int]] | None:
    """"Site operators" -> "site operators", "maintainers of downstream projects" as said,
    "All users" -> "users"; None when the subject is no audience ("you" stays unresolved,
    as both gold sets read it)."""
    if subject.tag_ not in ("NNS", "NNPS") or subject.lower_ not in _audience_heads():
        return None
    words = [t for t in subject.subtree if not (t.is_punct or t.is_space)]
    # the noun phrase up to the head and an "of" phrase after it, not a relative clause
    kept: list[Token] = []
    for token in words:
        if token.i > subject.i and (token.dep_ in ("relcl", "acl", "appos", "cc", "conj") or
                                    any(a.dep_ in ("relcl", "acl", "appos", "conj")
                                        and a.i > subject.i for a in token.ancestors
                                        if a.i != subject.i and subject in a.ancestors)):
            break
        kept.append(token)
    while kept and kept[0].lower_ in _LEADING | {"'s", "’s"}:
        kept.pop(0)
    if not kept:
        return None
    last = kept[-1]
    return " ".join(t.lower_ for t in kept), (kept[0].idx, last.idx + len(last.text))


def _imperative(verb: Token) -> bool:
    return verb.tag_ == "VB" and verb.dep_ == "ROOT" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "expl") for c in verb.children)


def _action_required(verb: Token) -> bool:
    """"Action required by 1 May", "action is needed before …": the readers must act."""
    if verb.lemma_.lower() not in notice_lexicon()["obligation_words"] or verb.tag_ != "VBN":
        return False
    noun = verb.head if verb.dep_ == "acl" else next(
        (c for c in verb.children if c.dep_ == "nsubjpass"), None)
    return noun is not None and noun.lower_ in ("action", "actions")


def _group(actors: object, name: str, mention: tuple[int, int] | None, text: str) -> str:
    """The group actor `name` (made once per document; one mention per phrase)."""
    actor_id = slugify(name)
    known: list[Actor] = getattr(actors, "actors", [])
    actor = next((a for a in known if a.id == actor_id), None)
    if actor is None:
        actor = Actor(id=actor_id, name=name, kind="group")
        known.append(actor)
    if mention is not None:
        start, end = mention
        if not any(m.start == start and m.end == end for m in actor.mentions):
            actor.mentions.append(Mention(start, end, text[start:end], "audience"))
    return actor.id


def audience_actors(reading: NoticeReading, drafts: list[_Draft], actors: object) -> None:
    """Give a notice's events done by its audience that audience as a group actor: a subject
    the text names ("Users must …", "Customers should …"), or the readers for an obligation
    or deadline stated as an imperative."""
    if not reading.addressed:
        return
    for draft in drafts:
        if draft.actor is not None:
            continue
        verb = draft.verb
        due = draft.date is not None and draft.date.role == "deadline"
        words = notice_lexicon()["obligation_words"]
        obliged = _obliged(verb) or verb.lemma_.lower() in words
        subject = _subject(verb)
        asks = any(c.tag_ in ("WP", "WDT", "WRB") for c in verb.children)
        if subject is not None and (due or obliged) and not asks:
            # what the audience must do; "Customers booked on … will receive an email" is
            # not an act of theirs, nor is a heading's question ("What customers should do")
            named = _audience_name(subject)
            if named is not None:
                draft.actor = _group(actors, named[0], named[1], doc_text(subject.doc))
            continue
        if subject is not None:
            continue
        if _action_required(verb):
            draft.actor = _group(actors, READERS, None, "")
            continue
        if due and _imperative(verb):
            draft.actor = _group(actors, READERS, None, "")
