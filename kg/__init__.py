"""kg: a knowledge graph of Dutch policy texts about the sociaal domein."""
