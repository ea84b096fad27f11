"""`kg correct`: the analyst's corrections, appended to CORPUS/corrections.yaml."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import CONTEXT, DEFAULT_CORPUS, graph_option

corpus_option = click.option(
    "--corpus",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=DEFAULT_CORPUS,
    show_default=True,
    help="The corpus folder whose corrections.yaml to add to.",
)
reason_option = click.option(
    "--reason", required=True, help="Why: for whoever reads this later (required)."
)
document_option = click.option(
    "--document", default="", help="Only in this document (its file name)."
)
id_option = click.option(
    "--id",
    "cid",
    default="",
    help="An id for the correction [default: made from the action and name].",
)


def _append(corpus: Path, entry: dict) -> None:
    """Append the correction to CORPUS/corrections.yaml and say what it will do."""
    from kg.language.correctfile import append_correction
    from kg.language.corrections import corrections_path
    from kg.rdf.curation import describe

    path = corrections_path(corpus)
    correction = append_correction(path, entry)
    click.echo(f"added correction {correction.id} to {path}: {describe(correction)}")
    click.echo("run `kg build` to apply it", err=True)


@click.group(context_settings=CONTEXT)
def correct():
    """Correct what the rules got wrong: reject a fact, merge or split entities, add an alias.

    Each correction is appended to CORPUS/corrections.yaml (keep it under version control
    with the articles), applied at every `kg build`, and shown by `kg explain` with its id
    and reason. A correction that no longer matches anything is reported by the build. The
    file's own text and comments are kept: a file written as a flow-style list ("[…]") or
    with a "..." end marker is refused, never rewritten.

    Example:

    \b
      kg correct reject --entity Kanaleneiland --reason "a neighbourhood, not a person"
      kg correct merge "Van den Wijngaart" "Mary van den Wijngaart" --reason "same person"
      kg explain "Mary van den Wijngaart"
    """


@correct.command("reject", context_settings=CONTEXT)
@click.option(
    "--entity",
    default="",
    help="Reject this entity and every fact about it (a name, alias or abbreviation).",
)
@click.option("--statement", default="", help="Reject the statement whose text holds these words.")
@click.option(
    "--recommendation", default="", help="Reject the recommendation whose text holds these words."
)
@click.option("--work", default="", help="Reject the work (publication) with this title.")
@click.option(
    "--subject", default="", help="Reject one fact: its subject (a name, or words of a text)."
)
@click.option(
    "--predicate",
    default="",
    help="… its predicate, as `kg explain` shows it (kg:speaker, org:member, …).",
)
@click.option(
    "--object", "object_", default="", help="… its object (a name, words of a text, or a value)."
)
@reason_option
@document_option
@corpus_option
@id_option
def correct_reject(
    entity,
    statement,
    recommendation,
    work,
    subject,
    predicate,
    object_,
    reason,
    document,
    corpus,
    cid,
):
    """Take a wrong entity, statement or fact out of the graph.

    Example:

    \b
      kg correct reject --entity Kanaleneiland --reason "a neighbourhood, not a person"
      kg correct reject --subject "De wet gaat uit van wantrouwen" --predicate kg:speaker \\
          --object "Erik Dijkstra" --reason "he quotes the report"
    """
    _append(
        corpus,
        {
            "id": cid,
            "action": "reject",
            "entity": entity,
            "statement": statement,
            "recommendation": recommendation,
            "work": work,
            "subject": subject,
            "predicate": predicate,
            "object": object_,
            "document": document,
            "reason": reason,
        },
    )


@correct.command("merge", context_settings=CONTEXT)
@click.argument("name")
@click.argument("into")
@reason_option
@document_option
@corpus_option
@id_option
@graph_option("Where to look up INTO's IRI, so the two meet across documents.", required=False)
def correct_merge(name, into, reason, document, corpus, cid, graph_path):
    """NAME and INTO are one entity: every fact about NAME becomes a fact about INTO, and
    NAME becomes one of its aliases.

    Example:

    \b
      kg correct merge "Van den Wijngaart" "Mary van den Wijngaart" --reason "same person"
    """
    from kg.read.lookup import entity_iri

    _append(
        corpus,
        {
            "id": cid,
            "action": "merge",
            "entity": name,
            "into": into,
            "iri": entity_iri(graph_path, into) if graph_path else "",
            "document": document,
            "reason": reason,
        },
    )


@correct.command("split", context_settings=CONTEXT)
@click.argument("name")
@click.argument("into")
@click.option(
    "--document",
    required=True,
    help="The document in which NAME is the other entity (its file name).",
)
@reason_option
@corpus_option
@id_option
def correct_split(name, into, document, reason, corpus, cid):
    """In one document NAME is another entity than elsewhere: call it INTO there.

    Example:

    \b
      kg correct split Jansen "Piet Jansen" --document zwolle.txt \\
          --reason "not Femke Jansen of the SCP"
    """
    _append(
        corpus,
        {
            "id": cid,
            "action": "split",
            "entity": name,
            "into": into,
            "document": document,
            "reason": reason,
        },
    )


@correct.command("alias", context_settings=CONTEXT)
@click.argument("name")
@click.argument("alias")
@reason_option
@document_option
@corpus_option
@id_option
def correct_alias(name, alias, reason, document, corpus, cid):
    """NAME is also called ALIAS (recorded as skos:altLabel, so `kg explain ALIAS` finds it).

    Example:

    \b
      kg correct alias "Sociaal en Cultureel Planbureau" Planbureau \\
          --reason "how the press calls it"
    """
    _append(
        corpus,
        {
            "id": cid,
            "action": "alias",
            "entity": name,
            "alias": alias,
            "document": document,
            "reason": reason,
        },
    )
