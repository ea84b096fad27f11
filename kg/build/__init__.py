"""Stage 4: the build: corpus -> graph.ttl, the store and the view, cached per article."""
