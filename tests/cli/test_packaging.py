"""`kg` works the same installed from a wheel: ontology, reference data, rules and
questions ship inside the package."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    """A wheel built from a copy of what the package is made of: setuptools builds in the
    source folder's build/, and files an earlier build left there would end up in it."""
    source = tmp_path_factory.mktemp("source")
    for folder in ("kg", "ontology"):
        shutil.copytree(
            ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    return zipfile.ZipFile(next(out.glob("kg-*.whl")))


def test_packaging_wheel_ships_the_data_files(wheel):
    names = set(wheel.namelist())
    expected = [
        "kg/ontology/kg.ttl",
        "kg/ontology/shapes.ttl",
        "kg/ontology/reference/organisations.yaml",
        "kg/ontology/reference/laws.yaml",
        "kg/ontology/reference/municipalities.tsv",
        "kg/ontology/reference/places.yaml",
        "kg/ontology/reference/topics.yaml",
        "kg/language/data/patterns.yaml",
        "kg/language/data/lexicon.yaml",
    ]
    expected += [
        f"kg/read/queries/{p.name}" for p in (ROOT / "kg" / "read" / "queries").glob("*.rq")
    ]
    expected += [
        "kg/web/view/page.html",
        "kg/web/view/view.js",
        "kg/web/view/view.css",
        "kg/web/view/vis-network.min.js",
        "kg/web/view/LICENSE-vis-network-MIT",
        "kg/web/view/LICENSE-vis-network-APACHE-2.0",
        "kg/web/pages/query.html",
        "kg/web/pages/query.css",
        "kg/web/pages/query.js",
        "kg/web/yasgui/yasgui.min.js",
        "kg/web/yasgui/yasgui.min.css",
        "kg/web/yasgui/LICENSE-yasgui-MIT",
        "kg/web/yasgui/THIRD-PARTY-LICENSES.txt",
        "kg/web/yasgui/README.md",
    ]
    assert not [n for n in expected if n not in names]
    assert len([n for n in names if n.startswith("kg/read/queries/")]) == 11


def test_packaging_wheel_ships_no_corpus_or_output(wheel):
    assert not [n for n in wheel.namelist() if n.startswith(("corpus/", "output/", "tests/"))]


def test_packaging_wheel_holds_no_stale_build_files(wheel):
    """Every module and data file in the wheel is in the checkout: a build/ folder left by
    an earlier build (kg/corpus/sources.py before the corpus was split) must not leak in."""

    def source(name: str) -> Path:  # the wheel's kg/ontology/ is the checkout's ontology/
        ontology = name.removeprefix("kg/ontology/")
        return ROOT / "ontology" / ontology if ontology != name else ROOT / name

    shipped = [n for n in wheel.namelist() if n.startswith("kg/")]
    assert [n for n in shipped if not source(n).is_file()] == []
