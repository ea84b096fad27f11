"""Stage 1: corpus folder -> decoded, normalised text (scan, decode, markup)."""
