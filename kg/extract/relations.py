"""From one document's sentences and mentions to facts: the passes of kg/extract, in the
one order that works, and the one place where what they return is merged.

Attributions reach across sentences, so the order matters (see `extract`): the makers
of publications first, then statements (they set who speaks where, and "Dat stelt X"
reaches back one sentence), then everything that needs to know who is speaking where,
then topics over the whole document.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from kg.extract.affiliations import affiliations
from kg.extract.context import Context, Made, Output, digest
from kg.extract.dutch import dutch
from kg.extract.mentions import Mention, find_mentions
from kg.extract.model import Document, Entity, Extraction
from kg.extract.quotes import in_first_person
from kg.extract.recommendations import recommendations
from kg.extract.resolve import is_town, municipality_key
from kg.extract.responsibilities import responsibilities
from kg.extract.statements import statements
from kg.extract.topics import topics
from kg.extract.works import makers, works
from kg.language.reference import Entry, Reference
from kg.language.rulematch import document_time
from kg.language.rules import RuleSet

__all__ = ["KIND_CLASS", "digest", "extract"]

KIND_CLASS = {
    "Person": "kg:Person",
    "Organisation": "kg:Organisation",
    "GovernmentBody": "kg:GovernmentBody",
    "Municipality": "kg:Municipality",
    "Group": "kg:Group",
    "Law": "kg:Law",
    "Place": "kg:Place",
    "Topic": "skos:Concept",
}


def extract(doc: Document, rules: RuleSet, ref: Reference) -> Extraction:
    """All facts one document yields, with evidence; pure: same input, same output (unless
    a rule runs out of time on it: see kg/language/rulematch.py)."""
    with document_time(len(doc.text)):
        ex = Extraction(doc)
        ctx = prepare(doc, rules, ref)
        ctx = _record(ex, _mention_facts(ctx))
        first = makers(ctx)  # 'de auteur' in a review is the maker of the book
        ctx = _record(ex, first.output)
        ctx = replace(ctx, makers=first.makers.people, work_makers=first.makers.actors)
        said = statements(ctx)  # who speaks where: unvoiced advice is theirs
        ctx = replace(_record(ex, said.output), voices=said.voices)
        ctx = _record(ex, recommendations(ctx))
        found = works(ctx)  # now a maker may be whoever the sentence quotes
        ctx = replace(_record(ex, found.output), makers=found.makers.people)
        ctx = _record(ex, affiliations(ctx))
        ctx = _record(ex, responsibilities(ctx))
        ctx = _record(ex, topics(ctx))
        _record(ex, _byline(ctx))
        return ex


def prepare(doc: Document, rules: RuleSet, ref: Reference) -> Context:
    """The context the first pass reads: the mentions (with 'de gemeente' as the text's
    own municipality, where it has one) and what is known of them."""
    out, mentions = _home_municipality(_context(doc, rules, ref))
    return replace(advance(out), mentions=mentions) if mentions else advance(out)


def advance(out: Output) -> Context:
    """The context after a pass: its own, with the entries the pass made (the first one
    made under a key is kept)."""
    ctx = out.ctx
    entries = {**ctx.entries, **{k: e for k, e in out.entries.items() if k not in ctx.entries}}
    return replace(ctx, entries=entries, territory={**ctx.territory, **out.territory})


def _record(ex: Extraction, out: Output) -> Context:
    """The one place a pass's Output enters the extraction: its entities and facts in the
    order found. Returns the context the next pass reads."""
    ctx = advance(out)
    for key in out.entities:
        _entity(ex, ctx, key)
    ex.facts.extend(out.facts)
    return ctx


def _entity(ex: Extraction, ctx: Context, key: str) -> None:
    """An entity node with the properties of its entry (and its territory, first)."""
    if key in ex.entities:
        return
    entry = ctx.entries[key]
    props = [("rdfs:label", entry.label)]
    props += [("skos:altLabel", a) for a in entry.alt_labels]
    props += [("skos:notation", a) for a in entry.abbreviations]
    if entry.identifier:
        props.append(("dcterms:identifier", entry.identifier))
    props += [("schema:sameAs", u) for u in entry.same_as]
    props += [(f"kg:{k}", v) for k, v in entry.extra if v and k in ("placeKind",)]
    if key in ctx.territory:
        props.append(("kg:territory", ctx.territory[key]))
        _entity(ex, ctx, ctx.territory[key])
    if entry.kind == "Topic":
        extra = dict(entry.extra)
        props = [("skos:prefLabel", entry.label), ("skos:prefLabel@en", extra.get("en", ""))]
        props += [("skos:altLabel", a) for a in entry.alt_labels]
        props += [("skos:hiddenLabel", h) for h in extra.get("hidden", "").split("|") if h]
        props += [("skos:definition", extra.get("definition", ""))]
    ex.entities[key] = Entity(key, entry.kind, entry.label, tuple(p for p in props if p[1]))


def _context(doc: Document, rules: RuleSet, ref: Reference) -> Context:
    """The mentions of a document and what is known of them before any relation pass."""
    found = find_mentions(doc, rules, ref)
    words = dutch(rules.lexicon)
    body = [s for s in doc.sentences if s.section == "body"]
    return Context(
        doc=doc,
        rules=rules,
        ref=ref,
        dutch=words,
        mentions=tuple(found.mentions),
        topics=tuple(found.topics),
        title_spans=tuple(found.title_spans),
        author_key=found.author_key,
        entries=dict(found.entries),
        territory=dict(found.territory),
        roles=_roles(doc, found.mentions, rules),
        author_voice=bool(found.author_key)
        and (
            doc.genre in rules.lexicon.words("OPINION_GENRE")
            or any(in_first_person(s.text, rules.lexicon) for s in body)
        ),
        makers=tuple(Made(at, list(keys)) for at, keys in found.makers),
    )


def _roles(doc: Document, mentions: list[Mention], rules: RuleSet) -> dict[str, set[str]]:
    """The roles people are named with ('wethouder Jan Jansen', 'Jan Jansen, directeur'),
    so that 'de wethouder' can refer back to them."""
    words = dutch(rules.lexicon)
    before, after = words.rx("ROLE_BEFORE_NAME"), words.rx("ROLE_AFTER_NAME")
    roles: dict[str, set[str]] = {}
    for m in mentions:
        if m.kind != "Person":
            continue
        said = before.search(doc.text, max(m.sentence.start, m.start - 40), m.start)
        found = [said.group(1)] if said else []
        x = after.match(doc.text, m.end, m.sentence.end)
        if x:
            found.append(x.group(1) or x.group(2))
        roles.setdefault(m.key, set()).update(" ".join(r.lower().split()) for r in found)
    return roles


def _home_municipality(ctx: Context) -> tuple[Output, tuple[Mention, ...] | None]:
    """In a text about one municipality, 'de gemeente' after its name is that
    municipality ('Op grond van de Wmo 2015 is de gemeente verantwoordelijk …' in a
    press release of 's-Hertogenbosch), not municipalities in general."""
    out = Output(ctx)
    towns = [m for m in ctx.mentions if is_town(ctx, m)]
    counts = Counter(ctx.entries[m.key].identifier for m in towns)
    if not counts:
        return out, None
    (code, n), total = counts.most_common(1)[0], sum(counts.values())
    if n < 2 or n < 0.6 * total:
        return out, None
    first = next(m for m in towns if ctx.entries[m.key].identifier == code)
    home = municipality_key(ctx, out, first)
    council = f"gemeenteraad/{code.lower()}"
    words = ctx.dutch
    town = out.entry(home).label.removeprefix(words.label("municipality", ""))
    rule = "municipality-in-context"
    out.make(Entry(council, "GovernmentBody", words.label("council", town), rule))
    definite = words.rx("DEFINITE_BEFORE")

    def home_of(m: Mention) -> Mention:
        said = ctx.text[m.start : m.end].lower()
        if m.start < first.end or not definite.search(ctx.text[max(0, m.start - 4) : m.start]):
            return m
        if m.key == "org/gemeenten" and said == words.label("municipality_noun"):
            return Mention(m.start, m.end, home, "Municipality", rule, m.sentence)
        if m.key == "org/gemeenteraden" and said == words.label("council_noun"):
            return Mention(m.start, m.end, council, "GovernmentBody", rule, m.sentence)
        return m

    return out, tuple(home_of(m) for m in ctx.mentions)


def _mention_facts(ctx: Context) -> Output:
    """Every mention: the document mentions it; its entity has a class."""
    out = Output(ctx)
    typed: set[str] = set()
    for m in ctx.mentions:
        out.entity(m.key)
        if m.key not in typed:
            typed.add(m.key)
            out.fact(m.key, "rdf:type", KIND_CLASS[m.kind], m.sentence, m.start, m.end, m.rule)
        out.fact(ctx.doc_iri, "kg:mentions", m.key, m.sentence, m.start, m.end, m.rule)
    return out


def _byline(ctx: Context) -> Output:
    """The author the byline names created the document."""
    out = Output(ctx)
    if ctx.author_key:
        byline = next(s for s in ctx.doc.sentences if s.section == "byline")
        out.fact(
            ctx.doc_iri,
            "dcterms:creator",
            ctx.author_key,
            byline,
            byline.start,
            byline.end,
            "author-byline",
        )
    return out
