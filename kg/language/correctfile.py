"""Adding an entry to the analyst's corrections.yaml (`kg correct`) as text.

The file is the analyst's: it may hold comments, blank lines and a layout of their own,
and it is kept under version control. So an entry is appended to the text as it is, never
by writing the file out anew, and only once the entry and the file with it are known to
be valid. A file that no entry can be appended to (a flow-style list "[…]", a "..." end
marker) is refused with what to change.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml

from kg.atomic import write_text
from kg.errors import KgError
from kg.extract.model import Correction
from kg.language import yamlfile
from kg.language.corrections import NODES, CorrectionError, parse_corrections
from kg.rdf.iris import slug

HEADER = """\
# Corrections to the facts kg extracts from the articles in this folder, applied at every
# `kg build`. Add entries with `kg correct reject|merge|split|alias …` or by hand; see
# `kg correct --help`. An entry that no longer matches anything is reported by the build.
"""


def new_id(existing: list[Correction], action: str, name: str) -> str:
    """A readable id that is not taken yet: reject-kanaleneiland, reject-kanaleneiland-2, …"""
    base = f"{action}-{slug(name)[:40].strip('-')}".strip("-")
    taken = {c.id for c in existing}
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def append_correction(path: Path, entry: dict) -> Correction:
    """Add one entry to the corrections file (created if need be), atomically, once both the
    entry and the file with it are known to be valid; returns the new correction.

    The entry is appended as text, so every comment and line of the file is kept; a file
    that no entry can be appended to (a flow-style list, a '...' end marker) is refused
    with what to change, never rewritten.
    """
    path = Path(path)
    try:
        old = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as e:
        raise CorrectionError([f"{path}: cannot be read: {e}"]) from None
    existing = parse_corrections(old, path.name)  # a broken file is reported, not overwritten
    entry = {k: v for k, v in entry.items() if v not in (None, "")}
    if not entry.get("id"):
        name = next((entry[k] for k in (*NODES, "subject", "object") if entry.get(k)), "")
        entry = {"id": new_id(existing, str(entry.get("action", "")), str(name)), **entry}
    block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
    try:
        (added,) = parse_corrections(
            block, "new"
        )  # the entry's own problems, before the file is touched
    except CorrectionError as e:
        raise CorrectionError([p.split(": ", 2)[-1] for p in e.problems]) from None
    first = next((c for c in existing if c.id == entry["id"]), None)
    if first:
        raise CorrectionError(
            [f"{path.name}:{first.line}: {first.id}: this id is taken; choose another"]
        )
    new = _appended(old or HEADER, block, path.name, bool(existing))
    try:
        corrections = parse_corrections(new, path.name)
    except CorrectionError:
        corrections = []
    if [replace(c, line=0) for c in corrections] != [
        replace(c, line=0) for c in [*existing, added]
    ]:
        raise KgError(
            f"{path}: kg correct adds an entry by appending it to the file as it is, "
            f"and {_layout(old, path.name)}; nothing was changed"
        )
    write_text(path, new)
    return corrections[-1]


def _appended(old: str, block: str, name: str, has_entries: bool) -> str:
    """The user's text with `block` (a block list of one entry) after it. An empty flow list
    ("[]", which no entry can follow) gives way to it: only those two characters go, every
    comment and line of the file stays."""
    root = yamlfile.parse(old, name, CorrectionError)
    if isinstance(root, yaml.SequenceNode) and root.flow_style and not root.value:
        old = old[: root.start_mark.index] + old[root.end_mark.index :]
    return old + ("" if old.endswith("\n") else "\n") + ("\n" if has_entries else "") + block


def _layout(text: str, name: str) -> str:
    """Why an entry cannot be appended to `text`, and what to change."""
    root = yamlfile.parse(text, name, CorrectionError)
    if isinstance(root, yaml.SequenceNode) and root.flow_style:
        return (
            "this file is a flow-style list ([…]): write each entry on lines of its own, starting "
            "with '- ' (as `kg correct --help` shows), and run the command again"
        )
    if any(
        isinstance(e, yaml.DocumentEndEvent) and e.explicit
        for e in yaml.parse(text, Loader=yaml.SafeLoader)
    ):
        return (
            "the file ends its YAML document with '...', so what comes after it is not read: "
            "remove the '...' line, and run the command again"
        )
    return (
        "the end of this file does not allow it: make the file a list of entries, each starting "
        "with '- ' at the start of a line, and run the command again"
    )
