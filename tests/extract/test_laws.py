"""Laws and bills the gazetteer does not know, found by the shape of their title."""

from __future__ import annotations

import kg


def laws(text: str) -> dict[str, str]:
    """label -> BWB id ("" when none) of each law the text names."""
    ex = kg.process(text)
    return {
        e.label: dict(e.props).get("dcterms:identifier", "")
        for e in ex.entities.values()
        if e.kind == "Law"
    }


def test_a_law_by_its_title_ends_where_the_sentence_goes_on():
    text = "De Wet versterking regie wijkzorg moet gemeenten meer grip geven op de inkoop."
    assert laws(text) == {"Wet versterking regie wijkzorg": ""}


def test_a_law_title_with_linking_words_keeps_them_but_not_a_trailing_one():
    text = "Sinds de Wet toezicht gelijke kansen bij werving en selectie is er meer toezicht."
    assert laws(text) == {"Wet toezicht gelijke kansen bij werving en selectie": ""}


def test_a_bill_after_wetsvoorstel_is_a_law_by_its_title():
    text = "De Raad van State adviseerde over het wetsvoorstel Bijstand in beweging."
    assert laws(text) == {"Bijstand in beweging": ""}


def test_a_compound_ending_in_wet_is_a_law():
    assert laws("De Pensioenwet regelt de afspraken met het fonds.") == {"Pensioenwet": ""}


def test_a_law_the_gazetteer_knows_keeps_its_bwb_id_and_name():
    text = "De Wet langdurige zorg is er voor mensen die blijvend zorg nodig hebben."
    assert laws(text) == {"Wet langdurige zorg": "BWBR0035917"}


def test_law_and_regulations_at_the_start_of_a_sentence_is_no_law():
    assert laws("Wet- en regelgeving staat vernieuwing in de weg. Wet en regel botsen.") == {}
