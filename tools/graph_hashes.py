"""Build every corpus the project keeps and record or check the sha256 of each graph.ttl.

A refactor that must not change behaviour (a package redesign, a speed-up) records the
hashes before it and checks them after: any difference is a change of output, to be
explained in the commit that makes it. One line is left out of the hash: the value of
`kg:rulesVersion`, a hash of the rule files' bytes, which moving a word list or editing a
comment in patterns.yaml or lexicon.yaml changes without changing what the rules find.

    python tools/graph_hashes.py record   # writes tools/graph_hashes.txt
    python tools/graph_hashes.py check    # exit 1 and name the corpora whose graph differs
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORD = Path(__file__).with_name("graph_hashes.txt")
RULES_VERSION = re.compile(rb'(kg:rulesVersion ")[0-9a-f]+(")')


def corpora() -> list[Path]:
    """corpus/ and each eval/*/corpus, in a fixed order."""
    return [ROOT / "corpus", *sorted((ROOT / "eval").glob("*/corpus"))]


def graph_hash(corpus: Path, out: Path) -> str:
    """The sha256 of graph.ttl built from `corpus` into `out` with this checkout's kg."""
    subprocess.run(
        [sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "--quiet"],
        cwd=ROOT,
        check=True,
    )
    graph = RULES_VERSION.sub(rb"\1\2", (out / "graph.ttl").read_bytes())
    return hashlib.sha256(graph).hexdigest()


def current() -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        return {
            str(c.relative_to(ROOT)): graph_hash(c, Path(tmp) / str(i))
            for i, c in enumerate(corpora())
        }


def main(mode: str) -> int:
    hashes = current()
    if mode == "record":
        RECORD.write_text("".join(f"{h}  {name}\n" for name, h in hashes.items()))
        print(f"recorded {len(hashes)} graph hashes in {RECORD.relative_to(ROOT)}")
        return 0
    recorded = dict(reversed(line.split("  ", 1)) for line in RECORD.read_text().splitlines())
    differ = [name for name, h in hashes.items() if recorded.get(name) != h]
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(hashes) - len(differ)} of {len(hashes)} graphs byte-identical to the record")
    return 1 if differ else 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in {"record", "check"}:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
