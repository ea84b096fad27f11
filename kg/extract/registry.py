"""Every kind of thing kg extracts, in one list: the pass that finds it, the rule kinds of
patterns.yaml it reads, the options those rules may set (each value a named handler of
the pass) and what their examples may expect.

The rule loader's kinds and option checks (kg/language/rules.py, rulecheck.py) and the
example checks (kg/extract/examples.py) are derived from RELATIONS: a new relation kind
is registered here, and nowhere else. This module is data only (it imports nothing of
kg), so the rule loader can read it without importing the passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Option:
    """A key a rule may set beside its patterns."""

    meaning: str
    values: dict[str, str] = field(default_factory=dict)  # named handler -> what it does
    flag: bool = False  # true or false (else a text: one of `values`, or any when none)
    kind: str = ""  # only for rules of this kind ("" = any kind the relation reads)


@dataclass(frozen=True)
class Expect:
    """A fact an example may expect: the key that names it, the keys it may (or must) add,
    and for an entity the classes that satisfy it."""

    head: str
    keys: frozenset[str] = frozenset()
    must: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Relation:
    name: str
    run: str  # "module:function" of the pass; mentions.py finds the entity kinds
    rule_kinds: tuple[str, ...]
    options: dict[str, Option] = field(default_factory=dict)
    expects: tuple[Expect, ...] = ()


_ACTORS = frozenset({"Person", "Organisation", "GovernmentBody", "Group", "Municipality"})
MENTIONS = "kg.extract.mentions:find_mentions"

RELATIONS: dict[str, Relation] = {
    r.name: r
    for r in (
        Relation(
            "person",
            MENTIONS,
            ("person",),
            {
                "requires": Option(
                    "a condition on the rest of the document",
                    {
                        "surname-elsewhere": "the surname is named elsewhere with a first name",
                        "coordinated-with-person": "'en' joins it to a person found otherwise",
                    },
                ),
                "single_word": Option("a one-word name is allowed", flag=True),
            },
            (Expect("person", classes=frozenset({"Person"})),),
        ),
        Relation(
            "organisation",
            MENTIONS,
            ("organisation",),
            {"not_a_surname": Option("no match when a surname follows the first name", flag=True)},
            (
                Expect(
                    "organisation", classes=frozenset({"Organisation", "GovernmentBody", "Group"})
                ),
            ),
        ),
        Relation("law", MENTIONS, ("law",), {}, (Expect("statute", classes=frozenset({"Law"})),)),
        Relation(
            "municipality",
            MENTIONS,
            ("municipality",),
            {"council": Option("a municipal council ('de gemeenteraad van X')", flag=True)},
            (Expect("actor", classes=_ACTORS),),
        ),
        Relation(
            "place",
            MENTIONS,
            ("place",),
            {"place_kind": Option("the kg:placeKind of the place found")},
            (Expect("place", classes=frozenset({"Place"})),),
        ),
        Relation(
            "statement",
            "kg.extract.statements:statements",
            ("quote", "statement"),
            {
                "attribution": Option(
                    "who said a quotation that names no speaker (the rule has no pattern)",
                    {
                        "introduced": "the person a sentence (or clause) just opened with",
                        "interview-answer": "in an interview, the one interviewed, "
                        "for a quotation that opens the paragraph after a question",
                        "carried-over": "the speaker quoted just before, in this paragraph "
                        "or the one before",
                    },
                    kind="quote",
                ),
                "says": Option(
                    "what was said, where it is not the match",
                    {
                        "previous-sentence": "the sentence before ('… Dat stelt X.')",
                        "speaker-turn": "a speaker's turn in a debate, minutes or transcript, "
                        "from a label ('De heer Smit (SGP):') up to the next one: one statement, "
                        "all of it in their voice",
                        "interview-answer": "in an interview, the answer below a question, "
                        "unquoted: one statement of the person interviewed (the rule has no "
                        "pattern)",
                    },
                    kind="statement",
                ),
            },
            (Expect("statement", frozenset({"speaker"}), must=frozenset({"speaker"})),),
        ),
        Relation(
            "recommendation",
            "kg.extract.recommendations:recommendations",
            ("recommendation",),
            {
                "match": Option(
                    "what the rule finds (a pattern, unless it says)",
                    {
                        "modal-verb": "an actor that must or should ('Gemeenten moeten …'), "
                        "advised by the voice of the sentence",
                        "advice-list": "the pattern matches a lead-in ('De Raad doet drie "
                        "aanbevelingen:'); each item of the list after it is advice of the "
                        "lead-in's `by`, to its `mid`",
                    },
                ),
                "to": Option(
                    "who is advised, where no group of the pattern names them",
                    {
                        "modal-subject": "the subject of the modal verb in the match",
                        "named": "the actors the `mid` group names; no advice when it names "
                        "none ('X vraagt extra geld om …' asks no one)",
                    },
                ),
                "by": Option(
                    "who advises, where no group of the pattern names them",
                    {
                        "same-adviser": "the adviser of another rule's match that this one "
                        "continues ('…, en roept gemeenten op …'); never tried alone"
                    },
                ),
            },
            (Expect("recommendation", frozenset({"by", "to"})),),
        ),
        Relation(
            "work",
            "kg.extract.works:works",
            ("work",),
            {
                "order": Option(
                    "the order of title and kind of work",
                    {"title-noun": "the title comes before the kind of work"},
                ),
                "work_kind": Option(
                    "the kind of work where the pattern names none",
                    {"magazine": "a magazine a piece appeared in: its title, no maker"},
                ),
            },
            (Expect("work", frozenset({"creator", "kind"})),),
        ),
        Relation(
            "affiliation",
            "kg.extract.affiliations:affiliations",
            ("affiliation",),
            {
                "organisation": Option(
                    "whether an affiliation needs an organisation",
                    {
                        "required": "no affiliation without the organisation the pattern names",
                        "signature": "where the pattern names none, the body a signature "
                        "opens with ('Algemene Rekenkamer,' above its signers)",
                    },
                )
            },
            (Expect("role", frozenset({"person", "organization"}), must=frozenset({"person"})),),
        ),
        Relation(
            "responsibility",
            "kg.extract.responsibilities:responsibilities",
            ("responsibility",),
            {
                "subject": Option(
                    "what the subject of the trigger is",
                    {"law": "the law; the actor follows the verb ('De Jeugdwet verplicht hen')"},
                ),
                "basis": Option(
                    "whether the law must be named as the duty's basis",
                    {"required": "only with 'op grond van', 'krachtens' … before the law"},
                ),
            },
            (Expect("law", frozenset({"actor"}), must=frozenset({"actor"})),),
        ),
        Relation("topic", "kg.extract.topics:topics", ()),
    )
}
"""In the order their examples' expectations are read: entities, then relations."""

KINDS = frozenset(k for r in RELATIONS.values() for k in r.rule_kinds)
"""The rule kinds patterns.yaml may use."""

EXPECTS = [e for r in RELATIONS.values() for e in r.expects]
EXPECT = {e.head: set(e.keys) for e in EXPECTS}
"""What an example can expect: the key that says what kind of fact, and the keys it may add."""
MUST = {e.head: set(e.must) for e in EXPECTS if e.must}
FACT_HEADS = tuple(e.head for e in EXPECTS if not e.classes)
"""Heads of relation facts, in the order an expectation is read."""
ENTITY_KINDS = {e.head: set(e.classes) for e in EXPECTS if e.classes}
"""Heads of entity expectations and the entity classes that satisfy each."""


def options_of(kind: object) -> dict[str, Option]:
    """The options a rule of `kind` may set (every option when the kind is unknown)."""
    known = isinstance(kind, str) and kind in KINDS
    relations = [r for r in RELATIONS.values() if known and kind in r.rule_kinds]
    return {
        name: option
        for r in relations or RELATIONS.values()
        for name, option in r.options.items()
        if not known or not option.kind or option.kind == kind
    }
