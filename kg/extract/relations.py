"""From one document's sentences and mentions to facts: statements, recommendations,
works, affiliations, responsibilities and topics, each fact with its evidence.

Three passes, because attributions reach across sentences: statements first (they set
the speaker in focus, and "Dat stelt X" reaches back one sentence), then everything
that needs to know who is speaking where, then topics over the whole document.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter

from kg.extract.mentions import Found, Mention, find_mentions
from kg.extract.model import Document, Entity, Evidence, Extraction, Fact, Sentence
from kg.extract.quotes import in_first_person, quote_spans
from kg.language.reference import Entry, Reference, slug
from kg.language.rulematch import document_time
from kg.language.rules import Rule, RuleSet

MIN_QUOTE_WORDS = 4  # an unattributed quotation shorter than this is a phrase, not a statement
MIN_ATTRIBUTED_QUOTE_WORDS = 2  # "X noemt het ‘pijnlijk, maar onvermijdelijk’"
TOPIC_MIN_MENTIONS = 1
SUBORDINATE = re.compile(
    r"(?i)\b(?:als|omdat|wanneer|doordat|terwijl|zodra|indien|hoewel|zolang)\b"
)
SUBJECT_PRONOUN = re.compile(r"(?:^|\s)(?:zij|ze|we|wij|hij)\s*$", re.IGNORECASE)
GROUP_NP = re.compile(
    r"(?:^|\s)(?:de|het|De|Het)\s+(?P<np>[a-zà-ÿ-]*(?:teams?|organisaties?|instellingen|aanbieders))\s*$"
)
CREATOR_VERB = re.compile(
    r"(?i:\b(?:is|was)\s+(?:mede-)?(?:auteur|schrijver|samensteller)\s+van|"
    r"\b(?:schreef|schrijft|schreven|publiceerde|publiceert|publiceerden|bracht|brengt|brachten"
    r"|uitbracht|uitbrachten|presenteerde|presenteert|presenteerden|maakte|maakten|opstelde|opstelden)\b)"
)
IN_OWN_WORK = re.compile(r"\bin\s+(?:het|de|een|zijn|haar|hun)\s*$", re.IGNORECASE)
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


def digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def clean(text: str) -> str:
    """A quotation or clause as a readable literal: single spaces, no framing punctuation."""
    return " ".join(text.split()).strip(" ,;:‘’“”\"'")


class _Extractor:
    def __init__(self, doc: Document, rules: RuleSet, ref: Reference):
        self.doc, self.rules, self.ref = doc, rules, ref
        self.municipal_roles = {w.lower() for w in rules.lexicon.words("MUNICIPAL_ROLE")}
        modal, aux = rules.lexicon.alt("MODAL").replace(" ", r"\s+"), rules.lexicon.alt("MODAL_AUX")
        # "moeten", "doen er goed aan", and "zouden … moeten", "zou … er goed aan doen"
        self.modal = re.compile(
            rf"\b(?:{modal})\b|\b(?:{aux})\b(?=[^,.;:]*\b(?:{modal}|er\s+goed\s+aan\s+doen)\b)",
            re.IGNORECASE,
        )
        self.political_roles = {w.lower() for w in rules.lexicon.words("POLITICAL_ROLE")}
        self.actor_nouns = {w.lower() for w in rules.lexicon.words("ACTOR_NOUN")}
        self.work_makers: list[tuple[int, list[str]]] = []  # (where a work is named, its makers)
        self.role_subject = re.compile(
            rf"(?:^|\s)(?:[Dd]e|[Hh]et)\s+(?i:{rules.lexicon.alt('ROLE')})(?:s|en)?\s*$"
        )
        self.work_nouns = {w.lower() for w in rules.lexicon.mapping("WORK_NOUN")}
        self.described_actor = re.compile(
            rf"\b(?:[Dd]e|[Hh]et)\s+((?i:{rules.lexicon.alt('ACTOR_NOUN')}))\b"
        )
        self.found: Found = find_mentions(doc, rules, ref)
        self.out = Extraction(doc)
        self.doc_iri = f"doc/{slug(doc.name)}"
        self.body = [s for s in doc.sentences if s.section == "body"]
        self.focus_at: dict[int, list[str]] = {}
        self.quoted: dict[
            int, list[tuple[int, int, list[str]]]
        ] = {}  # sentence -> quotes and speakers
        self.stated: dict[int, list[str]] = {}  # sentence -> speakers of a reported statement
        self.role_words = {w.lower() for w in rules.lexicon.words("ROLE")}
        self.roles = self._roles()
        self.author_voice = bool(self.found.author_key) and (
            doc.genre in rules.lexicon.words("OPINION_GENRE")
            or any(in_first_person(s.text, rules.lexicon) for s in self.body)
        )
        self._the_municipality_is_home()

    def _roles(self) -> dict[str, set[str]]:
        """The roles people are named with ('wethouder Jan Jansen', 'Jan Jansen, directeur'),
        so that 'de wethouder' can refer back to them."""
        role = self.rules.lexicon.alt("ROLE")
        before = re.compile(rf"(?i:\b({role}))\s+$")
        after = re.compile(
            rf",\s+(?:(?:voormalig|oud-)\s*)?(?i:({role}))\b|\s+(?:is|was|werkt als)\s+(?:\w+\s+)?(?i:({role}))\b"
        )
        roles: dict[str, set[str]] = {}
        for m in self.found.mentions:
            if m.kind != "Person":
                continue
            found = [
                x.group(1)
                for x in [
                    before.search(self.doc.text, max(m.sentence.start, m.start - 40), m.start)
                ]
                if x
            ]
            x = after.match(self.doc.text, m.end, m.sentence.end)
            if x:
                found.append(x.group(1) or x.group(2))
            roles.setdefault(m.key, set()).update(" ".join(r.lower().split()) for r in found)
        return roles

    # ------------------------------------------------------------ facts
    def fact(
        self,
        s: str,
        p: str,
        o: str,
        sentence: Sentence,
        start: int,
        end: int,
        rule: str,
        literal: bool = False,
        datatype: str | None = None,
    ) -> None:
        self.out.facts.append(
            Fact(s, p, o, Evidence(sentence, start, end, rule), literal, datatype)
        )

    def entity(self, key: str) -> str:
        entry = self.found.entries[key]
        if key not in self.out.entities:
            props = [("rdfs:label", entry.label)]
            props += [("skos:altLabel", a) for a in entry.alt_labels]
            props += [("skos:notation", a) for a in entry.abbreviations]
            if entry.identifier:
                props.append(("dcterms:identifier", entry.identifier))
            props += [("schema:sameAs", u) for u in entry.same_as]
            props += [(f"kg:{k}", v) for k, v in entry.extra if v and k in ("placeKind",)]
            if key in self.found.territory:
                props.append(("kg:territory", self.found.territory[key]))
                self.entity(self.found.territory[key])
            if entry.kind == "Topic":
                extra = dict(entry.extra)
                props = [
                    ("skos:prefLabel", entry.label),
                    ("skos:prefLabel@en", extra.get("en", "")),
                ]
                props += [("skos:altLabel", a) for a in entry.alt_labels]
                props += [("skos:hiddenLabel", h) for h in extra.get("hidden", "").split("|") if h]
                props += [("skos:definition", extra.get("definition", ""))]
            self.out.entities[key] = Entity(
                key, entry.kind, entry.label, tuple(p for p in props if p[1])
            )
        return key

    def mention_facts(self) -> None:
        typed: set[str] = set()
        for m in self.found.mentions:
            self.entity(m.key)
            if m.key not in typed:
                typed.add(m.key)
                self.fact(m.key, "rdf:type", KIND_CLASS[m.kind], m.sentence, m.start, m.end, m.rule)
            self.fact(self.doc_iri, "kg:mentions", m.key, m.sentence, m.start, m.end, m.rule)

    # ------------------------------------------------------------ resolution
    def resolve(self, start: int, end: int, sentence: Sentence, heads: bool = True) -> list[str]:
        """The actors a stretch of text names: mentions in it, or what a pronoun,
        'de auteur', 'de wethouder' or 'de Raad' refers back to."""
        inside = self.found.at(start, end)
        bracketed = [
            (b.start(), b.end()) for b in re.finditer(r"\([^()]*\)", self.doc.text[start:end])
        ]
        outside = [m for m in inside if not any(a <= m.start - start < b for a, b in bracketed)]
        keys = [
            (self._head(m) if heads else m).key for m in (outside or inside) if m.is_actor
        ]  # "X (PvdA)" is X
        if keys:
            return list(dict.fromkeys(keys))
        phrase = " ".join(self.doc.text[start:end].split())
        lower = phrase.lower()
        focus = self.focus_at.get(sentence.index, [])
        lexicon = self.rules.lexicon
        if lower in {w.lower() for w in lexicon.words("AUTHOR_REF")}:
            makers = [
                k
                for pos, keys in self.found.makers
                if pos <= start
                for k in keys
                if k != self.found.author_key
            ]
            if makers:
                return makers[
                    -1:
                ]  # "volgens de auteur" after "het boek ‘…’ van X" is X, not the reviewer
            if self.found.author_key:
                return [self.found.author_key]
            return [k for k in focus if k.startswith("person/")][:1] or self._last("Person", start)
        quoted = next(
            (sp for qa, qb, sp in self.quoted.get(sentence.index, []) if qa <= start < qb), None
        )
        if lower in ("ik", "we", "wij") and quoted:
            return quoted  # "‘Ik zou willen dat …’" in the mouth of the one quoted
        if lower == "ik":
            return [self.found.author_key] if self.found.author_key else []
        if lower in ("we", "wij", "hen"):
            return focus or ([self.found.author_key] if self.author_voice else [])
        if lower in ("hij", "hem"):  # a man: a person, never an organisation
            return self._most_recent(
                [k for k in focus[:1] if k.startswith("person/")] + self._last("Person", start),
                start,
            )
        if lower in {w.lower() for w in lexicon.words("PRONOUN")}:
            return self._most_recent(focus[:1] + self._last("Person", start), start)
        if re.fullmatch(
            r"(?i:een|de)\s+woordvoer(?:der|ster)", phrase
        ):  # speaks for the organisation just named
            org, _ = self._organisation_from_context(sentence, "woordvoerder", start, False, False)
            return org
        described = re.fullmatch(
            r"(?:de|het)\s+(?:twee|drie|vier|beide)?\s*([\w-]+)", phrase, re.IGNORECASE
        )
        if described:
            return self._described(described.group(1), start)
        return []

    def _head(self, m: Mention) -> Mention:
        """'Marjolein Smit van de Universiteit Utrecht schreef …': the organisation is part of
        the person's description; the person is who acts."""
        if m.kind == "Person":
            return m
        link = re.search(
            r"\s+(?:van|bij)\s+(?:de\s+|het\s+)?$", self.doc.text[max(0, m.start - 12) : m.start]
        )
        if not link:
            return m
        person_end = m.start - len(link.group())
        return next(
            (p for p in self.found.mentions if p.kind == "Person" and p.end == person_end), m
        )

    def _described(self, noun: str, before: int) -> list[str]:
        """'de wethouder' is the last person named with that role; 'de onderzoekers' all of
        them, or the makers of the publication named last; 'de Raad', 'de ombudsman' the
        last organisation with that word in its name."""
        lower = noun.lower()
        singular = plural_of(lower, self.role_words) or lower
        plural = singular != lower
        people = [
            m.key
            for m in self.found.mentions
            if m.kind == "Person" and m.end <= before and singular in self.roles.get(m.key, ())
        ]
        if people:
            return list(dict.fromkeys(reversed(people))) if plural else [people[-1]]
        if plural and singular in ("auteur", "schrijver", "maker", "onderzoeker"):
            makers = [keys for pos, keys in self.found.makers if pos <= before]
            if makers:
                return list(makers[-1])
        stem = plural_of(lower, self.actor_nouns)
        orgs = [
            m.key
            for m in reversed(
                [
                    m
                    for m in self.found.mentions
                    if m.end <= before and m.is_actor and m.kind != "Person"
                ]
            )
            if any(
                w.endswith(noun_forms(stem or lower))
                for w in self.found.entries[m.key].label.lower().split()
            )
        ]
        if orgs:  # "de inspecties": every inspectorate named before; "de inspectie": the last one
            return list(dict.fromkeys(orgs)) if stem else orgs[:1]
        if (
            lower in self.work_nouns
        ):  # "Het rapport beveelt aan …": the maker of the work named last,
            made = [keys for pos, keys in sorted(self.work_makers) if pos <= before]
            if made:
                return made[-1]
            counts = Counter(
                m.key
                for m in self.found.mentions
                if m.end <= before
                and m.kind in ("Organisation", "GovernmentBody")
                and self.found.entries[m.key].label[:1].isupper()
            )
            return [counts.most_common(1)[0][0]] if counts else []
        return []

    def _most_recent(self, keys: list[str], before: int) -> list[str]:
        """Of the speaker in focus and the person named last, the one named most recently:
        'hij' after 'SP-raadslid X legde een verband' is X, not the wethouder quoted before."""
        last_seen = {
            k: max(
                (m.end for m in self.found.mentions if m.key == k and m.end <= before), default=-1
            )
            for k in keys
        }
        return [max(keys, key=lambda k: last_seen[k])] if keys else []

    def _last(self, kind: str, before: int) -> list[str]:
        prior = [m for m in self.found.mentions if m.kind == kind and m.end <= before]
        return [prior[-1].key] if prior else []

    def default_speaker(self, sentence: Sentence, pos: int) -> list[str]:
        for qa, qb, speakers in self.quoted.get(sentence.index, []):
            if qa <= pos < qb:
                return speakers
        if sentence.index in self.stated:
            return self.stated[sentence.index]
        if self.author_voice:
            return [self.found.author_key]
        return self.focus_at.get(sentence.index, [])

    # ------------------------------------------------------------ statements
    def statements(self) -> None:
        """Quotations and reported speech, with their speakers. A quotation without an
        attribution of its own belongs to the person a sentence just introduced, or else
        continues the speaker quoted in this or the previous paragraph."""
        focus: list[str] = []
        focus_paragraph = -2
        introduced: tuple[list[str], int] | None = None  # (speaker, paragraph)
        quote_rules = self.rules.of_kind("quote")
        carry = next(r for r in quote_rules if r.options.get("carryover"))
        intro = next(r for r in quote_rules if r.options.get("introduced"))
        answer = next(r for r in quote_rules if r.options.get("interview_answer"))
        interviewee = self._interviewee()
        answers = self._answer_sentences() if interviewee else set()
        previous: Sentence | None = None
        for s in self.body:
            self.focus_at[s.index] = list(focus)
            subject = self._sentence_subject(s)
            for qa, qb in self._statement_quotes(s):
                speakers, rule, span = self._attribute_quote(s, qa, qb, quote_rules)
                if rule is not None and not speakers:
                    continue  # attributed to someone we cannot name: better no speaker than a wrong one
                if rule is None and len(self.doc.text[qa + 1 : qb - 1].split()) < MIN_QUOTE_WORDS:
                    continue  # a short phrase in quotes is a statement only when someone is said to say it
                if not speakers and rule is None and interviewee and self._answers_question(s, qa):
                    speakers, rule, span = interviewee, answer, (qa, qb)
                elif not speakers and subject and subject[1] < qa:
                    speakers, rule, span = subject[0], intro, (subject[1], subject[2])
                elif not speakers and introduced and introduced[1] == s.paragraph:
                    speakers, rule, span = introduced[0], intro, (qa, qb)
                elif not speakers and focus and focus_paragraph >= s.paragraph - 1:
                    speakers, rule, span = list(focus), carry, (qa, qb)
                if speakers:
                    self._statement(
                        s, speakers, self.doc.text[qa + 1 : qb - 1], (qa, qb), span, rule, True
                    )
                    self.quoted.setdefault(s.index, []).append((qa, qb, speakers))
                    focus, focus_paragraph, introduced = speakers, s.paragraph, None
            if s.index not in self.quoted:
                if subject:
                    introduced = (subject[0], s.paragraph)
                for rule in self.rules.of_kind("statement"):
                    m = rule.search("pattern", s.text)
                    if not m:
                        continue
                    speakers = self.resolve(
                        s.start + m.start("speaker"), s.start + m.end("speaker"), s
                    )
                    if not speakers:
                        continue
                    span = (s.start + m.start("speaker"), s.start + m.end("speaker"))
                    if rule.options.get("previous_sentence"):
                        if previous is None or previous.paragraph != s.paragraph:
                            continue
                        self._statement(
                            previous,
                            speakers,
                            previous.text,
                            (previous.start, previous.end),
                            span,
                            rule,
                            False,
                            attribution=s,
                        )
                        self.stated[previous.index] = speakers
                    else:
                        text_span = (
                            (s.start + m.start("text"), s.start + m.end("text"))
                            if "text" in m.re.groupindex and m.group("text")
                            else (s.start, s.end)
                        )
                        self._statement(
                            s,
                            speakers,
                            self.doc.text[text_span[0] : text_span[1]],
                            text_span,
                            span,
                            rule,
                            False,
                        )
                    self.stated[s.index] = speakers
                    focus, focus_paragraph, introduced = speakers, s.paragraph, None
                    break
                else:
                    if (
                        interviewee
                        and s.index in answers
                        and not quote_spans(self.doc.text, self.rules.lexicon, s.start, s.end)
                    ):
                        # an answer printed without quotation marks is the interviewee's voice (its advice
                        # is theirs), though not every sentence of it is a statement worth listing
                        self.stated[s.index] = interviewee
            previous = s

    def _sentence_subject(self, s: Sentence) -> tuple[list[str], int, int] | None:
        """A person who opens the sentence ('Coördinator Jildou Hoekstra ziet …',
        'Vermeulen waarschuwt …'): who a following quotation is likely to be from."""
        for m in self.found.mentions:
            if m.sentence.index == s.index and m.kind == "Person":
                lead = self.doc.text[s.start : m.start]
                if re.fullmatch(r"\W*(?:(?:Ook|En|Maar|Toch|Zo)\s+)?(?:[\w-]+\s+)?", lead):
                    return [m.key], m.start, m.end
                return None
        return None

    def _statement_quotes(self, s: Sentence) -> list[tuple[int, int]]:
        spans = quote_spans(self.doc.text, self.rules.lexicon, s.start, s.end)
        top = [q for q in spans if not any(o[0] < q[0] and q[1] <= o[1] for o in spans if o != q)]
        out = []
        for qa, qb in top:
            inner = self.doc.text[qa + 1 : qb - 1]
            if (
                len(inner.split()) < MIN_ATTRIBUTED_QUOTE_WORDS
                or (qa, qb) in self.found.title_spans
            ):
                continue
            out.append((qa, qb))
        return out

    def _attribute_quote(self, s: Sentence, qa: int, qb: int, quote_rules: list[Rule]):
        for rule in quote_rules:
            if "after" in rule.regex:
                offset, m = qb, rule.regex["after"].match(self.doc.text[qb : s.end])
            elif "before" in rule.regex:
                offset, m = s.start, rule.regex["before"].search(self.doc.text[s.start : qa])
            else:
                continue
            if m:
                span = (offset + m.start("speaker"), offset + m.end("speaker"))
                speakers = self.resolve(*span, s)
                if speakers:
                    return speakers, rule, span
        return [], None, None

    def _interviewee(self) -> list[str]:
        """Who answers in an interview: the person 'een gesprek met' introduces, or in a text
        labelled as an interview the first person it names who is not its author."""
        people = [
            m
            for m in self.found.mentions
            if m.kind == "Person"
            and m.key != self.found.author_key
            and m.sentence.section == "body"
        ]
        cue = self.rules.lexicon.alt("INTERVIEW_CUE")
        for m in re.finditer(rf"(?i:\b(?:{cue}))\b", self.doc.text):
            near = [p for p in people if m.end() <= p.start <= m.end() + 60]
            if near:
                return [near[0].key]
        if self.doc.genre.lower() == "interview" and people:
            return [people[0].key]
        return []

    def _answer_sentences(self) -> set[int]:
        """Sentences that answer a question printed on a line of its own ('Wat is Housing
        First eigenlijk?'), up to the next such question, in a text that asks at least two."""
        text = [x for x in self.doc.sentences if x.section in ("body", "heading")]
        asked = [
            i
            for i, x in enumerate(text)
            if x.text.rstrip().endswith("?")
            and "\n"
            in self.doc.text[x.end : (text[i + 1].start if i + 1 < len(text) else x.end + 1)]
        ]
        if len(asked) < 2:
            return set()
        out = set()
        for n, i in enumerate(asked):
            stop = asked[n + 1] if n + 1 < len(asked) else len(text)
            first = i + 1
            for x in text[first:stop]:
                if (
                    x.paragraph > text[i].paragraph + 1 and x.paragraph != text[first].paragraph
                    if first < stop
                    else True
                ):
                    break
                out.add(x.index)
        return out

    def _answers_question(self, s: Sentence, quote_start: int) -> bool:
        """A quotation that opens the paragraph right after a question."""
        before = self.doc.sentences[s.index - 1] if s.index > 0 else None
        return (
            bool(before)
            and before.paragraph == s.paragraph - 1
            and before.text.rstrip().endswith("?")
            and self.doc.text[s.start : quote_start].strip() == ""
        )

    def _statement(
        self,
        s: Sentence,
        speakers: list[str],
        text: str,
        text_span,
        speaker_span,
        rule: Rule,
        direct: bool,
        attribution: Sentence | None = None,
    ) -> None:
        text = clean(text)
        iri = f"statement/{digest(self.doc.name, text.lower())}"
        ev_sentence = attribution or s
        self.fact(iri, "rdf:type", "kg:Statement", s, *text_span, rule.id)
        self.fact(iri, "kg:text", text, s, *text_span, rule.id, literal=True)
        self.fact(
            iri,
            "kg:directQuote",
            "true" if direct else "false",
            s,
            *text_span,
            rule.id,
            literal=True,
            datatype="xsd:boolean",
        )
        self.fact(iri, "kg:document", self.doc_iri, s, *text_span, rule.id)
        for key in speakers:
            self.entity(key)
            self.fact(iri, "kg:speaker", key, ev_sentence, *speaker_span, rule.id)

    # ------------------------------------------------------------ recommendations
    def recommendations(self) -> None:
        """At most one recommendation per sentence, by the first rule that matches; a 'must'
        right after someone's advice in the same paragraph continues that advice."""
        rules = self.rules.of_kind("recommendation")
        previous = None
        adviser: tuple[list[str], Sentence] | None = None
        continuations = [r for r in rules if r.options.get("continues")]
        rules = [r for r in rules if not r.options.get("continues")]
        for s in self.body:
            # the adviser of the sentence before, in this paragraph (in an opinion piece an
            # unvoiced 'must' is the author's instead)
            carried = (
                adviser[0]
                if adviser
                and adviser[1] is previous
                and previous.paragraph == s.paragraph
                and not self.author_voice
                else None
            )
            for rule in rules:
                if rule.options.get("modal_subject"):
                    found = self._modal_actor(s, carried)
                else:
                    found = self._rec_match(rule, s, previous, carried)
                if found:
                    by, to, text, span = found
                    more = [
                        (r, m)
                        for r in continuations
                        for m in [r.search("pattern", s.text)]
                        if m and span[0] < s.start + m.start() < span[1]
                    ]
                    if more:  # "X beveelt het kabinet aan …, en roept gemeenten op …": two pieces of advice
                        cut = s.start + more[0][1].start()
                        text, span = self.doc.text[span[0] : cut], (span[0], cut)
                    self._recommendation(s, rule, by, to, text, span)
                    for r, m in more[:1]:
                        second = self._rec_match(r, s, previous)
                        if second:
                            self._recommendation(s, r, by, second[1], second[2], second[3])
                    adviser = (by, s) if by else None
                    break
            previous = s

    def _rec_match(
        self, rule: Rule, s: Sentence, previous: Sentence | None, adviser: list[str] | None = None
    ):
        m = rule.search("pattern", s.text)
        if not m or (
            "not_after" in rule.regex and rule.regex["not_after"].search(s.text[: m.start()])
        ):
            return None
        groups = m.re.groupindex
        by: list[str] = []
        for g in ("by", "by2"):
            if g in groups and m.group(g):
                by = self.resolve(s.start + m.start(g), s.start + m.end(g), s)
                if not by:
                    return None
        if not any(g in groups and m.group(g) for g in ("by", "by2")):
            unvoiced = s.index not in self.quoted and s.index not in self.stated
            # "Een van de aanbevelingen is om …" right after "Het SCP beveelt … aan" is the SCP's
            by = adviser if adviser and unvoiced else self.default_speaker(s, s.start + m.start())
        to: list[str] = []
        if rule.options.get("modal_to"):
            modal = next(self.modal.finditer(s.text, m.start(), m.end()), None)
            to = self._modal_subject(s, modal) if modal else []
        if "mid" in groups and m.group("mid"):
            to = [
                x.key
                for x in self.found.actors_in(s.start + m.start("mid"), s.start + m.end("mid"))
            ]
        if "text" in groups and m.group("text"):
            start, end = s.start + m.start("text"), s.start + m.end("text")
            first = next(
                (x for x in self.found.mentions if x.is_actor and start <= x.start <= start + 4),
                None,
            )
            if first and "by" in groups and not to:
                to = [first.key]
                start = first.end
            lead = re.match(r"\s*(?:(?:om|dat)\s+)?", self.doc.text[start:end])
            start += lead.end()  # the advice itself, without the space and 'om' before it
            text, span = self.doc.text[start:end], (start, end)
        else:
            text, span = s.text, (s.start, s.end)
            if (
                previous is not None
                and previous.paragraph == s.paragraph
                and re.match(r"(?i)nodig\b", s.text)
            ):
                text = (
                    previous.text + " " + s.text
                )  # an elliptic "Nodig om …" leans on the sentence before
        return by, to, text, span

    def _modal_subject(self, s: Sentence, m: re.Match) -> list[str]:
        """Who must: the actor right before the modal verb ('Gemeenten moeten …'), or right
        after it when something else opens the sentence ('Ook moet het Rijk …')."""
        pos, after = s.start + m.start(), s.start + m.end()
        before = [
            x
            for x in self.found.mentions
            if x.is_actor
            and x.sentence.index == s.index
            and x.end <= pos
            and re.fullmatch(r"(?:\s+[\w()-]+){0,3}\s*", self.doc.text[x.end : pos])
            and "," not in self.doc.text[x.end : pos]
        ]
        if before:
            return [before[-1].key]
        if m.start() > 0:
            inverted = [
                x
                for x in self.found.mentions
                if x.is_actor
                and x.sentence.index == s.index
                and x.start >= after
                and re.fullmatch(
                    r"\s+(?:(?:de|het)\s+)?", self.doc.text[after : x.start], re.IGNORECASE
                )
            ]
            if inverted:
                return [inverted[0].key]
        return []

    def _modal_actor(self, s: Sentence, adviser: list[str] | None):
        if s.text.rstrip().endswith("?"):
            return None
        for m in self.modal.finditer(s.text):
            pos = s.start + m.start()
            before = self.doc.text[s.start : pos]
            if SUBORDINATE.search(re.split(r"[,;:]", before)[-1]):
                continue  # "… als gemeenten moeten bezuinigen": a condition, not advice
            if any(
                x.kind == "Law"
                and x.sentence.index == s.index
                and re.fullmatch(r"\s*", self.doc.text[x.end : pos])
                for x in self.found.mentions
            ):
                continue  # "De Wet … moet gemeenten verplichten": what a law is to do
            to = self._modal_subject(s, m)
            if to:
                pass
            elif GROUP_NP.search(before):
                np = GROUP_NP.search(before).group("np").lower()
                key = f"group/{slug(np)}"
                self.found = self.found.with_entries(
                    Entry(key=key, kind="Group", label=np, rule="rec-modal-actor")
                )
                to = [key]
            elif not SUBJECT_PRONOUN.search(before) and not self.role_subject.search(before):
                continue  # "De staatssecretaris moet …" names a role, which is advice too
            quote = next(
                ((qa, qb) for qa, qb, _ in self.quoted.get(s.index, []) if qa <= pos < qb), None
            )
            by = (
                adviser
                if adviser and not quote and s.index not in self.stated
                else self.default_speaker(s, pos)
            )
            if not by:
                continue  # "Hof van Twente moet dit jaar 52 statushouders huisvesten": a duty, no one's advice
            quote = next(
                ((qa, qb) for qa, qb, _ in self.quoted.get(s.index, []) if qa <= pos < qb), None
            )
            if quote:
                return by, to, self.doc.text[quote[0] + 1 : quote[1] - 1], quote
            return by, to, s.text, (s.start, s.end)
        return None

    def _recommendation(self, s, rule, by, to, text, span) -> None:
        text = clean(text)
        to = [k for k in to if k not in by]  # no one advises themselves
        iri = f"recommendation/{digest(self.doc.name, str(s.start), text.lower())}"
        self.fact(iri, "rdf:type", "kg:Recommendation", s, *span, rule.id)
        self.fact(iri, "kg:text", text, s, *span, rule.id, literal=True)
        self.fact(iri, "kg:document", self.doc_iri, s, *span, rule.id)
        for key in by:
            self.entity(key)
            self.fact(iri, "kg:recommendedBy", key, s, *span, rule.id)
        for key in to:
            self.entity(key)
            self.fact(iri, "kg:recommendedTo", key, s, *span, rule.id)

    # ------------------------------------------------------------ works
    def works(self, emit: bool = True) -> None:
        kinds = {k.lower(): v for k, v in self.rules.lexicon.mapping("WORK_NOUN").items()}
        for s in self.body + [x for x in self.doc.sentences if x.section == "author"]:
            for rule in self.rules.of_kind("work"):
                for m in rule.regex["pattern"].finditer(s.text):
                    title = clean(m.group("title"))
                    t_start, t_end = s.start + m.start("title"), s.start + m.end("title")
                    if "creator" in m.re.groupindex:
                        creators = [
                            x.key
                            for x in self.found.at(
                                s.start + m.start("creator"), s.start + m.end("creator")
                            )
                            if x.kind == "Person"
                        ]
                        c_span = (s.start + m.start("creator"), s.start + m.end("creator"))
                    else:
                        made_end = (
                            s.start + m.end("noun") if rule.options.get("title_first") else t_end
                        )
                        creators, c_span = self._creator(s, s.start + m.start(), made_end)
                    if creators and not emit:
                        self.work_makers.append((s.start + m.start(), creators))
                    people = [k for k in creators if k.startswith("person/")]
                    if people:
                        self.found = self.found.with_maker(s.start + m.start(), people)
                    if not emit:
                        continue
                    iri = f"work/{slug(title)}"
                    kind = kinds.get(m.group("noun").lower(), "book")
                    self.fact(iri, "rdf:type", "kg:Work", s, t_start, t_end, rule.id)
                    self.fact(iri, "dcterms:title", title, s, t_start, t_end, rule.id, literal=True)
                    self.fact(
                        iri,
                        "kg:workKind",
                        kind,
                        s,
                        s.start + m.start("noun"),
                        s.start + m.end("noun"),
                        rule.id,
                        literal=True,
                    )
                    for key in creators:
                        self.entity(key)
                        self.fact(iri, "dcterms:creator", key, s, *c_span, rule.id)

    def _creator(self, s: Sentence, noun_start: int, title_end: int):
        """Who made a publication: 'het rapport ‘…’ van X', 'X schreef het boek ‘…’', 'X …
        in zijn advies ‘…’', or whoever the sentence quotes ('Dat concludeert X in …')."""
        after = re.match(r"\s+van\s+(?:de\s+|het\s+)?", self.doc.text[title_end : s.end])
        if after:  # "van Eva van Leeuwen en Thijs Oosterhuis"
            makers = self._coordinated_actors(title_end + after.end(), s.end)
            if makers:
                return list(dict.fromkeys(x.key for x in makers)), (makers[0].start, makers[-1].end)
        after = re.match(
            r"\s*,?\s*(?:dat|die)\s+(?:de\s+|het\s+)?", self.doc.text[title_end : s.end]
        )
        if after:  # "het rapport ‘…’ dat het SCP donderdag publiceerde", "die Movisie en MantelzorgNL uitbrachten"
            makers = self._coordinated_actors(title_end + after.end(), s.end)
            if makers and CREATOR_VERB.search(self.doc.text[makers[-1].end : s.end]):
                return [x.key for x in makers], (makers[0].start, makers[-1].end)
        if re.fullmatch(
            r"\s*(?i:in|met)\s+(?:zijn|haar|hun|het|de)\s+", self.doc.text[s.start : noun_start]
        ):
            # "In hun rapport ‘…’ stelden de IGJ en de Inspectie JenV vast …": the subject after the verb
            verb = re.match(r"\s*(?:\(\d{4}\)\s*)?,?\s*\w+\s+", self.doc.text[title_end : s.end])
            subject = title_end + verb.end() if verb else s.end
            article = re.match(r"(?:de|het)\s+", self.doc.text[subject : s.end])
            makers = self._coordinated_actors(subject + (article.end() if article else 0), s.end)
            if makers:
                return [self._head(x).key for x in makers], (makers[0].start, makers[-1].end)
            described = self.described_actor.match(self.doc.text, subject)
            if described:  # "… schrijft de ombudsman"
                keys = [
                    k
                    for k in self._described(described.group(1), described.start())
                    if not k.startswith("person/")
                ]
                if keys:
                    return keys[:1], (described.start(), described.end())
        before = [
            x
            for x in self.found.mentions
            if x.is_actor and x.sentence.index == s.index and x.end <= noun_start
        ]
        pronoun = None
        for p in re.finditer(r"(?i)\b(?:ze|zij|hij)\b", self.doc.text[s.start : noun_start]):
            pronoun = (s.start + p.start(), s.start + p.end())
        if pronoun and (not before or pronoun[0] > before[-1].end):
            return self.resolve(*pronoun, s), pronoun
        between = self.doc.text[before[-1].end : noun_start] if before else ""
        if before and (
            CREATOR_VERB.search(between)
            or re.search(r"\b(?:zijn|haar|hun)\b", between)
            or IN_OWN_WORK.search(between)
            and "," not in between
            and len(between.split()) <= 9
        ):
            maker = self._head(before[-1])
            return [maker.key], (maker.start, maker.end)  # "De RVS waarschuwde … in het advies ‘…’"
        if s.index in self.stated:
            return self.stated[s.index], (s.start, s.end)
        return [], (noun_start, title_end)

    def _coordinated_actors(self, pos: int, limit: int) -> list[Mention]:
        """The actors named from pos on, joined by 'en' or commas: 'Movisie en MantelzorgNL'."""
        found = []
        while pos < limit:
            actor = next((x for x in self.found.mentions if x.is_actor and x.start == pos), None)
            if actor is None:
                break
            found.append(actor)
            joiner = re.match(
                r"\s*(?:,|\ben\b)\s*(?:de\s+|het\s+)?", self.doc.text[actor.end : limit]
            )
            if not joiner:
                break
            pos = actor.end + joiner.end()
        return found

    # ------------------------------------------------------------ affiliations
    def affiliations(self) -> None:
        found: dict[tuple, tuple] = {}  # (person, org, role) -> (sentence, match, rule, org span)
        for s in self.body + [x for x in self.doc.sentences if x.section == "author"]:
            for rule in self.rules.of_kind("affiliation"):
                for m in rule.regex["pattern"].finditer(s.text):
                    p_span = (s.start + m.start("person"), s.start + m.end("person"))
                    person = [k for k in self.resolve(*p_span, s) if k.startswith("person/")]
                    role = " ".join(m.group("role").lower().split())
                    if not person or role in ("auteur", "mede-auteur", "schrijver"):
                        continue
                    org: list[str] = []
                    o_span = None
                    municipal = role.split("-")[-1] in self.municipal_roles
                    if "org" in m.re.groupindex and m.group("org"):
                        o_span = (s.start + m.start("org"), s.start + m.end("org"))
                        org = self._organisation(*o_span, s)
                        if (
                            municipal
                            and org
                            and self.found.entries[org[0]].kind == "Organisation"
                            and not rule.options.get("org_required")
                        ):
                            org = []  # "wethouder X (PvdA)": the party is not where X is wethouder
                    if rule.options.get("org_required") and not org:
                        continue
                    for one in person:  # "de twee onderzoekers van X": each of them
                        found.setdefault((one, tuple(org), role), (s, m, rule, p_span, o_span))
        with_org = {(p, r) for p, o, r in found if o}
        for (person, org, role), (s, m, rule, p_span, o_span) in list(found.items()):
            if not org and (person, role) in with_org:
                del found[
                    (person, org, role)
                ]  # "coördinator X" said again where "coördinator X van Y" was found
            elif not org:
                del found[(person, org, role)]
                org, o_span = self._organisation_from_context(
                    s,
                    role,
                    s.start + m.start("role"),
                    role.split("-")[-1] in self.municipal_roles,
                    role.split("-")[-1] in self.political_roles,
                )
                if o_span and not (s.start <= o_span[0] and o_span[1] <= s.end):
                    o_span = (
                        s.start + m.start("role"),
                        s.start + m.end("role"),
                    )  # named in another sentence
                found.setdefault((person, tuple(org), role), (s, m, rule, p_span, o_span))
        for (person, org, role), (s, m, rule, p_span, o_span) in found.items():
            iri = f"affiliation/{digest(person, *org, role)}"
            role_key = f"role/{slug(role)}"
            self.found = self.found.with_entries(Entry(role_key, "Role", role, rule.id))
            self.entity(role_key)
            self.entity(person)
            self.fact(
                iri,
                "rdf:type",
                "kg:Affiliation",
                s,
                s.start + m.start(),
                s.start + m.end(),
                rule.id,
            )
            self.fact(iri, "org:member", person, s, *p_span, rule.id)
            self.fact(
                iri,
                "org:role",
                role_key,
                s,
                s.start + m.start("role"),
                s.start + m.end("role"),
                rule.id,
            )
            for o in org:
                self.entity(o)
                self.fact(iri, "org:organization", o, s, *o_span, rule.id)

    def _the_municipality_is_home(self) -> None:
        """In a text about one municipality, 'de gemeente' after its name is that
        municipality ('Op grond van de Wmo 2015 is de gemeente verantwoordelijk …' in a
        press release of 's-Hertogenbosch), not municipalities in general."""
        towns = [
            m
            for m in self.found.mentions
            if m.kind == "Municipality"
            or (m.kind == "Place" and self.found.entries[m.key].identifier.startswith("GM"))
        ]
        counts = Counter(self.found.entries[m.key].identifier for m in towns)
        if not counts:
            return
        (code, n), total = counts.most_common(1)[0], sum(counts.values())
        if n < 2 or n < 0.6 * total:
            return
        first = next(m for m in towns if self.found.entries[m.key].identifier == code)
        home = self._municipality_key(first)
        council = f"gemeenteraad/{code.lower()}"
        town = self.found.entries[home].label.removeprefix("gemeente ")
        self.found = self.found.with_entries(
            Entry(council, "GovernmentBody", f"gemeenteraad van {town}", "municipality-in-context")
        )

        def home_of(m: Mention) -> Mention:
            said = self.doc.text[m.start : m.end].lower()
            definite = re.search(r"\b[Dd]e\s+$", self.doc.text[max(0, m.start - 4) : m.start])
            if m.start < first.end or not definite:
                return m
            if m.key == "org/gemeenten" and said == "gemeente":
                return Mention(
                    m.start, m.end, home, "Municipality", "municipality-in-context", m.sentence
                )
            if m.key == "org/gemeenteraden" and said == "gemeenteraad":
                return Mention(
                    m.start, m.end, council, "GovernmentBody", "municipality-in-context", m.sentence
                )
            return m

        self.found = self.found.with_mentions(home_of(m) for m in self.found.mentions)

    def _organisation_from_context(
        self, s: Sentence, role: str, role_start: int, municipal: bool, political: bool
    ):
        """Where a role names no organisation: the party of 'SP-raadslid', the municipality
        of 'de Alphense wethouder' or of the text, or the organisation the sentence or the
        one before it is about ('Divosa … Voorzitter Jeroen Vos zegt …')."""
        text = self.doc.text
        chain = re.search(r"[\w&]+(?:-[\w&]+)*-$", text[s.start : role_start])
        if chain:  # "GroenLinks-PvdA-raadslid": the longest party name the gazetteer knows
            end = s.start + chain.end() - 1
            starts = [s.start + chain.start()] + [
                s.start + chain.start() + i + 1
                for i, c in enumerate(chain.group()[:-1])
                if c == "-"
            ]
            for a in starts:
                hits = [
                    e
                    for x, y, e in self.ref.names.find(text, a, end)
                    if (x, y) == (a, end) and e.kind == "Organisation"
                ]
                if hits:
                    self.found = self.found.with_entries(hits[0])
                    return [hits[0].key], (a, end)
        if municipal:
            return self._municipality_from_context(s, role_start)
        if role in ("raadslid", "lid"):  # of the advisory council the text names ("Raad voor …")
            councils = [
                x
                for x in self.found.mentions
                if x.end <= role_start
                and x.is_actor
                and self.found.entries[x.key].label.startswith("Raad ")
            ]
            if councils:
                return [councils[-1].key], (councils[-1].start, councils[-1].end)
        if political:
            return [], None
        window = [
            x for x in self.body if x.index in (s.index - 1, s.index) and x.paragraph == s.paragraph
        ]
        prior = [
            (x.start, x.end, x.key)
            for x in self.found.mentions
            if x.end <= role_start
            and x.sentence in window
            and x.kind in ("Organisation", "GovernmentBody")
            and self.found.entries[x.key].label[:1].isupper()
        ]
        for w in window:  # "Volgens het planbureau …"
            for d in self.described_actor.finditer(self.doc.text, w.start, min(w.end, role_start)):
                if re.search(r"\w\)?,\s*$", self.doc.text[w.start : d.start()]):
                    continue  # "Divosa, de vereniging van …": a description of the name before it
                prior += [
                    (d.start(), d.end(), k)
                    for k in self._described(d.group(1), d.start())[:1]
                    if not k.startswith("person/")
                ]
        if prior:
            start, end, key = max(prior)
            return [key], (start, end)
        return [], None

    def _municipality_from_context(self, s: Sentence, role_start: int):
        """'de Alphense wethouder' is of the municipality the text names that the adjective
        comes from; a bare 'wethouder' is of the municipality named last before it."""
        towns = [
            x
            for x in self.found.mentions
            if x.kind == "Municipality"
            or (x.kind == "Place" and self.found.entries[x.key].identifier.startswith("GM"))
        ]
        adjective = re.search(
            r"\b([A-Z][\w’'-]{2,})(?:se|sche)\s+$", self.doc.text[s.start : role_start]
        )
        if adjective:
            stem = adjective.group(1).lower()
            towns = [
                x
                for x in towns
                if self._municipality_key(x).startswith("gemeente/")
                and self.found.entries[x.key]
                .label.lower()
                .replace("gemeente ", "")
                .startswith(stem)
            ]
        before = [x for x in towns if x.end <= role_start] or towns[:1]
        if not before:
            return [], None
        town = before[-1]
        return [self._municipality_key(town)], (town.start, town.end)

    def _municipality_key(self, m) -> str:
        if m.kind == "Municipality":
            return m.key
        return self._organisation(m.start, m.end, m.sentence)[0]

    def _organisation(self, start: int, end: int, s: Sentence) -> list[str]:
        """The organisation a stretch of text names; a municipality named as a place
        ('wethouder van Almere') is the municipality as an organisation."""
        org = [k for k in self.resolve(start, end, s, heads=False) if not k.startswith("person/")][
            :1
        ]
        if org:
            return org
        for m in self.found.at(start, end):
            entry = self.found.entries[m.key]
            if m.kind == "Place" and entry.identifier.startswith(
                "PV"
            ):  # "gedeputeerde van de provincie Flevoland"
                key = f"provincie/{entry.identifier.lower()}"
                self.found = self.found.with_entries(
                    Entry(
                        key=key,
                        kind="GovernmentBody",
                        label=f"provincie {entry.label}",
                        rule="place-gazetteer",
                        identifier=entry.identifier,
                        same_as=tuple(u for u in entry.same_as if "tooi" in u),
                    ),
                )
                return [key]
            if m.kind == "Place" and entry.identifier.startswith("GM"):
                key = f"gemeente/{entry.identifier.lower()}"
                if key not in self.found.entries:
                    made = Entry(
                        key=key,
                        kind="Municipality",
                        label=f"gemeente {entry.label}",
                        rule="municipality-actor",
                        identifier=entry.identifier,
                        same_as=tuple(u for u in entry.same_as if "tooi" in u),
                    )
                    self.found = self.found.with_entries(made, territory={key: m.key})
                return [key]
        return []

    # ------------------------------------------------------------ responsibilities
    def responsibilities(self) -> None:
        """Each trigger ('verantwoordelijk voor', 'voert … uit') binds the actor before it
        to the laws after it, up to the next actor: one sentence may hold several clauses."""
        for s in self.body:
            actors = [
                x
                for x in self.found.mentions
                if x.sentence.index == s.index and x.is_actor and x.kind != "Person"
            ]
            laws = [
                x for x in self.found.mentions if x.sentence.index == s.index and x.kind == "Law"
            ]
            for rule in self.rules.of_kind("responsibility"):
                if rule.options.get("law_first"):
                    self._law_gives_duty(rule, s, actors, laws)
                    continue
                for m in rule.regex["pattern"].finditer(s.text):
                    trigger, trigger_end = s.start + m.start(), s.start + m.end()
                    before = [a for a in actors if a.end <= trigger]
                    if not before:
                        continue
                    actor = before[-1]
                    next_actor = min(
                        (a.start for a in actors if a.start >= trigger_end), default=s.end
                    )
                    previous_actor = max((a.end for a in before[:-1]), default=s.start)
                    for law in laws:
                        # "op grond van de Jeugdwet", "Met de Wet inburgering 2021" name the law the duty rests on
                        basis = (
                            law.end <= trigger
                            and law.start >= previous_actor
                            and rule.search(
                                "law_basis", self.doc.text[max(s.start, law.start - 60) : law.start]
                            )
                        )
                        if rule.options.get("basis_required") and not basis:
                            continue  # "de gemeente moet op grond van de Spreidingswet …": only with the law named
                        if (
                            basis
                            or actor.end <= law.start < next_actor
                            and (law.start >= trigger or law.end <= trigger)
                        ):
                            if (
                                law.end <= trigger
                                and not basis
                                and not re.search(r"(?i)\bvoer", m.group())
                            ):
                                continue  # only "voert de Wlz uit" names its law before the trigger's end
                            self.entity(actor.key)
                            self.entity(law.key)
                            self.fact(
                                actor.key,
                                "kg:responsibleFor",
                                law.key,
                                s,
                                actor.start,
                                max(law.end, trigger_end),
                                rule.id,
                            )

    def _law_gives_duty(
        self, rule: Rule, s: Sentence, actors: list[Mention], laws: list[Mention]
    ) -> None:
        """'De Huisvestingswet 2014 verplicht gemeenten …', 'de Jeugdwet maakt hen
        verantwoordelijk …': the law is the subject, the actor follows the verb."""
        for m in rule.regex["pattern"].finditer(s.text):
            trigger, trigger_end = s.start + m.start(), s.start + m.end()
            law = next(
                (x for x in laws if re.fullmatch(r"\s*", self.doc.text[x.end : trigger])), None
            )
            if law is None:
                continue
            after = next(
                (
                    a
                    for a in actors
                    if trigger_end <= a.start
                    and re.fullmatch(r"\s+(?:(?:de|het)\s+)?", self.doc.text[trigger_end : a.start])
                ),
                None,
            )
            keys = [after.key] if after else []
            if not keys and re.match(r"\s+(?:hen|hun|ze)\b", self.doc.text[trigger_end : s.end]):
                keys = [a.key for a in actors if a.end <= law.start][-1:] or [
                    a.key
                    for a in self.found.mentions
                    if a.is_actor and a.kind != "Person" and a.end <= law.start
                ][-1:]
            for key in keys:
                self.entity(key)
                self.entity(law.key)
                self.fact(
                    key,
                    "kg:responsibleFor",
                    law.key,
                    s,
                    law.start,
                    after.end if after else trigger_end,
                    rule.id,
                )

    # ------------------------------------------------------------ topics
    def topics(self) -> None:
        """Themes the document names, in its title, headings or body; a word that is only
        one item of a long enumeration ('bestuurders, ambtenaren, mantelzorgers, …') is not
        a theme the text discusses."""
        counts = Counter(
            t.key
            for t in self.found.topics
            if t.sentence.section in ("body", "heading") and not self._in_enumeration(t)
        )
        in_title = {t.key for t in self.found.topics if t.sentence.section == "title"}
        chosen = {k for k, n in counts.items() if n >= TOPIC_MIN_MENTIONS} | in_title
        for t in self.found.topics:
            if t.key in chosen:
                self.entity(t.key)
                self.fact(
                    self.doc_iri,
                    "dcterms:subject",
                    t.key,
                    t.sentence,
                    t.start,
                    t.end,
                    "topic-gazetteer",
                )

    def _in_enumeration(self, m: Mention) -> bool:
        window = self.doc.text[
            max(m.sentence.start, m.start - 60) : min(m.sentence.end, m.end + 60)
        ]
        listed = re.search(r",\s*$", self.doc.text[m.sentence.start : m.start]) or re.match(
            r"\s*,", self.doc.text[m.end : m.sentence.end]
        )
        return bool(listed) and window.count(",") >= 3

    def run(self) -> Extraction:
        self.mention_facts()
        self.works(emit=False)  # the makers first: 'de auteur' in a review is the maker of the book
        self.statements()
        self.recommendations()
        self.works()
        self.affiliations()
        self.responsibilities()
        self.topics()
        if self.found.author_key:
            byline = next(s for s in self.doc.sentences if s.section == "byline")
            self.fact(
                self.doc_iri,
                "dcterms:creator",
                self.found.author_key,
                byline,
                byline.start,
                byline.end,
                "author-byline",
            )
        return self.out


def plural_of(word: str, nouns: set[str]) -> str:
    """The noun of `nouns` that `word` is the plural of ('onderzoekers' -> 'onderzoeker'), or ''."""
    return next(
        (word[: -len(x)] for x in ("en", "s") if word.endswith(x) and word[: -len(x)] in nouns), ""
    )


def noun_forms(noun: str) -> tuple[str, ...]:
    """A Dutch noun and its plurals: raad, raden, raads; team, teams; bureau, bureaus."""
    forms = [noun, noun + "en", noun + "s"]
    doubled = re.fullmatch(r"(.*)([aeou])\2([^aeiou])", noun)
    if doubled:
        forms.append(doubled.group(1) + doubled.group(2) + doubled.group(3) + "en")
    return tuple(forms)


def extract(doc: Document, rules: RuleSet, ref: Reference) -> Extraction:
    """All facts one document yields, with evidence; pure: same input, same output (unless
    a rule runs out of time on it: see kg/language/rulematch.py)."""
    with document_time(len(doc.text)):
        return _Extractor(doc, rules, ref).run()
