"""The per-article map step on a Dask cluster: `kg build CORPUS --scheduler tcp://HOST:8786`.

Only the map step goes out (one source in, its Fragment back); the build cache, graph.ttl
and the store stay with the client, which writes them exactly as a local build does. The
articles the cache already holds are never sent. Dask (`pip install kg[cluster]`) does the
scheduling, the shipping and the retrying of lost work; this module only connects,
sends batches and hands the fragments back as they come.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from kg.corpus import Source
from kg.errors import KgError

BATCH = 16
"""Articles per task at most: a task per article would spend more time in the scheduler
than in the rules; a few tasks per worker keep them all busy to the end."""


class ClusterError(KgError):
    """No Dask installed, no scheduler at the address, or a scheduler without workers."""


class Cluster:
    """A connection to a Dask scheduler (`connect`); close it when done."""

    def __init__(self, client, address: str):
        self._client = client
        self.address = address

    def extract(
        self, sources: list[Source], work: Callable[..., list], setup: Any
    ) -> Iterator[tuple[Source, Any]]:
        """(source, what `work(batch, setup)` made of it) for every source, in the order
        the workers finish; `setup` goes to each worker once, `work` must be importable
        there (a function of an installed kg module)."""
        from distributed import as_completed

        if not sources:
            return
        workers = max(1, len(self._client.scheduler_info().get("workers", {})))
        size = max(1, min(BATCH, len(sources) // (workers * 4)))
        batches = [sources[i : i + size] for i in range(0, len(sources), size)]
        [shared] = self._client.scatter([setup], broadcast=True, hash=False)
        futures = self._client.map(work, batches, setup=shared, pure=False)
        batch_of = dict(zip(futures, batches, strict=True))
        del futures  # a future dropped below lets its worker forget the fragments
        done = as_completed(
            list(batch_of), loop=self._client.loop, with_results=True, raise_errors=True
        )
        for future, results in done:
            if isinstance(results, BaseException):  # a cancelled batch comes as its error
                raise ClusterError(
                    f"the cluster at {self.address} gave up on a batch of articles "
                    f"({_one_line(results)}): a worker stopped or the scheduler went away; "
                    "the previous graph is kept"
                )
            yield from zip(batch_of.pop(future), results, strict=True)

    def close(self) -> None:
        self._client.close()


def connect(address: str) -> Cluster:
    """A connection to the scheduler at `address`, with at least one worker; ClusterError
    (one line) when Dask is not installed or the scheduler cannot be reached in the time
    Dask's configuration allows (`distributed.comm.timeouts.connect`, 30 s)."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError(
            "--scheduler needs Dask's distributed scheduler: pip install 'kg[cluster]'"
        ) from None
    from distributed.comm.addressing import parse_address, parse_host_port

    try:  # before Client: one that failed to start would hang the exit, closing itself
        parse_host_port(parse_address(address)[1])
    except ValueError as error:
        raise ClusterError(
            f"{address!r} is not a Dask scheduler address ({_one_line(error)}): "
            "give one such as tcp://HOST:8786"
        ) from None
    try:
        client = Client(address, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {address}: {_one_line(error)}"
        ) from None
    try:
        client.wait_for_workers(1, timeout=_connect_timeout())
    except (OSError, TimeoutError) as error:
        client.close()
        raise ClusterError(
            f"the Dask scheduler at {address} has no workers ({_one_line(error)}): "
            f"start some with `dask worker {address}`"
        ) from None
    return Cluster(client, address)


def _connect_timeout() -> float:
    import dask
    from dask.utils import parse_timedelta

    return parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"), "s")


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 200 else text[:199] + "…"
