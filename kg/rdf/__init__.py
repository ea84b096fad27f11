"""Stage 3: extraction -> RDF. iris mints every IRI, terms makes the RDF terms, evidence
writes where each fact (or rejected fact) was read, triples and curation turn one
extraction into triples, turtle writes graph.ttl, store keeps it queryable, export writes
other formats, validate checks the SHACL shapes."""
