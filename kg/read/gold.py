"""Gold answers for `kg eval`: reading an analyst's annotations and matching a cell to them.

One TOML file per article (the format of the project's evaluation sets): the article's
`document` (file name), its `title` and `author`, and for each question a list of gold
items. A label is a list of acceptable spellings, compared after `fold`; `""` among them
means "nothing stated" is right too; `key` is a phrase that must occur in an extracted
text; `optional = true` marks an item a row may match without it helping or hurting.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError

LEADING_ARTICLES = ("de ", "het ", "een ")

ITEM_LISTS = (
    "actors",
    "laws",
    "responsibilities",
    "recommendations",
    "statements",
    "works",
    "affiliations",
    "places",
    "topics",
)
"""The questions whose answers a gold file lists item by item."""


class GoldError(KgError):
    """A gold folder or file that cannot be read; the message names the file and the field."""


def fold(text: str) -> str:
    """A cell as compared: no accents, case, quotes or punctuation, spaces collapsed, and
    no leading "de", "het" or "een" (so "De gemeente" and "gemeente" are one answer)."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = " ".join("".join(c if c.isalnum() else " " for c in text).split())
    for article in LEADING_ARTICLES:
        if text.startswith(article):
            text = text[len(article) :]
    return text


@dataclass(frozen=True)
class GoldItem:
    """One expected answer: for each gold field, its spellings as written."""

    fields: dict[str, tuple[str, ...]]
    optional: bool = False
    documents: tuple[str, ...] = ()  # the gold files' articles it stands for

    def spellings(self, name: str) -> set[str]:
        """The folded spellings of a field; an absent field accepts only "nothing stated"."""
        return {fold(s) for s in self.fields.get(name, ("",))}

    def shown(self) -> dict[str, object]:
        """The item as written, for a report: one spelling where there is one, else the list."""
        return {k: v[0] if len(v) == 1 else list(v) for k, v in self.fields.items()}


@dataclass
class GoldDocument:
    """The gold answers for one article."""

    path: Path
    document: str  # the article's file name
    title: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    items: dict[str, list[GoldItem]] = field(default_factory=dict)

    def covers(self, file_name: str) -> bool:
        """Whether a document of the graph, by its file name, is this gold file's article:
        the name holds the article's stem, or (for a renamed file) equals its title."""
        name = fold(file_name)
        return bool(name) and (
            fold(Path(self.document).stem) in name or any(fold(t) == name for t in self.title)
        )


def read_gold(folder: Path) -> list[GoldDocument]:
    """Every gold file (*.toml) in `folder`, in name order; GoldError on the first problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GoldError(f"{folder}: no such folder of gold files")
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        raise GoldError(f"{folder}: no gold files (*.toml) in this folder")
    golds = [_read_file(p) for p in paths]
    seen: dict[str, Path] = {}
    for g in golds:
        if g.document in seen:
            raise GoldError(
                f"{g.path}: {seen[g.document].name} already annotates {g.document}; "
                "one gold file per article"
            )
        seen[g.document] = g.path
    return golds


def _read_file(path: Path) -> GoldDocument:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise GoldError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except tomllib.TOMLDecodeError as error:
        raise GoldError(f"{path}: cannot read as TOML: {error}") from None
    document = data.get("document")
    if not isinstance(document, str) or not document.strip():
        raise GoldError(f'{path}: no `document = "<the article\'s file name>"`')
    gold = GoldDocument(
        path,
        document.strip(),
        _spellings(data.get("title", []), path, "title"),
        _spellings(data.get("author", []), path, "author"),
    )
    for name in ITEM_LISTS:
        entries = data.get(name, [])
        if not isinstance(entries, list):
            raise GoldError(f"{path}: {name}: expected a list of {{ … }} items")
        gold.items[name] = [
            _item(entry, path, f"{name}[{i}]", gold.document) for i, entry in enumerate(entries)
        ]
    return gold


def _item(entry, path: Path, where: str, document: str) -> GoldItem:
    if not isinstance(entry, dict):
        raise GoldError(f"{path}: {where}: expected an item {{ field = [...], … }}")
    optional = entry.get("optional", False)
    if not isinstance(optional, bool):
        raise GoldError(f"{path}: {where}.optional: expected true or false")
    fields = {
        k: _spellings(v, path, f"{where}.{k}")
        for k, v in entry.items()
        if k not in ("optional", "kind", "identifier")  # described, not compared
    }
    return GoldItem(fields, optional, (document,))


def _spellings(value, path: Path, where: str) -> tuple[str, ...]:
    """A label's spellings: a list of strings (a lone string is one spelling)."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise GoldError(f'{path}: {where}: expected a list of spellings, as ["…", "…"]')


# --- matching one row against gold items ------------------------------------------------


def label_matches(cell: str, item: GoldItem, name: str) -> bool:
    """The cell is one of the item's spellings of `name` (an empty cell: "" is among them)."""
    return fold(cell) in item.spellings(name)


def key_in_text(text: str, item: GoldItem, name: str = "key") -> bool:
    """One of the item's key phrases occurs in the extracted text."""
    folded = fold(text)
    return any(k in folded for k in item.spellings(name))


def recipients_match(cell: str, item: GoldItem, name: str = "to") -> bool:
    """Every recipient in the cell ("a; b") is an accepted one; a cell naming none is right
    only when the item accepts "" (the article names no addressee)."""
    accepted = item.spellings(name)
    named = [fold(part) for part in cell.split(";") if fold(part)]
    return all(n in accepted for n in named) if named else "" in accepted


def merge_across_documents(items: list[GoldItem], names: list[str]) -> list[GoldItem]:
    """Items for the same thing in several articles as one item (an entity counts once).

    Two required items are the same when every field in `names` shares a spelling; the
    merged item accepts the spellings of both. Optional items only excuse rows: never merged.
    """
    merged: list[GoldItem] = []
    for item in items:
        same = None
        if not item.optional:
            same = next(
                (
                    i
                    for i, m in enumerate(merged)
                    if not m.optional and all(m.spellings(n) & item.spellings(n) for n in names)
                ),
                None,
            )
        if same is None:
            merged.append(item)
            continue
        into = merged[same]
        fields = dict(into.fields)
        for n in names:
            if n in fields:
                fields[n] = fields[n] + tuple(
                    s for s in item.fields.get(n, ()) if s not in fields[n]
                )
        documents = into.documents + tuple(d for d in item.documents if d not in into.documents)
        merged[same] = GoldItem(fields, False, documents)
    return merged
