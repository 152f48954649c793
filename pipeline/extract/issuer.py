"""The issuer's voice: in a vendor notice or press release, "we" and "our" outside quotation
marks are the organisation issuing it (named by the document's publisher)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from pipeline.extract.lexicon import actor_lexicon
from pipeline.extract.speakers import ISSUER_PRONOUNS, _quoted
from pipeline.record import Actor, Mention

if TYPE_CHECKING:
    from pipeline.extract.actors import ActorIndex


def resolve_issuer_pronouns(doc: Doc, index: ActorIndex, publisher: str | None) -> list[dict]:
    """"We released 4.9.3", "our customers": in a vendor notice or press release the first
    person plural outside quotation marks is the organisation issuing it, named by the
    document's publisher or else the first organisation the text names."""
    issuer = _publisher_actor(index, publisher) if publisher else None
    if issuer is None and publisher and _name_words(publisher):
        # The publisher is not named in the text: "we" is still the publisher, not the first
        # third party the notice mentions ("our payment partner, Tollgate Payments").
        from pipeline.extract.actors import slugify

        name = " ".join(_name_words(publisher, lower=False))
        issuer = index.by_id(slugify(name))
        if issuer is None:
            issuer = Actor(id=slugify(name), name=name, kind="organisation")
            index.actors.append(issuer)
    if issuer is None:
        organisations = [a for a in index.actors if a.kind == "organisation" and a.mentions]
        issuer = min(organisations, key=lambda a: min(m.start for m in a.mentions),
                     default=None)
    if issuer is None:
        return []
    quoted = _quoted(doc)
    resolved = []
    for token in doc:
        if token.lower_ not in ISSUER_PRONOUNS or token.i in quoted or \
                token.i in index.token_actor:
            continue
        index.token_actor[token.i] = issuer.id
        issuer.mentions.append(Mention(token.idx, token.idx + len(token.text), token.text,
                                       "issuer"))
        resolved.append({"start": token.idx, "end": token.idx + len(token.text),
                         "text": token.text, "actor": issuer.id, "how": "issuer",
                         "reason": f"first person plural in a notice -> its issuer "
                                   f"({issuer.name})"})
    return resolved


def _name_words(name: str, lower: bool = True) -> list[str]:
    """A name's words without legal suffixes and bracketed remarks: "Larkfield Hosting Ltd
    (fictional)" -> larkfield, hosting."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", name)
    words = [w.strip(".,'’\"") for w in text.split()]
    # a display name's legal ending and article are what its mentions in the text lack
    dropped = actor_lexicon().legal_suffixes | {"the"}
    return [w.lower() if lower else w for w in words
            if w and w.lower().strip(".") not in dropped]


def _publisher_actor(index: ActorIndex, publisher: str) -> Actor | None:
    """The actor the publisher names: the same words once legal suffixes are gone, else the
    one sharing most words with it (all of a one-word name's), organisations first."""
    wanted = set(_name_words(publisher))
    if not wanted:
        return None
    best: tuple[tuple[int, float, int], Actor] | None = None
    for actor in index.actors:
        if actor.kind not in ("organisation", "person", "product"):
            continue
        for name in [actor.name, *actor.aliases]:
            words = set(_name_words(name))
            common = len(words & wanted)
            # one shared word is enough only when it is the whole of one of the two names
            if not common or common < 2 and len(words) > 1 and len(wanted) > 1:
                continue
            key = (int(words == wanted), common / len(words | wanted),
                   int(actor.kind == "organisation"))
            if best is None or key > best[0]:
                best = (key, actor)
    return best[1] if best else None
