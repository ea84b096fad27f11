"""Write kg/web/yasgui/THIRD-PARTY-LICENSES.txt: the licences of what yasgui.min.js bundles.

The @zazuko/yasgui bundle carries no licence comments, and its npm package no licence
file. This reads the bundle's source map for the npm packages it was built from, and
copies each one's licence file (or, where a package ships none, the licence its
package.json names) from a node_modules folder made by `npm install @zazuko/yasgui@VERSION`.

    python tools/yasgui_licenses.py /tmp/yasgui/node_modules
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "kg" / "web" / "yasgui" / "THIRD-PARTY-LICENSES.txt"
_PACKAGE = re.compile(r"node_modules/((?:@[^/]+/)?[^/]+)/")
_LICENCE_FILE = re.compile(r"^(licen[cs]e|copying)(-mpl)?(\.(md|txt))?$", re.IGNORECASE)


def bundled(modules: Path) -> list[str]:
    """The npm packages the bundle's source map names, with yasgui's own three."""
    source_map = modules / "@zazuko" / "yasgui" / "build" / "yasgui.min.js.map"
    sources = json.loads(source_map.read_text(encoding="utf-8"))["sources"]
    names = {m.group(1) for s in sources if (m := _PACKAGE.search(s))}
    return sorted(names | {"@zazuko/yasqe", "@zazuko/yasr", "@zazuko/yasgui-utils"})


def section(modules: Path, name: str) -> str:
    folder = modules / name
    meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    head = f"{name} {meta['version']} ({meta.get('license', 'see below')})"
    files = sorted(p for p in folder.iterdir() if _LICENCE_FILE.match(p.name))
    texts = [p.read_text(encoding="utf-8").strip() for p in files]
    named = meta.get("license")
    body = "\n\n".join(texts) or f"No licence file in the npm package; package.json: {named}."
    return f"{'=' * 78}\n{head}\n{'=' * 78}\n\n{body}\n"


def main(modules: str) -> None:
    root = Path(modules)
    intro = (
        "Third-party software bundled in yasgui.min.js and yasgui.min.css "
        "(from the bundle's source map; written by tools/yasgui_licenses.py).\n\n"
    )
    OUT.write_text(intro + "\n".join(section(root, n) for n in bundled(root)), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
