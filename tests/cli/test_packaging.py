"""`kg` works the same installed from a wheel: ontology, reference data, rules and
questions ship inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
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
            str(ROOT),
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
    ]
    assert not [n for n in expected if n not in names]
    assert len([n for n in names if n.startswith("kg/read/queries/")]) == 11


def test_packaging_wheel_ships_no_corpus_or_output(wheel):
    assert not [n for n in wheel.namelist() if n.startswith(("corpus/", "output/", "tests/"))]
