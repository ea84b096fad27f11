"""`kg build --scheduler ADDRESS` (kg/build/cluster.py, issue 14): the per-article map step
on a Dask cluster gives the same graph.ttl and store, byte for byte, as a local build; the
articles the cache holds are not sent; no Dask, no scheduler or a worker that runs another
kg is one line `Error: …` and leaves the previous output as it was.

The cluster is a `distributed.LocalCluster` of two worker processes on 127.0.0.1, started
once for this module; its workers import kg from this checkout (PYTHONPATH) as a real
cluster's workers import the kg installed on them.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

import dask
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from distributed import LocalCluster

from kg.build.pipeline import build
from kg.cli import cli

ROOT = Path(__file__).parents[2]
SEED = ROOT / "corpus"


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory) -> str:
    """The address of a LocalCluster: 2 worker processes of 1 thread, loopback only."""
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [saved])])
    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        local_directory=str(tmp_path_factory.mktemp("dask")),
    )
    yield cluster.scheduler_address
    cluster.close()
    if saved is None:
        del os.environ["PYTHONPATH"]
    else:
        os.environ["PYTHONPATH"] = saved


@pytest.fixture(scope="module")
def local_seed(tmp_path_factory) -> Path:
    """The output folder of a local build of corpus/."""
    out = tmp_path_factory.mktemp("local-seed")
    build(SEED, out, jobs=1)
    return out


def kg(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _store_dump(out: Path) -> bytes:
    store = ox.Store.read_only(str(out / "graph.oxigraph"))
    return b"".join(sorted(store.dump(format=ox.RdfFormat.N_QUADS).splitlines(keepends=True)))


def _one_error_line(result) -> str:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def test_cluster_build_of_the_seed_corpus_is_byte_identical_to_a_local_build(
    scheduler, local_seed, tmp_path
):
    result = kg("build", SEED, "--out", tmp_path, "--scheduler", scheduler)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("5 documents read (5 extracted, 0 unchanged)"), result.stdout
    assert (tmp_path / "graph.ttl").read_bytes() == (local_seed / "graph.ttl").read_bytes()
    assert _store_dump(tmp_path) == _store_dump(local_seed)


def test_cluster_rebuild_sends_only_the_articles_the_cache_does_not_hold(
    scheduler, local_seed, tmp_path
):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED, corpus)
    first = sorted(corpus.glob("*.txt"))[0]
    first.rename(tmp_path / first.name)  # out of the corpus for the first build
    out = tmp_path / "out"
    build(corpus, out, jobs=1)  # four articles into the cache, locally
    (tmp_path / first.name).rename(first)
    result = kg("build", corpus, "--out", out, "--scheduler", scheduler)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("5 documents read (1 extracted, 4 unchanged)"), result.stdout
    assert (out / "graph.ttl").read_bytes() == (local_seed / "graph.ttl").read_bytes()
    assert _store_dump(out) == _store_dump(local_seed)


def test_cluster_build_uses_the_clients_rules_folder(scheduler, tmp_path):
    """The rule files travel with the work: the workers extract with the client's --rules."""
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "kg" / "language" / "data", rules)
    lexicon = rules / "lexicon.yaml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    local, clustered = tmp_path / "local", tmp_path / "clustered"
    build(SEED, local, jobs=1, rules_dir=rules)
    result = kg("build", SEED, "--out", clustered, "--rules", rules, "--scheduler", scheduler)
    assert result.exit_code == 0, result.stderr
    assert (clustered / "graph.ttl").read_bytes() == (local / "graph.ttl").read_bytes()


def test_worker_running_another_kg_is_one_error_line_and_writes_nothing(
    scheduler, local_seed, tmp_path, monkeypatch
):
    out = tmp_path / "out"
    shutil.copytree(local_seed, out)
    before = (out / "graph.ttl").read_bytes()
    # the client thinks its kg is another one than the workers run
    monkeypatch.setattr("kg.build.pipeline.pipeline_version", lambda extra=b"": "0" * 20)
    line = _one_error_line(kg("build", SEED, "--out", out, "--scheduler", scheduler))
    assert "runs another kg than this build" in line and "same kg" in line
    assert (out / "graph.ttl").read_bytes() == before


def test_scheduler_without_dask_says_to_install_kg_cluster(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    line = _one_error_line(
        kg("build", SEED, "--out", tmp_path, "--scheduler", "tcp://127.0.0.1:8786")
    )
    assert "pip install 'kg[cluster]'" in line
    assert not (tmp_path / "graph.ttl").exists()


def test_unreachable_scheduler_is_one_error_line_and_keeps_the_previous_graph(local_seed, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(local_seed, out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    with socket.socket() as unused:  # a port nobody listens on
        unused.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{unused.getsockname()[1]}"
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        line = _one_error_line(kg("build", SEED, "--out", out, "--scheduler", address))
    assert f"cannot reach the Dask scheduler at {address}" in line
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_scheduler_address_without_a_port_is_one_error_line(tmp_path):
    """Refused before Dask's Client starts: one that fails to start hangs the exit (60 s)."""
    line = _one_error_line(kg("build", SEED, "--out", tmp_path, "--scheduler", "tcp://127.0.0.1"))
    assert "'tcp://127.0.0.1' is not a Dask scheduler address" in line
    assert "tcp://HOST:8786" in line
    assert not (tmp_path / "graph.ttl").exists()
