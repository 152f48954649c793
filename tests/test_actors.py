"""Actors: mentions, canonicalisation, registry, speakers, on sentences written for these tests
and on the seed article read from ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract.acronyms import is_acronym, matches_initials, schwartz_hearst
from pipeline.extract.actors import ActorIndex, find_actors, slugify
from pipeline.extract.registry import (
    Registry,
    RegistryError,
    load_registry,
    registry_path_for_db,
)
from tests.conftest import shared_path

EMPTY = Registry.empty()


def actors_of(nlp, text: str, registry: Registry | None = None) -> ActorIndex:
    return find_actors(nlp(text), registry if registry is not None else load_registry(None))


def actor_named(index: ActorIndex, text: str):
    """The actor of the first occurrence of `text` (as a mention) in the document."""
    for actor in index.actors:
        if any(m.text == text for m in actor.mentions) or actor.name == text:
            return actor
    return None


def actor_at(index: ActorIndex, text: str, phrase: str, last: bool = True) -> str | None:
    """The actor of the last (or first) occurrence of `phrase` in `text`."""
    i = text.rindex(phrase) if last else text.index(phrase)
    return index.actor_for_span(i, i + len(phrase))


def same_actor(index: ActorIndex, text: str, a: str, b: str) -> bool:
    """Whether the first occurrences of `a` and `b` are mentions of one actor."""
    first = actor_at(index, text, a, last=False)
    return first is not None and first == actor_at(index, text, b, last=False)


# -- helpers -----------------------------------------------------------------------------------

def test_slugify_is_stable_ascii() -> None:
    assert slugify("NHS England") == "nhs-england"
    assert slugify("Ana Beltrán") == "ana-beltran"
    assert slugify("Information Commissioner's Office") == "information-commissioners-office"
    assert slugify("A&E") == "a-and-e"


def test_schwartz_hearst_and_initials() -> None:
    assert schwartz_hearst("NHSE", "NHS England")
    assert schwartz_hearst("URSW", "Union of Rail Signal Workers")
    assert not schwartz_hearst("TPP", "NHS England")
    stop = frozenset({"of", "for", "and", "the"})
    assert matches_initials("KBS", ["Katie", "Bramall-Stainer"], stop)
    assert matches_initials("DSF", ["Department", "for", "Schools", "and", "Families"], stop)
    assert not matches_initials("GPC", ["BMA", "GP", "Committee", "England"], stop)
    assert is_acronym("NHSE") and is_acronym("DoH") and not is_acronym("Medora")


# -- acronyms ------------------------------------------------------------------------------------

def test_acronym_defined_after_long_form(nlp) -> None:
    text = ("The Union of Rail Signal Workers (URSW) announced a strike on Friday. "
            "URSW said members had voted for action.")
    index = actors_of(nlp, text, EMPTY)
    actor = actor_named(index, "URSW")
    assert actor is not None and actor.name == "Union of Rail Signal Workers"
    assert actor.id == "union-of-rail-signal-workers"
    assert sum(m.text == "URSW" for m in actor.mentions) == 2
    assert any(m.how == "acronym" for m in actor.mentions)


def test_acronym_defined_before_long_form(nlp) -> None:
    text = ("Regulators said the KWA (Kelby Water Authority) had missed its targets. "
            "The Kelby Water Authority said it would publish a plan.")
    index = actors_of(nlp, text, EMPTY)
    assert same_actor(index, text, "KWA", "Kelby Water Authority")
    assert actor_named(index, "KWA").name == "Kelby Water Authority"


def test_acronym_matching_initials_of_earlier_name(nlp) -> None:
    text = ("The Privacy Standards Board opened an inquiry on Monday. "
            "A PSB official said the inquiry would take months.")
    index = actors_of(nlp, text, EMPTY)
    assert same_actor(index, text, "Privacy Standards Board", "PSB")


# -- name variants -----------------------------------------------------------------------------

def test_surname_and_title_surname_go_to_full_name(nlp) -> None:
    text = ("Council leader Martin Osei said the budget was balanced. Osei added that two "
            "libraries would close. Mr Osei said he regretted it.")
    index = actors_of(nlp, text, EMPTY)
    osei = actor_named(index, "Martin Osei")
    assert osei is not None and osei.kind == "person"
    texts = [m.text for m in osei.mentions]
    assert texts.count("Osei") == 2
    assert "Council leader" in " ".join(osei.roles) or "leader" in " ".join(osei.roles)


def test_title_kept_as_role(nlp) -> None:
    text = "GPC England chair Dr Katie Bramall-Stainer wrote to members on Monday."
    index = actors_of(nlp, text, EMPTY)
    person = actor_named(index, "Katie Bramall-Stainer")
    assert person is not None and person.kind == "person"
    assert person.name == "Katie Bramall-Stainer"
    assert "GPC England chair" in person.roles


def test_short_organisation_name(nlp) -> None:
    text = ("Medora Systems has delayed its booking platform. Medora said a new date "
            "would be set in the spring.")
    index = actors_of(nlp, text, EMPTY)
    assert same_actor(index, text, "Medora Systems", "Medora said")


def test_possessor_phrase_goes_to_committee_named_earlier(nlp) -> None:
    text = ("The Kelby Medical Union Pay Committee met on Monday. Later the union's pay "
            "committee said it would ballot members.")
    index = actors_of(nlp, text, EMPTY)
    start = text.index("pay committee")
    assert index.actor_for_span(start, start + len("pay committee")) == \
        actor_named(index, "Kelby Medical Union Pay Committee").id


# -- possessives ---------------------------------------------------------------------------------

def test_possessive_is_trimmed_and_merged(nlp) -> None:
    text = ("Harbour Mutual Bank’s chief executive resigned. Harbour Mutual Bank said the board "
            "would appoint a successor. Analysts questioned Harbour Mutual Bank's strategy.")
    index = actors_of(nlp, text, EMPTY)
    bank = actor_named(index, "Harbour Mutual Bank")
    assert bank is not None and bank.name == "Harbour Mutual Bank"
    assert all(not m.text.endswith(("'s", "’s")) for m in bank.mentions)
    assert len([m for m in bank.mentions if m.text == "Harbour Mutual Bank"]) == 3
    assert bank.aliases == ["Harbour Mutual Bank"]


# -- groups --------------------------------------------------------------------------------------

def test_groups_subject_of_action_verb(nlp) -> None:
    text = ("Pharmacies stopped offering the service on Monday. The government said it would "
            "review the fee. Patients were told to wait.")
    index = actors_of(nlp, text, EMPTY)
    pharmacies = actor_named(index, "Pharmacies")
    assert pharmacies is not None and pharmacies.kind == "group"
    government = next((a for a in index.actors if a.name == "the government"), None)
    assert government is not None and government.kind == "group"
    # "Patients" is never the subject of an active verb here: not an actor.
    assert all(a.name != "patients" for a in index.actors)


# -- registry --------------------------------------------------------------------------------------

def test_registry_user_file_overrides(nlp, tmp_path: Path) -> None:
    path = tmp_path / "reg.yaml"
    path.write_text(
        "actors:\n"
        "  - {name: Kelby Water Authority, kind: organisation, aliases: [Kelby Water, KW]}\n"
        "  - {name: Quiet Skies, kind: organisation}\n"
        "  - {name: Widget Act, not_an_actor: true}\n", encoding="utf-8")
    registry = load_registry(path)
    text = ("Kelby Water raised prices. KW said costs had risen. Quiet Skies said it would "
            "object under the Widget Act.")
    index = actors_of(nlp, text, registry)
    water = actor_named(index, "KW")
    assert water is not None and water.name == "Kelby Water Authority"
    assert water.id == "kelby-water-authority"
    assert same_actor(index, text, "Kelby Water", "KW")
    skies = actor_named(index, "Quiet Skies")
    assert skies is not None and skies.kind == "organisation"
    assert all("Widget" not in m.text for a in index.actors for m in a.mentions)
    # The default registry is still there underneath the user file.
    assert registry.lookup("GDPR") is not None and registry.lookup("GDPR").not_an_actor


def test_registry_errors_and_paths(tmp_path: Path, monkeypatch) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - {name: X, kind: robot}\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="robot"):
        load_registry(bad)
    monkeypatch.delenv("DATELINE_REGISTRY", raising=False)
    assert registry_path_for_db("db/timeline.db") == Path("db/timeline.registry.yaml")
    monkeypatch.setenv("DATELINE_REGISTRY", str(tmp_path / "r.yaml"))
    assert registry_path_for_db("db/timeline.db") == tmp_path / "r.yaml"


def test_not_an_actor_default_blocks_law_names(nlp) -> None:
    text = "Under GDPR, the practice is the data controller, Dr Amira Khan said."
    index = actors_of(nlp, text)
    assert all(m.text != "GDPR" for a in index.actors for m in a.mentions)
    assert actor_named(index, "Amira Khan").kind == "person"


# -- speakers ------------------------------------------------------------------------------------

def test_pronoun_speakers_need_compatible_actor(nlp) -> None:
    text = ("Coastline Rail Company said fares would rise. Transport minister Helen Ochoa "
            "criticised the decision. She said passengers deserved better. It said the rise "
            "was needed.")
    index = actors_of(nlp, text, EMPTY)
    by_text = {r["text"]: r for r in index.resolutions}
    assert by_text["She"]["actor"] == actor_named(index, "Helen Ochoa").id
    assert by_text["It"]["actor"] == actor_named(index, "Coastline Rail Company").id
    assert all(r["reason"] for r in index.resolutions)
    she = text.index("She")
    assert index.actor_at_token(nlp(text)[:].char_span(she, she + 3).start) == \
        actor_named(index, "Helen Ochoa").id


def test_spokesperson_after_organisation_statement(nlp) -> None:
    text = ("Parcelink confirmed that customer addresses were exposed. Jonas Brandt, a "
            "customer, said he was angry. The regulator Kelby Privacy Office said it was "
            "investigating Parcelink. A spokesperson said the firm had fixed the problem.")
    index = actors_of(nlp, text, EMPTY)
    spokes = next(r for r in index.resolutions if r["text"] == "A spokesperson")
    assert spokes["actor"] == actor_named(index, "Kelby Privacy Office").id
    assert "organisation" in spokes["reason"]
    he = next(r for r in index.resolutions if r["text"] == "he")
    assert he["actor"] == actor_named(index, "Jonas Brandt").id


def test_nominal_with_owner_in_phrase(nlp) -> None:
    text = "EMIS rolled out the update. A TPP spokesperson said its customers were unaffected."
    index = actors_of(nlp, text, EMPTY)
    spokes = next(r for r in index.resolutions if "spokesperson" in r["text"])
    assert spokes["actor"] == "tpp"


# -- the seed --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_index(nlp) -> tuple[str, ActorIndex]:
    path = shared_path("corpus", "seed", "pulse-gp-connect-2024-07-01.txt")
    text = path.read_text(encoding="utf-8")
    return text, find_actors(nlp(text), load_registry(None))


@pytest.mark.parametrize("registry", ["default", "empty"])
def test_seed_nhse_is_nhs_england(nlp, registry: str) -> None:
    path = shared_path("corpus", "seed", "pulse-gp-connect-2024-07-01.txt")
    text = path.read_text(encoding="utf-8")
    index = find_actors(nlp(text), load_registry(None) if registry == "default" else EMPTY)
    nhse = actor_named(index, "NHSE")
    assert nhse is not None and nhse.id == "nhs-england" and nhse.name == "NHS England"
    assert "NHS England" in nhse.aliases
    assert sum(1 for a in index.actors if "NHSE" in a.aliases) == 1


def test_seed_gpc_aliases(seed_index) -> None:
    _, index = seed_index
    gpc = actor_named(index, "GPC")
    assert gpc is not None and gpc.kind == "organisation"
    assert {"GPC", "GPC England", "BMA GP Committee England"} <= set(gpc.aliases)


def test_seed_bramall_stainer(seed_index) -> None:
    _, index = seed_index
    person = actor_named(index, "Bramall-Stainer")
    assert person is not None and person.name == "Katie Bramall-Stainer"
    assert person.kind == "person" and "GPC England chair" in person.roles
    she = next(r for r in index.resolutions if r["text"] == "She")
    assert she["actor"] == person.id


def test_seed_spokesperson_is_tpp(seed_index) -> None:
    text, index = seed_index
    start = text.index("A spokesperson said")
    assert index.actor_for_span(start, start + len("A spokesperson")) == "tpp"
    resolution = next(r for r in index.resolutions if r["start"] == start)
    assert resolution["actor"] == "tpp" and "TPP" in resolution["reason"]


def test_seed_gdpr_is_not_an_actor(seed_index) -> None:
    text, index = seed_index
    assert all("GDPR" not in m.text for a in index.actors for m in a.mentions)
    start = text.index("GDPR")
    assert index.actor_for_span(start, start + 4) is None


def test_seed_token_actor_covers_every_mention(nlp, seed_index) -> None:
    text, index = seed_index
    doc = nlp(text)
    for actor in index.actors:
        for mention in actor.mentions:
            span = doc.char_span(mention.start, mention.end)
            assert span is not None, mention
            assert all(index.actor_at_token(t.i) == actor.id for t in span)
    ids = [a.id for a in index.actors]
    assert len(ids) == len(set(ids))


def test_a_day_glued_to_an_organisation_name_is_trimmed(nlp):
    from pipeline.extract.actors import find_actors

    for text in ("Last Friday Harbour Water Services told customers to boil their water.",
                 "Last Friday GPC England told practices to disable the feature."):
        names = {actor.name for actor in find_actors(nlp(text)).actors}
        assert names and not any(name.lower().startswith(("friday", "last")) for name in names)


def test_a_definite_description_needs_a_name_it_can_stand_for(nlp) -> None:
    # "the company" cannot be the agency that spoke last; "the forum" has no named forum to
    # stand for, so it stays unresolved rather than taking the wrong organisation
    text = ("Harbour Ferries cancelled two sailings. The Coastal Safety Agency said on Monday "
            "that the vessel must stay in port. Harbour Ferries' manager said the company had "
            "done its repairs. The forum said it would write to ministers.")
    index = actors_of(nlp, text)
    company = text.index("the company")
    assert index.actor_for_span(company, company + len("the company")) == "harbour-ferries"
    forum = text.index("The forum")
    assert index.actor_for_span(forum, forum + len("The forum")) is None


def test_we_in_a_notice_is_its_issuer_but_not_inside_quotes(nlp) -> None:
    text = ("Brackenfield Analytics will retire its legacy API on 1 May. We have emailed every "
            "affected customer, and our support team can help. A customer told us: \"We need "
            "more time.\"")
    doc = nlp(text)
    index = find_actors(doc, EMPTY, issuer_speaks_as_we=True)
    we = text.index("We have")
    assert index.actor_for_span(we, we + 2) == "brackenfield-analytics"
    our = text.index("our support")
    assert index.actor_for_span(our, our + 3) == "brackenfield-analytics"
    quoted_we = text.index("We need")
    assert index.actor_for_span(quoted_we, quoted_we + 2) is None
    # news keeps "we" unresolved: a reporter's "we" is not the organisation it writes about
    plain = find_actors(doc, EMPTY)
    assert plain.actor_for_span(we, we + 2) is None


def test_a_name_span_that_runs_over_a_verb_ends_at_it(nlp) -> None:
    # the small model tags "Okafor hit Lindqvist" as one organisation name
    text = ("Okafor and Lindqvist engaged in a heated altercation before Okafor hit Lindqvist "
            "in the head.")
    index = actors_of(nlp, text, EMPTY)
    assert not [a for a in index.actors if "hit" in a.name.split() or any(
        "hit" in alias.split() for alias in a.aliases)]
    start = text.index("Okafor hit")
    assert index.actor_for_span(start, start + len("Okafor")) is not None


def test_an_apposition_with_an_organisation_noun_makes_the_name_an_organisation(nlp) -> None:
    text = ("The supplier, Corvid Health, confirmed the fault. A spokesperson said the company "
            "would fix it.")
    index = actors_of(nlp, text, EMPTY)
    assert actor_named(index, "Corvid Health").kind == "organisation"
    spokes = text.index("A spokesperson")
    assert index.actor_for_span(spokes, spokes + len("A spokesperson")) == "corvid-health"


# -- definite descriptions, spokespeople, kinds, junk names ---------------------------------------

def test_the_union_and_the_council_are_the_body_named_before(nlp) -> None:
    text = ("The Quarry Drivers Union called a strike. The union said members would walk out. "
            "Pay was frozen, according to the union.")
    index = actors_of(nlp, text, EMPTY)
    assert same_actor(index, text, "Quarry Drivers Union", "The union")
    assert actor_at(index, text, "the union") == "quarry-drivers-union"
    text = ("Pellworth Borough Council has opened a consultation. Last year the council "
            "dropped a similar plan.")
    index = actors_of(nlp, text, EMPTY)
    assert same_actor(index, text, "Pellworth Borough Council", "the council")
    assert actor_named(index, "councils") is None
    # with no council named, "the council" stays the generic group
    index = actors_of(nlp, "Residents protested. The council dropped the plan.", EMPTY)
    assert actor_named(index, "councils") is not None


def test_a_modifier_before_spokesperson_must_fit_the_organisation(nlp) -> None:
    text = "Dunmere Mills reported losses. A council spokesperson said the plan would go ahead."
    index = actors_of(nlp, text, EMPTY)
    assert actor_at(index, text, "A council spokesperson") is None


def test_a_head_word_match_beats_a_nearer_plain_brand(nlp) -> None:
    text = ("Corriebank Bank denied the report. The Morning Tribune reported on Thursday that "
            "the lender would cut 2,000 jobs.")
    index = actors_of(nlp, text, EMPTY)
    assert same_actor(index, text, "Corriebank Bank", "the lender")


def test_two_word_company_with_a_trade_word_is_an_organisation(nlp) -> None:
    text = "Carrow Freight will meet union officials on Monday. The company said it was ready."
    index = actors_of(nlp, text, EMPTY)
    assert actor_named(index, "Carrow Freight").kind == "organisation"
    assert same_actor(index, text, "Carrow Freight", "The company")


def test_role_words_and_post_nominals_make_people(nlp) -> None:
    text = ("Ostwick Bank denied the claim. Ostwick spokeswoman Dalia Verhoeven said the "
            "bank was sound.")
    index = actors_of(nlp, text, EMPTY)
    assert actor_named(index, "Dalia Verhoeven").kind == "person"
    assert same_actor(index, text, "Ostwick Bank", "the bank")
    text = ("Tarnby denies wrongdoing.\n\nCounsel for the claimants, Ilse Rautenberg KC, told "
            "the court her clients had waited. Mr Justice Pellow granted the adjournment.")
    index = actors_of(nlp, text, EMPTY)
    assert actor_named(index, "Counsel") is None
    assert actor_named(index, "Ilse Rautenberg").kind == "person"
    assert actor_named(index, "Pellow").kind == "person"


def test_we_in_a_notice_matches_the_publisher_without_legal_suffix(nlp) -> None:
    text = ("Our payment partner, Gannet Payments, has changed its rules. Orrin Cloud will "
            "disable TLS 1.1 from 1 October. We added a checker last Thursday.")
    doc = nlp(text)
    index = find_actors(doc, EMPTY, issuer_speaks_as_we=True,
                        publisher="Orrin Cloud Ltd (fictional)")
    assert actor_at(index, text, "We") == "orrin-cloud"
    # a publisher the text never names is still the "we", not the first third party
    index = find_actors(nlp(text), EMPTY, issuer_speaks_as_we=True,
                        publisher="Halberd Networks Limited")
    assert actor_at(index, text, "We") == "halberd-networks"


def test_a_spokespersons_quoted_we_is_her_organisation(nlp) -> None:
    text = ("“We have no plans to close our branches,” Ostwick spokeswoman Dalia Verhoeven "
            "said.")
    index = actors_of(nlp, text, EMPTY)
    assert index.actor_for_span(1, 3) == actor_named(index, "Ostwick").id
    text = "“We will appeal,” said Dalia Verhoeven, a spokeswoman for Ostwick Bank."
    index = actors_of(nlp, text, EMPTY)
    assert index.actor_for_span(1, 3) == "ostwick-bank"


def test_a_leaders_quoted_we_is_the_body_she_leads(nlp) -> None:
    text = ("The Harbour Pilots Union rejected the offer. “We have waited two years,” union "
            "president Kay Orme said.")
    index = actors_of(nlp, text, EMPTY)
    assert actor_at(index, text, "We") == actor_named(index, "Harbour Pilots Union").id
    # with no body of that kind named, her "we" is left to the quote
    text = "“We have waited two years,” union president Kay Orme said."
    index = actors_of(nlp, text, EMPTY)
    assert index.actor_for_span(1, 3) is None


def test_names_with_plural_possessives_and_non_actor_names(nlp) -> None:
    text = ("The Tolworth Growers' Association said the plan was unfair. Shares of Ostwick "
            "fell 4%. The flaw, CVE-2031-44120, was fixed. The Fair Rents Act requires a "
            "ballot. Protesters gathered at the Wool Exchange.")
    index = actors_of(nlp, text, EMPTY)
    names = {a.name for a in index.actors}
    assert "Tolworth Growers' Association" in names
    assert not names & {"Association", "Shares of Ostwick", "CVE-2031-44120",
                        "Fair Rents Act", "Rents Act", "Wool Exchange"}


def test_a_surname_that_is_also_a_role_and_a_centre_that_acts_stay(nlp) -> None:
    text = ("Rita King founded the Fenwick Boxing Club in 2001. King said the club would "
            "reopen. Two men were treated at the Kestrel Valley Medical Center.")
    index = actors_of(nlp, text, EMPTY)
    # "King" alone is Rita King, not a role word naming nobody
    assert actor_at(index, text, "King said") == actor_named(index, "Rita King").id
    # a centre is an institution as often as a place: "at" does not make it a venue
    assert "Kestrel Valley Medical Center" in {a.name for a in index.actors}


def test_a_spokesperson_for_a_body_speaks_for_it(nlp) -> None:
    text = ("Orrin Vale Community Health Trust has missed a staffing target. The Rivers Audit "
            "Office criticised the delay. A spokesman for the trust said it was hiring nurses.")
    index = actors_of(nlp, text, EMPTY)
    # "for the trust" is the health trust, not the Audit Office that spoke last
    assert actor_at(index, text, "A spokesman") == \
        actor_named(index, "Orrin Vale Community Health Trust").id
    text = ("Corvane Air cancelled its evening flights. The Cabin Crew Guild welcomed the move. "
            "A spokeswoman for the airline declined to comment.")
    index = actors_of(nlp, text, EMPTY)
    assert actor_at(index, text, "A spokeswoman") == actor_named(index, "Corvane Air").id
    text = ("Corvane Air asked the Regional Arbitration Board to step in. Corvane Air said "
            "talks had failed. A spokesman for the board declined to comment.")
    index = actors_of(nlp, text, EMPTY)
    assert actor_at(index, text, "A spokesman") == \
        actor_named(index, "Regional Arbitration Board").id
    text = ("Corvane Air cancelled flights. Its rival Telmore Ferries added sailings. "
            "A spokeswoman for Corvane Air said it was sorry.")
    index = actors_of(nlp, text, EMPTY)
    assert actor_at(index, text, "A spokeswoman") == actor_named(index, "Corvane Air").id


def test_courts_clubs_and_inspectorates_are_the_body_named(nlp) -> None:
    text = "Ashby Rovers sold their goalkeeper. The club said the deal was final."
    index = actors_of(nlp, text, EMPTY)
    assert same_actor(index, text, "Ashby Rovers", "The club")
    # a council with "City" in its name is no football club
    text = "Ashby City Council approved the new stand. The club said it was pleased."
    index = actors_of(nlp, text, EMPTY)
    assert actor_at(index, text, "The club") is None
    text = ("Henley was sentenced at Orrick Magistrates Court. The court also banned Henley "
            "from driving.")
    index = actors_of(nlp, text, EMPTY)
    assert same_actor(index, text, "Orrick Magistrates Court", "The court")
    text = ("The Rural Schools Inspectorate visited the academy. The inspectorate said "
            "teaching had improved.")
    index = actors_of(nlp, text, EMPTY)
    assert actor_named(index, "Rural Schools Inspectorate") is not None
    assert same_actor(index, text, "Rural Schools Inspectorate", "The inspectorate")


def test_mp_before_a_name_is_a_persons_role(nlp) -> None:
    for text in ("MP Gareth Pilbeam said the cuts were unfair.",
                 "Local MP Gareth Pilbeam said he had written to the minister."):
        index = actors_of(nlp, text, EMPTY)
        person = actor_named(index, "Gareth Pilbeam")
        assert person is not None and person.kind == "person"
        assert any("MP" in role for role in person.roles)


def test_a_role_phrase_needs_a_person_whose_role_fits(nlp) -> None:
    text = ("Shadow minister Petra Olansky attacked the delay. The transport secretary is due "
            "to answer questions on Thursday.")
    index = actors_of(nlp, text, EMPTY)
    assert actor_at(index, text, "The transport secretary") is None
    text = ("Transport secretary Petra Olansky defended the delay. The secretary is due "
            "to answer questions on Thursday.")
    index = actors_of(nlp, text, EMPTY)
    assert same_actor(index, text, "Petra Olansky", "The secretary")


def test_the_firm_is_no_newspaper(nlp) -> None:
    text = ("Ashgrove Engineering won the bridge contract in 2021. The Wexley Herald reported "
            "on Friday that the firm had ignored safety warnings.")
    index = actors_of(nlp, text, EMPTY)
    assert same_actor(index, text, "Ashgrove Engineering", "the firm")
    text = ("Ashgrove Engineering won the bridge contract. The Evening Gazette said the firm "
            "had ignored warnings.")
    index = actors_of(nlp, text, EMPTY)
    assert same_actor(index, text, "Ashgrove Engineering", "the firm")


def test_it_in_a_persons_report_is_the_body_he_reported_on(nlp) -> None:
    text = ("Corvane Air cancelled 12 flights. The Flight Crew Association said its members "
            "would walk out. Corvane chief executive Lionel Braddock said the airline would "
            "keep flying, adding that it had asked the Conciliation Service to intervene.")
    index = actors_of(nlp, text, EMPTY)
    assert actor_at(index, text, "it had asked") == actor_named(index, "Corvane Air").id


def test_they_continues_the_nearest_plural_group_subject(nlp) -> None:
    text = ("Tenant leaders at Ashby Borough Council have warned of evictions. Police were "
            "called after campaigners blocked the entrance. They dispersed on Friday.")
    index = actors_of(nlp, text, EMPTY)
    assert same_actor(index, text, "campaigners", "They")


def test_a_group_at_an_organisation_is_the_group(nlp) -> None:
    text = "Drivers at Telmore Buses Ltd said they would stop work."
    index = actors_of(nlp, text, EMPTY)
    assert actor_at(index, text, "Drivers") != actor_named(index, "Telmore Buses Ltd").id
    assert same_actor(index, text, "Drivers", "they")


def test_company_endings_venues_that_speak_and_titles_before_role_words(nlp) -> None:
    text = ("Lumora Inc on Monday denied a report that it had held talks. A spokeswoman for "
            "Lumora said the report was false.")
    index = actors_of(nlp, text, EMPTY)
    lumora = actor_named(index, "Lumora Inc")
    assert lumora.kind == "organisation"
    assert actor_at(index, text, "A spokeswoman") == lumora.id
    # a spokesman "at" a place that speaks is that place's body, not a venue
    text = "A spokesman at Downing Street said the plan was sound."
    assert "Downing Street" in {a.name for a in actors_of(nlp, text, EMPTY).actors}
    # "Chief Constable Amy Reed": "Constable" after a title is no first name, so a bare
    # "Constable" still names nobody
    text = "Chief Constable Amy Reed said the Constable would report to the board."
    assert {a.name for a in actors_of(nlp, text, EMPTY).actors} == {"Amy Reed"}


def test_a_part_of_a_described_body_speaks_for_it(nlp) -> None:
    text = ("The Fellside Lecturers Association will ballot members. The union's executive "
            "said members could strike.")
    index = actors_of(nlp, text, EMPTY)
    assert actor_at(index, text, "The union's executive") == \
        actor_named(index, "Fellside Lecturers Association").id
