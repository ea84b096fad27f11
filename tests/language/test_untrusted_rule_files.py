"""Rule folders and corrections.yaml written by someone else (issue 11): a YAML alias bomb,
values of the wrong type, a pattern that backtracks for hours, and `kg correct` on a file
it cannot simply append to. Builds that could hang or eat memory run in a subprocess with
a generous timeout and a memory cap, so a regression fails the test instead of the machine."""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.cli.main import cli
from kg.language.rules import LEXICON_FILE, PATTERNS_FILE

ROOT = Path(__file__).resolve().parents[2]
RULES_CORPUS = Path(__file__).parents[1] / "data" / "rules_corpus"
SLOW = 120  # seconds a subprocess may take before the test fails (each finishes in a few)


def kg(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def kg_process(*args) -> subprocess.CompletedProcess:
    """`python -m kg ARGS` with at most 2 GB of memory; raises TimeoutExpired after SLOW seconds."""

    def cap_memory():
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run(
        [sys.executable, "-m", "kg", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=SLOW,
        preexec_fn=cap_memory,
        env=env,
        cwd=ROOT,
        check=False,
    )


def rules_copy(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(PATTERNS_FILE, folder)
    shutil.copy(LEXICON_FILE, folder)
    return folder


def append(path: Path, text: str) -> int:
    """Append `text` to a file; the line number its first line gets."""
    old = path.read_text(encoding="utf-8")
    old += "" if old.endswith("\n") else "\n"
    path.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 1


def alias_bomb(key: str, indent: str = "  ") -> str:
    """`key: ` followed by nine levels of nine aliases (9**9 values once expanded), as YAML
    lines indented by `indent`; the first line holds the first anchor."""
    lines = [f"{indent}l0: &l0 [" + ", ".join(['"lol"'] * 9) + "]"]
    lines += [f"{indent}l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 9)]
    return "\n".join(lines + [f"{indent}{key}: *l8"]) + "\n"


# --- finding: a YAML alias bomb -----------------------------------------------------------


def test_yaml_alias_bomb_in_corrections_is_refused_fast_with_file_and_line(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(RULES_CORPUS, corpus)
    (corpus / "corrections.yaml").write_text(
        "# corrections\n- id: bomb\n  action: reject\n  entity: Kanaleneiland\n"
        + alias_bomb("reason"),
        encoding="utf-8",
    )
    result = kg_process("build", corpus, "--out", tmp_path / "out")
    assert result.returncode == 1, result.stderr
    assert "corrections.yaml:5: &l0: anchors (&) and aliases (*) are not allowed" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out" / "graph.ttl").exists()


@pytest.mark.parametrize("file_name", ["patterns.yaml", "lexicon.yaml"])
def test_yaml_alias_bomb_in_a_rules_folder_is_refused_fast_with_file_and_line(tmp_path, file_name):
    rules = rules_copy(tmp_path / "rules")
    if file_name == "patterns.yaml":
        line = append(
            rules / file_name,
            "- id: bomb\n  kind: person\n  pattern: 'x'\n" + alias_bomb("description"),
        )
        line += 3
    else:
        line = append(rules / file_name, "BOMB:\n" + alias_bomb("words"))
        line += 1
    result = kg_process("build", RULES_CORPUS, "--rules", rules, "--out", tmp_path / "out")
    assert result.returncode == 1, result.stderr
    assert f"{file_name}:{line}: &l0: anchors (&) and aliases (*) are not allowed" in result.stderr
    assert "Traceback" not in result.stderr


# --- finding: values of the wrong type ------------------------------------------------------


@pytest.mark.parametrize(
    "file_name, entry, message",
    [
        (
            "corrections.yaml",
            "- id: listed\n  action: [reject]\n  entity: Kanaleneiland\n  reason: a place\n",
            "corrections.yaml:{line}: listed: action: "
            "must be a text (in quotes if need be), not a list",
        ),
        (
            "corrections.yaml",
            "- id: listed\n  action: reject\n  entity: {name: Kanaleneiland}\n  reason: a place\n",
            "corrections.yaml:{line}: listed: entity: "
            "must be a text (in quotes if need be), not a mapping",
        ),
        (
            "patterns.yaml",
            (
                "- id: listed\n  kind: [person]\n  description: d\n  pattern: 'x'\n"
                "  examples: [{text: x, expect: [{person: x}]}]\n"
            ),
            "patterns.yaml:{line}: listed: kind: must be a text (in quotes if need be), not a list",
        ),
        (
            "patterns.yaml",
            (
                "- id: listed\n  kind: person\n  description: d\n  pattern: ['x']\n"
                "  examples: [{text: x, expect: [{person: x}]}]\n"
            ),
            "patterns.yaml:{line}: listed: pattern: "
            "must be a text (in quotes if need be), not a list",
        ),
        (
            "patterns.yaml",
            (
                "- id: listed\n  kind: person\n  description: d\n  pattern: 'x'\n"
                "  examples: [{text: x, expect: [{person: [x]}]}]\n"
            ),
            (
                "patterns.yaml:{line}: listed: example 1 (line {next}): "
                "expectation {{person: ['x']}}: person must be a text, not a list"
            ),
        ),
    ],
)
def test_wrong_value_type_is_reported_with_file_and_line(tmp_path, file_name, entry, message):
    corpus = tmp_path / "corpus"
    shutil.copytree(RULES_CORPUS, corpus)
    if file_name == "corrections.yaml":
        (corpus / file_name).write_text("# corrections\n", encoding="utf-8")
        line = append(corpus / file_name, entry)
        result = kg("build", corpus, "--out", tmp_path / "out")
    else:
        rules = rules_copy(tmp_path / "rules")
        line = append(rules / file_name, entry)
        result = kg("rules", "test", "--rules", rules)
    assert result.exit_code == 1, result.output  # 2 would be an internal error
    assert message.format(line=line, next=line + 4) in result.stderr


# --- finding: a catastrophic pattern --------------------------------------------------------

SHOUT = (
    "- id: person-shout\n  kind: person\n  description: A name shouted.\n"
    "  pattern: '(?P<name>(?:[A-Za-z]+\\s?)+)!'\n"
    '  examples:\n    - text: "Jan Jansen!"\n      expect: [{person: "Jan Jansen"}]\n'
)


def test_catastrophic_rule_is_stopped_on_a_200_character_sentence_named_and_the_rest_extracted(
    tmp_path,
):
    rules = rules_copy(tmp_path / "rules")
    append(rules / "patterns.yaml", SHOUT)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sentence = "De gemeente besteedt " + " ".join(["veel"] * 35) + " geld"
    assert len(sentence) == 200 and "!" not in sentence
    (corpus / "tekort.txt").write_text(
        "Tekort in de wijk\n\nWethouder Karin van Lieshout-Dekker zag het tekort groeien. "
        f"{sentence}. Het RIVM schreef een rapport over de wijk.\n",
        encoding="utf-8",
    )
    result = kg_process("build", corpus, "--rules", rules, "--out", tmp_path / "out", "--quiet")
    assert result.returncode == 0, result.stderr
    warning = next(line for line in result.stderr.splitlines() if "person-shout" in line)
    assert warning.startswith("warning tekort.txt")  # shown even with --quiet
    assert "tekort.txt" in warning and "ran out of time" in warning
    # the sentence it ran out on is quoted: the long one, or on a loaded machine the first
    assert "De gemeente besteedt veel" in warning or "Wethouder Karin" in warning
    graph = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert '"Karin van Lieshout-Dekker"' in graph  # a fact of the sentence before
    assert '"Rijksinstituut voor Volksgezondheid en Milieu"' in graph  # and of the sentence after


def test_rules_test_warns_about_nested_quantifiers_with_rule_id_and_file_line(tmp_path):
    rules = rules_copy(tmp_path / "rules")
    line = append(rules / "patterns.yaml", SHOUT)
    result = kg("rules", "test", "--rules", rules, "person-shout")
    assert result.exit_code == 0, result.output
    assert re.search(
        rf"warning: patterns\.yaml:{line}: person-shout: pattern: nested quantifiers in "
        r"“\(\?:\[A-Za-z\]\+\\s\?\)\+”",
        result.stderr,
    ), result.stderr
    assert (
        "warning" not in kg("rules", "test", "person-role-name").stderr
    )  # kg's own rules have none


# --- finding: kg correct on a file it cannot simply append to ---------------------------------

FLOW = """\
# Corrections kept by hand; please keep the order
[
  # a neighbourhood, read as a person
  {id: kanaleneiland-is-no-person, action: reject, entity: Kanaleneiland, reason: a neighbourhood},
]
"""
MARKERS = """\
--- # corrections for the two articles
- id: kanaleneiland-is-no-person   # read as a person
  action: reject
  entity: Kanaleneiland
  reason: a neighbourhood
...
# what follows the end marker is not read by YAML
"""
START_ONLY = (
    "--- # corrections\n# a neighbourhood\n- {id: kanaleneiland-is-no-person, action: reject, "
    "entity: Kanaleneiland, reason: a neighbourhood}\n"
)
EMPTY = "# no corrections yet\n[]  # add them below\n# the end\n"


@pytest.mark.parametrize(
    "text, refused",
    [(FLOW, "flow-style list"), (MARKERS, "'...'"), (START_ONLY, None), (EMPTY, None)],
)
def test_kg_correct_on_flow_style_or_marked_file_keeps_every_line_or_refuses_clearly(
    tmp_path, text, refused
):
    corpus = tmp_path / "corpus"
    shutil.copytree(RULES_CORPUS, corpus)
    path = corpus / "corrections.yaml"
    path.write_text(text, encoding="utf-8")
    result = kg(
        "correct", "reject", "--entity", "Ilse de Groot", "--reason", "test", "--corpus", corpus
    )
    after = path.read_text(encoding="utf-8")
    if refused:
        assert result.exit_code == 1, result.output
        assert after == text
        message = result.stderr.strip()
        assert message.startswith("Error: ") and "\n" not in message and refused in message
        assert "run the command again; nothing was changed" in message
    else:
        assert result.exit_code == 0, result.output
        kept = [line.replace("[]", "").rstrip() for line in text.splitlines()]
        assert [line for line in after.splitlines() if line in kept] == kept  # every line, in order
        assert "entity: Ilse de Groot" in after
        assert yaml.safe_load(after)[-1]["id"] == "reject-ilse-de-groot"
