"""Stage 3: extraction -> RDF: IRIs, evidence, Turtle, the store, export, validation."""
