"""What the rules are and what they did: the catalogue of every rule (patterns.yaml and
builtin_rules.yaml) with where it is defined, how many facts each produced in a graph,
and the sentences where one rule fired (`kg rules list`, `kg rules hits`)."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from kg.errors import KgError
from kg.language.builtin_rules import BUILTIN_RULES_FILE, builtin_rules
from kg.language.rules import PATTERNS_FILE, RuleSet
from kg.read.factrows import facts
from kg.read.internal import select


@dataclass(frozen=True)
class RuleInfo:
    id: str
    kind: str
    description: str
    source: str  # file:line
    facts: int | None = None  # in the graph; None when no graph was read


@dataclass
class Hit:
    """One place a rule fired: the sentence with the matched words, and the facts read there."""

    document: str
    marked: str
    facts: list[str] = field(default_factory=list)


class GraphRule(NamedTuple):
    """A rule as the graph records it: how many facts it produced, its kind and description."""

    facts: int
    kind: str
    description: str


def catalogue(
    rules: RuleSet, patterns: Path = PATTERNS_FILE, in_graph: dict[str, GraphRule] | None = None
) -> list[RuleInfo]:
    """Every rule: those of `patterns` in file order, then the built-in ones (gazetteers,
    reference resolution: builtin_rules.yaml), then rules that only the graph knows
    (corrections, or rules since removed). With `in_graph` (from `graph_rules`), each says
    how many facts it produced."""

    def n(rule_id: str) -> int | None:
        return None if in_graph is None else in_graph[rule_id].facts if rule_id in in_graph else 0

    where = _shown(patterns)
    out = [RuleInfo(r.id, r.kind, r.description, f"{where}:{r.line}", n(r.id)) for r in rules.rules]
    builtin = _shown(BUILTIN_RULES_FILE)
    for r in builtin_rules().values():
        out.append(RuleInfo(r.id, r.kind, r.description, f"{builtin}:{r.line}", n(r.id)))
    known = {r.id for r in out}
    for rule_id, info in sorted((in_graph or {}).items()):
        if rule_id not in known:
            out.append(
                RuleInfo(
                    rule_id, info.kind or "?", info.description, "(only in the graph)", info.facts
                )
            )
    return out


def graph_rules(store: ox.Store) -> dict[str, GraphRule]:
    """The rules that produced facts in a graph, by id, with the facts each read (a reading
    may read several). (Counted before the rules' names are joined: twice as fast on a
    million evidence nodes as naming every node's rule first.)"""
    rows = select(
        store,
        """
        SELECT ?id ?n ?k ?c WHERE {
          { SELECT ?rule (COUNT(?fact) AS ?n) WHERE {
              ?ev a kg:Evidence ; kg:rule ?rule ; oa:hasBody ?fact }
            GROUP BY ?rule }
          ?rule dcterms:identifier ?id .
          OPTIONAL { ?rule kg:ruleKind ?k } OPTIONAL { ?rule rdfs:comment ?c }
        }""",
    )
    return {
        row["id"].value: GraphRule(int(row["n"].value), _text(row["k"]), _text(row["c"]))
        for row in rows
    }


def _text(term) -> str:
    return "" if term is None else term.value


def check_rule_ids(wanted: list[str], infos: list[RuleInfo]) -> None:
    """KgError naming every id that is no rule, with the nearest ones."""
    ids = [r.id for r in infos]
    unknown = [w for w in wanted if w not in ids]
    if unknown:
        hints = []
        for w in unknown:
            close = difflib.get_close_matches(w, ids, n=3, cutoff=0.6)
            hints.append(f"{w}" + (f" (did you mean {', '.join(close)}?)" if close else ""))
        raise KgError(f"no such rule: {'; '.join(hints)}; `kg rules list` shows them all")


def hits(store: ox.Store, rule_id: str) -> list[Hit]:
    """The places `rule_id` fired, in document order, each with the facts read there."""
    places: dict[tuple[str, int, int], Hit] = {}
    for fact in facts(store, rule_id):
        ev = fact.row
        key = (ev.file, ev.start, len(ev.exact))
        if key not in places:
            places[key] = Hit(ev.file, ev.marked())
        places[key].facts.append(fact.readable())
    return list(places.values())


def _shown(path: Path) -> str:
    """A path relative to the current folder when it is below it, else absolute."""
    try:
        return (
            os.path.relpath(path) if Path(path).resolve().is_relative_to(Path.cwd()) else str(path)
        )
    except ValueError:
        return str(path)
