"""The rule catalogue of `kg rules list`: every rule with the file and line defining it."""

from __future__ import annotations

from pathlib import Path

from kg.language.builtin_rules import builtin_rules
from kg.language.rules import load_rules
from kg.read.rulestats import catalogue


def test_rules_list_points_builtin_rules_at_their_line_in_builtin_rules_yaml():
    infos = {r.id: r for r in catalogue(load_rules())}
    for rule_id in builtin_rules():
        path, line = infos[rule_id].source.rsplit(":", 1)
        assert Path(path).name == "builtin_rules.yaml"
        text = Path(path).read_text(encoding="utf-8").splitlines()[int(line) - 1]
        assert text == f"- id: {rule_id}"
