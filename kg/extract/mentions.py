"""Find who and what a document names: gazetteer entries, people, organisations,
municipalities as actors, places and policy themes, each mention with its rule id.

People are found only by patterns (a role, a speech verb, a name particle, a surname
used again) and then recognised again within the same document by surname or first
name ("Van den Wijngaart", "Piet"). Their IRIs come from the full name, so two people
who share a surname stay two people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.controlchars import without_bidi
from kg.extract.model import Document, Sentence
from kg.language.reference import Entry, Reference, slug
from kg.language.rules import RuleSet

ACTOR_KINDS = {"Person", "Organisation", "GovernmentBody", "Municipality", "Group"}
NOT_AUTHOR_PERSON = re.compile(r"^(?i:redactie|team|afdeling|bureau|stichting|vereniging)\b")


@dataclass(frozen=True)
class Mention:
    start: int  # offsets into the document text
    end: int
    key: str  # entity key under id:, e.g. "org/rmo", "person/jos-van-der-lans"
    kind: str
    rule: str
    sentence: Sentence

    @property
    def is_actor(self) -> bool:
        return self.kind in ACTOR_KINDS


@dataclass
class PersonName:
    label: str
    first: str
    surname: str  # with particles: "van den Wijngaart"
    last: str  # the last word: "Wijngaart"


@dataclass
class Found:
    """Mentions of one document and the entities they point to."""

    mentions: list[Mention] = field(default_factory=list)
    topics: list[Mention] = field(default_factory=list)
    entries: dict[str, Entry] = field(default_factory=dict)  # key -> entry (incl. made ones)
    persons: dict[str, PersonName] = field(default_factory=dict)
    territory: dict[str, str] = field(default_factory=dict)  # municipality key -> place key
    title_spans: list[tuple[int, int]] = field(default_factory=list)
    makers: list[tuple[int, list[str]]] = field(
        default_factory=list
    )  # (offset, people) per "boek … van A en B"
    author_key: str | None = None

    def actors_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.is_actor and m.start >= start and m.end <= end]

    def at(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.start < end and m.end > start]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def find_mentions(doc: Document, rules: RuleSet, ref: Reference) -> Found:
    found = Found()
    sentences = [
        s for s in doc.sentences if s.section in ("title", "heading", "body", "author", "byline")
    ]
    text_sentences = [s for s in sentences if s.section in ("body", "author")]
    for s in text_sentences:
        for rule in rules.of_kind("work"):
            for m in rule.regex["pattern"].finditer(s.text):
                if m.group("title")[0] in "‘“\"'":
                    found.title_spans.append((s.start + m.start("title"), s.start + m.end("title")))

    def free(span: tuple[int, int]) -> bool:
        return not any(_overlaps(span, t) for t in found.title_spans)

    raw: list[Mention] = []
    for s in sentences:
        for start, end, entry in ref.names.find(doc.text, s.start, s.end):
            if free((start, end)):
                found.entries[entry.key] = entry
                raw.append(Mention(start, end, entry.key, entry.kind, entry.rule, s))
        if s.section != "byline":
            for start, end, entry in ref.topics.find(doc.text, s.start, s.end):
                found.entries[entry.key] = entry
                found.topics.append(Mention(start, end, entry.key, "Topic", entry.rule, s))
    raw += _pattern_organisations(doc, text_sentences, rules, found, free, ref)
    raw += _municipality_actors(doc, text_sentences, rules, ref, found)
    raw += _places(doc, text_sentences, rules, found, free)
    raw += _author(doc, found)
    taken = [(m.start, m.end) for m in raw if m.kind not in ("Place", "Person")]
    taken += [
        (t.start, t.end)
        for t in found.topics
        if doc.text[t.start : t.start + 1].isupper() and " " in doc.text[t.start : t.end]
    ]  # "Housing First", "Hervormingsagenda Jeugd" are no people
    places = [(m.start, m.end) for m in raw if m.kind == "Place"]
    raw += _people(doc, text_sentences, rules, found, free, taken, places)
    kept = _resolve_overlaps(raw)
    # A municipality named inside "gemeente X" is also a place mention of its own.
    actors = [m for m in kept if m.kind == "Municipality" or m.key.startswith("gemeenteraad/")]
    kept += [
        m
        for m in raw
        if m.kind == "Place"
        and m.rule == "municipality-gazetteer"
        and any(a.start <= m.start and m.end <= a.end for a in actors)
        and m not in kept
    ]
    found.mentions = _name_in_brackets(doc.text, sorted(kept, key=lambda m: (m.start, m.end)))
    for s in text_sentences:
        for rule in rules.of_kind("work"):
            if "creator" not in rule.regex["pattern"].groupindex:
                continue
            for m in rule.regex["pattern"].finditer(s.text):
                people = [
                    x.key
                    for x in found.at(s.start + m.start("creator"), s.start + m.end("creator"))
                    if x.kind == "Person"
                ]
                if people:
                    found.makers.append((s.start + m.start(), list(dict.fromkeys(people))))
    return found


def _resolve_overlaps(raw: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions; people win over places of the same length."""
    priority = {
        "Person": 0,
        "Municipality": 1,
        "Organisation": 2,
        "GovernmentBody": 2,
        "Group": 3,
        "Law": 2,
        "Place": 4,
    }
    ordered = sorted(raw, key=lambda m: (-(m.end - m.start), priority.get(m.kind, 5), m.start))
    kept: list[Mention] = []
    for m in ordered:
        if not any(_overlaps((m.start, m.end), (k.start, k.end)) for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end))


def _name_in_brackets(text: str, mentions: list[Mention]) -> list[Mention]:
    """'Wet maatschappelijke ondersteuning (Wmo 2015)': the name in brackets says which
    law or organisation the name before it is, so both mentions point to it."""
    out = list(mentions)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if (
            a.kind == b.kind
            and a.key != b.key
            and re.fullmatch(r"\s*\(", text[a.end : b.start])
            and text[b.end : b.end + 1] == ")"
        ):
            out[i] = Mention(a.start, a.end, b.key, b.kind, a.rule, a.sentence)
    return out


def _label(text: str) -> str:
    """Words of the text as a name: single spaces, no bidi controls (which would only make
    one name look like another; the mention keeps the exact text and its offsets)."""
    return " ".join(without_bidi(text).split())


def _made_entry(found: Found, key: str, kind: str, label: str, rule: str, **extra) -> None:
    if key not in found.entries:
        found.entries[key] = Entry(
            key=key, kind=kind, label=label, rule=rule, extra=tuple(sorted(extra.items()))
        )


def _pattern_organisations(doc, sentences, rules, found, free, ref) -> list[Mention]:
    """Organisations known by the shape of their name; where the gazetteer knows the name
    ('wethouder van Almere', 'directeur van het SCP'), the gazetteer speaks."""
    out = []
    for rule in rules.of_kind("organisation"):
        for s in sentences:
            for m in rule.regex["pattern"].finditer(s.text):
                start, end = s.start + m.start("name"), s.start + m.end("name")
                if rule.options.get("not_a_surname") and _surname_after_first_name(
                    doc.text, s.start, start, rules.lexicon
                ):
                    continue
                known = [(b, e) for a, b, e in ref.names.find(doc.text, start, end) if a == start]
                if not free((start, end)) or any(
                    b == end or e.label[:1].isupper() or e.kind == "Place" for b, e in known
                ):
                    continue
                label = _label(m.group("name"))
                key = f"org/{slug(label)}"
                _made_entry(found, key, "Organisation", label, rule.id)
                out.append(Mention(start, end, key, "Organisation", rule.id, s))
    return out


def _surname_after_first_name(text: str, sentence_start: int, start: int, lexicon) -> bool:
    """'wethouder Financiën Karin van Lieshout-Dekker': what follows 'van' is a surname when
    exactly one name word stands between the role (or portfolio) and 'van'."""
    before = re.search(
        r"((?:\S+\s+)*?)(?:van|bij|aan)\s+(?:de\s+|het\s+)?$", text[sentence_start:start]
    )
    words = before.group(1).split() if before else []
    skip = {w.lower() for w in lexicon.words("ROLE")} | {
        w.lower() for w in lexicon.words("PORTFOLIO")
    }
    names = []
    for w in reversed(words):
        if w.lower() in skip or not w[:1].isupper():
            break
        names.append(w)
    return len(names) == 1


def _municipality_actors(doc, sentences, rules, ref, found) -> list[Mention]:
    """'gemeente Deventer': the municipality (CBS code, TOOI) as an actor, and its territory."""
    out = []
    for rule in rules.of_kind("municipality"):
        for s in sentences:
            for m in rule.regex["pattern"].finditer(s.text):
                start = s.start + m.start("place")
                hits = [
                    h
                    for h in ref.names.find(doc.text, start, s.start + m.end("place"))
                    if h[0] == start and h[2].kind == "Place" and h[2].identifier.startswith("GM")
                ]
                if not hits:
                    continue
                _, place_end, place = hits[0]
                if rule.options.get("council"):  # "de gemeenteraad van Midden-Groningen"
                    key = f"gemeenteraad/{place.identifier.lower()}"
                    found.entries[key] = Entry(
                        key=key,
                        kind="GovernmentBody",
                        label=f"gemeenteraad van {place.label}",
                        rule=rule.id,
                    )
                    found.entries[place.key] = place
                    out.append(
                        Mention(s.start + m.start(), place_end, key, "GovernmentBody", rule.id, s)
                    )
                    out.append(Mention(start, place_end, place.key, "Place", place.rule, s))
                    continue
                key = f"gemeente/{place.identifier.lower()}"
                same_as = next((u for u in place.same_as if "tooi" in u), "")
                found.entries[key] = Entry(
                    key=key,
                    kind="Municipality",
                    label=f"gemeente {place.label}",
                    rule=rule.id,
                    identifier=place.identifier,
                    same_as=(same_as,) if same_as else (),
                )
                found.entries[place.key] = place
                found.territory[key] = place.key
                actor_start = s.start + m.start()
                out.append(Mention(actor_start, place_end, key, "Municipality", rule.id, s))
                out.append(Mention(start, place_end, place.key, "Place", place.rule, s))
    return out


def _places(doc, sentences, rules, found, free) -> list[Mention]:
    out = []
    for rule in rules.of_kind("place"):
        for s in sentences:
            for m in rule.regex["pattern"].finditer(s.text):
                start, end = s.start + m.start("place"), s.start + m.end("place")
                label = without_bidi(m.group("place"))
                if not free((start, end)) or label.lower() in rules.lexicon.not_a_name:
                    continue
                key = f"place/{slug(label)}"
                if key not in found.entries:
                    found.entries[key] = Entry(
                        key=key,
                        kind="Place",
                        label=label,
                        rule=rule.id,
                        extra=(("placeKind", rule.options.get("place_kind", "wijk")),),
                    )
                out.append(Mention(start, end, key, "Place", rule.id, s))
    return out


def _split_name(label: str, particles: frozenset[str]) -> PersonName:
    words = label.split()
    first = words[0] if len(words) > 1 and words[0].lower() not in particles else ""
    rest = words[1:] if first else words
    return PersonName(label=label, first=first, surname=" ".join(rest), last=words[-1])


# Groups of non-person rules that name people when they hold a name: the person of an
# affiliation ("Als wijkmanager van … ging Sanne Dijkstra"), the makers of a work.
PERSON_GROUPS = {"person": ("name", "name2"), "affiliation": ("person",), "work": ("creator",)}


def _trim_name(
    text: str, start: int, lexicon, single_word: bool = False
) -> tuple[str, int, int] | None:
    """Drop sentence-initial words and role words glued to a name ("Volgens Anneke …",
    "Wethouder Lisa de Boer"); a capitalised particle before a surname stays ("De Jonge")."""
    words = [(m.group(), start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text)]
    roles = lexicon.name_stopwords

    def droppable(i: int) -> bool:
        w = words[i][0].lower()
        if w in lexicon.particles and i + 1 < len(words) and words[i + 1][0][:1].isupper():
            return False
        return (
            w in lexicon.not_a_name or w in roles or any(w[k:] in roles for k in range(3, len(w)))
        )  # "Regiomanager"

    while len(words) > 1 and droppable(0):
        words.pop(0)
    after_particle = (
        len(words) > 2 and words[-2][0].lower() in lexicon.particles
    )  # "Gerrit-Jan ter Haar"
    if len(words) > 1 and words[-1][0] in lexicon.words("ORG_HEAD"):
        return None  # "Gils-Verhoeven van de Adviesraad": an organisation, not a surname
    if (
        (len(words) < 2 and not single_word)
        or not words[0][0][:1].isupper()
        or words[-1][0].lower() in lexicon.not_a_name
        and not after_particle
        or droppable(0)
    ):
        return None
    return " ".join(w for w, _, _ in words), words[0][1], words[-1][2]


def _cut_place_tail(
    text: str, label: str, start: int, end: int, places, lexicon
) -> tuple[str, int] | None:
    """'Ilse Koopmans van Almere' is Ilse Koopmans from Almere; 'Jan van Dongen' keeps his
    name, because what would be left is a first name alone; 'Berkelland in de Achterhoek'
    is no name at all."""
    for p_start, p_end in places:
        if start < p_start and p_end == end:
            head = text[start:p_start].split()
            between = []
            while head and head[-1].lower() in lexicon.particles | {
                "uit",
                "in",
                "op",
                "aan",
                "bij",
            }:
                between.insert(0, head.pop().lower())
            locative = bool(between) and between[0] in ("in", "op", "uit", "aan", "bij")
            if len(head) >= 2:
                kept = " ".join(head)
                return kept, text.index(head[-1], start) + len(head[-1])
            before = re.search(r"(\w[\w-]*)\s+$", text[max(0, start - 40) : start])
            if (
                locative
                or before
                and before.group(1)[:1].isupper()
                and before.group(1).lower() not in lexicon.not_a_name
            ):
                return (
                    None  # "(Ilse) Koopmans van Almere": a name's tail, the whole name is found too
                )
    return label, end


def _cut_organisation_tail(
    text: str, label: str, start: int, end: int, taken, lexicon
) -> tuple[str, int]:
    """'Hatice Yıldız van Zuiderlicht' is Hatice Yıldız of Zuiderlicht when the words after
    the particle open an organisation's name, or when 'Yıldız' is used on its own
    elsewhere in the text; 'Jan Peter van Dijk' keeps his name."""
    words = [
        (m.group(), start + m.start(), start + m.end())
        for m in re.finditer(r"\S+", text[start:end])
    ]
    i = next((i for i, w in enumerate(words) if w[0].lower() in lexicon.particles), None)
    if i is None or i < 2 or not all(w[0][:1].isupper() for w in words[:i]):
        return label, end
    head_end = words[i - 1][2]
    rest = i
    while rest < len(words) and words[rest][0].lower() in lexicon.particles:
        rest += 1
    org_follows = rest < len(words) and any(a <= words[rest][1] < b for a, b in taken)
    particles = "|".join(map(re.escape, lexicon.particles))
    alone = re.finditer(
        rf"(?<![\w-]){re.escape(words[i - 1][0])}(?![\w-])(?!\s+(?:{particles})\s)", text
    )
    if org_follows or any(not start <= m.start() < end for m in alone):
        return text[start:head_end], head_end
    return label, end


def _people(doc, sentences, rules, found, free, taken, places) -> list[Mention]:
    """People found by the person rules, or named in an affiliation or as makers of a
    work; never inside the name of a known organisation or law."""
    lexicon = rules.lexicon
    candidates: list[tuple[int, int, str, str, Sentence]] = []  # start, end, label, rule, sentence
    deferred = []
    person_rule_ids = {r.id for r in rules.of_kind("person")}
    for rule in rules.rules:
        groups = PERSON_GROUPS.get(rule.kind)
        if not groups or "pattern" not in rule.regex:
            continue
        for s in sentences:
            for m in rule.regex["pattern"].finditer(s.text):
                for group in groups:
                    if group not in m.re.groupindex or m.group(group) is None:
                        continue
                    pieces = [(m.group(group), s.start + m.start(group))]
                    if rule.kind != "person":  # "Lotte Kramer en Daan Post": each a name, or none
                        pieces = [
                            (x.group(), s.start + m.start(group) + x.start())
                            for x in re.finditer(r"[^,]+?(?=\s*(?:,|\ben\b|$))", m.group(group))
                            if x.group().strip() and x.group().strip() != "en"
                        ]
                        pieces = [(t.strip(), p + len(t) - len(t.lstrip())) for t, p in pieces]
                        pieces = [(t, p) for t, p in pieces if rules.name_regex.fullmatch(t)]
                    for raw, raw_start in pieces:
                        trimmed = _trim_name(
                            raw, raw_start, lexicon, bool(rule.options.get("single_word"))
                        )
                        if trimmed is None:
                            continue
                        label, start, end = trimmed
                        cut = _cut_place_tail(doc.text, label, start, end, places, lexicon)
                        if cut is None:
                            continue
                        label, end = cut
                        label, end = _cut_organisation_tail(
                            doc.text, label, start, end, taken, lexicon
                        )
                        label = _label(label)
                        if not free((start, end)) or any(_overlaps((start, end), g) for g in taken):
                            continue
                        item = (start, end, label, rule.id, s)
                        if rule.options.get("requires"):
                            deferred.append((rule.options["requires"], m, item))
                        else:
                            candidates.append(item)
    # A name read only from an affiliation or a work ("… ging Sanne Dijkstra …") counts
    # where no person rule found a name at that place.
    by_person_rules = [c for c in candidates if c[3] in person_rule_ids]
    candidates = by_person_rules + [
        c
        for c in candidates
        if c[3] not in person_rule_ids and not any(_overlaps(c[:2], p[:2]) for p in by_person_rules)
    ]
    accepted = {c[2] for c in candidates}
    for requirement, m, item in deferred:
        label = item[2]
        if requirement == "surname-elsewhere":
            last = label.split()[-1]
            others = [
                x
                for x in re.finditer(rf"(?<![\w-]){re.escape(last)}(?![\w-])", doc.text)
                if not (item[0] <= x.start() < item[1])
            ]
            if others:
                candidates.append(item)
        elif requirement == "coordinated-with-person":
            pair = {" ".join(m.group(g).split()) for g in ("name", "name2")}
            if pair & accepted:
                candidates.append(item)
    # Shorter forms of a full name found elsewhere in the document are that person.
    full = {}
    for start, end, label, rule_id, s in candidates:
        name = _split_name(label, lexicon.particles)
        full.setdefault(label, name)
    for label, name in list(full.items()):
        if not name.first:
            longer = [
                n for n in full.values() if n.first and n.surname.lower() == name.surname.lower()
            ]
            if longer:
                del full[label]
    out = []
    for start, end, label, rule_id, s in candidates:
        name = full.get(label) or next(
            n for n in full.values() if n.first and n.surname.lower() == label.lower()
        )
        key = f"person/{slug(name.label)}"
        found.persons[key] = name
        _made_entry(found, key, "Person", name.label, rule_id)
        out.append(Mention(start, end, key, "Person", rule_id, s))
    out += _person_references(doc, sentences, found)
    return out


def _person_references(doc, sentences, found) -> list[Mention]:
    """'Van den Wijngaart' and 'Piet' after 'Mary van den Wijngaart' and 'Piet van Mourik'."""
    out = []
    firsts: dict[str, list[str]] = {}
    for key, name in found.persons.items():
        if name.first:
            firsts.setdefault(name.first, []).append(key)
    for key, name in found.persons.items():
        words = name.surname.split()
        particles, last = words[:-1], words[-1]
        pattern = r"(?<![\w-])" + "".join(rf"(?:{re.escape(p)}\s+)?" for p in particles)
        pattern = "(?i:" + pattern + ")" + re.escape(last) + r"(?![\w-])"
        for s in sentences:
            for m in re.finditer(pattern, s.text):
                out.append(
                    Mention(
                        s.start + m.start(),
                        s.start + m.end(),
                        key,
                        "Person",
                        "person-surname-ref",
                        s,
                    )
                )
    for first, keys in firsts.items():
        if len(keys) != 1:
            continue
        for s in sentences:
            for m in re.finditer(rf"(?<![\w-]){re.escape(first)}(?![\w-])(?!\s+[A-ZÀ-Ý])", s.text):
                out.append(
                    Mention(
                        s.start + m.start(),
                        s.start + m.end(),
                        keys[0],
                        "Person",
                        "person-first-name-ref",
                        s,
                    )
                )
    return out


def _author(doc: Document, found: Found) -> list[Mention]:
    """The name in the 'Over Auteur' block: a person, or an organisation ('Redactie X')."""
    byline = next((s for s in doc.sentences if s.section == "byline"), None)
    if byline is None:
        return []
    label = _label(doc.author)
    words = label.split()
    if (
        NOT_AUTHOR_PERSON.search(label)
        or not (2 <= len(words) <= 5)
        or not all(w[0].isupper() or w.islower() for w in words)
    ):
        key, kind = f"org/{slug(label)}", "Organisation"
    else:
        key, kind = f"person/{slug(label)}", "Person"
        found.persons.setdefault(key, PersonName(label, words[0], " ".join(words[1:]), words[-1]))
    _made_entry(found, key, kind, label, "author-byline")
    found.author_key = key
    return [Mention(byline.start, byline.end, key, kind, "author-byline", byline)]
