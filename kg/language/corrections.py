"""Analysts' corrections of the rules' output: read and check corrections.yaml
(kg/extract/corrections.py applies its entries to one document's extraction,
kg/language/correctfile.py appends to the file).

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
from dataclasses import fields
from pathlib import Path

from kg.errors import KgError
from kg.extract.model import Correction
from kg.language import rulecheck, yamlfile
from kg.language.fold import fold
from kg.rdf.namespaces import ID, PREFIXES

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

NODES = ("entity", "statement", "recommendation", "work")
"""What a reject may name by its words (besides one fact by subject, predicate, object)."""


class CorrectionError(KgError):
    """The corrections file is wrong; lists every problem as file:line: id: message."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("invalid corrections:\n" + "\n".join(f"  {p}" for p in problems))


def corrections_path(corpus: Path) -> Path:
    return Path(corpus) / CORRECTIONS_FILE


# --- reading and checking ---------------------------------------------------------------


def load_corrections(path: Path) -> list[Correction]:
    """The corrections in `path` (none if the file does not exist); CorrectionError lists
    every problem."""
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
    for item, node in zip(items, root.value, strict=True):  # one item per YAML node
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
            f"predicate {predicate!r} is not a CURIE with a known prefix "
            f"(e.g. kg:speaker, org:member)"
        )
    if (
        action in ("merge", "split")
        and item.get("into")
        and fold(str(item["into"]), apostrophes=True)
        == fold(str(item.get("entity", "")), apostrophes=True)
    ):
        problems.append(f"{action}: 'into' must name another entity than 'entity'")
    iri = str(item.get("iri") or "")
    if iri and not key_of(iri):
        problems.append(f"iri {iri!r} is not an entity of this graph ({ID}… or id:…)")
    return problems


def _is_text(value) -> bool:
    """Text or a number (a year, a number as a name); not a list, mapping, yes/no or date."""
    return value is None or (isinstance(value, (str, int, float)) and not isinstance(value, bool))


def _curie_prefix(value: str) -> str:
    return "rdf" if value == "a" else value.partition(":")[0] if ":" in value else ""


def key_of(iri: str) -> str:
    """An entity key ("person/x") from its IRI or id: CURIE; "" if it is neither."""
    for prefix in (str(ID), "id:"):
        if iri.startswith(prefix) and len(iri) > len(prefix):
            return iri[len(prefix) :]
    return ""


def is_correction_rule(rule_id: str) -> bool:
    """Is this the rule id of a fact a correction added (correction-<id>)?"""
    return rule_id.startswith(RULE_PREFIX)
