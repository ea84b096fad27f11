"""kg's own SPARQL on its own graph: evaluated by Oxigraph in this process, with no guard,
no worker process and no deadline.

Users' queries (`kg query`, kg serve) are text from outside: kg.read.query guards them and
runs each in a sandboxed worker killed at a deadline. kg's own queries are constants of its
code and the questions it ships (kg/read/queries): on an archive-sized graph they may take
minutes, and a deadline would only stop `kg diff` or `kg rules hits` halfway, with
advice about a --timeout they do not have. So they come here, and user text never does.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.rdf.namespaces import PREFIXES
from kg.read.results import Result, read_answer


def select(store: ox.Store, sparql: str) -> ox.QuerySolutions:
    """The solutions of one of kg's own SELECT queries over the union of the store's graphs;
    each solution gives a term (or None, unbound) by variable name: ``row["x"]``."""
    return store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)


def answer(store: ox.Store, sparql: str) -> Result:
    """One of kg's own queries (any form) answered as strings, cell for cell as `kg query`
    prints them: for comparing two graphs' answers to the shipped questions."""
    return read_answer(select(store, sparql))
