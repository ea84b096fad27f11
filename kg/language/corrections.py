"""Analysts' corrections of the rules' output: read and check corrections.yaml, and apply
its entries to one document's extraction (kg/language/correctfile.py appends to the file).

The file lives in the corpus folder, beside the articles it corrects, so it is kept under
version control with them and applied at every build. Each entry names what it matches by
readable names (as `kg explain` prints them), never by position, so it survives a rebuild
and a rule change; an entry that no longer matches anything is reported by the build.

    - id: kanaleneiland-is-no-person          # unique; lower-case words joined by '-'
      action: reject                          # reject, merge, split or alias
      entity: Kanaleneiland                   # what it matches (see below)
      document: opinie_wmo.txt                # optional: only in this article
      reason: a neighbourhood of Utrecht, not a person

What an entry matches, by action:
  reject  `entity: NAME` (the entity and every fact about it); `statement: WORDS` or
          `recommendation: WORDS` (one whose text holds the words), `work: TITLE`; or one
          fact: `subject`, `predicate` (a CURIE such as kg:speaker) and/or `object`.
  merge   `entity: NAME` is one with `into: NAME` (optionally `iri:` of that entity).
  split   `entity: NAME` in `document` is another entity, called `into: NAME`.
  alias   `entity: NAME` is also called `alias: NAME`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import fields, replace
from pathlib import Path

from kg.errors import KgError
from kg.extract.model import Correction, Entity, Evidence, Extraction, Fact, Rejection
from kg.extract.relations import KIND_CLASS
from kg.language import rulecheck, yamlfile
from kg.rdf.iris import BASE, CURIE_PREFIX, entity_key, key_of
from kg.rdf.namespaces import PREFIXES

CORRECTIONS_FILE = "corrections.yaml"
"""The name of the corrections file in a corpus folder."""

RULE_PREFIX = rulecheck.RULE_PREFIX
"""The rule id of a fact a correction adds: correction-<correction id>."""

ACTIONS = {
    "reject": "take a wrong fact or entity out of the graph",
    "merge": "make two entities that are one into one",
    "split": "make an entity that is two into two, in one document",
    "alias": "give an entity another name",
}

# What each action needs (all of them), and what it may have besides id, action, reason.
_REQUIRED = {
    "reject": (),
    "merge": ("entity", "into"),
    "split": ("entity", "into", "document"),
    "alias": ("entity", "alias"),
}
_ALLOWED = {
    "reject": {
        "entity",
        "statement",
        "recommendation",
        "work",
        "subject",
        "predicate",
        "object",
        "document",
    },
    "merge": {"entity", "into", "iri", "document"},
    "split": {"entity", "into", "iri", "document"},
    "alias": {"entity", "alias", "document"},
}
_FIELDS = {f.name for f in fields(Correction)} - {"line"}
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")

# A node of these kinds stands for a fact of several triples; without these it is no fact.
_REQUIRED_LINKS = {
    "statement": {"kg:speaker", "kg:text"},
    "recommendation": {"kg:text"},
    "affiliation": {"org:member", "org:role"},
    "work": {"dcterms:title"},
}
NODES = ("entity", "statement", "recommendation", "work")
_NAME_PROPS = ("rdfs:label", "skos:altLabel", "skos:notation", "skos:prefLabel")


class CorrectionError(KgError):
    """The corrections file is wrong; lists every problem as file:line: id: message."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("invalid corrections:\n" + "\n".join(f"  {p}" for p in problems))


def corrections_path(corpus: Path) -> Path:
    return Path(corpus) / CORRECTIONS_FILE


# --- reading and checking ---------------------------------------------------------------


def load_corrections(path: Path) -> list[Correction]:
    """The corrections in `path` (none if the file does not exist); CorrectionError lists every problem."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise CorrectionError([f"{path}: cannot be read: {e}"]) from None
    return parse_corrections(text, path.name)


def parse_corrections(text: str, name: str = CORRECTIONS_FILE) -> list[Correction]:
    root = yamlfile.parse(
        text, name, CorrectionError
    )  # no anchors or aliases: see kg/language/yamlfile.py
    items = yamlfile.construct(root, name, CorrectionError, lines=True)
    if items is None:
        return []
    if not isinstance(items, list):
        raise CorrectionError(
            [f"{name}: expected a list of corrections (each line starting with '- ')"]
        )
    problems: list[str] = []
    out: list[Correction] = []
    seen: dict[str, int] = {}
    for item, node in zip(items, root.value):
        if not isinstance(item, dict):
            problems.append(
                f"{name}:{node.start_mark.line + 1}: each correction must be a mapping "
                f"with id, action and reason, not {yamlfile.type_name(item)}"
            )
            continue
        line = item.pop(yamlfile.LINE)
        where = f"{name}:{line}"
        wrong = [
            f"{key}: must be a text (in quotes if need be), not {yamlfile.type_name(value)}"
            for key, value in item.items()
            if not _is_text(value)
        ]
        if wrong:  # checked before anything is made of the values
            cid = item.get("id") if isinstance(item.get("id"), str) else "?"
            problems += [f"{where}: {cid}: {p}" for p in wrong]
            continue
        cid = str(item.get("id", "")).strip()
        problems += [f"{where}: {cid or '?'}: {p}" for p in _check(item, cid, seen, line)]
        seen.setdefault(cid, line)
        values = {
            k: " ".join(str(v).split()) for k, v in item.items() if k in _FIELDS and v is not None
        }
        out.append(Correction(**{"action": "", "reason": "", **values, "id": cid, "line": line}))
    if problems:
        raise CorrectionError(problems)
    return out


def _check(item: dict, cid: str, seen: dict[str, int], line: int) -> list[str]:
    problems = []
    if not _ID.fullmatch(cid):
        problems.append("needs an id of lower-case words joined by '-'")
    elif cid in seen:
        problems.append(f"duplicate id (first at line {seen[cid]})")
    action = item.get("action")
    if action not in ACTIONS:
        return problems + [f"unknown action {action!r} (one of {', '.join(ACTIONS)})"]
    if not str(item.get("reason") or "").strip():
        problems.append("needs a reason: say why, for whoever reads this later")
    for key, value in item.items():
        if key in ("id", "action", "reason"):
            continue
        if key not in _ALLOWED[action]:
            problems.append(
                f"{action}: unknown field {key!r} (allowed: {', '.join(sorted(_ALLOWED[action]))})"
            )
        elif value is None or not str(value).strip():
            problems.append(f"{key}: must be a non-empty text")
    for key in _REQUIRED[action]:
        if not item.get(key):
            problems.append(f"{action} needs {key!r}")
    if action == "reject":
        chosen = [k for k in NODES if item.get(k)]
        fact = [k for k in ("subject", "predicate", "object") if item.get(k)]
        if len(chosen) + bool(fact) != 1:
            problems.append(
                "reject needs one of: entity, statement, recommendation, work, "
                "or a fact (subject, predicate, object)"
            )
        elif fact and not (item.get("subject") or item.get("object")):
            problems.append("a fact to reject needs a subject or an object, not only a predicate")
    predicate = str(item.get("predicate") or "")
    if predicate and _curie_prefix(predicate) not in PREFIXES:
        problems.append(
            f"predicate {predicate!r} is not a CURIE with a known prefix (e.g. kg:speaker, org:member)"
        )
    if (
        action in ("merge", "split")
        and item.get("into")
        and _fold(str(item["into"])) == _fold(str(item.get("entity", "")))
    ):
        problems.append(f"{action}: 'into' must name another entity than 'entity'")
    iri = str(item.get("iri") or "")
    if iri and not key_of(iri):
        problems.append(f"iri {iri!r} is not an entity of this graph ({BASE}… or {CURIE_PREFIX}…)")
    return problems


def _is_text(value) -> bool:
    """Text or a number (a year, a number as a name); not a list, mapping, yes/no or date."""
    return value is None or (isinstance(value, (str, int, float)) and not isinstance(value, bool))


def _curie_prefix(value: str) -> str:
    return "rdf" if value == "a" else value.partition(":")[0] if ":" in value else ""


# --- applying ---------------------------------------------------------------------------


def apply_corrections(
    ex: Extraction, corrections: list[Correction]
) -> tuple[Extraction, dict[str, int]]:
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
        return ex, used
    return replace(
        ex,
        entities=work.entities,
        facts=work.facts,
        corrections=ex.corrections + tuple(applied),
        rejected=ex.rejected + tuple(work.rejected),
    ), used


def is_correction_rule(rule_id: str) -> bool:
    return rule_id.startswith(RULE_PREFIX)


class _Work:
    """A working copy of one extraction that corrections change in turn."""

    def __init__(self, ex: Extraction):
        self.entities: dict[str, Entity] = dict(ex.entities)
        self.facts: list[Fact] = list(ex.facts)
        self.rejected: list[Rejection] = []

    # -- finding
    def entities_named(self, name: str) -> list[str]:
        wanted = _fold(name)
        return [
            key
            for key, e in self.entities.items()
            if wanted
            in {
                _fold(e.label),
                *(_fold(v) for p, v in e.props if p.partition("@")[0] in _NAME_PROPS),
            }
        ]

    def texts_with(
        self, words: str, kinds: tuple[str, ...] = ("statement", "recommendation", "work")
    ) -> list[str]:
        """Statements and recommendations whose text holds `words`, works with that title."""
        wanted = _fold(words)
        return sorted(
            {
                f.subject
                for f in self.facts
                if f.literal
                and f.subject.split("/")[0] in kinds
                and (
                    (f.predicate == "kg:text" and wanted in _fold(f.object))
                    or (f.predicate == "dcterms:title" and wanted == _fold(f.object))
                )
            }
        )

    def node_matches(self, key: str, name: str) -> bool:
        if key in self.entities:
            return key in self.entities_named(name)
        if key.split("/")[0] == "affiliation":
            return _fold(name) == _fold(self._affiliation_name(key))
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
                        _fold(f.object) == _fold(c.object)
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
            target = key_of(c.iri) or entity_key(sources[0].split("/")[0], c.into)
        return sum(self._move(source, target, c) for source in sources)

    split = merge  # the same move; a split names its document and a new entity

    def alias(self, c: Correction) -> int:
        keys = [k for k in self.entities_named(c.entity) if k not in self.entities_named(c.alias)]
        for key in keys:
            self._curated(key, "skos:altLabel", c.alias, c)
        return len(keys)

    # -- helpers
    def _move(self, source: str, target: str, c: Correction) -> int:
        """Every fact about `source` becomes a fact about `target`; `source`'s name is kept as an alias."""
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
                    o = _kind_class(new.kind, o)
                self.facts[i] = replace(f, subject=s, object=o)
                moved += 1
        if moved and _fold(old.label) != _fold(new.label):
            self._curated(target, "skos:altLabel", old.label, c)
        return moved

    def _curated(self, key: str, predicate: str, value: str, c: Correction) -> None:
        """A fact the analyst adds, anchored at the first place the entity is read in this document."""
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
        """Facts about a statement, recommendation, affiliation or work that lost a link it needs."""
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


def _kind_class(kind: str, current: str) -> str:
    return KIND_CLASS.get(kind, current)


def _fold(text: str) -> str:
    """Case, accents and spacing ignored: how names are compared."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).casefold().split())
