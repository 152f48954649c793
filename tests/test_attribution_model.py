"""The trained attribution layer (`pipeline/extract/attribution_model.py`) and its training
command. Sentences are written for these tests."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from pipeline.extract import attribution_model as model_module
from pipeline.extract.attribution import EntityActors, cue_type, find_attributions
from pipeline.nlp import load_model


@pytest.fixture(scope="module")
def nlp():
    return load_model(None)


def _found(nlp, text):
    doc = nlp(text)
    return doc, find_attributions(doc, EntityActors(doc))


def _content(doc, attribution):
    return " | ".join(doc.text[s:e] for s, e in attribution.content)


def test_shipped_model_is_small_and_loads():
    assert model_module.MODEL_PATH.exists()
    assert model_module.MODEL_PATH.stat().st_size < 20_000_000
    model = model_module.load_weights()
    assert model is not None
    assert 0.0 < model.cue_threshold < 1.0 and 0.0 < model.arg_threshold < 1.0
    assert model.cue.weights.shape == (1 << model_module.BITS,)
    assert np.count_nonzero(model.cue.weights) > 1000


def test_cue_outside_the_lexicon_is_learned(nlp):
    doc, found = _found(nlp, "The union ridiculed the offer from the rail operator.")
    assert cue_type("ridicule") is None  # not in verbs.yaml: the model found it
    assert len(found) == 1
    a = found[0]
    assert doc[a.cue[0]:a.cue[1]].text == "ridiculed"
    assert doc[a.source[0]:a.source[1]].text == "The union"
    assert _content(doc, a).startswith("the offer")
    assert "union" not in _content(doc, a)


def test_time_adjunct_is_not_content(nlp):
    doc, found = _found(nlp, "The senator slammed the new tariff plan on Tuesday.")
    assert [_content(doc, a) for a in found] == ["the new tariff plan"]


def test_motion_verb_is_not_a_cue(nlp):
    _, found = _found(nlp, "The ministers walked to the station on Friday.")
    assert found == []


def test_verb_scores_rank_speech_above_motion(nlp):
    model = model_module.load_weights()
    doc = nlp("The minister walked to the podium and criticised the report.")
    probs = model_module.cue_probabilities(doc, model, set())
    walked = next(t.i for t in doc if t.text == "walked")
    criticised = next(t.i for t in doc if t.text == "criticised")
    assert probs[criticised] > model.cue_threshold > probs[walked]


def test_rules_still_run_without_the_model(nlp, monkeypatch, tmp_path):
    monkeypatch.setattr(model_module, "MODEL_PATH", tmp_path / "missing.npz")
    model_module.load_weights.cache_clear()
    try:
        doc, found = _found(nlp, "The regulator said the fees would rise in May.")
        assert [_content(doc, a) for a in found] == ["the fees would rise in May"]
        _, found = _found(nlp, "The union ridiculed the offer from the rail operator.")
        assert found == []  # no lexicon cue, and no model to learn one
    finally:
        model_module.load_weights.cache_clear()


def test_fit_learns_a_separable_feature():
    rows = [(["b", "w=yes"], 1)] * 20 + [(["b", "w=no"], 0)] * 20
    weights = model_module.fit(rows, epochs=200)
    model = model_module.LinearModel(weights)
    assert model.score(["b", "w=yes"]) > 0.9
    assert model.score(["b", "w=no"]) < 0.1


def _article(text, cue, content, source):
    def span(words):
        start = text.index(words)
        return [{"start": start, "end": start + len(words), "text": words}]
    return {"cue": span(cue), "content": span(content), "source": span(source)}


def test_training_rows_label_the_gold_cue_and_its_content(nlp):
    text = "The inspector criticised the new rota while nurses walked home."
    doc = nlp(text)
    gold = [_article(text, "criticised", "the new rota", "The inspector")]
    cue_rows, arg_rows = model_module.training_rows(doc, gold, set())
    positives = [feats for feats, label in cue_rows if label]
    assert len(positives) == 1 and "l=criticise" in positives[0]
    assert any(label == 0 and "l=walk" in feats for feats, label in cue_rows)
    # the object is content, the subject is not
    assert any(label == 1 and "d=dobj" in feats for feats, label in arg_rows)
    assert any(label == 0 and "d=nsubj" in feats for feats, label in arg_rows)


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_train_command_writes_a_loadable_model(tmp_path):
    from pipeline.train_attribution import train

    texts = [
        "The inspector criticised the new rota on Monday. Nurses walked home.",
        "A spokesman praised the volunteers. The bus stopped at the depot.",
        "The council condemned the closure of the library. Children played outside.",
    ]
    gold = [("criticised", "the new rota", "The inspector"),
            ("praised", "the volunteers", "A spokesman"),
            ("condemned", "the closure of the library", "The council")]
    rows = [{"doc_id": str(k), "split": "train", "text": text,
             "attributions": [_article(text, *g)]}
            for k, (text, g) in enumerate(zip(texts, gold, strict=True))]
    data = tmp_path / "train.jsonl"
    _write(data, rows)
    out = tmp_path / "model.npz"
    result = CliRunner().invoke(train, ["attribution", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 cues" in result.output
    loaded = model_module.load_weights.__wrapped__(str(out))
    assert loaded is not None and loaded.cue.weights.any()


def test_train_command_refuses_dev_data(tmp_path):
    from pipeline.train_attribution import train

    text = "The inspector criticised the new rota."
    data = tmp_path / "dev.jsonl"
    _write(data, [{"doc_id": "d", "split": "dev", "text": text,
                   "attributions": [_article(text, "criticised", "the new rota",
                                             "The inspector")]}])
    result = CliRunner().invoke(train, ["attribution", str(data), "--out",
                                        str(tmp_path / "m.npz")])
    assert result.exit_code != 0
    assert "dev" in result.output


def test_learned_cue_keeps_its_action_type_in_events():
    import pipeline

    record = pipeline.analyze("The governor signed the bill on Friday.",
                              published="2024-07-01").to_dict()
    assert [(e["action"], e["action_type"]) for e in record["events"]] == [("sign", "decision")]
    record = pipeline.analyze("The union ridiculed the offer on Monday.",
                              published="2024-07-01").to_dict()
    assert [(e["action"], e["action_type"]) for e in record["events"]] == [
        ("ridicule", "statement")]
    assert len(record["attributions"]) == 1


def test_model_drops_weak_lexicon_cues_but_keeps_reported_clauses(nlp, monkeypatch):
    import pipeline.extract.attribution as attribution

    # Make every lexicon cue "weak" so the protection rules alone decide.
    monkeypatch.setattr(attribution, "_DROP_BELOW", 1.01)
    doc, found = _found(nlp, "The regulator asked the suppliers to remove the setting.")
    assert [_content(doc, a) for a in found] == ["to remove the setting"]
    doc, found = _found(nlp, "Mr Hale said that the depot would close.")
    assert [_content(doc, a) for a in found] == ["that the depot would close"]
    # inside a quotation: a nested claim, kept for the events stage
    doc, found = _found(nlp, 'The clerk wrote: "I confirmed the booking yesterday."')
    assert any(doc[a.cue[0]].text == "confirmed" for a in found if a.cue)
    _, found = _found(nlp, "The technician confirmed the installation through the portal.")
    assert found == []


@pytest.fixture()
def keep_everything(monkeypatch):
    """A model that calls every verb a cue and every dependent content, so the tests below
    check what is done with the model's choices, whatever the shipped weights are."""
    import zlib

    weights = np.zeros(1 << model_module.BITS, dtype=np.float32)
    weights[zlib.crc32(b"b") & model_module.MASK] = 10.0
    everything = model_module.AttributionModel(
        model_module.LinearModel(weights), model_module.LinearModel(weights), 0.5, 0.5)
    monkeypatch.setattr(model_module, "load_weights", lambda path=None: everything)
    return everything


def _arg_texts(doc, cue):
    return {(arg.role, " ".join(doc[i].text for i in arg.tokens(cue)))
            for arg in model_module.arg_candidates(cue)}


def test_noun_object_is_offered_in_parts(nlp):
    doc = nlp("The union voiced discomfort with the new rota.")
    cue = next(t for t in doc if t.text == "voiced")
    args = _arg_texts(doc, cue)
    assert ("trunk", "discomfort") in args
    assert ("grand", "with the new rota") in args
    assert not any(text == "discomfort with the new rota" for _, text in args)


def test_coordinated_clause_is_offered_apart_without_its_conjunction(nlp):
    doc = nlp("The minister said that fares rose in March and wages fell in April.")
    cue = next(t for t in doc if t.text == "said")
    args = _arg_texts(doc, cue)
    trunk = next(text for role, text in args if role == "trunk")
    assert trunk.startswith("that fares rose") and not trunk.endswith("and")
    assert any(role == "grand" and text.startswith("wages fell") for role, text in args)


def test_pieces_kept_together_keep_the_words_between_them(nlp, keep_everything):
    doc = nlp("The mayor criticised the council for delaying the vote.")
    cue = next(t for t in doc if t.text == "criticised")
    content = model_module.learned_content(cue, keep_everything)
    words = [doc[i].text for i in content]
    # "for" sits between the two kept pieces: it is content, not part of the cue
    assert " ".join(words).endswith("the council for delaying the vote")
    doc = nlp("The minister said that fares rose in March and wages fell in April.")
    cue = next(t for t in doc if t.text == "said")
    words = [doc[i].text for i in model_module.learned_content(cue, keep_everything)]
    # (the stub keeps the subject too; the caller cuts the source)
    assert " ".join(words).endswith("that fares rose in March and wages fell in April")


def test_leading_preposition_stays_with_the_cue(nlp, keep_everything):
    doc = nlp("The charity apologised for the delay.")
    cue = next(t for t in doc if t.text == "apologised")
    words = [doc[i].text for i in model_module.learned_content(cue, keep_everything)]
    assert "for" not in words and words[-2:] == ["the", "delay"]


def test_speaker_description_is_never_content(nlp, keep_everything):
    doc, found = _found(nlp, "The mayor, who backed the scheme last year, ridiculed the offer.")
    a = next(a for a in found if a.cue and doc[a.cue[0]].text == "ridiculed")
    assert doc[a.source[0]:a.source[1]].text == "The mayor"
    assert _content(doc, a) == "the offer"


def test_purpose_adjunct_of_a_deed_is_not_a_claim(nlp):
    doc, found = _found(nlp, "Pharmacists across Wales took swift action on Sunday to "
                             "disable the booking feature, following advice from their union.")
    assert not any(a.cue and doc[a.cue[0]].lemma_ == "take" for a in found)


def test_quotation_after_a_paraphrase_is_a_claim_of_its_own(nlp):
    doc, found = _found(nlp, "The council said the budget was under severe strain. "
                             "\u201cWe cannot keep every library open.\u201d")
    contents = {_content(doc, a): a for a in found}
    assert "the budget was under severe strain" in contents
    assert contents["the budget was under severe strain"].kind == "indirect"
    quote = next(a for text, a in contents.items() if "every library" in text)
    assert quote.kind == "direct" and "budget" not in _content(doc, quote)
    assert doc[quote.source[0]:quote.source[1]].text == "The council"
