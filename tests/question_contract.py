"""The named questions' public contract, shared by the tests that check it from the
library (tests/read/test_query.py) and from the CLI (tests/cli/test_cli_query.py)."""

COLUMNS = {
    "documents": ["document", "title", "author"],
    "actors": ["label", "type"],
    "laws": ["label", "identifier"],
    "responsibilities": ["actor", "law"],
    "recommendations": ["by", "to", "text", "document"],
    "statements": ["speaker", "text", "document"],
    "works": ["title", "creator", "kind"],
    "affiliations": ["person", "organization", "role"],
    "places": ["label"],
    "topics": ["document", "topic"],
}
"""The leading columns each question promises; more may follow."""

QUESTIONS = sorted(COLUMNS)
"""The ten questions that run without a parameter ("about" needs --param name=…)."""

ALL_QUESTIONS = sorted([*QUESTIONS, "about"])
"""Every shipped question."""
