"""The rules and reference data, and their loaders: every Dutch word kg knows."""
