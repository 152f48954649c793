"""A role phrase ("Marlow Foods CEO", "the Keswick Rail chief executive") is a person's role or
stays unresolved: never an organisation's mention, never an actor of its own. The body named
inside it keeps a mention for its own words only, as a possessor does."""

from __future__ import annotations

from pipeline.extract.actors import find_actors
from pipeline.extract.registry import load_registry


def actors_of(nlp, text: str):
    return find_actors(nlp(text), load_registry(None))


def mention_texts(index) -> dict[str, list[str]]:
    return {a.id: [m.text for m in a.mentions] for a in index.actors}


def test_post_after_a_body_is_the_persons_role(nlp) -> None:
    index = actors_of(nlp, "Apple CEO Tim Cook said the company would open a plant in Ohio.")
    texts = mention_texts(index)
    assert "apple-ceo" not in texts
    assert not any("CEO" in t for ts in texts.values() for t in ts if ts != texts["tim-cook"])
    cook = index.by_id("tim-cook")
    assert cook is not None and "Apple CEO" in cook.roles
    assert texts.get("apple", [])[:1] == ["Apple"]


def test_role_phrase_alone_is_no_actor(nlp) -> None:
    index = actors_of(nlp, "The Apple CEO said sales were strong on Tuesday.")
    ids = {a.id for a in index.actors}
    assert "apple-ceo" not in ids and "ceo" not in ids
    for actor in index.actors:
        assert all("CEO" not in m.text for m in actor.mentions) or actor.kind == "person"


def test_repeated_role_phrase_is_not_the_body(nlp) -> None:
    text = ("Velora Transit CEO Dana Pike said fares would rise. "
            "Velora Transit CEO said nothing more.")
    index = actors_of(nlp, text)
    ids = {a.id for a in index.actors}
    assert "ceo" not in ids and "velora-transit-ceo" not in ids
    for actor in index.actors:
        if actor.kind != "person":
            assert all("CEO" not in m.text for m in actor.mentions)


def test_possessor_keeps_its_own_words(nlp) -> None:
    index = actors_of(nlp, "Northrop Grumman's chief executive warned of delays on Tuesday.")
    ids = {a.id for a in index.actors}
    assert "northrop-grumman-chief-executive" not in ids
    assert mention_texts(index).get("northrop-grumman") == ["Northrop Grumman"]


def test_post_words_in_a_body_name_stay(nlp) -> None:
    # A body whose name only contains a post word elsewhere keeps its full name.
    index = actors_of(nlp, "The Chief Executives Forum of Wessex said fees would rise.")
    assert all(a.id != "forum-of-wessex" for a in index.actors)


def resolution(index, text: str) -> str | None:
    return next((r.get("actor") for r in index.resolutions if r.get("text") == text), None)


def test_role_phrase_of_a_named_body_resolves_to_the_person_holding_it(nlp) -> None:
    index = actors_of(nlp, "Apple CEO Tim Cook said on Tuesday that Apple would buy the site. "
                           "The Apple CEO said the deal would close in May.")
    assert resolution(index, "The Apple CEO") == "tim-cook"


def test_role_phrase_of_another_body_is_not_the_person_holding_the_post_elsewhere(nlp) -> None:
    index = actors_of(nlp, "Apple CEO Tim Cook said on Tuesday that Apple would buy the site. "
                           "The Brightwell Foods CEO said the closure would take six months.")
    assert all(r.get("actor") != "tim-cook" for r in index.resolutions
               if "Brightwell" in str(r.get("text")))
    assert "brightwell-foods-ceo" not in {a.id for a in index.actors}
