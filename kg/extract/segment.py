"""Split a scraped article into title, body sentences, author block and comments.

Real pages carry furniture (share buttons, image names, comment forms), genre labels
glued to the title, headings glued to paragraphs and reader comments after the article.
The rules must only see the article's own sentences, with offsets into the stored text,
so nothing here rewrites the text: it only decides which spans are which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.model import Document, Sentence, Span
from kg.language.lexicon import Lexicon

QUOTE_PAIRS = {"‘": "’", "“": "”", "„": "”", "«": "»", '"': '"', "'": "'"}
SENTENCE_END = ".!?"
CLOSERS = "’”\"')]»"
FIRST_PERSON = re.compile(r"(?<![\w-])(ik|mij|mijn|m\.i\.)(?![\w-])", re.IGNORECASE)
# A lower-case letter or digit directly followed by a capitalised word: a heading or
# tag glued to the next line ("transitieRuim een jaar", "wijkteamsGeneralisten").
GLUE = re.compile(r"(?<=[a-z0-9\u00e0-\u00ff])(?=[A-Z][a-z\u00e0-\u00ff])")
GLUE_WINDOW = 60
MAX_TITLE_CHARS = 300
"""A first line longer than this is body text, not a title."""
MAX_SENTENCE_CHARS = 2000
"""Longer sentences are cut at spaces (real ones are far shorter; see _bounded)."""


@dataclass
class _Line:
    start: int
    end: int
    text: str
    kind: str = "text"  # text, heading, furniture, blank


def segment(
    name: str,
    text: str,
    lexicon: Lexicon,
    *,
    encoding: str = "utf-8",
    sha256: str = "",
    notes: tuple[str, ...] = (),
) -> Document:
    """Find the parts of one article; sentences keep offsets into `text`."""
    lines = _split_lines(text, lexicon)
    filled = [i for i, ln in enumerate(lines) if ln.text.strip()]
    title, title_span, genre = "", None, ""
    while len(filled) > 1 and _is_page_label(
        lines[filled[0]].text.strip(), lines[filled[1]].text.strip(), lexicon
    ):
        label = lines[filled[0]].text.strip()  # "Opinie", "Home > Nieuws > …", "Q&A | Inburgering"
        genre = genre or next(
            (g for g in lexicon.words("GENRE") if label.split(" |")[0].strip() == g), ""
        )
        lines[filled[0]].kind = "furniture"
        filled = filled[1:]
    if (
        filled and len(lines[filled[0]].text) <= MAX_TITLE_CHARS
    ):  # a whole text on one line is no title
        title_line = lines[filled[0]]
        glued_genre, title_start = _strip_genre(title_line.text, lexicon)
        genre = genre or glued_genre
        title_span = Span(title_line.start + title_start, title_line.end)
        title = text[title_span.start : title_span.end].strip()
        title_line.kind = "title"

    body_end, author, author_span, author_lines = _find_end_matter(lines, lexicon)
    if not author:
        author, author_span = _find_byline(lines[:body_end], lexicon)
    for ln in lines[:body_end]:
        if ln.kind == "title":
            continue
        if not ln.text.strip():
            ln.kind = "blank"
        elif lexicon.is_furniture(ln.text.strip()):
            ln.kind = "furniture"
    _drop_advertisements(lines[:body_end], lexicon)

    paragraphs = _paragraphs([ln for ln in lines[:body_end] if ln.kind != "title"], text)
    paragraphs = _drop_repeats(paragraphs, text)
    # Without a comments header or author block, closing first-person paragraphs of a text
    # that is not an opinion piece are a reader's reaction.
    opinion = genre in lexicon.words("OPINION_GENRE")
    comment_from = (
        len(paragraphs)
        if opinion or body_end < len(lines)
        else _trailing_first_person(paragraphs, text)
    )
    sentences: list[Sentence] = []
    if title_span is not None and title:
        t_start = title_span.start + (
            len(text[title_span.start : title_span.end])
            - len(text[title_span.start : title_span.end].lstrip())
        )
        sentences.append(Sentence(0, t_start, t_start + len(title), title, -1, "title"))
    for p_index, (kind, start, end) in enumerate(paragraphs[:comment_from]):
        section = "heading" if kind == "heading" else "body"
        for s, e in split_sentences(text, start, end, lexicon):
            sentences.append(Sentence(len(sentences), s, e, text[s:e], p_index, section))
    for kind, start, end in _paragraphs(author_lines, text):
        for s, e in split_sentences(text, start, end, lexicon):
            sentences.append(Sentence(len(sentences), s, e, text[s:e], len(paragraphs), "author"))
    if author_span is not None:
        sentences.append(
            Sentence(
                len(sentences),
                author_span.start,
                author_span.end,
                author,
                len(paragraphs) + 1,
                "byline",
            )
        )
    return Document(
        name=name,
        text=text,
        title=title,
        title_span=title_span,
        genre=genre,
        author=author,
        author_span=author_span,
        encoding=encoding,
        sha256=sha256,
        sentences=tuple(sentences),
        notes=notes,
    )


def _split_lines(text: str, lexicon: Lexicon) -> list[_Line]:
    """Lines with offsets; a heading glued to the start of a line becomes its own line."""
    lines: list[_Line] = []
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
            lines.append(_Line(start, start + cut, head, kind))
            lines.append(_Line(start + cut, end, raw[cut:]))
        else:
            lines.append(_Line(start, end, raw))
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
        or word[:2] in {"Mc", "Mac"}
        and cut - word_start <= 3
        or camel_name
    )


def _strip_genre(title: str, lexicon: Lexicon) -> tuple[str, int]:
    """'OpinieReflectie en regie' -> ('Opinie', 6): a genre label glued or spaced before the title."""
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


def _find_end_matter(lines: list[_Line], lexicon: Lexicon):
    """Where the article body ends, and the author named in an 'Over Auteur' block."""
    body_end = len(lines)
    author, author_span, author_lines = "", None, []
    for i, ln in enumerate(lines):
        stripped = ln.text.strip()
        if lexicon.starts_comments(stripped):
            body_end = min(body_end, i)
            break
        if lexicon.opens_author_block(stripped):
            body_end = min(body_end, i)
            j = next((k for k in range(i + 1, len(lines)) if lines[k].text.strip()), None)
            if j is not None:
                name_line = lines[j]
                lead = len(name_line.text) - len(name_line.text.lstrip())
                told = AUTHOR_TOLD.match(
                    name_line.text.strip()
                )  # "Hanneke ter Steege is raadsvrouw …"
                if _looks_like_byline(name_line.text):
                    author, first_body = name_line.text.strip(), j + 1
                elif told and _looks_like_name(told.group("name"), lexicon):
                    author, first_body = told.group("name"), j
                else:
                    author, first_body = "", j
                if author:
                    author_span = Span(name_line.start + lead, name_line.start + lead + len(author))
                for k in range(first_body, len(lines)):
                    s = lines[k].text.strip()
                    if lexicon.starts_comments(s):
                        break
                    author_lines.append(
                        lines[k] if s else _Line(lines[k].start, lines[k].end, "", "blank")
                    )
            break
    return body_end, author, author_span, author_lines


AUTHOR_TOLD = re.compile(r"(?P<name>[^,.:;]{3,60}?)\s+(?:is|was|werkt|werkte|schrijft|woont)\b")
BARE_BYLINE = re.compile(r"(?P<name>[^\d|·,]{3,60}?)(?:\s*[|·,]\s*.*|\s+[–-]\s+.*|\s+\d.*)?$")


def _find_byline(lines: list[_Line], lexicon: Lexicon) -> tuple[str, Span | None]:
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
        if m and _looks_like_name(m.group("name"), lexicon):
            lead = len(ln.text) - len(ln.text.lstrip())
            name = m.group("name").strip()
            start = ln.start + lead + m.start("name")
            ln.kind = "furniture"
            return name, Span(start, start + len(name))
    return "", None


def _looks_like_name(text: str, lexicon: Lexicon) -> bool:
    """'Hanneke ter Steege', 'Redactie Zorgvisie': capitalised words and particles."""
    words = text.split()
    return (
        1 < len(words) <= 6
        and words[0].lower() not in lexicon.not_a_name - {"redactie"}
        and all(w[0].isupper() or w.lower() in lexicon.particles for w in words)
    )


def _is_page_label(line: str, next_line: str, lexicon: Lexicon) -> bool:
    """A section label, breadcrumb or genre line above the title: 'Opinie', 'Sociaal
    domein', 'Home > Nieuws > …', 'Q&A | Inburgering' followed by a title-like line."""
    if line in lexicon.words("GENRE") or re.search(r"\s[>›»]\s", line):
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


def _looks_like_byline(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 6 and not line.rstrip().endswith((".", "?", "!", ":"))


def _drop_advertisements(lines: list[_Line], lexicon: Lexicon) -> None:
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


def _paragraphs(lines: list[_Line], text: str) -> list[tuple[str, int, int]]:
    """Group lines into paragraphs: (kind, start, end). A line that breaks off mid-sentence
    and continues in lower case on the next line is one paragraph (a lost line break)."""
    paragraphs: list[tuple[str, int, int]] = []
    for ln in lines:
        if ln.kind in ("blank", "furniture"):
            continue
        stripped = ln.text.strip()
        if not stripped:
            continue
        lead = len(ln.text) - len(ln.text.lstrip())
        start, end = ln.start + lead, ln.start + lead + len(stripped)
        glued_heading = ln.kind == "heading"
        if (
            paragraphs
            and not glued_heading
            and paragraphs[-1][0] != "glued"
            and stripped[0].islower()
            and text[paragraphs[-1][2] - 1] not in SENTENCE_END + CLOSERS
        ):
            paragraphs[-1] = ("text", paragraphs[-1][1], end)
            continue
        paragraphs.append(("glued" if glued_heading else "text", start, end))
    return [
        ("heading" if kind == "glued" or _is_heading(text[s:e]) else "text", s, e)
        for kind, s, e in paragraphs
    ]


def _is_heading(line: str) -> bool:
    words = line.split()
    if len(words) > 8 or "\n" in line or re.search(r"[.!?]\s+\S", line):
        return False
    return line[-1] not in ".!:;,’”\"'" or (line.endswith("?") and len(words) <= 6)


def _drop_repeats(paragraphs, text):
    """A lead paragraph that the page repeats is read once."""
    seen: set[str] = set()
    kept = []
    for kind, s, e in paragraphs:
        key = " ".join(text[s:e].split())
        if kind == "text" and key in seen:
            continue
        seen.add(key)
        kept.append((kind, s, e))
    return kept


def _trailing_first_person(paragraphs, text) -> int:
    """Index where trailing reader comments start: in an article whose own voice never
    says 'ik', closing paragraphs in the first person are a reader's reaction."""

    def first_person(s: int, e: int) -> bool:
        return bool(FIRST_PERSON.search(unquoted(text[s:e])))

    text_paras = [i for i, (k, _, _) in enumerate(paragraphs) if k == "text"]
    if len(text_paras) < 3:
        return len(paragraphs)
    cut = len(paragraphs)
    for i in reversed(text_paras):
        if first_person(paragraphs[i][1], paragraphs[i][2]):
            cut = i
        else:
            break
    if cut == len(paragraphs):
        return cut
    earlier = [i for i in text_paras if i < cut]
    if any(first_person(paragraphs[i][1], paragraphs[i][2]) for i in earlier):
        return len(paragraphs)  # the author writes in the first person: not a comment
    return cut


def quote_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans (open, close) of quotations in text[start:end], the quote marks included.

    Apostrophes inside words (z'n, 's-Hertogenbosch) are not quote marks; quotes nest
    when they use different marks (‘… “…” …’)."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i in range(start, end):
        ch = text[i]
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if (
            stack
            and ch == QUOTE_PAIRS[stack[-1][0]]
            and not before.isspace()
            and not (after.isalpha() and before.isalpha())
        ):
            opener, at = stack.pop()
            spans.append((at, i + 1))
            continue
        if ch in QUOTE_PAIRS and (before.isspace() or before in "([—–-:") and not after.isspace():
            if ch in "'’" and text[i + 1 : i + 3].lower() in ("s ", "s-", "t ", "n "):
                continue  # 's-Hertogenbosch, 't, 'n
            if all(ch != o for o, _ in stack):
                stack.append((ch, i))
    return sorted(spans)


def unquoted(text: str) -> str:
    """The text with quotations blanked out (same length), for tests on the author's voice."""
    chars = list(text)
    for s, e in quote_spans(text):
        for i in range(s, e):
            chars[i] = " "
    return "".join(chars)


def split_sentences(text: str, start: int, end: int, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Sentence spans in text[start:end]; never splits inside a quotation."""
    inside = [False] * (end - start)
    for s, e in quote_spans(text, start, end):
        for i in range(s + 1, e - 1):
            inside[i - start] = True
    spans = []
    s = start
    i = start
    while i < end:
        ch = text[i]
        closes_quoted_sentence = ch in CLOSERS and i > start and text[i - 1] in SENTENCE_END
        if (ch in SENTENCE_END or closes_quoted_sentence) and not inside[i - start]:
            j = i + 1
            while j < end and (text[j] in SENTENCE_END or text[j] in CLOSERS):
                j += 1
            if j >= end:
                break
            if text[j].isspace():
                k = j
                while k < end and text[k].isspace():
                    k += 1
                nxt = text[k] if k < end else ""
                if (nxt.isupper() or nxt.isdigit() or nxt in QUOTE_PAIRS) and not (
                    ch == "." and lexicon.is_abbreviation(text, s, i)
                ):
                    spans.append((s, j))
                    s = k
                    i = k
                    continue
        i += 1
    if s < end:
        spans.append((s, end))
    return [piece for a, b in spans if text[a:b].strip() for piece in _bounded(text, a, b)]


def _bounded(text: str, start: int, end: int):
    """The span cut at spaces into pieces of at most MAX_SENTENCE_CHARS, so that the rules'
    time per sentence stays bounded on text without full stops or with an unclosed quote."""
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield start, end
