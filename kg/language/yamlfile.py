"""The one YAML reader of kg's data files: rules (patterns.yaml, lexicon.yaml), reference
data and the analyst's corrections.yaml.

A rules folder or a corpus folder may come from someone else, so these files are read as
untrusted input. YAML lets a node be named (`&a`) and repeated by reference (`*a`): ten
short lines can stand for a billion values ("billion laughs"), which cost minutes and
gigabytes before any check could see them. None of kg's files needs an anchor or an
alias, so both are refused as they are read, with the file and line, before a single
value is built. Only plain YAML types are built (safe loading: no Python objects).
"""

from __future__ import annotations

import yaml

LINE = "__line__"
"""The key under which a mapping read with `lines=True` keeps the line it starts on."""


class _Loader(yaml.SafeLoader):
    """Safe loading that refuses anchors and aliases at the event that carries them."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            raise _Refused(
                f"{sign}{event.anchor}: anchors (&) and aliases (*) are not allowed in this file "
                f"(a few lines of them can stand for billions of values); write each value out",
                event.start_mark,
            )
        return super().compose_node(parent, index)


class _LineLoader(_Loader):
    """Each mapping also holds the line it starts on (LINE), for messages that point into the
    file."""


def _mapping_with_line(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


class _Refused(yaml.MarkedYAMLError):
    def __init__(self, problem: str, mark):
        super().__init__(problem=problem, problem_mark=mark)


def parse(text: str, name: str, error) -> yaml.Node | None:
    """The node tree of `text` (None if empty); `error([message])` (a KgError taking a list of
    problems) is raised with "name:line: …" for bad YAML, an anchor or an alias."""
    try:
        return _Loader(text).get_single_node()
    except yaml.reader.ReaderError as e:  # a control character: no mark, a position
        line = text[: e.position].count("\n") + 1
        shown = f"U+{e.character:04X}" if isinstance(e.character, int) else repr(e.character)
        raise error(
            [f"{name}:{line}: not valid YAML: the character {shown} is not allowed"]
        ) from None
    except yaml.YAMLError as e:
        raise error([_message(e, name)]) from None
    except RecursionError:
        raise error([f"{name}: nested too deeply to read"]) from None


def construct(node: yaml.Node | None, name: str, error, lines: bool = False):
    """The Python value of a node from `parse`: dicts, lists, text, numbers, booleans."""
    if node is None:
        return None
    loader = (_LineLoader if lines else _Loader)("")
    try:
        return loader.construct_document(node)
    except yaml.YAMLError as e:  # an unhashable key, a bad timestamp, …
        raise error([_message(e, name)]) from None
    except RecursionError:
        raise error([f"{name}: nested too deeply to read"]) from None


def load_yaml(text: str, name: str, error, lines: bool = False):
    """`text` read as YAML (see parse and construct); with `lines`, each mapping holds LINE."""
    return construct(parse(text, name, error), name, error, lines)


def key_lines(node: yaml.Node | None) -> dict:
    """The line of each key of a mapping node from `parse` ({} for any other node)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        key.value: key.start_mark.line + 1
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }


def _message(e: yaml.YAMLError, name: str) -> str:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    where = f"{name}:{mark.line + 1}" if mark is not None else name
    if isinstance(e, _Refused):
        return f"{where}: {e.problem}"
    context, context_mark = getattr(e, "context", None), getattr(e, "context_mark", None)
    if context and context_mark is not None and mark is not None and context_mark.line != mark.line:
        context += f" (line {context_mark.line + 1})"
    problem = " ".join(" ".join(filter(None, [context, getattr(e, "problem", None)])).split())
    return f"{where}: not valid YAML: {problem or ' '.join(str(e).split())}"


def type_name(value) -> str:
    """How a value of the wrong type is named in a message: "a list", "a mapping", "a number"."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return "a text"
    return f"a {type(value).__name__}"  # a date, a timestamp
