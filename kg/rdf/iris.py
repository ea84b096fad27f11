"""Every IRI kg mints, in one place.

An entity is known inside kg by its key, the IRI path under id: ("org/rmo",
"person/mary-van-den-wijngaart", "doc/opinie_wmo-txt"); `iri(key)` is the full IRI. Keys
come from names (slugged), from identifiers that reference data gives, or from a hash of
what they stand for, never from chance: the same article gives the same IRIs, so golden
files stay stable and a rebuild merges with what was built before.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from kg.rdf.namespaces import ID

BASE = str(ID)
"""The namespace of instance data: every key is a path under it."""
CURIE_PREFIX = "id:"

AGENT_KG = "agent/kg"
"""kg itself, the software agent every extraction is associated with."""
ANALYST = "agent/analyst"
"""The person who curates: one agent for every correction (the file's history says who)."""
TOPIC_SCHEME = "topic"
"""The skos:ConceptScheme of the policy themes."""
SHARED_GRAPH = "graph/kg"
"""The named graph `kg push` puts the triples in that belong to no single document."""
DOCUMENTS = "doc/"
"""Every document key starts with this."""


def slug(text: str) -> str:
    """A readable, stable IRI segment: 'Mary van den Wijngaart' -> 'mary-van-den-wijngaart'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def digest(*parts: str) -> str:
    """A short, stable hash of `parts` for things that have no name of their own."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def document_key(name: str) -> str:
    """The key of a document, from its file name: 'opinie_wmo.txt' -> 'doc/opinie-wmo-txt'."""
    return DOCUMENTS + slug(name)


def entity_key(kind: str, label: str) -> str:
    """The key of an entity known by its name: ("person", "Mary Smit") -> "person/mary-smit"."""
    return f"{kind}/{slug(label)}"


def reference_key(kind: str, identifier: str) -> str:
    """The key of an entity that reference data identifies: ("law", "wmo-2015")."""
    return f"{kind}/{identifier}"


def hashed_key(kind: str, *parts: str) -> str:
    """The key of a thing without a name (a statement, an affiliation), from what it is."""
    return f"{kind}/{digest(*parts)}"


def reading_key(kind: str, document: str, start: int, end: int, rule: str, *more: str | int) -> str:
    """The key of one reading ("evidence"), or of a rejected reading ("rejection"): the
    document IRI, the offsets, the rule, and whatever else tells readings apart (the
    sentence's offsets, the correction). Every fact the rule read in the same words shares
    it."""
    return hashed_key(kind, document, str(start), str(end), rule, *map(str, more))


def fact_key(subject: str, predicate: str, obj: str) -> str:
    """The key of the node that reifies a fact, from its terms in N-Triples form (so a
    literal and an IRI with the same text differ): the same in every document."""
    return hashed_key("fact", subject, predicate, obj)


def rule_key(rule_id: str) -> str:
    return f"rule/{rule_id}"


def extraction_key(rule_id: str) -> str:
    """The prov:Activity of extraction by one rule."""
    return f"extraction/{rule_id}"


def curation_key(correction_id: str) -> str:
    """The kg:Curation (a prov:Activity) of one correction."""
    return f"curation/{correction_id}"


def association_key(activity: str) -> str:
    """The prov:Association of an activity key with its plan and agent."""
    return f"{activity}/association"


def iri(key: str) -> str:
    """The full IRI of a key: "org/rmo" -> "https://w3id.org/kg-sociaal-domein/id/org/rmo"."""
    return BASE + key


def key_of(value: str) -> str:
    """The key of an IRI of ours, or of an id: CURIE; "" when it is neither."""
    for prefix in (BASE, CURIE_PREFIX):
        if value.startswith(prefix) and len(value) > len(prefix):
            return value[len(prefix) :]
    return ""


def sentence_iri(document_iri: str, start: int, end: int) -> str:
    """A sentence of a document, by its offsets: <doc IRI>/s/120-245."""
    return f"{document_iri}/s/{start}-{end}"
