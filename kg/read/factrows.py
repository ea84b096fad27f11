"""The facts of a graph as readable rows, one per evidence node, read straight from an
Oxigraph store (so that `kg rules hits` and `kg diff` scale to archive-sized graphs).

Each row names the rule, the document, the triple as IRIs and as labels, and, when asked
for, the sentence and the matched words."""

from __future__ import annotations

from typing import NamedTuple

import pyoxigraph as ox

from kg.rdf.namespaces import PREFIXES
from kg.read.query import run_query


class FactRow(NamedTuple):
    rule: str
    document: str  # file name
    subject: str  # IRI
    predicate: str  # CURIE
    object: str  # IRI, or a literal's text
    subject_label: str
    object_label: str
    sentence: str = ""
    sentence_start: int = 0
    start: int = 0
    exact: str = ""

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        """What makes two builds' facts the same fact: rule, document and triple (not offsets)."""
        return (self.rule, self.document, self.subject, self.predicate, self.object)

    def readable(self, width: int = 60) -> str:
        return f"{_short(self.subject_label, width)} {self.predicate} {_short(self.object_label, width)}"


def _label(var: str) -> str:
    """SPARQL that binds ?<var>_label: a node's name, a document's file name, a text's words."""
    v = f"?{var}"
    return f"""
  OPTIONAL {{ {v} rdfs:label ?{var}_a }} OPTIONAL {{ {v} skos:prefLabel ?{var}_b FILTER (lang(?{var}_b) = "nl") }}
  OPTIONAL {{ {v} dcterms:title ?{var}_c }} OPTIONAL {{ {v} dcterms:identifier ?{var}_d }}
  OPTIONAL {{ {v} kg:text ?{var}_e FILTER NOT EXISTS {{ {v} a kg:Document }} }}
  OPTIONAL {{ {v} a kg:Document ; dcterms:identifier ?{var}_f }}
  BIND (COALESCE(?{var}_f, ?{var}_a, ?{var}_b, ?{var}_c, ?{var}_d, ?{var}_e, STR({v})) AS ?{var}_label)"""


def _query(rule: str | None, with_text: bool) -> str:
    text_vars = "?sentence ?sentence_start ?start ?exact" if with_text else ""
    text = (
        """
  ?ev kg:sentence ?sent ; oa:hasTarget/oa:hasSelector ?sel .
  ?sel oa:exact ?exact ; oa:start ?start .
  ?sent kg:text ?sentence ; oa:start ?sentence_start ."""
        if with_text
        else ""
    )
    only = f"FILTER (?rule = {_literal(rule)})" if rule is not None else ""
    return f"""
SELECT ?rule ?doc ?s ?p ?o ?s_label ?o_label {text_vars} WHERE {{
  ?ev a kg:Evidence ; kg:rule/dcterms:identifier ?rule ; prov:wasDerivedFrom/dcterms:identifier ?doc ;
      rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  {only}{text}{_label("s")}{_label("o")}
}}"""


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fact_rows(store: ox.Store, rule: str | None = None, with_text: bool = False) -> list[FactRow]:
    """Every evidenced fact (of one rule, if given), deduplicated, in a stable order."""
    result = run_query(store, _query(rule, with_text))
    rows = {}
    for cells in result.rows:
        r = dict(zip(result.columns, cells))
        extra = ()
        if with_text:
            extra = (r["sentence"], int(r["sentence_start"]), int(r["start"]), r["exact"])
        obj_label = (
            compact(r["o"])
            if r["o_label"] == r["o"] and r["o"].startswith("http")
            else r["o_label"]
        )
        row = FactRow(
            r["rule"], r["doc"], r["s"], compact(r["p"]), r["o"], r["s_label"], obj_label, *extra
        )
        rows.setdefault((row.key, row.start), row)
    return sorted(
        rows.values(),
        key=lambda f: (f.document, f.start, f.rule, f.predicate, f.subject_label, f.object_label),
    )


def compact(iri: str) -> str:
    """An IRI as a CURIE where a project prefix fits ("kg:Person"), else as is."""
    best = max(
        (p for p, ns in PREFIXES.items() if iri.startswith(str(ns))),
        key=lambda p: len(str(PREFIXES[p])),
        default=None,
    )
    return f"{best}:{iri[len(str(PREFIXES[best])) :]}" if best else iri


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
