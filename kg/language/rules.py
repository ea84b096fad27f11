"""Load the extraction rules of kg/language/data/patterns.yaml: validate every rule, report all
problems at once (file:line: rule-id: message), expand macros and compile."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import RuleError
from kg.extract.registry import KINDS
from kg.language import yamlfile
from kg.language.lexicon import LEXICON_FILE, Lexicon
from kg.language.literals import literal_triggers
from kg.language.rulecheck import (
    check_rule,
    check_types,
    nested_quantifiers,
    nested_quantifiers_warning,
)
from kg.language.rulematch import Guarded, Trigger

PATTERNS_FILE = Path(__file__).parent / "data" / "patterns.yaml"
REGEX_FIELDS = ("pattern", "after", "before", "not_after", "law_basis")
CORE_FIELDS = {"id", "kind", "description", "examples", *REGEX_FIELDS}
LEXICON_MACROS = (
    "SPEECH_VERB",
    "ADVISE_VERB",
    "ADVISE_SPLIT",
    "ADVISE_PARTICLE",
    "OPINION_VERB",
    "MODAL",
    "ROLE",
    "WORK_NOUN",
    "PRONOUN",
    "AUTHOR_REF",
    "ACTOR_NOUN",
    "ADVISE_PARTICIPLE",
    "IMPERATIVE",
    "LAW_TITLE_STOP",
    "BODY_COMPOUND_END",
    "ORG_NAME_OPENER",
)
# capitalised words that open or end a proper name: matched as written
CASED_MACROS = ("ORG_HEAD", "ORG_TAIL", "BODY_HEAD")
UPPER = "A-ZÀ-ÖØ-Ý\u0100-\u017f"  # Latin-1 and Latin Extended-A: "Şahin", "Yıldız", "Čapek"
LOWER = "a-zß-öø-ÿ\u0100-\u017f"


_TRIGGERS: dict[str, Trigger] = {}


def _trigger(regex: str) -> Trigger:
    """One Trigger per distinct regex, shared by the rules that need it."""
    if regex not in _TRIGGERS:
        _TRIGGERS[regex] = Trigger(re.compile(regex, re.DOTALL))
    return _TRIGGERS[regex]


def triggers(pattern: str, table: dict[str, str]) -> tuple[str, ...]:
    """The word-list groups a match of `pattern` (as written, before macros are expanded)
    must contain: top-level "(?:…)" or "(?i:…)" groups holding a lexicon macro or a list
    of plain words, with no quantifier after them, in a pattern without a top-level "|"."""
    if re.search(r"\(\?[a-zA-Z]+\)", pattern):
        return ()  # a global flag ("(?i)") would have to apply to the triggers too
    found, depth, i = [], 0, 0
    opened: list[int] = []
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":  # a character class: skip to its end
            i = _class_end(pattern, i)
            continue
        if char == "(":
            opened.append(i)
            depth += 1
        elif char == ")" and opened:
            start = opened.pop()
            depth -= 1
            if depth == 0:
                group = pattern[start : i + 1]
                after = pattern[i + 1 : i + 3]
                optional = after[:1] in ("?", "*") or after.startswith("{0")
                named = re.match(r"\(\?P<\w+>(.*)\)$", group, re.DOTALL)
                if named:  # "(?P<role>(?i:{ROLE}))": the group inside
                    group = named.group(1)
                if not optional and _is_word_group(group):
                    found.append(expand(group, table))
        elif char == "|" and depth == 0:
            return ()
        i += 1
    return tuple(found)


def _class_end(pattern: str, i: int) -> int:
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


_LITERAL_PIECE = re.compile(
    r"\(\?i?:|\)\??|\||\\s[+*]|\\b|\?|[^\W\d_]+|\{(?:" + "|".join(LEXICON_MACROS) + r")\}"
)


def _is_word_group(group: str) -> bool:
    """A non-capturing group of words, word lists and spaces only: "(?i:\\bpleit(?:te|en)?)",
    "(?:{ADVISE_VERB})"; no wildcard, class or capture that would make it match anywhere."""
    if not re.match(r"\(\?i?:", group):
        return False
    pos = 0
    while pos < len(group):
        piece = _LITERAL_PIECE.match(group, pos)
        if not piece:
            return False
        pos = piece.end()
    return bool(re.search(r"[^\W\d_]{2,}|\{", group))


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    description: str
    line: int
    regex: dict[str, Guarded]  # field name -> compiled pattern
    options: dict = field(default_factory=dict)  # attribution, to, …: kg/extract/registry.py
    examples: tuple[dict, ...] = ()

    def search(self, field_name: str, text: str):
        pattern = self.regex.get(field_name)
        return pattern.search(text) if pattern else None


@dataclass
class RuleSet:
    rules: list[Rule]
    lexicon: Lexicon
    version: str  # hash of the rule and lexicon files: a changed rule changes the graph
    name_regex: re.Pattern  # a personal name, whole: "Jos van der Lans", "Van Rijn"
    warnings: list[str] = field(default_factory=list)  # file:line: rule-id: what may be slow
    _kinds: dict[str, tuple[Rule, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def of_kind(self, kind: str) -> list[Rule]:
        """The rules of one kind, in file order (the passes ask for every sentence)."""
        if not self._kinds:
            for rule in self.rules:
                self._kinds[rule.kind] = (*self._kinds.get(rule.kind, ()), rule)
        return list(self._kinds.get(kind, ()))

    def get(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)


def macros(lexicon: Lexicon) -> dict[str, str]:
    """The {NAME} pieces patterns are written with."""
    particles = sorted(lexicon.words("PARTICLE"), key=len, reverse=True)
    particle = "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in particles) + ")"
    first = f"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?"
    # "Kuipers-van Dijk": a double surname may join a particle with a hyphen.
    # "Kuipers-van Dijk", "Tjon-A-Loi": hyphenated parts, a particle may follow a hyphen
    surname = f"[{UPPER}][{LOWER}’']+(?:-(?:{particle}\\s+)?[{UPPER}](?:[{LOWER}]+|(?=-)))*"
    particle_cap = (
        "(?:"
        + "|".join(
            re.escape(p[0].upper() + p[1:]).replace(r"\ ", r"\s+")
            for p in particles
            if p[0].isalpha()
        )
        + ")"
    )
    titles = "|".join(re.escape(t) for t in lexicon.words("TITLE"))
    title = f"(?:(?i:{titles})\\s*)*"
    # "prof. dr. Hendrik Meulenbelt", "Harm Jan Wissink", "Femke Oude Luttikhuis", initials
    name = (
        f"(?:{title}(?:{first}(?:\\s+{first}(?=\\s+[{UPPER}]))?\\s+(?:{particle}\\s+|{particle_cap}\\s+)?{surname}"
        f"|{particle_cap}\\s+{surname}"
        f"|(?:[{UPPER}]\\.\\s?){{1,5}}(?:{particle}\\s+)?{surname}))"  # "M.J. van Dijk"
    )
    single = f"[{UPPER}](?:[\\w’'&-]|\\.(?=\\w))*"
    # A proper name, and (only when the rest of a pattern needs it) one lower-case word
    # more: "De Nationale ombudsman beveelt aan".
    org_name = (
        f"{single}(?:\\s+(?:(?:voor|van|en|&|der|de|het)\\s+)?{single})*"
        f"(?:\\s+\\([{UPPER}][\\w&-]*\\))?(?:\\s+[{LOWER}]+)??"
    )
    role = f"(?i:(?<!\\w)(?-i:[{UPPER}]?[{LOWER}]{{2,}})?(?:{lexicon.alt('ROLE')}))"
    ref = (
        f"(?:(?i:{lexicon.alt('AUTHOR_REF')})"
        f"|(?:{role}\\s+)?{name}(?:\\s+en\\s+(?:{particle}\\s+)?(?:{name}|{surname}))?(?![\\w-])"
        f"(?:\\s*\\([^()]{{1,40}}\\))?"
        f"|(?:{role}\\s+)?(?:(?:de|het|De|Het)\\s+)?(?:(?i:ministerie|gemeente|provincie)\\s+(?:van\\s+)?)?{org_name}"
        f"(?:\\s+en\\s+(?:{particle}\\s+)?{single}(?:\\s+{single})*)?"
        f"|(?:[Dd]e|[Hh]et)\\s+{role}(?:s|en)?\\b"
        f"|(?:[Dd]e|[Hh]et)\\s+(?i:{lexicon.alt('ACTOR_NOUN')})(?:s|en)?\\b"
        f"|(?<![Ii]n\\s)(?<![Uu]it\\s)(?:[Dd]e|[Hh]et)\\s+(?i:rapport|advies|onderzoek|studie|evaluatie)\\b"
        f"|(?:[Ee]en|[Dd]e)\\s+woordvoer(?:der|ster)\\b"
        f"|(?:(?i:de|het)\\s+)?[{LOWER}-]*(?:teams?|organisaties?|gemeenten?|overheid|overheden|instellingen"
        f"|aanbieders|onderzoekers|auteurs|schrijvers|makers)\\b"
        f"|\\b(?i:{lexicon.alt('PRONOUN')})\\b)"
    )
    table = {m: "(?i:" + lexicon.alt(m) + ")" for m in LEXICON_MACROS}
    # a compound of a role is a role: "regiomanager", "contractmanager"
    table["ROLE"] = f"(?i:(?<!\\w)(?-i:[{UPPER}]?[{LOWER}]{{2,}})?(?:{lexicon.alt('ROLE')}))"
    table.update({m: lexicon.alt(m) for m in CASED_MACROS})
    # "wethouder Financiën", "lector Jeugd", "hoogleraar Jeugd en gezin",
    # "beleidsadviseur mantelzorg"
    portfolio = f"(?i:{lexicon.alt('PORTFOLIO')})"
    # atomic: a portfolio after a role is never read as a name ("lector Informele zorg")
    role_tail = (
        f"(?>(?:\\s+{portfolio}(?:\\s+(?:en|&)\\s+{portfolio})*(?![\\w-])"
        f"|\\s+\\((?i:{lexicon.alt('PORTFOLIO')})\\))?)"
    )
    table.update(
        ROLE_TAIL=role_tail, RELATIVE=r"(?:\s*,\s+[^,‘“\"]{3,80},)?"
    )  # "X, die in Deventer werkt, …", "X, beleidsadviseur bij Y, …"
    table.update(
        FIRST=first,
        SURNAME=surname,
        PARTICLE=particle,
        PARTICLE_CAP=particle_cap,
        NAME=name,
        REF=ref,
        UPPER=UPPER,
        LOWER=LOWER,
    )
    return table


def expand(pattern: str, table: dict[str, str]) -> str:
    def sub(m: re.Match) -> str:
        if m.group(1) not in table:
            raise KeyError(m.group(1))
        return table[m.group(1)]

    return re.sub(r"\{([A-Z_]+)\}", sub, pattern)


def rule_files(folder: Path) -> tuple[Path, Path]:
    """patterns.yaml and lexicon.yaml of a rules folder (a copy of kg/language/data/ to edit)."""
    folder = Path(folder)
    paths = (folder / PATTERNS_FILE.name, folder / LEXICON_FILE.name)
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        raise RuleError(
            [
                (
                    f"{folder}: no {' or '.join(missing)} in this rules folder "
                    f"(copy kg/language/data/ to start one: `kg rules list` shows where it is)"
                )
            ]
        )
    return paths


def load_rules(path: Path = PATTERNS_FILE, lexicon_path: Path = LEXICON_FILE) -> RuleSet:
    """Read, validate and compile the rules; raise RuleError listing every problem."""
    lexicon = Lexicon.load(lexicon_path)
    raw, root = yamlfile.read(path, RuleError)  # no anchors or aliases
    items = yamlfile.construct(root, path.name, RuleError, lines=True) or []
    table = macros(lexicon)
    problems: list[str] = []
    rules: list[Rule] = []
    warnings = list(lexicon.warnings)
    seen: dict[str, int] = {}
    for item, node in zip(items, root.value, strict=True) if isinstance(items, list) else ():
        if not isinstance(item, dict):
            problems.append(
                f"{path.name}:{node.start_mark.line + 1}: a rule must be a mapping with id, kind, "
                f"description, not {yamlfile.type_name(item)}"
            )
            continue
        line = item.pop(yamlfile.LINE)
        where = f"{path.name}:{line}"
        wrong = check_types(item, ("id", "kind", "description", *REGEX_FIELDS))
        if wrong:  # checked before anything is made of the values
            rule_id = item.get("id") if isinstance(item.get("id"), str) else "?"
            problems += [f"{where}: {rule_id}: {p}" for p in wrong + check_rule(item, CORE_FIELDS)]
            continue
        rule_id = str(item.get("id", "?"))
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", rule_id):
            problems.append(f"{where}: {rule_id}: id must be lower-case words joined by '-'")
        if rule_id in seen:
            problems.append(f"{where}: {rule_id}: duplicate id (first at line {seen[rule_id]})")
        seen.setdefault(rule_id, line)
        kind = item.get("kind")
        if kind not in KINDS:
            problems.append(
                f"{where}: {rule_id}: unknown kind {kind!r} (one of {', '.join(sorted(KINDS))})"
            )
        if not item.get("description"):
            problems.append(f"{where}: {rule_id}: needs a description")
        compiled = {}
        for name in REGEX_FIELDS:
            if name in item:
                try:
                    regex = re.compile(expand(str(item[name]), table), re.DOTALL)
                    found = literal_triggers(regex) + triggers(str(item[name]), table)
                    compiled[name] = Guarded(
                        regex,
                        f"rule {rule_id}" + (f" ({name})" if name != "pattern" else ""),
                        tuple(_trigger(t) for t in dict.fromkeys(found)),
                    )
                except KeyError as e:
                    problems.append(f"{where}: {rule_id}: {name}: unknown macro {{{e.args[0]}}}")
                except (re.error, RecursionError) as e:  # RecursionError: nested too deeply
                    problems.append(f"{where}: {rule_id}: {name}: bad regular expression: {e}")
                warnings += [
                    f"{where}: {rule_id}: {name}: {nested_quantifiers_warning(group)}"
                    for group in nested_quantifiers(str(item[name]))
                ]
        examples = item.get("examples") or []
        if not examples:
            problems.append(f"{where}: {rule_id}: needs at least one example")
        problems += [
            f"{where}: {rule_id}: {p}" for p in check_rule(item, CORE_FIELDS)
        ]  # kg/language/rulecheck.py
        examples = (
            [ex for ex in examples if isinstance(ex, dict)] if isinstance(examples, list) else []
        )
        for ex in examples:
            ex.pop(yamlfile.LINE, None)
            for fact in ex.get("expect") or [] if isinstance(ex.get("expect"), list) else []:
                if isinstance(fact, dict):
                    fact.pop(yamlfile.LINE, None)
        options = {
            k: v
            for k, v in item.items()
            if k not in {"id", "kind", "description", "examples", *REGEX_FIELDS}
        }
        rules.append(
            Rule(
                rule_id,
                str(kind),
                str(item.get("description", "")),
                line,
                compiled,
                options,
                tuple(examples),
            )
        )
    if not isinstance(items, list):
        problems.append(f"{path.name}: expected a list of rules")
    if problems:
        raise RuleError(problems)
    digest = hashlib.sha256(raw.encode() + lexicon_path.read_bytes()).hexdigest()[:16]
    return RuleSet(rules, lexicon, digest, re.compile(table["NAME"]), warnings)
