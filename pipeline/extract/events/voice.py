"""Whom a person speaks for: "we" and "us" in the words of a chair, chief executive or
spokesperson are the body they speak for, not the person.

A person's body is read from how the text introduces them: "The association's chair, Kwame
Osei", "Kwame Osei, chair of the association", "Tillmark chief executive Ben Hollis"; failing
that, a title naming an organisation ("GPC England deputy chair"), or else the only
organisation the document names.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from pipeline.extract.attribution import ActorLookup

FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})


def _kinds(actors: ActorLookup) -> dict[str, str]:
    return {a.id: a.kind for a in getattr(actors, "actors", [])}


def _organisation_in(tokens, actors: ActorLookup, kinds: dict[str, str]) -> str | None:
    for token in tokens:
        found = actors.actor_at_token(token.i)
        if found and kinds.get(found) in ("organisation", "group"):
            return found
    return None


def _role_owner(role: Token, actors: ActorLookup, kinds: dict[str, str]) -> str | None:
    """The organisation a role noun belongs to: its possessor, an "of / at" phrase, or a
    name compounded before it ("Tillmark chief executive")."""
    for child in role.children:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.i < role.i):
            found = _organisation_in(child.subtree, actors, kinds)
            if found:
                return found
        if child.dep_ == "prep" and child.lower_ in ("of", "at", "for"):
            found = _organisation_in(child.subtree, actors, kinds)
            if found:
                return found
    return None


def bodies(doc: Doc, actors: ActorLookup) -> dict[str, str]:
    """person actor id -> the organisation actor id they speak for (see module docstring)."""
    kinds = _kinds(actors)
    people = {a for a, kind in kinds.items() if kind == "person"}
    found: dict[str, str] = {}
    if not people:
        return found
    # only the tokens of mentions can name a person (spaCy makes a Token object per access)
    mentioned = getattr(actors, "token_actor", None)
    indices = sorted(mentioned) if mentioned is not None else range(len(doc))
    for i in indices:
        person = actors.actor_at_token(i)
        if person not in people or person in found:
            continue
        token = doc[i]
        if token.dep_ == "appos":
            owner = _role_owner(token.head, actors, kinds)  # "The bank's governor, Petra …"
        else:
            role = next((c for c in token.children if c.dep_ == "appos"), None)
            owner = _role_owner(role, actors, kinds) if role is not None else None
            if owner is None:
                owner = _organisation_in([c for c in token.lefts if c.dep_ == "compound"],
                                         actors, kinds)
        if owner is not None:
            found[person] = owner
    organisations = [a for a in getattr(actors, "actors", []) if a.kind == "organisation"]
    for person in getattr(actors, "actors", []):
        if person.kind != "person" or not person.roles or person.id in found:
            continue
        roles = " ".join(person.roles).lower()
        named = [o.id for o in organisations if any(
            re.search(rf"\b{re.escape(alias.lower())}\b", roles) for alias in
            [o.name, *o.aliases] if alias)]
        if named:
            found[person.id] = named[0]  # "GPC England deputy chair"
        elif len(organisations) == 1:
            found[person.id] = organisations[0].id  # the one organisation the story is about
    return found
