"""The corpus stage: a folder of articles to decoded, normalised text.

scan walks the folder, readfile reads one file safely, decode turns bytes into text,
markup strips HTML and Markdown; model holds what they yield (Source, Skipped).
"""

from kg.corpus.decode import repair_mojibake
from kg.corpus.markup import html_to_text, looks_like_html, looks_like_markdown, markdown_to_text
from kg.corpus.model import SUFFIXES, Skipped, Source, SourceError
from kg.corpus.readfile import MAX_BYTES, read_source, source_from_bytes
from kg.corpus.scan import corpus_files, iter_corpus

__all__ = [
    "MAX_BYTES",
    "SUFFIXES",
    "Skipped",
    "Source",
    "SourceError",
    "corpus_files",
    "html_to_text",
    "iter_corpus",
    "looks_like_html",
    "looks_like_markdown",
    "markdown_to_text",
    "read_source",
    "repair_mojibake",
    "source_from_bytes",
]
