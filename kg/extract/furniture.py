"""Page furniture: the lines of a scraped page that are not the article's own sentences.

Real pages carry labels and breadcrumbs above the title, genre labels glued to it, headings
glued to the paragraph under them, bylines, an 'Over de auteur' block, adverts and reader
comments. These functions only mark lines (`Line.kind`) and name the author; the words
that give such lines away are the lexicon's (GENRE, FURNITURE, BYLINE, AUTHOR_BLOCK, …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from kg.extract.model import Span
from kg.language.lexicon import Lexicon

# A lower-case letter or digit directly followed by a capitalised word: a heading or
# tag glued to the next line ("transitieRuim een jaar", "wijkteamsGeneralisten").
GLUE = re.compile(r"(?<=[a-z0-9\u00e0-\u00ff])(?=[A-Z][a-z\u00e0-\u00ff])")
GLUE_WINDOW = 60
BARE_BYLINE = re.compile(r"(?P<name>[^\d|·,]{3,60}?)(?:\s*[|·,]\s*.*|\s+[–-]\s+.*|\s+\d.*)?$")
"""A name alone on a line, perhaps with a date or a place after '|', ',' or '–'."""


@dataclass
class Line:
    start: int
    end: int
    text: str
    kind: str = "text"  # text, title, heading, furniture, blank


class Byline(NamedTuple):
    author: str
    span: Span | None  # where the name is in the text


class EndMatter(NamedTuple):
    """Where the article ends, and what the 'Over de auteur' block after it says."""

    body_end: int  # index of the first line after the article's body
    byline: Byline
    author_lines: list[Line]  # the block's lines after the name


def split_lines(text: str, lexicon: Lexicon) -> list[Line]:
    """Lines with offsets; a heading glued to the start of a line becomes its own line."""
    lines: list[Line] = []
    pos = 0
    seen_title = False
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        glue = GLUE.search(raw, 0, min(len(raw), GLUE_WINDOW)) if seen_title else None
        seen_title = seen_title or bool(raw.strip())
        if glue and not _glue_is_a_name(raw, glue.start(), lexicon):
            cut = glue.start()
            head = raw[:cut]
            kind = "furniture" if sum(c.isdigit() for c in head) > len(head) / 2 else "heading"
            lines.append(Line(start, start + cut, head, kind))
            lines.append(Line(start + cut, end, raw[cut:]))
        else:
            lines.append(Line(start, end, raw))
    return lines


def _glue_is_a_name(line: str, cut: int, lexicon: Lexicon) -> bool:
    """Camel-case words that are names or domains ("OverManagement.nl", "McDonald",
    "ChristenUnie", "GroenLinks"): a capitalised word whose second part is no word that
    opens a sentence, unlike a glued heading ("SamenvattingDe gemeente …")."""
    word_start = max(line.rfind(" ", 0, cut) + 1, 0)
    word_end = line.find(" ", cut)
    word = line[word_start : word_end if word_end >= 0 else len(line)].lstrip("(‘“\"'[")
    second = re.match(r"\w+", line[cut:]).group()
    camel_name = word[:1].isupper() and second.lower() not in lexicon.not_a_name
    return (
        bool(re.search(r"\.[a-z]{2,4}\b", word))
        or word.startswith(tuple(lexicon.words("CAMEL_NAME_PREFIX")))
        and cut - word_start <= 3
        or camel_name
    )


def strip_genre(title: str, lexicon: Lexicon) -> tuple[str, int]:
    """'OpinieReflectie en regie' -> ('Opinie', 6): a genre label glued or spaced before
    the title."""
    for label in lexicon.words("GENRE"):
        if title.startswith(label) and len(title) > len(label) + 1:
            rest = title[len(label) :]
            if (
                rest[0].isupper()
                or rest[0] in "‘“\"'"
                or (rest[0] == " " and (rest[1].isupper() or rest[1].isdigit()))
                or rest[0] == ":"
            ):  # "OpinieReflectie …", "Interview‘Eerst een huis’ …", "Column: …"
                offset = len(label) + (len(rest) - len(rest.lstrip(" :")))
                return label, offset
    return "", 0


def is_page_label(line: str, next_line: str, lexicon: Lexicon) -> bool:
    """A section label, breadcrumb or genre line above the title: 'Opinie', 'Sociaal
    domein', 'Home > Nieuws > …', 'Q&A | Inburgering' followed by a title-like line."""
    if line in lexicon.words("GENRE") or re.search(r"\s[>›»]\s", line):
        return True
    if _kamerstuk_header(line, next_line, lexicon):
        return True
    if lexicon.byline(next_line) or lexicon.is_furniture(next_line):
        return False
    words = line.split()
    title_like = (
        3 <= len(next_line.split()) <= 25
        and not re.search(r"[.:]['’\"”]?$|[.!?]['’\"”]$", next_line)
        and not re.search(r"[.!?]\s+\S", next_line)
    )
    return (
        title_like
        and (len(words) <= 3 or ("|" in line and len(words) <= 5))
        and not line.endswith((".", "?", "!", ":"))
    )


def _kamerstuk_header(line: str, next_line: str, lexicon: Lexicon) -> bool:
    """'Tweede Kamer der Staten-Generaal', 'Vergaderjaar 2024–2025', '31 839 Jeugdzorg':
    the lines above a Kamerstuk's title ('Nr. 12 BRIEF VAN …'), each followed by another."""
    header = lexicon.construction("KAMERSTUK_HEADER")
    return bool(header.fullmatch(line)) and bool(
        header.fullmatch(next_line) or lexicon.construction("KAMERSTUK_NUMBER").match(next_line)
    )


SIGNATURE_WINDOW = 12
"""A signature opens among the last lines of a text's body."""


class Signature(NamedTuple):
    """The signature under a letter: its span and who wrote the letter."""

    span: Span
    byline: Byline


def find_signature(lines: list[Line], end: int, lexicon: Lexicon) -> Signature | None:
    """A signature among the last lines before `end`: an opener ending in a comma, perhaps
    'namens deze,', then signers, each perhaps with their office on the next line. The
    signature's lines become furniture (the caller reads them as one author sentence).
    After an office ('De minister van …,') or 'Namens …,' the first signer wrote the letter;
    after a body's name ('Algemene Rekenkamer,') the body did."""
    filled = [i for i in range(end) if lines[i].kind == "text" and lines[i].text.strip()]
    for pos in range(len(filled) - 1, max(len(filled) - SIGNATURE_WINDOW, 0) - 1, -1):
        opener = lines[filled[pos]]
        stripped = opener.text.strip()
        if not lexicon.construction("SIGNATURE_OPENER").fullmatch(stripped):
            continue
        block = _signers(lines, filled[pos + 1 :], lexicon)
        if not block:
            continue
        first, last = block[0], block[-1]
        for i in range(filled[pos], last + 1):
            lines[i].kind = "furniture"
        lead = len(opener.text) - len(opener.text.lstrip())
        if lexicon.construction("SIGNATURE_SIGNER_WRITES").match(stripped):
            name_line = lines[first]
            signer = lexicon.construction("SIGNER").fullmatch(name_line.text.strip())
            n_lead = len(name_line.text) - len(name_line.text.lstrip())
            start = name_line.start + n_lead + signer.start("name")
            author = signer.group("name")
        else:  # "Algemene Rekenkamer,", "De Nationale ombudsman,"
            article = re.match(r"(?:[Dd]e|[Hh]et)\s+", stripped)
            start = opener.start + lead + (article.end() if article else 0)
            author = stripped[(article.end() if article else 0) : -1].strip()
        return Signature(
            Span(opener.start + lead, lines[last].start + len(lines[last].text.rstrip())),
            Byline(author, Span(start, start + len(author))),
        )
    return None


def _signers(lines: list[Line], after: list[int], lexicon: Lexicon) -> list[int]:
    """The lines of the signers under an opener (the first is a name), or none."""
    signer, role = lexicon.construction("SIGNER"), lexicon.construction("SIGNER_ROLE")
    k = 0
    if k < len(after) and lexicon.construction("SIGNATURE_ON_BEHALF").fullmatch(
        lines[after[k]].text.strip()
    ):
        k += 1
    block = []
    while k < len(after) and signer.fullmatch(lines[after[k]].text.strip()):
        block.append(after[k])
        k += 1
        if k < len(after) and role.fullmatch(lines[after[k]].text.strip()):
            block.append(after[k])
            k += 1
    names = [i for i in block if signer.fullmatch(lines[i].text.strip())]
    return block if names and block[0] == names[0] else []


def find_end_matter(lines: list[Line], lexicon: Lexicon) -> EndMatter:
    """Where the article body ends (a comments header or an author block), and the author
    named in an 'Over de auteur' block."""
    for i, ln in enumerate(lines):
        stripped = ln.text.strip()
        if lexicon.starts_comments(stripped):
            return EndMatter(i, Byline("", None), [])
        if lexicon.opens_author_block(stripped):
            return EndMatter(i, *_author_block(lines, i, lexicon))
    return EndMatter(len(lines), Byline("", None), [])


def _author_block(lines: list[Line], header: int, lexicon: Lexicon) -> tuple[Byline, list[Line]]:
    """The author named on the first line under the block's header (alone, or opening a
    sentence: "Hanneke ter Steege is raadsvrouw …"), and the block's lines after it."""
    j = next((k for k in range(header + 1, len(lines)) if lines[k].text.strip()), None)
    if j is None:
        return Byline("", None), []
    name_line = lines[j]
    lead = len(name_line.text) - len(name_line.text.lstrip())
    told = lexicon.construction("AUTHOR_TOLD").match(name_line.text.strip())
    if _looks_like_byline(name_line.text):
        author, first_body = name_line.text.strip(), j + 1
    elif told and looks_like_name(told.group("name"), lexicon):
        author, first_body = told.group("name"), j
    else:
        author, first_body = "", j
    span = Span(name_line.start + lead, name_line.start + lead + len(author)) if author else None
    author_lines = []
    for k in range(first_body, len(lines)):
        s = lines[k].text.strip()
        if lexicon.starts_comments(s):
            break
        author_lines.append(lines[k] if s else Line(lines[k].start, lines[k].end, "", "blank"))
    return Byline(author, span), author_lines


def find_byline(lines: list[Line], lexicon: Lexicon) -> Byline:
    """A byline: "Door Jan Jansen | 3 mei 2022" or "Tekst: Jan Jansen" anywhere in the body,
    or a bare name (perhaps with a date) on one of the two lines under the title. The line
    is furniture, the name the author."""
    after_title = [ln for ln in lines if ln.kind == "text" and ln.text.strip()][:2]
    for ln in lines:
        stripped = ln.text.strip()
        if ln.kind != "text" or not stripped or len(stripped.split()) > 14:
            continue
        bare = ln in after_title and not stripped.endswith((".", "?", "!", ":", '"', "”"))
        m = lexicon.byline(stripped) or (BARE_BYLINE.match(stripped) if bare else None)
        if m and looks_like_name(m.group("name"), lexicon):
            lead = len(ln.text) - len(ln.text.lstrip())
            name = m.group("name").strip()
            start = ln.start + lead + m.start("name")
            ln.kind = "furniture"
            return Byline(name, Span(start, start + len(name)))
    return Byline("", None)


def looks_like_name(text: str, lexicon: Lexicon) -> bool:
    """'Hanneke ter Steege', 'Redactie Zorgvisie': capitalised words and particles, not
    opened by a word that opens no name (unless it may open an author's name)."""
    words = text.split()
    opens_no_name = lexicon.not_a_name - {w.lower() for w in lexicon.words("AUTHOR_NAME_OPENER")}
    return (
        1 < len(words) <= 6
        and words[0].lower() not in opens_no_name
        and all(w[0].isupper() or w.lower() in lexicon.particles for w in words)
    )


def _looks_like_byline(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 6 and not line.rstrip().endswith((".", "?", "!", ":"))


def drop_advertisements(lines: list[Line], lexicon: Lexicon) -> None:
    """A paragraph with a call to action ('Download het magazine >>') is an advert,
    and so is a short lead-in line ending in ':' just above it."""
    for i, ln in enumerate(lines):
        if ln.kind == "text" and lexicon.is_call_to_action(ln.text.strip()):
            ln.kind = "furniture"
            k = i - 1
            while k >= 0 and lines[k].kind == "blank":
                k -= 1
            if k >= 0 and lines[k].text.rstrip().endswith(":") and len(lines[k].text.split()) <= 6:
                lines[k].kind = "furniture"
