"""Folding names for comparison (kg/language/fold.py): the one function that `kg explain`,
the network view and corrections share, each with the apostrophes it needs."""

from __future__ import annotations

import pytest

from kg.language.fold import fold


@pytest.mark.parametrize(
    "typed, printed",
    [
        ("een loket", "Één  Loket"),
        ("cliëntondersteuning", "Clientondersteuning"),
        ("gemeente  den haag", "Gemeente Den\nHaag"),
    ],
)
def test_fold_ignores_case_accents_and_spacing(typed, printed):
    assert fold(typed) == fold(printed)
    assert fold(typed, apostrophes=True) == fold(printed, apostrophes=True)


def test_fold_typographic_apostrophe_reads_as_straight_only_for_corrections():
    """The two _folds of old differed here: corrections read ’ as ', explain did not."""
    assert fold("Stichting 't Hofje", apostrophes=True) == fold(
        "Stichting ’t Hofje", apostrophes=True
    )
    assert fold("Stichting 't Hofje") != fold("Stichting ’t Hofje")
