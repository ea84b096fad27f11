"""People, found only by patterns (a role, a speech verb, a name particle, a surname used
again) and then recognised again within the same document by surname or first name
("Van den Wijngaart", "Piet"). Their IRIs come from the full name, so two people who
share a surname stay two people.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from kg.extract.found import Draft, Mention, PersonName, label_of, overlaps
from kg.extract.model import Document, Sentence
from kg.language.lexicon import Lexicon
from kg.language.reference import Reference, slug
from kg.language.rules import RuleSet

ORGANISATION_KINDS = ("Organisation", "GovernmentBody")
PERSON_GROUPS = {"person": ("name", "name2"), "affiliation": ("person",), "work": ("creator",)}
"""Groups of rules that name people when they hold a name: the person rules' names, the
person of an affiliation ("Als wijkmanager van … ging Sanne Dijkstra"), the makers of a work."""


class Candidate(NamedTuple):
    """A name a rule read, before the document's other names decide whether it stays."""

    start: int
    end: int
    label: str
    rule: str
    sentence: Sentence


def people(
    doc: Document,
    sentences: list[Sentence],
    rules: RuleSet,
    draft: Draft,
    free: Callable[[tuple[int, int]], bool],
    taken: list[tuple[int, int]],
    places: list[tuple[int, int]],
) -> list[Mention]:
    """People found by the person rules, or named in an affiliation or as makers of a
    work; never inside the name of a known organisation or law (`taken`)."""
    lexicon = rules.lexicon
    candidates: list[Candidate] = []
    deferred: list[tuple[str, re.Match, Candidate]] = []  # (requirement, match, candidate)
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
                        pieces = _listed_names(m.group(group), s.start + m.start(group), rules)
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
                        label = label_of(label)
                        if not free((start, end)) or any(overlaps((start, end), g) for g in taken):
                            continue
                        item = Candidate(start, end, label, rule.id, s)
                        if rule.options.get("requires"):
                            deferred.append((rule.options["requires"], m, item))
                        else:
                            candidates.append(item)
    # A name read only from an affiliation or a work ("… ging Sanne Dijkstra …") counts
    # where no person rule found a name at that place.
    by_person_rules = [c for c in candidates if c.rule in person_rule_ids]
    candidates = by_person_rules + [
        c
        for c in candidates
        if c.rule not in person_rule_ids
        and not any(overlaps(c[:2], p[:2]) for p in by_person_rules)
    ]
    accepted = {c.label for c in candidates}
    for requirement, m, item in deferred:
        if requirement == "surname-elsewhere":
            last = item.label.split()[-1]
            others = [
                x
                for x in re.finditer(rf"(?<![\w-]){re.escape(last)}(?![\w-])", doc.text)
                if not (item.start <= x.start() < item.end)
            ]
            if others:
                candidates.append(item)
        elif requirement == "coordinated-with-person":
            pair = {" ".join(m.group(g).split()) for g in ("name", "name2")}
            if pair & accepted:
                candidates.append(item)
    return _named(candidates, draft, lexicon) + _person_references(sentences, draft)


def _listed_names(text: str, at: int, rules: RuleSet) -> list[tuple[str, int]]:
    """'Lotte Kramer en Daan Post', 'Kramer, Post en De Wit': each piece that is a name,
    with its offset."""
    conjunction = rules.lexicon.alt("NAME_CONJUNCTION")
    conjunctions = set(rules.lexicon.words("NAME_CONJUNCTION"))
    pieces = [
        (x.group(), at + x.start())
        for x in re.finditer(rf"[^,]+?(?=\s*(?:,|\b{conjunction}\b|$))", text)
        if x.group().strip() and x.group().strip() not in conjunctions
    ]
    pieces = [(t.strip(), p + len(t) - len(t.lstrip())) for t, p in pieces]
    return [(t, p) for t, p in pieces if rules.name_regex.fullmatch(t)]


def _named(candidates: list[Candidate], draft: Draft, lexicon: Lexicon) -> list[Mention]:
    """Each candidate as a mention of a person; a shorter form of a full name found
    elsewhere in the document ("Van Dijk" after "Jan van Dijk") is that person."""
    full = {}
    for c in candidates:
        full.setdefault(c.label, _split_name(c.label, lexicon.particles))
    for label, name in list(full.items()):
        if not name.first:
            longer = [
                n for n in full.values() if n.first and n.surname.lower() == name.surname.lower()
            ]
            if longer:
                del full[label]
    out = []
    for c in candidates:
        name = full.get(c.label) or next(
            n for n in full.values() if n.first and n.surname.lower() == c.label.lower()
        )
        key = f"person/{slug(name.label)}"
        draft.persons[key] = name
        draft.make(key, "Person", name.label, c.rule)
        out.append(Mention(c.start, c.end, key, "Person", c.rule, c.sentence))
    return out


def _split_name(label: str, particles: frozenset[str]) -> PersonName:
    words = label.split()
    first = words[0] if len(words) > 1 and words[0].lower() not in particles else ""
    rest = words[1:] if first else words
    return PersonName(label=label, first=first, surname=" ".join(rest), last=words[-1])


def _trim_name(
    text: str, start: int, lexicon: Lexicon, single_word: bool = False
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
    if len(words) == 2 and words[0][0].lower() in ("de", "het") and words[1][0].lower() in roles:
        return None  # "De Staatssecretaris", "De Minister": a role, not a name
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
    text: str, label: str, start: int, end: int, places: list[tuple[int, int]], lexicon: Lexicon
) -> tuple[str, int] | None:
    """'Ilse Koopmans van Almere' is Ilse Koopmans from Almere; 'Jan van Dongen' keeps his
    name, because what would be left is a first name alone; 'Berkelland in de Achterhoek'
    is no name at all."""
    locatives = {w.lower() for w in lexicon.words("LOCATIVE")}
    for p_start, p_end in places:
        if start < p_start and p_end == end:
            head = text[start:p_start].split()
            between = []
            while head and head[-1].lower() in lexicon.particles | locatives:
                between.insert(0, head.pop().lower())
            locative = bool(between) and between[0] in locatives
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
    text: str, label: str, start: int, end: int, taken: list[tuple[int, int]], lexicon: Lexicon
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


def _person_references(sentences: list[Sentence], draft: Draft) -> list[Mention]:
    """'Van den Wijngaart' and 'Piet' after 'Mary van den Wijngaart' and 'Piet van Mourik'."""
    out = []
    firsts: dict[str, list[str]] = {}
    for key, name in draft.persons.items():
        if name.first:
            firsts.setdefault(name.first, []).append(key)
    for key, name in draft.persons.items():
        words = name.surname.split()
        particles, last = words[:-1], words[-1]
        pattern = r"(?<![\w-])" + "".join(rf"(?:{re.escape(p)}\s+)?" for p in particles)
        pattern = re.compile("(?i:" + pattern + ")" + re.escape(last) + r"(?![\w-])")
        for s in sentences:
            if last not in s.text:  # every match ends in the surname as written
                continue
            for m in pattern.finditer(s.text):
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
        pattern = re.compile(rf"(?<![\w-]){re.escape(first)}(?![\w-])(?!\s+[A-ZÀ-Ý])")
        for s in sentences:
            if first not in s.text:
                continue
            for m in pattern.finditer(s.text):
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


def author(doc: Document, draft: Draft, lexicon: Lexicon, ref: Reference) -> list[Mention]:
    """The name in the byline, the 'Over de auteur' block or a signature: an organisation
    the gazetteer knows ('Algemene Rekenkamer,' over its signers), a person, or an
    organisation by its name ('Redactie X', 'Afdeling Communicatie': an AUTHOR_GROUP word)."""
    byline = next((s for s in doc.sentences if s.section == "byline"), None)
    if byline is None:
        return []
    known = [
        e
        for a, b, e in ref.names.find(doc.text, byline.start, byline.end)
        if (a, b) == (byline.start, byline.end) and e.kind in ORGANISATION_KINDS
    ]
    if known:
        draft.entries[known[0].key] = known[0]
        draft.author_key = known[0].key
        return [
            Mention(byline.start, byline.end, known[0].key, known[0].kind, "author-byline", byline)
        ]
    label = label_of(doc.author)
    words = label.split()
    group = re.match(rf"(?i:{lexicon.alt('AUTHOR_GROUP')})\b", label)
    if group or not (2 <= len(words) <= 5) or not all(w[0].isupper() or w.islower() for w in words):
        key, kind = f"org/{slug(label)}", "Organisation"
    else:
        key, kind = f"person/{slug(label)}", "Person"
        draft.persons.setdefault(key, PersonName(label, words[0], " ".join(words[1:]), words[-1]))
    draft.make(key, kind, label, "author-byline")
    draft.author_key = key
    return [Mention(byline.start, byline.end, key, kind, "author-byline", byline)]
