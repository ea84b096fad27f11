"""The limits every user query runs under (kg.read.sandbox), apart from the sandbox so the
command line can show them as defaults without importing it."""

DEFAULT_TIMEOUT = 30.0
"""Seconds a query may run before its worker is stopped (kg query, kg serve)."""

DEFAULT_MAX_MEMORY_MB = 1024
"""Memory (MB) a query may take on top of what its worker holds at the start (the store)."""
