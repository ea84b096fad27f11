"""The rules without a pattern (gazetteer matches, reference resolution, document layout),
read from data/builtin_rules.yaml: the graph describes them as it describes the rules of
patterns.yaml, and `kg rules list` points at the line that defines each."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.errors import RuleError
from kg.language import yamlfile

BUILTIN_RULES_FILE = Path(__file__).parent / "data" / "builtin_rules.yaml"
FIELDS = ("id", "kind", "description")


@dataclass(frozen=True)
class BuiltinRule:
    id: str
    kind: str
    description: str
    line: int  # where its entry starts in the file


def builtin_rules(path: Path = BUILTIN_RULES_FILE) -> dict[str, BuiltinRule]:
    """The built-in rules by id, in file order; RuleError listing every problem."""
    return _load(Path(path))


@lru_cache(maxsize=4)
def _load(path: Path) -> dict[str, BuiltinRule]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise RuleError([f"{path}: cannot be read: {e.strerror}"]) from None
    items = yamlfile.load_yaml(text, path.name, RuleError, lines=True) or []
    if not isinstance(items, list):
        raise RuleError([f"{path.name}: must be a list of rules, not {yamlfile.type_name(items)}"])
    rules: dict[str, BuiltinRule] = {}
    problems = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            problems.append(f"{path.name}: entry {n} is {yamlfile.type_name(item)}, not a rule")
            continue
        line = item.pop(yamlfile.LINE)
        bad = [f for f in FIELDS if not isinstance(item.get(f), str) or not item[f].strip()]
        extra = sorted(set(item) - set(FIELDS))
        if bad or extra:
            problems.append(
                f"{path.name}:{line}: "
                + "; ".join(
                    [f"needs a text {f}" for f in bad] + [f"unknown key {k!r}" for k in extra]
                )
            )
        elif item["id"] in rules:
            problems.append(
                f"{path.name}:{line}: {item['id']}: also defined on line {rules[item['id']].line}"
            )
        else:
            rules[item["id"]] = BuiltinRule(item["id"], item["kind"], item["description"], line)
    if problems:
        raise RuleError(problems)
    return rules
