"""The SPARQL that finds each fact's evidence: sentence, matched words, document, rule.

The network view reads every evidence node at once (Oxigraph); the pattern is kept apart
so that other readers of the whole graph can bind the same variables. (`kg explain` asks
per entity and also reports curations, kg/explain.py FACTS; it could take EVIDENCE_PATTERN.)
"""
from __future__ import annotations

EVIDENCE_PATTERN = """
  ?ev a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      kg:sentence ?sent ; prov:wasDerivedFrom ?document ;
      kg:rule/dcterms:identifier ?rule ;
      oa:hasTarget/oa:hasSelector ?sel .
  ?document dcterms:identifier ?doc .
  ?sel oa:exact ?exact ; oa:start ?start .
  ?sent kg:text ?sentence ; oa:start ?sentence_start .
"""
"""Binds, per evidence node ?ev: the fact (?s ?p ?o), the words matched (?exact from
document offset ?start), the sentence (?sent, its ?sentence text from ?sentence_start),
the ?document and its file name ?doc, and the ?rule id. A rejected fact is a kg:Rejection,
not a kg:Evidence, so corrections (kg/corrections.py) are respected."""

ALL_EVIDENCE = """
SELECT ?ev ?s ?p ?o ?exact ?start ?sent ?sentence ?sentence_start ?document ?rule WHERE {%s}
""" % EVIDENCE_PATTERN
"""Every evidence node of the graph (the network view reads them all at once)."""
