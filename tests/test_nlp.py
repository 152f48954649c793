"""The spaCy stage: sentence boundaries at blank lines and after wire datelines, and the
fingerprint parse caches are keyed on."""

from __future__ import annotations

from pipeline.nlp import PARAGRAPH_COMPONENT, pipeline_fingerprint


def sentences(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents]


def test_a_headline_without_a_full_stop_is_its_own_sentence(nlp):
    text = "Council delays bin contract\n\nThe council postponed the award on Tuesday."
    assert sentences(nlp, text) == ["Council delays bin contract",
                                    "The council postponed the award on Tuesday."]


def test_a_wire_dateline_is_cut_from_the_first_sentence(nlp):
    for dateline in ("OSLO, March 3, 2021 —", "LIMA (Reuters) -", "ACCRA, Ghana (AP) _"):
        text = f"{dateline} The ministry raised fuel prices."
        assert sentences(nlp, text) == [dateline, "The ministry raised fuel prices."]


def test_a_dateline_place_of_several_words_is_cut_too(nlp):
    for dateline in ("CAPE TOWN, June 2 (Reuters) -", "ST. PAUL, Minn., Jan. 8 —",
                     "PORT OF SPAIN (AP) _"):
        text = f"{dateline} Harlow Mining on Monday cut its forecast."
        assert sentences(nlp, text) == [dateline, "Harlow Mining on Monday cut its forecast."]


def test_capitals_and_dashes_that_are_no_dateline_do_not_cut(nlp):
    text = "The WHO (World Health Organization) - a UN agency - said it would."
    assert sentences(nlp, text) == [text]


def test_hyphens_and_capitals_inside_a_sentence_do_not_cut_it(nlp):
    text = "NHS England chair Dr Ana Lopez-Vidal wrote to members on Monday."
    assert sentences(nlp, text) == [text]


def test_fingerprint_names_the_components(nlp):
    assert PARAGRAPH_COMPONENT in nlp.pipe_names
    assert nlp.pipe_names.index(PARAGRAPH_COMPONENT) < nlp.pipe_names.index("parser")
    assert "+".join(nlp.pipe_names) in pipeline_fingerprint(nlp)
