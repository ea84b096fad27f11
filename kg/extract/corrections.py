"""Applying the analyst's corrections (read and checked by kg/language/corrections.py) to
one document's extraction: extraction + corrections -> corrected extraction, pure.

Each correction names what it matches by readable names, compared folded (case, accents,
spacing and ’ against ' ignored); one that names another document is skipped. A fact a
correction takes out is kept as a Rejection; a fact it adds (an alias, a merged entity's
old name) is credited to the rule correction-<id>.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from kg.extract.model import Correction, Entity, Evidence, Extraction, Fact, Rejection
from kg.extract.relations import KIND_CLASS
from kg.language.corrections import NODES, RULE_PREFIX, key_of
from kg.language.fold import fold
from kg.language.reference import slug

# A node of these kinds stands for a fact of several triples; without these it is no fact.
_REQUIRED_LINKS = {
    "statement": {"kg:speaker", "kg:text"},
    "recommendation": {"kg:text"},
    "affiliation": {"org:member", "org:role"},
    "work": {"dcterms:title"},
}
_NAME_PROPS = ("rdfs:label", "skos:altLabel", "skos:notation", "skos:prefLabel")


class Corrected(NamedTuple):
    extraction: Extraction  # with the corrections that matched applied
    touched: dict[str, int]  # correction id -> facts it touched, for those that matched


def apply_corrections(ex: Extraction, corrections: list[Correction]) -> Corrected:
    """`ex` with the corrections that concern its document applied, and for each correction
    that matched, how many facts it touched. Pure: `ex` itself is left as it was."""
    work = _Work(ex)
    used: dict[str, int] = {}
    applied = []
    for c in corrections:
        if c.document and c.document != ex.document.name:
            continue
        touched = getattr(work, c.action)(c)
        if touched:
            used[c.id] = touched
            applied.append(c)
    if not applied:
        return Corrected(ex, used)
    corrected = replace(
        ex,
        entities=work.entities,
        facts=work.facts,
        corrections=ex.corrections + tuple(applied),
        rejected=ex.rejected + tuple(work.rejected),
    )
    return Corrected(corrected, used)


class _Work:
    """A working copy of one extraction that corrections change in turn."""

    def __init__(self, ex: Extraction):
        self.entities: dict[str, Entity] = dict(ex.entities)
        self.facts: list[Fact] = list(ex.facts)
        self.rejected: list[Rejection] = []

    # -- finding
    def entities_named(self, name: str) -> list[str]:
        wanted = _folded(name)
        return [
            key
            for key, e in self.entities.items()
            if wanted
            in {
                _folded(e.label),
                *(_folded(v) for p, v in e.props if p.partition("@")[0] in _NAME_PROPS),
            }
        ]

    def texts_with(
        self, words: str, kinds: tuple[str, ...] = ("statement", "recommendation", "work")
    ) -> list[str]:
        """Statements and recommendations whose text holds `words`, works with that title."""
        wanted = _folded(words)
        return sorted(
            {
                f.subject
                for f in self.facts
                if f.literal
                and f.subject.split("/")[0] in kinds
                and (
                    (f.predicate == "kg:text" and wanted in _folded(f.object))
                    or (f.predicate == "dcterms:title" and wanted == _folded(f.object))
                )
            }
        )

    def node_matches(self, key: str, name: str) -> bool:
        if key in self.entities:
            return key in self.entities_named(name)
        if key.split("/")[0] == "affiliation":
            return _folded(name) == _folded(self._affiliation_name(key))
        return key in self.texts_with(name)

    def _affiliation_name(self, key: str) -> str:
        links = {f.predicate: f.object for f in self.facts if f.subject == key}
        role = self.entities.get(links.get("org:role", ""))
        org = self.entities.get(links.get("org:organization", ""))
        return f"{role.label if role else 'role'}{' at ' + org.label if org else ''}"

    # -- the actions
    def reject(self, c: Correction) -> int:
        node = next((k for k in NODES if getattr(c, k)), None)
        if node:
            name = getattr(c, node)
            keys = set(
                self.entities_named(name) if node == "entity" else self.texts_with(name, (node,))
            )
            hit = [
                f for f in self.facts if f.subject in keys or (not f.literal and f.object in keys)
            ]
            for key in keys:
                self.entities.pop(key, None)
        else:
            predicate = "rdf:type" if c.predicate == "a" else c.predicate
            hit = [
                f
                for f in self.facts
                if (not predicate or f.predicate == predicate)
                and (not c.subject or self.node_matches(f.subject, c.subject))
                and (
                    not c.object
                    or (
                        _folded(f.object) == _folded(c.object)
                        if f.literal
                        else self.node_matches(f.object, c.object)
                    )
                )
            ]
        self._drop(hit, c)
        self._drop(self._incomplete(), c)
        return len(hit)

    def merge(self, c: Correction) -> int:
        targets = self.entities_named(c.into)
        sources = [k for k in self.entities_named(c.entity) if k not in targets]
        if not sources:
            return 0
        if targets:
            target = targets[0]
        else:
            target = key_of(c.iri) or f"{sources[0].split('/')[0]}/{slug(c.into)}"
        return sum(self._move(source, target, c) for source in sources)

    split = merge  # the same move; a split names its document and a new entity

    def alias(self, c: Correction) -> int:
        keys = [k for k in self.entities_named(c.entity) if k not in self.entities_named(c.alias)]
        for key in keys:
            self._curated(key, "skos:altLabel", c.alias, c)
        return len(keys)

    # -- helpers
    def _move(self, source: str, target: str, c: Correction) -> int:
        """Every fact about `source` becomes a fact about `target`; `source`'s name is kept
        as an alias."""
        old = self.entities.pop(source)
        if target not in self.entities:
            label = c.into
            props = (
                (("rdfs:label", label),) if old.kind != "Topic" else (("skos:prefLabel", label),)
            )
            self.entities[target] = Entity(target, old.kind, label, props)
        new = self.entities[target]
        moved = 0
        for i, f in enumerate(self.facts):
            s = target if f.subject == source else f.subject
            o = target if not f.literal and f.object == source else f.object
            if (s, o) != (f.subject, f.object):
                if f.predicate == "rdf:type" and s == target:
                    o = KIND_CLASS.get(new.kind, o)
                self.facts[i] = replace(f, subject=s, object=o)
                moved += 1
        if moved and _folded(old.label) != _folded(new.label):
            self._curated(target, "skos:altLabel", old.label, c)
        return moved

    def _curated(self, key: str, predicate: str, value: str, c: Correction) -> None:
        """A fact the analyst adds, anchored at the first place the entity is read in this
        document."""
        anchor = next(
            (f.evidence for f in self.facts if f.predicate == "kg:mentions" and f.object == key),
            None,
        ) or next((f.evidence for f in self.facts if key in (f.subject, f.object)), None)
        if anchor is None:
            return
        self.facts.append(
            Fact(
                key,
                predicate,
                value,
                Evidence(anchor.sentence, anchor.start, anchor.end, RULE_PREFIX + c.id),
                literal=True,
            )
        )

    def _incomplete(self) -> list[Fact]:
        """Facts about a statement, recommendation, affiliation or work that lost a link it
        needs."""
        has: dict[str, set[str]] = {}
        for f in self.facts:
            if f.subject.split("/")[0] in _REQUIRED_LINKS:
                has.setdefault(f.subject, set()).add(f.predicate)
        broken = {
            key for key, preds in has.items() if not _REQUIRED_LINKS[key.split("/")[0]] <= preds
        }
        return [
            f for f in self.facts if f.subject in broken or (not f.literal and f.object in broken)
        ]

    def _drop(self, facts: list[Fact], c: Correction) -> None:
        if not facts:
            return
        gone = {id(f) for f in facts}
        self.facts = [f for f in self.facts if id(f) not in gone]
        self.rejected += [Rejection(f, c.id) for f in facts]


def _folded(text: str) -> str:
    """How corrections compare names: case, accents, spacing and ’ against ' ignored."""
    return fold(text, apostrophes=True)
