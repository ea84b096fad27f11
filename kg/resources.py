"""Where kg's data files live, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def ontology_path(name: str) -> Path:
    """The path of a file in the ontology folder (kg.ttl, shapes.ttl, reference/...).

    A wheel ships the top-level ontology/ folder as kg/ontology (pyproject.toml
    package-dir); a checkout, installed editable or not, has it beside kg/.
    """
    shipped = _HERE / "ontology"
    folder = shipped if shipped.is_dir() else _HERE.parent / "ontology"
    return folder / name


def package_path(sub: str, name: str) -> Path:
    """The path of a file shipped inside the kg package, e.g. ("rules", "patterns.yaml")."""
    return _HERE / sub / name
