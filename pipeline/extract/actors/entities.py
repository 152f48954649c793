"""Mentions from spaCy's entities: trimmed of determiners, titles and possessives, extended to
the full organisation name, with names that are no actor dropped.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from pipeline.extract.acronyms import is_acronym
from pipeline.extract.actors.base import (
    ACTING_DEPS,
    DETERMINERS,
    ENTITY_KINDS,
    POSSESSIVE_TOKENS,
    SUBJECT_DEPS,
    _Cand,
    _title_case,
)
from pipeline.extract.actors.kinds import (
    _kind_from_apposition,
    _kind_from_context,
    _kind_from_reported_pronoun,
)
from pipeline.extract.doctext import doc_text
from pipeline.extract.lexicon import ActorLexicon, actor_lexicon
from pipeline.extract.registry import alias_key

# ---------------------------------------------------------------------------------------------
# mention candidates

DAY_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                       "sunday", "yesterday", "today", "tomorrow", "tonight"})


def _trim(doc: Doc, start: int, end: int, lex: ActorLexicon, person: bool) -> tuple[int, int,
                                                                                      list[str]]:
    """Drop determiners, titles (returned as roles when they are offices) and possessives."""
    titles: list[str] = []
    while start < end:
        token = doc[start]
        low = token.lower_
        if low in DETERMINERS or token.is_punct:
            start += 1
        elif end - start > 1 and low in DAY_WORDS:
            # The small model glues a sentence-initial day onto the name that follows it
            # ("Friday GPC England told ..."): the day is a time expression, not the actor.
            start += 1
        elif end - start > 1 and (lex.is_title(low) if person else low in lex.honorifics):
            # Office words only leave a person's name: "General Motors" keeps its "General".
            if lex.is_role_title(low):
                titles.append(token.text)
            start += 1
        else:
            break
    # Consecutive office words are one role ("Detective Chief Inspector").
    titles = [" ".join(titles)] if titles else []
    while end > start and (doc[end - 1].text in POSSESSIVE_TOKENS or doc[end - 1].is_punct):
        end -= 1
    if person and end - start > 1:
        # A person entity that swallowed a role ("GPC England chair Katie X"): keep the name
        # after the last lower-case or title word.
        cut = start
        for i in range(start, end - 1):
            word = doc[i]
            # An all-capitals word before a name is a rank ("DCI Pryce"), not part of it.
            if word.is_lower or lex.is_title(word.lower_) or is_acronym(word.text):
                cut = i + 1
        start = cut
    return start, end, titles


def _drop_trailing_post(doc: Doc, start: int, end: int, lex: ActorLexicon) -> int:
    """'Apple CEO', 'Northrop Grumman's chief executive' labelled ORG: the post is a person's
    role (given to the name after it by `_roles`), never the body's mention; the body keeps
    its own words, as a possessor does. A phrase that is all post names nobody."""
    words = [t.lower_ for t in doc[start:end]]
    for size in (3, 2, 1):
        if len(words) >= size and " ".join(words[-size:]) in lex.body_posts:
            end -= size
            while end > start and (doc[end - 1].text in POSSESSIVE_TOKENS
                                   or doc[end - 1].is_punct):
                end -= 1
            return end
    return end


def _without_posts(doc: Doc, cands: list[_Cand], lex: ActorLexicon) -> list[_Cand]:
    """Every rule's candidates with trailing posts cut off ("Apple CEO" -> "Apple"), and
    those that are nothing but a post dropped: a role phrase is never an actor of its own."""
    kept: list[_Cand] = []
    for cand in cands:
        if cand.entry is None and cand.kind != "group":
            cand.end = _drop_trailing_post(doc, cand.start, cand.end, lex)
        if cand.end > cand.start and not any(
                (c.start, c.end) == (cand.start, cand.end) for c in kept):
            kept.append(cand)
    return kept


def _extend_org(doc: Doc, start: int, end: int, taken: set[int]) -> int:
    """An ORG entity cut before the last proper noun of its name ("BMA GP Committee|England’s
    suggestions") grows over it when the parse makes it part of the same name."""
    grown = 0
    while end < len(doc) and grown < 2:
        nxt = doc[end]
        last = doc[end - 1]
        if (nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and end not in taken
                and last.dep_ == "compound" and last.head.i >= end and not nxt.is_sent_start):
            end += 1
            grown += 1
        else:
            break
    return end


def _entity_candidates(doc: Doc, lex: ActorLexicon) -> list[_Cand]:
    cands: list[_Cand] = []
    ent_tokens = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    short_forms = _company_short_forms(doc, lex)
    for ent in doc.ents:
        kind = ENTITY_KINDS.get(ent.label_)
        if kind is None:
            continue
        person = kind == "person"
        ent_start, ent_end = ent.start, ent.end
        # "Community Pharmacy Guild of Wessex (CPGW": a bracket ends the name; the acronym
        # inside is found by the definition rule.
        bracket = next((t.i for t in ent if t.text in "()"), None)
        if bracket is not None and bracket > ent_start:
            ent_end = bracket
        start, end, titles = _trim(doc, ent_start, ent_end, lex, person)
        verb = next((t.i for t in doc[start:end] if t.pos_ in ("VERB", "AUX")
                     and t.is_lower and t.is_alpha), None)
        if verb is not None:
            end = verb  # "Garrett hit Rudolph" read as one name: the name ends at the verb
        if not person:
            end = _drop_trailing_post(doc, start, end, lex)
        if start >= end:
            continue
        if _not_an_actor_name(doc, start, end, lex):
            continue
        if end - start == 1 and kind in ("organisation", "person") and (
                doc[start].lower_ in lex.role_nouns or lex.is_title(doc[start].lower_)) and \
                not _surname_elsewhere(doc, doc[start]):
            continue  # "Counsel for the claimants" labelled ORG: a role word names nobody
        if end - start > 1 and doc[end - 1].lower_.strip(".") in lex.post_nominals:
            end -= 1  # "Simone Achterberg KC": a post-nominal is a person's, not the name
            kind = "person"
        if kind == "organisation" and start > ent_start and any(
                lex.is_title(t.lower_) for t in doc[ent_start:start]):
            kind = "person"  # "Councillor Priya Raman" labelled ORG: the title says so
        kind = _kind_from_context(doc, start, end, kind, lex)
        person = kind == "person"
        span = doc[start:end]
        text = span.text
        if not any(c.isalpha() for c in text):
            continue
        if end - start > 3 and _title_case(span.sent):
            continue  # "Bernie Sanders Promises Action On …": a headline, not a name
        root = span.root
        if kind == "group":
            # NORP as an adjective ("Democratic nominee", "British") is not an actor.
            if root.pos_ not in ("NOUN", "PROPN") or root.dep_ in ("amod", "compound"):
                continue
            if not root.tag_.endswith("S") and root.dep_ not in SUBJECT_DEPS:
                continue
        if kind == "place":
            if root.dep_ not in ACTING_DEPS or (root.dep_ == "conj" and root.head.dep_ == "pobj"):
                continue
        if kind == "organisation":
            end = _extend_org(doc, start, end, ent_tokens - set(range(ent.start, ent.end)))
        if person and len(span) == 1 and is_acronym(text):
            kind = "organisation"  # people are not written in capitals; "GDPR" is no person
        if person and span[-1].tag_ == "NNPS":
            kind = "organisation"  # names of people are not plural ("Coastline Trains")
        if person and len(span) > 1 and span[-1].lower_ in lex.business_heads \
                and not _has_first_name(span, lex):
            kind = "organisation"  # "Hallam Freight", "Larkfield Hosting": a trade word
        if person and (span[-1].lower_.rstrip(".") in lex.legal_suffixes
                       or text in short_forms):
            kind = "organisation"  # "Lumora Inc", and "Lumora" where the text has "Lumora Inc"
        if alias_key(text) in lex.groups or alias_key(text).rstrip("s") in lex.groups:
            continue  # "GP", "GPs" as ORG: a group, found by `_group_candidates`
        kind = _kind_from_reported_pronoun(span, kind, lex)
        kind = _kind_from_apposition(span, kind, lex)
        cand = _Cand(start, end, kind, "ner", roles=titles)
        cands.append(cand)
    return cands


def _team_candidates(doc: Doc, lex: ActorLexicon) -> list[_Cand]:
    """"the Helm maintainers", "the Electron team": a name and the group noun it modifies
    are one organisation."""
    cands: list[_Cand] = []
    words = "|".join(re.escape(w) for w in sorted(lex.team_nouns))
    # found in the text, not by walking every token: most texts name no team
    text = doc_text(doc)
    for m in re.finditer(rf"(?<![\w-])(?:{words})(?![\w-])", text):
        span = doc.char_span(m.start(), m.end())
        if span is None or len(span) != 1 or span[0].pos_ != "NOUN":
            continue
        token = span[0]
        start = token.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and \
                doc[start - 1].head.i == token.i or (
                    start > 1 and doc[start - 1].pos_ == "PROPN" and
                    doc[start - 1].head.i == start):
            start -= 1
        if start < token.i and doc[start].text[:1].isupper():
            cands.append(_Cand(start, token.i + 1, "organisation", "ner", prio=2))
    return cands


def _company_short_forms(doc: Doc, lex: ActorLexicon) -> set[str]:
    """Names the text gives elsewhere with a legal ending: "Lumora" for "Lumora Inc"."""
    return {e[:-1].text for e in doc.ents
            if len(e) > 1 and e[-1].lower_.rstrip(".") in lex.legal_suffixes}


# Identifiers the model labels ORG: "CVE-2024-51877", "RFC 9110"-like codes with digits.
_IDENTIFIER = re.compile(r"^[A-Z]{2,}[- ]?\d[\w-]*$")


def _surname_elsewhere(doc: Doc, word: Token) -> bool:
    """Whether a word that can be a role ("King", "Judge") is someone's surname in this text:
    it follows a capitalised first name somewhere ("Don King … King said")."""
    lex = actor_lexicon()
    return any(t.text == word.text and t.i > 0 and doc[t.i - 1].pos_ == "PROPN"
               and doc[t.i - 1].text[:1].isupper()
               and not lex.is_title(doc[t.i - 1].lower_)
               and doc[t.i - 1].lower_ not in lex.role_nouns for t in doc)


def _not_an_actor_name(doc: Doc, start: int, end: int, lex: ActorLexicon) -> bool:
    """Names that are not actors whatever the label: identifiers, laws ("Trade Union Act"),
    and venues named as where something happens ("gathered at the Corn Exchange")."""
    span = doc[start:end]
    if _IDENTIFIER.match(span.text.replace("\u2011", "-")):
        return True
    last = doc[end - 1]
    if end - start > 1 and last.lower_ in lex.law_words and last.text[:1].isupper():
        return True
    root = span.root
    # only where something happens ("at", "in"): "from Downing Street", "a spokesman at
    # Downing Street said" and a venue that is a subject elsewhere still act
    return (end - start > 1 and last.lower_ in lex.venue_words and root.dep_ == "pobj"
            and root.head.lower_ in VENUE_PREPOSITIONS
            and not _spokes_head(root.head.head)
            and not _subject_elsewhere(doc, span))


VENUE_PREPOSITIONS = frozenset({"at", "in", "outside", "inside"})


def _spokes_head(token: Token) -> bool:
    return token.lower_ in ("spokesman", "spokeswoman", "spokesperson", "source", "sources",
                            "official", "officials", "aide", "aides")


def _subject_elsewhere(doc: Doc, span: Span) -> bool:
    """The same words are a clause subject somewhere in the text ("Downing Street said")."""
    words = [t.lower_ for t in span]
    size = len(words)
    return any(t.dep_ in ("nsubj", "nsubjpass") and t.i - size + 1 >= 0
               and [w.lower_ for w in doc[t.i - size + 1:t.i + 1]] == words for t in doc)


def _has_first_name(span: Span, lex: ActorLexicon) -> bool:
    first = span[0].lower_
    return first in lex.male_names or first in lex.female_names
