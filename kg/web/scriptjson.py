"""JSON data inside a page's <script> element, for both pages kg writes (the network view
and the query page of `kg serve`).

The HTML parser ends a script element at "</script" and changes state at "<!--", before
any JSON is read: text from an article or a question must never form either. Escaping
"<", ">" and "&" as \\u003c, \\u003e and \\u0026 leaves the JSON value as it was (JSON.parse
reads the escapes back) and leaves no markup in the element at all.
"""

from __future__ import annotations

import json

_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_json(data) -> str:
    """`data` as compact JSON that is safe inside a <script> element: no "<", ">" or "&"."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
