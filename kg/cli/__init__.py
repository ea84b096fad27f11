"""The `kg` command line: thin commands over the packages."""

from kg.cli.main import cli

__all__ = ["cli"]
