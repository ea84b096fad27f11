"""A word list as a regex trie: `(?:wet(?:houders?|ten)?|…)` instead of
`(?:wethouders|wethouder|…)`.

Python's `re` tries the branches of an alternation one by one at every position, so a
pattern that opens with a list of 300 roles costs 300 attempts per character; as a trie it
costs one or two. The trie matches exactly the same strings, and where one word is the
start of another it tries the longer first, as the longest-first alternation did.
"""

from __future__ import annotations

import re

SPACE = r"\s+"
"""What a space in a listed word matches: "spreekt van" also matches "spreekt\\nvan"."""


def trie_regex(words: list[str]) -> str:
    """A non-capturing regex that matches any of `words` (spaces match any whitespace)."""
    root: dict = {}
    for word in words:
        if not word:
            continue
        node = root
        for atom in _atoms(word):
            node = node.setdefault(atom, {})
        node[""] = {}  # the end of a word
    if not root:
        return "(?!)"  # an empty list matches nothing
    return "(?:" + _emit(root)[0] + ")"


def _atoms(word: str) -> list[str]:
    """The regex pieces of a word: one escaped character each, runs of spaces as SPACE."""
    atoms: list[str] = []
    for char in word:
        if char.isspace():
            if not atoms or atoms[-1] != SPACE:
                atoms.append(SPACE)
        else:
            atoms.append(re.escape(char))
    return atoms


def _emit(node: dict) -> tuple[str, int]:
    """The regex of a subtree, the branches longest first, then (optionally) nothing; and
    the length of its longest word."""
    emitted = sorted(
        (
            (-length - 1, atom, atom + regex)
            for atom, child in node.items()
            if atom
            for regex, length in [_emit(child)]
        )
    )
    branches = [atom for _, atom, _ in emitted]
    parts = [regex for _, _, regex in emitted]
    longest = -emitted[0][0] if emitted else 0
    return _join(node, branches, parts), longest


def _join(node: dict, branches: list[str], parts: list[str]) -> str:
    if not parts:
        return ""
    if "" not in node:
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    if len(parts) == 1 and parts[0] in branches:
        return parts[0] + "?"  # one character: "houders?"
    return "(?:" + "|".join(parts) + ")?"
