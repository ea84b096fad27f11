"""The rule reports of `kg rules list` and `kg rules hits` (kg/read/rulereport.py)."""

from __future__ import annotations

import json

from kg.read.rulereport import hits_json, hits_text, rule_table
from kg.read.rulestats import Hit, RuleInfo


def test_rulereport_rule_table_has_a_facts_column_only_when_counted_in_a_graph():
    infos = [RuleInfo("quote-x", "statement", "Een citaat", "patterns.yaml:3", None)]
    table = rule_table(infos, counted=False)
    assert table.columns == ["id", "kind", "source", "description"]
    assert table.rows == [["quote-x", "statement", "patterns.yaml:3", "Een citaat"]]
    counted = rule_table([RuleInfo("quote-x", "statement", "Een citaat", "p:3", 4)], counted=True)
    assert counted.columns == ["id", "kind", "facts", "source", "description"]
    assert counted.rows == [["quote-x", "statement", "4", "p:3", "Een citaat"]]


PLACES = [
    Hit("a.txt", "»Jansen« zegt: ja", ["Jansen kg:speaker “ja”"]),
    Hit("b.txt", "»Smit« zegt: nee", ["Smit kg:speaker “nee”", "Smit a foaf:Person"]),
]


def test_rulereport_hits_text_counts_all_places_and_says_how_many_more():
    assert hits_text("quote-x", PLACES, 1, "g.ttl") == (
        "quote-x: 3 fact(s) in 2 place(s) in g.ttl\n"
        "\n  a.txt\n      “»Jansen« zegt: ja”\n      Jansen kg:speaker “ja”\n"
        "\n  … 1 more (without --limit: all)\n"
    )
    assert "more" not in hits_text("quote-x", PLACES, 2, "g.ttl")


def test_rulereport_hits_json_is_a_list_of_places():
    assert json.loads(hits_json(PLACES[:1])) == [
        {"document": "a.txt", "sentence": "»Jansen« zegt: ja", "facts": ["Jansen kg:speaker “ja”"]}
    ]
