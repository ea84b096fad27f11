"""Reference knowledge from ontology/reference: organisations, laws, municipalities,
places and policy themes, with their official identifiers, as one gazetteer.

Matching looks up token n-grams in dictionaries instead of running one big regex
alternation: that stays linear in the text length however many names there are.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.errors import RuleError
from kg.language import yamlfile
from kg.rdf.iris import entity_key, reference_key
from kg.rdf.iris import slug as slug  # re-exported: kg/extract imports it from here
from kg.rdf.namespaces import TOOI_GEMEENTE, WETTEN, WIKIDATA
from kg.resources import ontology_path

TOKEN = re.compile(r"(?:['’][st]-)?[\w]+(?:[-'’.&][\w]+)*", re.UNICODE)
_NO_LENGTHS: frozenset[int] = frozenset()
ORG_TYPES = {"Organisation", "GovernmentBody", "Group"}
PLACE_KINDS = {"provincie", "regio", "land", "wijk", "gebouw", "gemeente", "stad", "woonplaats"}


def tokens(text: str) -> list[tuple[int, int, str]]:
    """Word tokens with offsets; a typographic apostrophe counts as a plain one
    ("’s-Hertogenbosch" is "'s-Hertogenbosch")."""
    return [(m.start(), m.end(), m.group().replace("’", "'")) for m in TOKEN.finditer(text)]


@lru_cache(maxsize=2048)
def _tokenised(text: str) -> tuple[list, list[str], list[str]]:
    """Tokens, their words and the words case-folded; remembered, because every
    gazetteer (names, topics) looks up the same sentences."""
    toks = tokens(text)
    words = [t for _, _, t in toks]
    return toks, words, [w.casefold() for w in words]


@dataclass(frozen=True)
class Entry:
    """One thing the gazetteer knows: its IRI path, class, label and identifiers."""

    key: str  # IRI path under id:, e.g. "org/rmo"
    kind: str  # Organisation, GovernmentBody, Group, Municipality, Law, Place, Topic
    label: str
    rule: str  # the rule id a match of this entry is credited to
    identifier: str = ""
    same_as: tuple[str, ...] = ()
    alt_labels: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()  # e.g. (("placeKind", "regio"),)
    source: str = ""  # file:line, for `kg rules` and error messages


@dataclass
class Gazetteer:
    """Surface forms -> entries; exact-case forms (abbreviations) and case-folded ones."""

    entries: dict[str, Entry] = field(default_factory=dict)
    exact: dict[tuple[str, ...], str] = field(default_factory=dict)
    folded: dict[tuple[str, ...], str] = field(default_factory=dict)
    # first token -> the lengths (in tokens) of the forms it opens: only those are tried
    exact_lengths: dict[str, set[int]] = field(default_factory=dict)
    folded_lengths: dict[str, set[int]] = field(default_factory=dict)

    def add(self, entry: Entry, forms: list[str], exact_forms: list[str]) -> None:
        self.entries[entry.key] = entry
        for table, lengths, surface_forms, fold in (
            (self.folded, self.folded_lengths, forms, True),
            (self.exact, self.exact_lengths, exact_forms, False),
        ):
            for form in surface_forms:
                toks = tuple(t for _, _, t in tokens(form))
                if not toks:
                    continue
                toks = tuple(t.casefold() for t in toks) if fold else toks
                table.setdefault(toks, entry.key)
                lengths.setdefault(toks[0], set()).add(len(toks))

    def find(
        self, text: str, start: int = 0, end: int | None = None
    ) -> list[tuple[int, int, Entry]]:
        """Longest non-overlapping matches, left to right, as (start, end, entry); an
        exact-case form wins over a case-folded one of the same length."""
        toks, words, folded = _tokenised(text[start:end] if end is not None else text[start:])
        exact_lengths, folded_lengths = self.exact_lengths, self.folded_lengths
        # most words open no name: only those that do are tried, left to right
        opening = [
            i
            for i, (word, low) in enumerate(zip(words, folded, strict=True))
            if word in exact_lengths or low in folded_lengths
        ]
        found = []
        after = 0  # the token after the last match: no match starts before it
        for i in opening:
            if i < after:
                continue
            lengths = exact_lengths.get(words[i], _NO_LENGTHS) | folded_lengths.get(
                folded[i], _NO_LENGTHS
            )
            for n in sorted((n for n in lengths if i + n <= len(toks)), reverse=True):
                key = self.exact.get(tuple(words[i : i + n])) or self.folded.get(
                    tuple(folded[i : i + n])
                )
                if key:
                    found.append(
                        (start + toks[i][0], start + toks[i + n - 1][1], self.entries[key])
                    )
                    after = i + n
                    break
        return found


def _load_yaml(path: Path) -> list[dict]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise RuleError([f"{path.name}: cannot be read: {e}"]) from None
    data = yamlfile.load_yaml(text, path.name, RuleError) or []  # no anchors or aliases
    if not isinstance(data, list):
        raise RuleError([f"{path.name}: expected a list of entries"])
    return data


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in (value if isinstance(value, list) else [value])]


@dataclass
class Reference:
    """Names of actors, laws and places; and, matched separately, policy themes
    (a theme may share words with an actor: "sociale wijkteams")."""

    names: Gazetteer
    topics: Gazetteer


def load_reference(folder: Path | None = None) -> Reference:
    """Read every reference file; all problems are reported together."""
    folder = folder or ontology_path("reference")
    names, topics = Gazetteer(), Gazetteer()
    problems: list[str] = []
    _load_organisations(folder / "organisations.yaml", names, problems)
    _load_laws(folder / "laws.yaml", names, problems)
    _load_municipalities(folder / "municipalities.tsv", names, problems)
    _load_places(folder / "places.yaml", names, problems)
    # After municipalities and places: a municipality, province or country of the same
    # name keeps the name.
    _load_woonplaatsen(folder / "woonplaatsen.tsv", names, problems)
    _load_topics(folder / "topics.yaml", topics, problems)
    if problems:
        raise RuleError(problems)
    return Reference(names, topics)


def _entries(path: Path, problems: list[str]):
    """(where, item) for each entry of a YAML reference file that has an id and a label."""
    if not path.exists():
        problems.append(f"{path}: missing reference file")
        return
    for n, item in enumerate(_load_yaml(path), 1):
        where = f"{path.name}: entry {n} ({item.get('id', '?') if isinstance(item, dict) else '?'})"
        if not isinstance(item, dict) or not item.get("id") or not item.get("label"):
            problems.append(f"{where}: needs an id and a label")
            continue
        yield where, item


def _same_as(item: dict) -> tuple[str, ...]:
    """Authority IRIs of an entry: its Wikidata item and its TOOI identifier."""
    links = []
    if item.get("wikidata"):
        links.append(f"{WIKIDATA}{item['wikidata']}")
    if item.get("tooi"):
        links.append(str(item["tooi"]))
    return tuple(links)


def _load_organisations(path: Path, gaz: Gazetteer, problems: list[str]) -> None:
    for where, item in _entries(path, problems):
        kind = item.get("type", "Organisation")
        if kind not in ORG_TYPES:
            problems.append(f"{where}: type {kind!r} is not one of {sorted(ORG_TYPES)}")
            continue
        abbreviations = _as_list(item.get("abbreviations"))
        aliases = _as_list(item.get("aliases"))
        prefix = "group" if kind == "Group" else "org"
        usual = str(item.get("usual_name") or item["label"])  # "VVD" rather than its official name
        official = [item["label"]] if usual != item["label"] else []
        entry = Entry(
            key=reference_key(prefix, item["id"]),
            kind=kind,
            label=usual,
            rule="org-gazetteer",
            same_as=_same_as(item),
            alt_labels=tuple(official + aliases),
            abbreviations=tuple(abbreviations),
            source=where,
        )
        gaz.add(entry, [item["label"], *aliases], abbreviations)


def _load_laws(path: Path, gaz: Gazetteer, problems: list[str]) -> None:
    for where, item in _entries(path, problems):
        bwb = str(item.get("bwb") or "")
        if bwb and not re.fullmatch(r"BWBR\d{7}", bwb):
            problems.append(f"{where}: bwb {bwb!r} is not a BWB id like BWBR0035362")
        short = _as_list(item.get("short"))
        aliases = _as_list(item.get("aliases"))
        entry = Entry(
            key=reference_key("law", item["id"]),
            kind="Law",
            label=item["label"],
            rule="law-gazetteer",
            identifier=bwb,
            same_as=(f"{WETTEN}{bwb}",) if bwb else (),
            alt_labels=tuple(short + aliases),
            source=where,
        )
        gaz.add(entry, [item["label"], *aliases], short)


def _load_municipalities(path: Path, gaz: Gazetteer, problems: list[str]) -> None:
    if not path.exists():
        problems.append(f"{path}: missing reference file")
        return
    lines = [
        ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")
    ]
    for n, row in enumerate(csv.DictReader(lines, delimiter="\t"), 2):
        code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
        if not re.fullmatch(r"GM\d{4}", code) or not name:
            problems.append(f"{path.name}: row {n}: needs a code like GM0150 and a name")
            continue
        aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
        extra = (("placeKind", "gemeente"), ("province", (row.get("province") or "").strip()))
        entry = Entry(
            key=entity_key("place", name),
            kind="Place",
            label=name,
            rule="municipality-gazetteer",
            identifier=code,
            alt_labels=tuple(aliases),
            extra=extra,
            same_as=(f"{TOOI_GEMEENTE}{code.lower()}",),
            source=f"{path.name}: row {n}",
        )
        # Place names are proper nouns: match them with their capital letters only
        # ("Best" the town, not "hun best doen").
        gaz.add(entry, [], [name, *aliases])


def _load_places(path: Path, gaz: Gazetteer, problems: list[str]) -> None:
    for where, item in _entries(path, problems):
        kind = item.get("kind", "regio")
        if kind not in PLACE_KINDS:
            problems.append(f"{where}: kind {kind!r} is not one of {sorted(PLACE_KINDS)}")
        aliases = _as_list(item.get("aliases"))
        entry = Entry(
            key=reference_key("place", item["id"]),
            kind="Place",
            label=item["label"],
            rule="place-gazetteer",
            identifier=str(item.get("code") or ""),
            same_as=_same_as(item),
            alt_labels=tuple(aliases),
            extra=(("placeKind", kind),),
            source=where,
        )
        gaz.add(entry, [], [item["label"], *aliases])


def _load_woonplaatsen(path: Path, gaz: Gazetteer, problems: list[str]) -> None:
    """BAG woonplaatsen that are not municipalities ('Rosmalen', 'Ter Apel'), each with its
    woonplaatscode and the municipality it lies in. Matched with their capital letters only;
    a name another entry already has stays with that entry."""
    if not path.exists():
        problems.append(f"{path}: missing reference file")
        return
    municipalities = {e.identifier for e in gaz.entries.values() if e.identifier.startswith("GM")}
    lines = [
        ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")
    ]
    for n, row in enumerate(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE), 2):
        code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
        gemeente = (row.get("gemeente") or "").strip()
        if not re.fullmatch(r"\d{4}", code) or not name or gemeente not in municipalities:
            problems.append(
                f"{path.name}: row {n}: needs a 4-digit woonplaatscode, a name and "
                f"the code (GMxxxx) of a municipality in municipalities.tsv"
            )
            continue
        aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
        forms = [f for f in [name, *aliases] if not _known(gaz, f)]
        if not forms:
            continue
        entry = Entry(
            key=reference_key("place", f"wp{code}"),
            kind="Place",
            label=name,
            rule="place-gazetteer",
            identifier=f"WP{code}",
            alt_labels=tuple(aliases),
            extra=(("placeKind", "woonplaats"), ("municipality", gemeente)),
            source=f"{path.name}: row {n}",
        )
        gaz.add(entry, [], forms)


def _known(gaz: Gazetteer, form: str) -> bool:
    """Whether the gazetteer already resolves this form, exactly or case-folded."""
    toks = tuple(t for _, _, t in tokens(form))
    return toks in gaz.exact or tuple(t.casefold() for t in toks) in gaz.folded


def _load_topics(path: Path, gaz: Gazetteer, problems: list[str]) -> None:
    for where, item in _entries(path, problems):
        alt, forms = _as_list(item.get("alt")), _as_list(item.get("forms"))
        extra = (
            ("en", str(item.get("en", ""))),
            ("definition", str(item.get("definition", ""))),
            ("hidden", "|".join(forms)),
        )
        entry = Entry(
            key=reference_key("topic", item["id"]),
            kind="Topic",
            label=item["label"],
            rule="topic-gazetteer",
            alt_labels=tuple(alt),
            extra=extra,
            source=where,
        )
        gaz.add(entry, [item["label"], *alt, *forms], [])
