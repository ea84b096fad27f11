"""Integrity checks of the reference data in ontology/reference/.

The files hold domain knowledge with official identifiers. Where the identifiers
come from:

* municipalities.tsv: CBS gemeentecodes and province of the 345 municipalities of
  1 January 2022 (public list in the RIVM/VWS corona dashboard, province derived from
  the safety region and cross-checked against a second public map key list), updated
  with the changes since: Weesp joined Amsterdam on 24 March 2022, and Brielle,
  Hellevoetsluis and Westvoorne formed Voorne aan Zee (GM1992) on 1 January 2023.
  CBS and RIVM report 342 municipalities for 2023, 2024 and 2025 (no mergers on
  1 January 2024 or 2025).
* laws.yaml: every bwb was checked (again, in the pass that added the advisory-council,
  income and care laws) against a public source that shows the id next to the law's
  title: the BWB path of the law in the statengeneraal/laws-markdown mirror of
  wetten.overheid.nl, a stored wetten.overheid.nl or ndfr.nl page, or public files that
  link the id under the law's name. Laws whose id could not be checked that way (one id
  given before, for the Wet op de expertisecentra, among them) have no bwb, say so in
  their note and are marked "# id not verified" in the file; bills and EU law have no
  BWB id at all and are marked "# no BWB id: ...".
* organisations.yaml / places.yaml: TOOI IRIs from the DiWoo ministry value list,
  the LVBB province value list and public references to the TOOI zbo/oorg ids.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

REF = Path(__file__).parents[2] / "ontology" / "reference"

ID_RE = re.compile(r"^[a-z0-9-]+$")
BWB_RE = re.compile(r"^BWBR\d{7}$")
GM_RE = re.compile(r"^GM\d{4}$")
PV_RE = re.compile(r"^PV(2\d|3[01])$")
QID_RE = re.compile(r"^Q\d+$")
TOOI_PREFIX = "https://identifier.overheid.nl/tooi/id/"

ORG_TYPES = {"Organisation", "GovernmentBody", "Group"}
PLACE_KINDS = {"provincie", "regio", "land", "wijk", "gebouw"}
PROVINCES = {
    "Groningen",
    "Fryslân",
    "Drenthe",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Utrecht",
    "Noord-Holland",
    "Zuid-Holland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
}


def _load_yaml(name: str) -> list[dict]:
    with (REF / name).open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, list), f"{name} must be a YAML list"
    for entry in data:
        assert isinstance(entry, dict), f"{name}: every item must be a mapping: {entry!r}"
    return data


@pytest.fixture(scope="module")
def organisations() -> list[dict]:
    return _load_yaml("organisations.yaml")


@pytest.fixture(scope="module")
def laws() -> list[dict]:
    return _load_yaml("laws.yaml")


@pytest.fixture(scope="module")
def places() -> list[dict]:
    return _load_yaml("places.yaml")


@pytest.fixture(scope="module")
def municipality_file() -> tuple[list[str], list[dict]]:
    """The leading '# ' comment lines and the rows of municipalities.tsv."""
    with (REF / "municipalities.tsv").open(encoding="utf-8", newline="") as fh:
        lines = fh.read().splitlines()
    comments = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if line and not line.startswith("#")]
    assert lines[0].startswith("# "), "the file starts with a '# ' comment line"
    assert lines[len(comments)] == "code\tname\tprovince\taliases", "header follows the comments"
    rows = list(csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE))
    return comments, rows


@pytest.fixture(scope="module")
def municipalities(municipality_file) -> list[dict]:
    return municipality_file[1]


def _str_list(entry: dict, key: str) -> list[str]:
    value = entry.get(key, [])
    assert isinstance(value, list), f"{entry.get('id')}: {key} must be a list"
    for item in value:
        assert isinstance(item, str) and item.strip() == item and item, (
            f"{entry.get('id')}: {key} holds a bad item {item!r}"
        )
    return value


def _ambiguities(entries: list[dict], exact_keys: tuple[str, ...], folded_keys: tuple[str, ...]):
    """Surface forms that would resolve to more than one entry.

    Forms under exact_keys are matched case-sensitively, those under folded_keys
    case-insensitively. Two forms collide when they are equal as the looser of
    their two matchings allows: exact vs exact compares exactly, anything involving
    a case-insensitive form compares case-folded.
    """
    exact: dict[str, set[str]] = defaultdict(set)
    folded_from_exact: dict[str, set[str]] = defaultdict(set)
    folded: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        for key in exact_keys:
            for form in _str_list(entry, key):
                exact[form].add(entry["id"])
                folded_from_exact[form.casefold()].add(entry["id"])
        for key in folded_keys:
            forms = [entry[key]] if key == "label" else _str_list(entry, key)
            for form in forms:
                folded[form.casefold()].add(entry["id"])
    clashes = {form: ids for form, ids in exact.items() if len(ids) > 1}
    for form, ids in folded.items():
        both = ids | folded_from_exact.get(form, set())
        if len(both) > 1:
            clashes[form] = both
    return clashes


# --- organisations.yaml -------------------------------------------------------------


def test_reference_organisation_ids_unique_and_well_formed(organisations):
    ids = [e.get("id") for e in organisations]
    assert all(isinstance(i, str) and ID_RE.match(i) for i in ids), ids
    assert len(ids) == len(set(ids))


def test_reference_organisation_fields_and_types(organisations):
    allowed = {
        "id",
        "label",
        "usual_name",
        "type",
        "abbreviations",
        "aliases",
        "tooi",
        "wikidata",
        "note",
    }
    for e in organisations:
        assert set(e) <= allowed, (e["id"], set(e) - allowed)
        assert isinstance(e.get("label"), str) and e["label"], e["id"]
        assert e.get("type") in ORG_TYPES, (e["id"], e.get("type"))
        _str_list(e, "abbreviations")
        _str_list(e, "aliases")
        if "tooi" in e:
            assert e["tooi"].startswith(TOOI_PREFIX), e["id"]
            assert e["type"] == "GovernmentBody", f"{e['id']}: TOOI only for government bodies"
        if "wikidata" in e:
            assert QID_RE.match(e["wikidata"]), e["id"]


def test_reference_organisation_tooi_unique(organisations):
    tooi = [e["tooi"] for e in organisations if "tooi" in e]
    assert len(tooi) == len(set(tooi))


def test_reference_organisation_aliases_unambiguous(organisations):
    clashes = _ambiguities(organisations, ("abbreviations",), ("label", "aliases"))
    assert not clashes, clashes


def test_reference_organisation_core_entries(organisations):
    by_id = {e["id"]: e for e in organisations}
    assert by_id["rmo"]["label"] == "Raad voor Maatschappelijke Ontwikkeling"
    assert "RMO" in by_id["rmo"]["abbreviations"]
    assert "RvS" in by_id["raad-van-state"]["abbreviations"]
    assert "RVS" in by_id["rvs"]["abbreviations"]
    assert by_id["vws"]["tooi"].endswith("/ministerie/mnre1025")
    assert by_id["bzk"]["tooi"].endswith("/ministerie/mnre1034")
    assert by_id["szw"]["tooi"].endswith("/ministerie/mnre1073")
    assert by_id["gemeenten"]["type"] == "GovernmentBody"
    assert "gemeente" in by_id["gemeenten"]["aliases"]
    assert by_id["sociale-wijkteams"]["type"] == "Group"
    assert by_id["sociale-wijkteams"]["label"] == "sociale wijkteams"


def test_reference_organisations_exclude_people_nouns(organisations):
    forms = set()
    for e in organisations:
        forms.add(e["label"].casefold())
        forms.update(a.casefold() for a in e.get("aliases", []))
    for noun in ("burgers", "inwoners", "ambtenaren", "professionals", "mantelzorgers"):
        assert noun not in forms


# --- laws.yaml ---------------------------------------------------------------------


def test_reference_law_ids_unique_and_well_formed(laws):
    ids = [e.get("id") for e in laws]
    assert all(isinstance(i, str) and ID_RE.match(i) for i in ids), ids
    assert len(ids) == len(set(ids))


def test_reference_law_fields_and_bwb_format(laws):
    allowed = {"id", "label", "short", "aliases", "bwb", "note"}
    for e in laws:
        assert set(e) <= allowed, (e["id"], set(e) - allowed)
        assert isinstance(e.get("label"), str) and e["label"], e["id"]
        _str_list(e, "short")
        _str_list(e, "aliases")
        if "bwb" in e:
            assert isinstance(e["bwb"], str) and BWB_RE.match(e["bwb"]), (e["id"], e["bwb"])


def test_reference_law_core_bwb_ids(laws):
    by_id = {e["id"]: e for e in laws}
    assert by_id["wmo-2015"]["bwb"] == "BWBR0035362"
    assert by_id["jeugdwet"]["bwb"] == "BWBR0034925"
    assert by_id["participatiewet"]["bwb"] == "BWBR0015703"
    assert "Wmo" in by_id["wmo-2015"]["short"], "bare 'Wmo' means the Wmo 2015"


def test_reference_law_bwb_shared_only_by_wwb_and_participatiewet(laws):
    owners: dict[str, set[str]] = defaultdict(set)
    for e in laws:
        if "bwb" in e:
            owners[e["bwb"]].add(e["id"])
    shared = {bwb: ids for bwb, ids in owners.items() if len(ids) > 1}
    assert shared == {"BWBR0015703": {"participatiewet", "wwb"}}


def test_reference_law_aliases_unambiguous(laws):
    clashes = _ambiguities(laws, ("short",), ("label", "aliases"))
    assert not clashes, clashes


def test_reference_law_added_bwb_ids(laws):
    """A sample of the verified ids, so that an accidental edit shows."""
    by_id = {e["id"]: e for e in laws}
    assert by_id["provinciewet"]["bwb"] == "BWBR0005645"
    assert by_id["awir"]["bwb"] == "BWBR0018472"
    assert by_id["toeslagenwet"]["bwb"] == "BWBR0004043"
    assert by_id["wnt"]["bwb"] == "BWBR0032249"
    assert by_id["leerplichtwet-1969"]["bwb"] == "BWBR0002628"
    assert by_id["fvw"]["bwb"] == "BWBR0008290"
    assert by_id["kaderwet-adviescolleges"]["bwb"] == "BWBR0008159"
    assert by_id["wet-nationale-ombudsman"]["bwb"] == "BWBR0003372"
    assert by_id["wet-participatiebudget"]["bwb"] == "BWBR0025039"


def test_reference_law_without_bwb_says_why(laws):
    """A law without a bwb is one whose id was not verified (or that has none): its
    note says so, so that nobody mistakes the gap for an oversight."""
    for e in laws:
        if "bwb" not in e:
            assert "bwb" in e.get("note", "").lower(), e["id"]


def test_reference_law_bwb_ids_have_the_bwb_form_and_name_one_regulation(laws):
    """Every bwb is BWBR plus seven digits, and no two laws share one (the WWB, renamed
    Participatiewet, is the one regulation with two entries)."""
    ids = [e["bwb"] for e in laws if "bwb" in e]
    assert ids and all(re.fullmatch(r"BWBR\d{7}", i) for i in ids)
    repeated = {i for i in ids if ids.count(i) > 1}
    assert repeated == {"BWBR0015703"}


def test_reference_law_without_bwb_is_marked_in_the_file():
    """An entry without a bwb is preceded by "# id not verified" (its id could not be
    checked, so none is guessed) or "# no BWB id: <why>" (a bill, EU law)."""
    lines = (REF / "laws.yaml").read_text(encoding="utf-8").splitlines()
    starts = [n for n, line in enumerate(lines) if line.startswith("- id: ")]
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        block = lines[start:end]
        if not any(line.startswith("  bwb: ") for line in block):
            marker = lines[start - 1]
            assert marker == "# id not verified" or marker.startswith("# no BWB id: "), block[0]


# --- municipalities.tsv --------------------------------------------------------------


def test_reference_municipality_count_matches_stated_count(municipality_file):
    comments, rows = municipality_file
    stated = re.search(r"count:\s*(\d+)", comments[0])
    date = re.search(r"reference date (\d{4}-\d{2}-\d{2})", comments[0])
    assert stated and date, comments[0]
    assert date.group(1) == "2025-01-01"
    assert int(stated.group(1)) == 342
    assert len(rows) == int(stated.group(1))


def test_reference_municipality_codes_valid_unique_sorted(municipalities):
    codes = [r["code"] for r in municipalities]
    assert all(GM_RE.match(c) for c in codes), [c for c in codes if not GM_RE.match(c)]
    assert len(codes) == len(set(codes))
    assert codes == sorted(codes)


def test_reference_municipality_rows_complete(municipalities):
    for r in municipalities:
        assert r["name"] and r["name"].strip() == r["name"], r
        assert r["province"] in PROVINCES, r
        assert r["aliases"] is not None, r
    names = [r["name"] for r in municipalities]
    assert len(names) == len(set(names))
    assert {r["province"] for r in municipalities} == PROVINCES


def test_reference_municipality_known_codes(municipalities):
    by_code = {r["code"]: r for r in municipalities}
    assert by_code["GM0150"]["name"] == "Deventer"
    assert by_code["GM0150"]["province"] == "Overijssel"
    assert by_code["GM0599"]["name"] == "Rotterdam"
    assert by_code["GM0599"]["province"] == "Zuid-Holland"
    assert by_code["GM0518"]["name"] == "'s-Gravenhage"
    assert "Den Haag" in by_code["GM0518"]["aliases"].split("|")
    assert by_code["GM1992"]["name"] == "Voorne aan Zee"
    # merged away before the reference date
    for gone in ("GM0457", "GM0501", "GM0530", "GM0614"):
        assert gone not in by_code


def test_reference_municipality_aliases_unambiguous(municipalities):
    owner: dict[str, set[str]] = defaultdict(set)
    for r in municipalities:
        owner[r["name"].casefold()].add(r["code"])
        aliases = [a for a in r["aliases"].split("|") if a]
        for a in aliases:
            assert a.strip() == a, (r["code"], a)
            owner[a.casefold()].add(r["code"])
    clashes = {form: codes for form, codes in owner.items() if len(codes) > 1}
    assert not clashes, clashes
    # The two Bergens keep their disambiguated names and get no bare alias.
    assert "bergen" not in owner


# --- places.yaml -------------------------------------------------------------------


def test_reference_place_ids_unique_and_kinds(places):
    ids = [e.get("id") for e in places]
    assert all(isinstance(i, str) and ID_RE.match(i) for i in ids), ids
    assert len(ids) == len(set(ids))
    allowed = {"id", "label", "kind", "aliases", "code", "tooi", "wikidata", "note"}
    for e in places:
        assert set(e) <= allowed, (e["id"], set(e) - allowed)
        assert isinstance(e.get("label"), str) and e["label"], e["id"]
        assert e.get("kind") in PLACE_KINDS, (e["id"], e.get("kind"))
        _str_list(e, "aliases")
        if "wikidata" in e:
            assert QID_RE.match(e["wikidata"]), e["id"]


def test_reference_provinces_have_pv_codes(places):
    provinces = [e for e in places if e["kind"] == "provincie"]
    assert {e["label"] for e in provinces} == PROVINCES
    codes = [e.get("code") for e in provinces]
    assert all(c and PV_RE.match(c) for c in codes), codes
    assert sorted(codes) == [f"PV{n}" for n in range(20, 32)]
    for e in provinces:
        assert e.get("tooi") == f"{TOOI_PREFIX}provincie/{e['code'].lower()}", e["id"]
    by_label = {e["label"]: e["code"] for e in provinces}
    assert by_label["Groningen"] == "PV20"
    assert by_label["Zeeland"] == "PV29"
    assert by_label["Limburg"] == "PV31"
    for e in places:
        if e["kind"] != "provincie":
            assert "code" not in e or not PV_RE.match(e["code"]), e["id"]
            assert "tooi" not in e, e["id"]


def test_reference_places_include_country_and_landmarks(places):
    by_id = {e["id"]: e for e in places}
    assert by_id["nederland"]["kind"] == "land"
    assert by_id["binnenhof"]["kind"] == "gebouw"
    assert by_id["walcheren"]["kind"] == "regio"


def test_reference_place_aliases_unambiguous(places):
    clashes = _ambiguities(places, (), ("label", "aliases"))
    assert not clashes, clashes


def test_reference_places_do_not_shadow_municipalities(places, municipalities):
    """A place name equal to a municipality name is only allowed where documented."""
    muni = set()
    for r in municipalities:
        muni.add(r["name"].casefold())
        muni.update(a.casefold() for a in r["aliases"].split("|") if a)
    allowed = {"groningen", "utrecht"}  # province and city share the name
    forms = set()
    for e in places:
        forms.add(e["label"].casefold())
        forms.update(a.casefold() for a in e.get("aliases", []))
    assert (forms & muni) == allowed


# --- all name files together, as the gazetteer reads them ---------------------------


def _surface_forms(organisations, laws, places, municipalities):
    """(matching, tokens) -> {(file, id)} for every name the gazetteer matches.

    Labels and aliases of organisations and laws match case-insensitively (their
    tokens are case-folded); abbreviations, law short titles and all place names match
    exactly as written. Tokens come from kg.language.reference, as the matcher sees them
    ("Belastingdienst/Toeslagen" is two words).
    """
    from kg.language.reference import tokens

    def toks(form: str) -> tuple[str, ...]:
        return tuple(t for _, _, t in tokens(form))

    forms: dict[tuple[str, tuple[str, ...]], set[tuple[str, str]]] = defaultdict(set)
    for name, entries, exact_keys, folded_keys in (
        ("organisations", organisations, ("abbreviations",), ("aliases",)),
        ("laws", laws, ("short",), ("aliases",)),
    ):
        for e in entries:
            for form in [e["label"], *(a for k in folded_keys for a in e.get(k, []))]:
                forms[("folded", tuple(t.casefold() for t in toks(form)))].add((name, e["id"]))
            for form in (a for k in exact_keys for a in e.get(k, [])):
                forms[("exact", toks(form))].add((name, e["id"]))
    for e in places:
        for form in [e["label"], *e.get("aliases", [])]:
            forms[("exact", toks(form))].add(("places", e["id"]))
    for r in municipalities:
        for form in [r["name"], *(a for a in r["aliases"].split("|") if a)]:
            forms[("exact", toks(form))].add(("municipalities", r["code"]))
    return forms


def test_reference_names_belong_to_one_entry_across_files(
    organisations, laws, places, municipalities
):
    """An organisation, law or place name resolves to one entry of one file; the only
    documented exception is a province that shares its name with its capital city."""
    forms = _surface_forms(organisations, laws, places, municipalities)
    folded_owners: dict[tuple[str, ...], set] = defaultdict(set)
    for (_matching, form), owners in forms.items():
        folded_owners[tuple(t.casefold() for t in form)] |= owners
    clashes = {}
    for (matching, form), owners in forms.items():
        if len(owners) > 1:
            clashes[form] = owners
        # an exact form is shadowed by a case-insensitive one of another entry
        if matching == "exact":
            folded = forms.get(("folded", tuple(t.casefold() for t in form)), set())
            if folded - owners:
                clashes[form] = owners | folded
    assert set(clashes) == {("Groningen",), ("Utrecht",)}, clashes


def test_reference_forms_not_repeated_within_an_entry(organisations, laws, places):
    """No name is listed twice on one entry (place names match as written, so "De Peel"
    and "de Peel" are two forms)."""

    def forms(e, keys):
        return [f for k in keys for f in ([e[k]] if k == "label" else e.get(k, []))]

    for name, entries, exact_keys, folded_keys in (
        ("organisations", organisations, ("abbreviations",), ("label", "aliases")),
        ("laws", laws, ("short",), ("label", "aliases")),
        ("places", places, ("label", "aliases"), ()),
    ):
        for e in entries:
            folded = [f.casefold() for f in forms(e, folded_keys)]
            exact = forms(e, exact_keys)
            assert len(folded) == len(set(folded)), (name, e["id"], folded)
            assert len(exact) == len(set(exact)), (name, e["id"], exact)


@pytest.fixture(scope="module")
def gazetteer():
    from kg.language.reference import load_reference

    return load_reference().names


def _keys(gazetteer, text: str) -> list[str]:
    return [entry.key for _, _, entry in gazetteer.find(text)]


@pytest.mark.parametrize(
    "key, names",
    [
        ("org/duo", ["Dienst Uitvoering Onderwijs", "DUO"]),
        ("org/coa", ["Centraal Orgaan opvang asielzoekers", "COA"]),
        (
            "org/dienst-toeslagen",
            ["Dienst Toeslagen", "Belastingdienst/Toeslagen", "belastingdienst/toeslagen"],
        ),
        (
            "org/nederlandse-arbeidsinspectie",
            ["Nederlandse Arbeidsinspectie", "Inspectie SZW", "NLA"],
        ),
        (
            "org/kennisplatform-integratie-samenleving",
            [
                "Kennisplatform Inclusief Samenleven",
                "Kennisplatform Integratie & Samenleving",
                "KIS",
            ],
        ),
        ("org/mezzo", ["MantelzorgNL", "Mantelzorg NL", "Mezzo"]),
        ("org/nza", ["Nederlandse Zorgautoriteit", "NZa"]),
        ("org/per-saldo", ["Vereniging Per Saldo", "Per Saldo"]),
        ("org/iederin", ["Ieder(in)", "Iederin"]),
        ("group/sociale-wijkteams", ["sociale wijkteams", "het buurtteam", "gebiedsteams"]),
        (
            "group/gecertificeerde-instellingen",
            ["gecertificeerde instellingen", "jeugdbeschermingsorganisaties"],
        ),
        (
            "place/caribisch-nederland",
            ["Caribisch Nederland", "Caraïbisch Nederland", "BES-eilanden"],
        ),
        ("place/sint-eustatius", ["Sint Eustatius", "Statia"]),
    ],
)
def test_reference_names_and_abbreviations_resolve_to_one_entry(gazetteer, key, names):
    for name in names:
        assert _keys(gazetteer, name) == [key], name


@pytest.mark.parametrize(
    "text",
    [
        "Per saldo gaan huishoudens erop vooruit.",
        "Hij had het per saldo beter.",
        "Dat geldt voor ieder in Nederland.",
        "Ze vormen een hecht duo.",
        "Wij hebben daar leergeld voor betaald.",
        "Het vluchtelingenwerk in de regio groeit.",
        "Zij werkt als schuldhulpmaatje.",
        "De toeslagen gaan omhoog.",
        "Keep that in mind.",
        "De zon scheen.",
    ],
)
def test_reference_ordinary_words_match_no_organisation(gazetteer, text):
    assert not [k for k in _keys(gazetteer, text) if k.startswith(("org/", "group/"))], text


def test_reference_caribbean_netherlands_are_regions_not_municipalities(places, municipalities):
    by_id = {e["id"]: e for e in places}
    for island in ("bonaire", "sint-eustatius", "saba"):
        assert by_id[island]["kind"] == "regio", island
        assert "code" not in by_id[island], island
    names = {r["name"] for r in municipalities}
    assert not names & {"Bonaire", "Sint Eustatius", "Saba"}


@pytest.mark.parametrize(
    "text, code",
    [
        ("De wethouder van Groningen opende het wijkcentrum.", "GM0014"),
        ("In de provincie Groningen wonen veel ouderen.", "PV20"),
        ("Het wijkteam in Utrecht begon vorig jaar.", "GM0344"),
        ("De provincie Utrecht betaalt mee.", "PV26"),
    ],
)
def test_reference_bare_city_name_is_the_municipality_not_the_province(text, code):
    from kg.language.reference import load_reference

    hits = [e for _, _, e in load_reference().names.find(text) if e.kind == "Place"]
    assert [e.identifier for e in hits] == [code]


# --- laws and political parties as the gazetteer resolves them ------------------------


@pytest.mark.parametrize(
    "key, names",
    [
        ("law/gemeentewet", ["Gemeentewet", "de Gemeentewet"]),
        ("law/wajong", ["de Wajong", "Wajong"]),
        ("law/wet-brp", ["Wet BRP", "Wet basisregistratie personen"]),
        ("law/huisvestingswet-2014", ["Huisvestingswet 2014", "de Huisvestingswet"]),
        ("law/leerplichtwet-1969", ["Leerplichtwet 1969", "de Leerplichtwet"]),
        ("law/wvo", ["WVO", "Wet op het voortgezet onderwijs"]),
        ("law/wvo-2020", ["WVO 2020", "Wet voortgezet onderwijs 2020"]),
        ("law/wnt", ["WNT", "Wet normering topinkomens"]),
        ("law/spreidingswet", ["Spreidingswet", "de spreidingswet"]),
        ("law/wsnp", ["Wsnp", "WSNP", "Wet schuldsanering natuurlijke personen"]),
        ("law/bw-boek-1", ["Boek 1 BW", "Boek 1 van het Burgerlijk Wetboek"]),
        ("org/groenlinks-pvda", ["GroenLinks-PvdA", "GL-PvdA"]),
        ("org/groenlinks", ["GroenLinks"]),
        ("org/pvda", ["PvdA", "Partij van de Arbeid"]),
        ("org/sp", ["SP", "de SP"]),
        ("org/denk", ["DENK", "Politieke Beweging DENK"]),
        ("org/nsc", ["NSC", "Nieuw Sociaal Contract"]),
        ("org/volt", ["Volt"]),
        ("org/50plus", ["50PLUS"]),
        ("org/bbb", ["BBB", "BoerBurgerBeweging"]),
    ],
)
def test_reference_laws_and_parties_resolve_to_one_entry(gazetteer, key, names):
    for name in names:
        assert _keys(gazetteer, name) == [key], name


def test_reference_party_enumeration_is_not_the_joint_party(gazetteer):
    """The matcher skips punctuation between words: an enumeration must stay three
    parties, and only the hyphenated form is the joint GroenLinks-PvdA."""
    assert _keys(gazetteer, "GroenLinks, PvdA en SP stemden voor.") == [
        "org/groenlinks",
        "org/pvda",
        "org/sp",
    ]
    assert _keys(gazetteer, "GroenLinks en PvdA") == ["org/groenlinks", "org/pvda"]


@pytest.mark.parametrize(
    "text",
    [
        "Ik denk dat het kan.",
        "Denk aan de mantelzorgers.",
        "Er is een nieuw sociaal contract nodig tussen burger en overheid.",
        "Het apparaat werkt op 230 volt.",
        "Werkzoekenden van 50plus vinden moeilijk werk.",
    ],
)
def test_reference_ordinary_words_match_no_party(gazetteer, text):
    assert not [k for k in _keys(gazetteer, text) if k.startswith("org/")], text


def test_reference_parties_are_organisations(organisations):
    """Parties are type Organisation: the extractor takes the party of "SP-raadslid" only
    from Organisation entries."""
    by_id = {e["id"]: e for e in organisations}
    parties = [
        "vvd",
        "pvv",
        "cda",
        "d66",
        "groenlinks",
        "pvda",
        "groenlinks-pvda",
        "sp",
        "christenunie",
        "sgp",
        "partij-voor-de-dieren",
        "ja21",
        "bbb",
        "nsc",
        "volt",
        "denk",
        "fvd",
        "50plus",
    ]
    for pid in parties:
        assert by_id[pid]["type"] == "Organisation", pid


def _affiliation_orgs(text: str) -> list[str]:
    from kg.extract.relations import extract
    from kg.extract.segment import segment
    from kg.language.reference import load_reference
    from kg.language.rules import load_rules

    rules = load_rules()
    doc = segment("t.txt", "Debat over de jeugdzorg\n\n" + text + "\n", rules.lexicon)
    facts = extract(doc, rules, load_reference()).facts
    return [f.object for f in facts if f.predicate == "org:organization"]


@pytest.mark.parametrize(
    "text, org",
    [
        (
            "In de raad sprak men over de jeugdzorg. SP-raadslid Piet Jansen vindt dat de gemeente "
            "te weinig doet.",
            "org/sp",
        ),
        (
            "In de raad sprak men over de jeugdzorg. VVD-fractievoorzitter Karin de Boer is het "
            "daar niet mee eens.",
            "org/vvd",
        ),
        (
            "In de raad sprak men over de jeugdzorg. GroenLinks-PvdA-raadslid Ahmed Yilmaz wil "
            "meer geld.",
            "org/groenlinks-pvda",
        ),
    ],
)
def test_reference_party_in_a_compound_role_is_the_affiliation(text, org):
    assert _affiliation_orgs(text) == [org]


def test_reference_camel_case_party_at_paragraph_start_is_found():
    from kg.extract.relations import extract
    from kg.extract.segment import segment
    from kg.language.reference import load_reference
    from kg.language.rules import load_rules

    rules = load_rules()
    text = (
        "Debat over de jeugdzorg\n\nDe gemeente wil meer doen voor jongeren in de wijken.\n\n"
        "Volgens de ChristenUnie moet de Wajong worden herzien.\n"
    )
    entities = extract(segment("t.txt", text, rules.lexicon), rules, load_reference()).entities
    assert "org/christenunie" in entities


def test_reference_party_is_shown_by_the_name_it_goes_by():
    from kg.language.reference import load_reference

    hits = [
        e
        for _, _, e in load_reference().names.find(
            "De Volkspartij voor Vrijheid en Democratie en de SP stemden tegen."
        )
    ]
    assert [(e.key, e.label) for e in hits] == [("org/vvd", "VVD"), ("org/sp", "SP")]
    assert "Volkspartij voor Vrijheid en Democratie" in hits[0].alt_labels


# --- laws and bodies of the social domain, found in sentences with their ids --------


def _found(gazetteer, text: str) -> list[tuple[str, str]]:
    return [(e.key, e.identifier) for _, _, e in gazetteer.find(text)]


@pytest.mark.parametrize(
    "text, found",
    [
        (
            "Tot 2015 liep dat geld via de Wet participatiebudget; sindsdien valt de "
            "re-integratie onder de Participatiewet.",
            [
                ("law/wet-participatiebudget", "BWBR0025039"),
                ("law/participatiewet", "BWBR0015703"),
            ],
        ),
        (
            "Hoeveel geld een dorp krijgt, volgt uit de Financiële-verhoudingswet.",
            [("law/fvw", "BWBR0008290")],
        ),
        (
            "Wie een WW-uitkering heeft of onder de Anw valt, houdt die na de verhuizing.",
            [("law/anw", "BWBR0007795")],
        ),
        (
            "Het inkomen uit de WW en de WAO telt mee voor de toeslag.",
            [("law/ww", "BWBR0004045"), ("law/wao", "BWBR0002524")],
        ),
        (
            "De burgemeester legde op grond van de Wet tijdelijk huisverbod een huisverbod op.",
            [("law/wet-tijdelijk-huisverbod", "BWBR0024649")],
        ),
        (
            "De Kaderwet adviescolleges en de Wet op de Raad voor het openbaar bestuur regelen "
            "de raad.",
            [
                ("law/kaderwet-adviescolleges", "BWBR0008159"),
                ("law/wet-op-de-rob", "BWBR0008419"),
            ],
        ),
        (
            "Klachten gaan volgens de Wet Nationale ombudsman eerst naar het bestuursorgaan.",
            [("law/wet-nationale-ombudsman", "BWBR0003372")],
        ),
        (
            "De oude Wet op de bedrijfsorganisatie heet nu Wet op de Sociaal-Economische Raad.",
            [("law/wet-op-de-ser", "BWBR0002058"), ("law/wet-op-de-ser", "BWBR0002058")],
        ),
        (
            "In 2007 kwam de Wet maatschappelijke ondersteuning, in 2015 de Wmo 2015.",
            [("law/wmo-2007", "BWBR0020031"), ("law/wmo-2015", "BWBR0035362")],
        ),
        (
            "Sinds de Wvggz en de Wzd is de Wet Bopz vervallen.",
            [
                ("law/wvggz", "BWBR0040635"),
                ("law/wzd", "BWBR0040632"),
                ("law/bopz", "BWBR0005700"),
            ],
        ),
    ],
)
def test_reference_social_domain_laws_are_found_with_their_bwb_id(gazetteer, text, found):
    assert _found(gazetteer, text) == found


def test_reference_law_with_a_bwb_id_links_to_wetten_overheid(gazetteer):
    (entry,) = [e for _, _, e in gazetteer.find("de Financiële-verhoudingswet")]
    assert entry.same_as == ("https://wetten.overheid.nl/BWBR0008290",)


@pytest.mark.parametrize(
    "text, key",
    [
        (
            "Daarna volgde het debat over de Wet verbetering beschikbaarheid jeugdzorg.",
            "law/wet-verbetering-beschikbaarheid-jeugdzorg",
        ),
        ("Met de Wams mag men meer gegevens delen.", "law/wams"),
        (
            "Scholen moeten volgens de Wet verplichte meldcode een stappenplan hebben.",
            "law/wet-verplichte-meldcode",
        ),
    ],
)
def test_reference_bill_or_amending_law_is_found_without_an_identifier(gazetteer, text, key):
    """A bill or an amending law whose id could not be checked is found by its title, but
    never gets an invented identifier."""
    (entry,) = [e for _, _, e in gazetteer.find(text)]
    assert (entry.key, entry.identifier, entry.same_as) == (key, "", ())


@pytest.mark.parametrize(
    "text, keys",
    [
        (
            "De Afdeling advisering van de Raad van State was kritisch; later oordeelde de "
            "Centrale Raad van Beroep.",
            ["org/afdeling-advisering-raad-van-state", "org/centrale-raad-van-beroep"],
        ),
        (
            "Zowel de Transitiecommissie Sociaal Domein als Toezicht Sociaal Domein "
            "schreven erover.",
            ["org/transitiecommissie-sociaal-domein", "org/toezicht-sociaal-domein"],
        ),
        (
            "De Jeugdautoriteit en de Inspectie van het Onderwijs kijken mee.",
            ["org/jeugdautoriteit", "org/inspectie-van-het-onderwijs"],
        ),
        (
            "In de SER zitten FNV, CNV, MKB-Nederland en VNO-NCW.",
            ["org/ser", "org/fnv", "org/cnv", "org/mkb-nederland", "org/vno-ncw"],
        ),
        (
            "Het Nibud (Nationaal Instituut voor Budgetvoorlichting) en het BKR zien meer "
            "schulden.",
            ["org/nibud", "org/nibud", "org/bkr"],
        ),
        (
            "De KNMG, de NVvP en de LHV schreven samen met V&VN een brief.",
            ["org/knmg", "org/nvvp", "org/lhv", "org/venvn"],
        ),
        (
            "Het RMO-advies kwam voordat de RMO opging in de Raad voor Volksgezondheid & "
            "Samenleving.",
            ["org/rmo", "org/rvs"],
        ),
    ],
)
def test_reference_councils_inspectorates_and_associations_are_found(gazetteer, text, keys):
    assert [k for k, _ in _found(gazetteer, text)] == keys


@pytest.mark.parametrize(
    "text",
    [
        "WIJ DOEN HET SAMEN MET DE WIJK.",
        "De afdeling advisering van het bedrijf helpt starters.",
        "Het mkb heeft moeite met personeel.",
        "De TSD bracht een rapport uit.",
        "Zij zocht het op het web.",
    ],
)
def test_reference_ambiguous_short_forms_match_nothing(gazetteer, text):
    """Words that are also ordinary words or that name two bodies ("TSD") stay unmatched."""
    assert _found(gazetteer, text) == [], text


# --- topics.yaml: the SKOS concept scheme of policy themes ----------------------------


@pytest.fixture(scope="module")
def topics() -> list[dict]:
    return _load_yaml("topics.yaml")


@pytest.fixture(scope="module")
def topic_gazetteer():
    from kg.language.reference import load_reference

    return load_reference().topics


def _topic_forms(entry: dict) -> list[str]:
    """Every string that makes the matcher find this theme: label, alt labels and forms."""
    return [entry["label"], *_str_list(entry, "alt"), *_str_list(entry, "forms")]


def _topic_keys(topic_gazetteer, text: str) -> list[str]:
    return [entry.key for _, _, entry in topic_gazetteer.find(text)]


def test_reference_topic_ids_unique_and_fields(topics):
    ids = [e.get("id") for e in topics]
    assert all(isinstance(i, str) and ID_RE.match(i) for i in ids), ids
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    allowed = {"id", "label", "en", "definition", "alt", "forms"}
    for e in topics:
        assert set(e) <= allowed, (e["id"], set(e) - allowed)
        assert isinstance(e.get("label"), str) and e["label"].strip() == e["label"] != "", e["id"]
        _str_list(e, "alt")
        _str_list(e, "forms")


def test_reference_every_topic_has_an_english_label_and_a_definition(topics):
    for e in topics:
        assert isinstance(e.get("en"), str) and e["en"].strip(), f"{e['id']}: no English label"
        assert isinstance(e.get("definition"), str) and len(e["definition"].split()) >= 3, (
            f"{e['id']}: no definition"
        )
        assert e["definition"] != e["label"], e["id"]
    english = [e["en"].casefold() for e in topics]
    assert len(english) == len(set(english)), sorted(x for x in english if english.count(x) > 1)


def test_reference_topic_forms_belong_to_one_concept(topics):
    """No label, alt label or form names two themes, compared as the matcher compares
    them: whole words, case-insensitive ("dak- en thuislozen" is "dak en thuislozen")."""
    from kg.language.reference import tokens

    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for e in topics:
        seen = []
        for form in _topic_forms(e):
            toks = tuple(t.casefold() for _, _, t in tokens(form))
            assert toks, (e["id"], form)
            assert toks not in seen, f"{e['id']}: {form!r} is listed twice"
            seen.append(toks)
            owners[toks].add(e["id"])
    clashes = {" ".join(form): ids for form, ids in owners.items() if len(ids) > 1}
    assert not clashes, clashes


def test_reference_topic_forms_are_not_names_of_other_entries(
    topics, organisations, laws, places, municipalities
):
    """A theme's words are not also the name of an organisation, law or place, except the
    sociale wijkteams, which are both a group of actors and a theme."""
    from kg.language.reference import tokens

    names = _surface_forms(organisations, laws, places, municipalities)
    folded_names: dict[tuple[str, ...], set] = defaultdict(set)
    for (_, form), owners in names.items():
        folded_names[tuple(t.casefold() for t in form)] |= owners
    shared = {}
    for e in topics:
        for form in _topic_forms(e):
            toks = tuple(t.casefold() for _, _, t in tokens(form))
            if toks in folded_names:
                shared[form] = (e["id"], folded_names[toks])
    assert {topic for topic, _ in shared.values()} <= {"sociale-wijkteams"}, shared


def test_reference_topics_cover_the_sociaal_domein(topics):
    """The themes of Wmo 2015, Jeugdwet and Participatiewet that articles discuss."""
    ids = {e["id"] for e in topics}
    expected = {
        # jeugd en onderwijs
        "jeugdzorg",
        "jeugdbescherming",
        "ondertoezichtstelling",
        "uithuisplaatsing",
        "gesloten-jeugdzorg",
        "pleegzorg",
        "jeugd-ggz",
        "hervormingsagenda-jeugd",
        "passend-onderwijs",
        "leerlingenvervoer",
        "speciaal-onderwijs",
        "leerplicht",
        "voortijdig-schoolverlaten",
        # wonen, opvang, asiel, inburgering
        "beschermd-wonen",
        "dakloosheid",
        "housing-first",
        "doordecentralisatie",
        "huisvesting",
        "statushouders",
        "asielopvang",
        "inburgering",
        "taalonderwijs",
        "laaggeletterdheid",
        # Wmo
        "dagbesteding",
        "algemene-voorziening",
        "maatwerk",
        "huishoudelijke-hulp",
        "hulpmiddelen",
        "woningaanpassing",
        "mantelzorg",
        "jonge-mantelzorgers",
        "informele-zorg",
        "vrijwilligerswerk",
        "eenzaamheid",
        "dementie",
        "ouderenzorg",
        "langer-thuis-wonen",
        "wijkverpleging",
        "ggz",
        "verward-gedrag",
        "suicidepreventie",
        # werk en inkomen
        "schuldhulpverlening",
        "vroegsignalering",
        "bewindvoering",
        "armoede",
        "kinderarmoede",
        "kindpakket",
        "minimaregelingen",
        "kwijtschelding",
        "bijzondere-bijstand",
        "kostendelersnorm",
        "bijstand",
        "arbeidsparticipatie",
        "beschut-werk",
        "banenafspraak",
        "sociale-werkvoorziening",
        "loonkostensubsidie",
        "werkloosheid",
        "toeslagenaffaire",
        "hersteloperatie",
        # geld, inkoop, toegang
        "persoonsgebonden-budget",
        "eigen-bijdrage",
        "abonnementstarief",
        "gemeentefonds",
        "ravijnjaar",
        "inkoop",
        "regionale-inkoop",
        "wachtlijsten",
        "toegang",
        "keukentafelgesprek",
        "integrale-toegang",
        "privacy-gegevensdeling",
        # veiligheid, gezondheid, samenleving, sturing
        "huiselijk-geweld",
        "radicalisering",
        "preventie",
        "gezondheidsverschillen",
        "leefstijl",
        "sport-en-bewegen",
        "participatie",
        "clientondersteuning",
        "clientparticipatie",
        "burgerinitiatief",
        "zorgcooperatie",
        "toezicht",
        "fraude-handhaving",
        "digitalisering",
        "personeelstekort",
    }
    assert expected <= ids, sorted(expected - ids)


@pytest.mark.parametrize(
    "key, names",
    [
        (
            "topic/ondertoezichtstelling",
            [
                "ondertoezichtstelling",
                "OTS",
                "ots",
                "ondertoezichtstellingen",
                "onder toezicht gesteld",
            ],
        ),
        (
            "topic/uithuisplaatsing",
            ["uithuisplaatsing", "uithuisplaatsingen", "uit huis geplaatst"],
        ),
        ("topic/persoonsgebonden-budget", ["persoonsgebonden budget", "pgb", "PGB", "pgb's"]),
        ("topic/jeugd-ggz", ["jeugd-ggz", "jeugdggz", "Jeugd-GGZ"]),
        ("topic/ggz", ["ggz", "geestelijke gezondheidszorg", "GGZ"]),
        ("topic/pleegzorg", ["pleegzorg", "pleeggezinnen", "pleegouders"]),
        ("topic/statushouders", ["statushouders", "statushouder", "vergunninghouders"]),
        ("topic/asielopvang", ["asielopvang", "azc", "AZC's", "asielzoekerscentra"]),
        (
            "topic/dakloosheid",
            ["dakloosheid", "maatschappelijke opvang", "dak- en thuislozen", "daklozen"],
        ),
        ("topic/huiselijk-geweld", ["huiselijk geweld", "kindermishandeling", "meldcode"]),
        ("topic/mantelzorg", ["mantelzorg", "mantelzorgers", "respijtzorg"]),
        ("topic/jonge-mantelzorgers", ["jonge mantelzorgers", "jonge mantelzorger"]),
        ("topic/huishoudelijke-hulp", ["huishoudelijke hulp", "hulp bij het huishouden"]),
        ("topic/suicidepreventie", ["suïcidepreventie", "suicidepreventie", "zelfdoding"]),
        (
            "topic/clientondersteuning",
            [
                "cliëntondersteuning",
                "clientondersteuning",
                "onafhankelijke cliëntondersteuning",
                "cliëntondersteuners",
            ],
        ),
        ("topic/zorgcooperatie", ["zorgcoöperatie", "zorgcooperatie", "zorgcoöperaties"]),
        ("topic/bijstand", ["bijstand", "bijstandsuitkering", "bijstandsgerechtigden"]),
        ("topic/bijzondere-bijstand", ["bijzondere bijstand", "individuele inkomenstoeslag"]),
        (
            "topic/voortijdig-schoolverlaten",
            ["voortijdig schoolverlaten", "vsv", "voortijdig schoolverlaters"],
        ),
        ("topic/toeslagenaffaire", ["toeslagenaffaire", "toeslagenschandaal"]),
        (
            "topic/personeelstekort",
            ["personeelstekort", "personeelstekorten", "arbeidsmarktkrapte"],
        ),
        (
            "topic/privacy-gegevensdeling",
            ["privacy en gegevensdeling", "gegevensdeling", "privacy"],
        ),
        ("topic/inkoop", ["inkoop", "aanbesteding", "aanbestedingen"]),
        ("topic/arbeidsparticipatie", ["arbeidsparticipatie", "re-integratie"]),
        ("topic/maatwerk", ["maatwerk", "maatwerkvoorziening"]),
        ("topic/algemene-voorziening", ["algemene voorziening", "algemene voorzieningen"]),
        ("topic/hervormingsagenda-jeugd", ["Hervormingsagenda Jeugd", "hervormingsagenda"]),
        ("topic/housing-first", ["Housing First", "housing first"]),
        ("topic/toegang", ["toegang tot zorg", "lokale toegang", "Wmo-loket"]),
    ],
)
def test_reference_topic_names_and_forms_resolve_to_one_concept(topic_gazetteer, key, names):
    for name in names:
        assert _topic_keys(topic_gazetteer, name) == [key], name


@pytest.mark.parametrize(
    "text, keys",
    [
        (
            "De kinderrechter verlengde de ondertoezichtstelling; de OTS loopt nog een jaar.",
            ["topic/ondertoezichtstelling", "topic/ondertoezichtstelling"],
        ),
        # the longer, more specific theme wins over the theme inside it
        ("Zij kreeg bijzondere bijstand.", ["topic/bijzondere-bijstand"]),
        ("Er zijn te weinig plekken in de gesloten jeugdzorg.", ["topic/gesloten-jeugdzorg"]),
        ("Jonge mantelzorgers krijgen een cursus.", ["topic/jonge-mantelzorgers"]),
        ("Steeds meer kinderen in armoede.", ["topic/kinderarmoede"]),
        ("Kinderarmoede en armoede in de stad.", ["topic/kinderarmoede", "topic/armoede"]),
        (
            "De gemeente betaalt de bijstand en de kostendelersnorm blijft.",
            ["topic/bijstand", "topic/kostendelersnorm"],
        ),
    ],
)
def test_reference_topics_in_a_sentence(topic_gazetteer, text, keys):
    assert _topic_keys(topic_gazetteer, text) == keys


@pytest.mark.parametrize(
    "text",
    [
        "Hij had geen toegang tot het gebouw.",
        "De raad van toezicht vergaderde gisteren.",
        "Dit is een handig hulpmiddel voor gemeenten.",
        "De VvE van het complex besloot tot isolatie.",
        "De verdachte zit in preventieve hechtenis.",
        "Het rapport geeft een overzicht van de kosten.",
        "Ze woont in een rustige straat.",
    ],
)
def test_reference_ordinary_words_match_no_topic(topic_gazetteer, text):
    assert _topic_keys(topic_gazetteer, text) == [], text


def test_reference_topic_labels_and_definitions_reach_the_gazetteer(topic_gazetteer):
    entry = topic_gazetteer.entries["topic/ondertoezichtstelling"]
    assert entry.kind == "Topic" and entry.label == "ondertoezichtstelling"
    assert "OTS" in entry.alt_labels
    extra = dict(entry.extra)
    assert extra["en"] == "family supervision order"
    assert "kinderrechter" in extra["definition"]
    assert "ondertoezichtstellingen" in extra["hidden"].split("|")


# --- woonplaatsen.tsv: BAG woonplaatsen that are not municipalities ------------------
#
# Source: CBS "Woonplaatsen in Nederland" (all BAG woonplaatsen with woonplaatscode and
# gemeentecode), via the extract woningwaardering/data/corop/corop.generated.csv in
# woonstadrotterdam/woningwaardering; the file header says what was left out and why.

WP_SOURCE_ROWS = 2501


@pytest.fixture(scope="module")
def woonplaats_file() -> tuple[list[str], list[dict]]:
    with (REF / "woonplaatsen.tsv").open(encoding="utf-8", newline="") as fh:
        lines = fh.read().splitlines()
    comments = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if line and not line.startswith("#")]
    assert lines[0].startswith("# "), "the file starts with a '# ' comment line"
    assert lines[len(comments)] == "code\tname\tgemeente\taliases", "header follows the comments"
    rows = list(csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE))
    return comments, rows


@pytest.fixture(scope="module")
def woonplaatsen(woonplaats_file) -> list[dict]:
    return woonplaats_file[1]


def _wp_norm(name: str) -> str:
    return name.casefold().replace("-", " ")


def test_reference_woonplaats_counts_match_header(woonplaats_file):
    comments, rows = woonplaats_file
    stated = re.search(r"count: (\d+);", comments[0])
    assert stated and int(stated.group(1)) == len(rows)
    header = "\n".join(comments)
    left = re.search(rf"Left out of the {WP_SOURCE_ROWS} source rows: (\d+), by reason:", header)
    assert left and len(rows) + int(left.group(1)) == WP_SOURCE_ROWS
    reasons = [int(n) for n in re.findall(r"^# - [a-z ]+ \((\d+)\):", header, re.M)]
    assert sum(reasons) == int(left.group(1))
    # every left-out row is listed with its code, and none of those codes is in the file
    listed = re.findall(r"\((\d{4})\)", header)
    assert len(listed) == int(left.group(1)) and len(set(listed)) == len(listed)
    assert not set(listed) & {r["code"] for r in rows}


def test_reference_woonplaats_rows_valid(woonplaatsen, municipalities):
    codes = [r["code"] for r in woonplaatsen]
    assert all(re.fullmatch(r"\d{4}", c) for c in codes), codes
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    gm = {r["code"] for r in municipalities}
    for r in woonplaatsen:
        assert r["name"] and r["name"].strip() == r["name"], r
        assert GM_RE.match(r["gemeente"]) and r["gemeente"] in gm, r
        for a in (x for x in r["aliases"].split("|") if x):
            assert a.strip() == a, r


def test_reference_woonplaats_names_are_no_other_entry(woonplaatsen, municipalities, places):
    """Municipalities, places and ambiguous names are left out of the file: each name and
    alias belongs to one woonplaats and to no municipality or place."""
    taken = set()
    for r in municipalities:
        taken |= {_wp_norm(f) for f in [r["name"], *r["aliases"].split("|")] if f}
    for e in places:
        taken |= {_wp_norm(f) for f in [e["label"], *e.get("aliases", [])]}
    seen: dict[str, str] = {}
    for r in woonplaatsen:
        for form in [r["name"], *(a for a in r["aliases"].split("|") if a)]:
            assert _wp_norm(form) not in taken, (r["code"], form)
            assert seen.setdefault(_wp_norm(form), r["code"]) == r["code"], (r["code"], form)
            assert len(form.replace(" ", "")) > 2, form


def test_reference_every_woonplaats_resolves_to_itself(gazetteer, woonplaatsen):
    """No organisation, law, municipality or place shadows a woonplaats name or alias."""
    from kg.language.reference import tokens

    for r in woonplaatsen:
        for form in [r["name"], *(a for a in r["aliases"].split("|") if a)]:
            toks = tokens(form)  # the whole name: "'t Harde" is the words "t Harde"
            hits = gazetteer.find(form)
            assert [(e.key, a, b) for a, b, e in hits] == [
                (f"place/wp{r['code']}", toks[0][0], toks[-1][1])
            ], form


@pytest.mark.parametrize(
    "text, label, code, gemeente",
    [
        ("Zij woont in Rosmalen.", "Rosmalen", "WP1596", "GM0796"),
        ("De wijkteams in Tegelen werken samen met Venlo.", "Tegelen", "WP1474", "GM0983"),
        ("Het azc in Ter Apel is vol.", "Ter Apel", "WP2296", "GM1950"),
        ("In Winschoten opent een inloophuis.", "Winschoten", "WP1471", "GM1895"),
        ("Jongeren uit Hoogezand en Kerkdriel", "Hoogezand", "WP1018", "GM1952"),
        ("Het jongerenwerk in Goor stopt.", "Goor", "WP1442", "GM1735"),
        ("Een buurthuis in Hoogvliet.", "Hoogvliet Rotterdam", "WP3083", "GM0599"),
        ("Het dorpshuis van Burgum.", "Burgum", "WP2451", "GM0737"),
    ],
)
def test_reference_woonplaats_resolves_with_code_and_municipality(
    gazetteer, text, label, code, gemeente
):
    hits = [e for _, _, e in gazetteer.find(text) if dict(e.extra).get("placeKind") == "woonplaats"]
    entry = hits[0]
    assert (entry.key, entry.kind, entry.label, entry.identifier) == (
        f"place/wp{code[2:].lower()}",
        "Place",
        label,
        code,
    )
    assert dict(entry.extra)["municipality"] == gemeente
    assert entry.rule == "place-gazetteer"


@pytest.mark.parametrize(
    "text, code",
    [
        ("In Best is het buurthuis dicht.", "GM0753"),
        ("Buren en Hengelo.", "GM0214"),
        ("Laren en Noordwijk", "GM0417"),
        ("Ede, Oss en Urk", "GM0228"),
    ],
)
def test_reference_municipality_keeps_its_name_over_a_woonplaats(gazetteer, text, code):
    """A woonplaats with the name of a municipality is left to the municipality ('Buren' in
    Ameland, 'Laren' in Lochem, 'Noordwijk' in Westerkwartier)."""
    hits = [e for _, _, e in gazetteer.find(text)]
    assert hits and all(dict(e.extra).get("placeKind") != "woonplaats" for e in hits), hits
    assert hits[0].identifier == code


@pytest.mark.parametrize(
    "text",
    [
        "Een aantal gemeenten doet hun best.",
        "Best doen is niet genoeg.",
        "Echt waar: het loon is te laag.",
        "Heel veel ouders zoeken hulp. Anderen vinden het goed.",
        "Hoeven zij niet te betalen? Helden van de zorg.",
        "Loon naar werken. Waarde en Handel.",
        "In de wijk en in de Wijk. Made in Holland.",
        "Kaag en De Vries; Rutten en Horst.",
        "Willemstad en Sint Maarten",
        "ze wonen in rosmalen en goor.",
    ],
)
def test_reference_common_words_are_no_woonplaats(gazetteer, text):
    hits = [e for _, _, e in gazetteer.find(text) if dict(e.extra).get("placeKind") == "woonplaats"]
    assert not hits, [(e.key, e.label) for e in hits]


def test_reference_places_have_countries(places):
    lands = {e["label"] for e in places if e["kind"] == "land"}
    for name in [
        "Nederland",
        "België",
        "Duitsland",
        "Denemarken",
        "Zweden",
        "Noorwegen",
        "Finland",
        "Frankrijk",
        "Verenigd Koninkrijk",
        "Engeland",
        "Schotland",
        "Oekraïne",
        "Syrië",
        "Eritrea",
        "Turkije",
        "Marokko",
        "Suriname",
        "Polen",
        "Aruba",
        "Curaçao",
        "Sint Maarten",
    ]:
        assert name in lands, name


def test_reference_woonplaats_becomes_a_place_with_kind_and_code():
    from kg.extract.relations import extract
    from kg.extract.segment import segment
    from kg.language.reference import load_reference
    from kg.language.rules import load_rules

    rules = load_rules()
    text = "Jeugdzorg in Brabant\n\nIn Rosmalen opent de gemeente een nieuw jongerencentrum.\n"
    entities = extract(segment("t.txt", text, rules.lexicon), rules, load_reference()).entities
    props = dict(entities["place/wp1596"].props)
    assert props["rdfs:label"] == "Rosmalen"
    assert props["kg:placeKind"] == "woonplaats"
    assert props["dcterms:identifier"] == "WP1596"
