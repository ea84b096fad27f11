"""Stage 2, pure: text -> extraction (sentences, mentions, facts with evidence)."""
