"""Extraction in batches, in this process or on Dask distributed workers (``eventwatch run --workers N``).

There is one code path for processing documents: :func:`extract_batch`, which runs the
process-wide :class:`~eventwatch.pipeline.Pipeline` over a batch.  The single-process run
calls it here; with ``--workers N`` (or ``--scheduler ADDRESS``) every Dask worker process
calls the same function, loading its pipeline once and keeping it for the following
batches.  The results come back to the calling process, which is the only writer to the
store (SQLite allows one writer; the CLI writes each batch in one transaction).

A worker that dies (killed, out of memory) takes its batch with it; the scheduler retries
that batch on another worker once (``distributed.scheduler.allowed-failures`` = 1 on the
LocalCluster, whose workers hold only the task they run: ``worker-saturation`` = 1.0; a
cluster given by ``--scheduler`` keeps its own settings).  A batch that kills workers twice is split into single documents, each
retried on its own, and a document that kills workers twice by itself is quarantined: it
comes back as a failure (stage ``worker``) with the reason, and is not retried by later
runs unless ``--retry-failed``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Self

from eventwatch.budget import Budget
from eventwatch.models import Document, DocumentAnalysis, DocumentFailure, DocumentResult
from eventwatch.pipeline import Pipeline

log = logging.getLogger(__name__)

#: documents per task (and per store transaction)
DEFAULT_BATCH = 16
#: times a worker may die under a task before the scheduler gives up on it (one retry)
ALLOWED_FAILURES = 1

BatchTask = Callable[[list[Document], Budget], list[DocumentResult]]

_pipeline: Pipeline | None = None


def process_pipeline() -> Pipeline:
    """This process's pipeline, loaded on first use and kept (one per worker process)."""
    global _pipeline
    if _pipeline is None:
        _pipeline = Pipeline()
    return _pipeline


def extract_batch(documents: list[Document], budget: Budget, pipeline: Pipeline | None = None) -> list[DocumentResult]:
    """Run the pipeline over one batch: the one function every mode uses to process documents.

    Every document runs under its own guard and budget (see :class:`Pipeline`), so a
    document that fails comes back as a result with ``failure`` set; the batch goes on.
    ``pipeline``: the caller's (a single-process run); by default this process's own.
    """
    pipeline = pipeline or process_pipeline()
    pipeline.budget = budget
    return list(pipeline.process(documents))


def batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """``documents`` in lists of at most ``size`` (streamed, never all in memory at once)."""
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def quarantined(document: Document, error: BaseException) -> DocumentResult:
    """The result for a document whose task failed on its own: failed, stage ``worker``, with the reason."""
    from distributed import KilledWorker

    reason = " ".join(f"{type(error).__name__}: {error}".split())
    why = "killed its worker twice" if isinstance(error, KilledWorker) else "its task failed on the worker"
    failure = DocumentFailure(document, "worker", f"quarantined: {why} ({reason})"[:500])
    return DocumentResult(document, DocumentAnalysis(document), failure=failure)


def local_results(
    documents: Iterable[Document], budget: Budget, pipeline: Pipeline, batch_size: int = DEFAULT_BATCH
) -> Iterator[list[DocumentResult]]:
    """Single process: one result list per batch, in order."""
    for batch in batches(documents, batch_size):
        yield extract_batch(batch, budget, pipeline)


@dataclass
class DaskExtractor:
    """Dask distributed extraction: a LocalCluster of ``workers`` processes, or the cluster at ``scheduler``.

    Use as a context manager; :meth:`results` streams batches to the workers, keeping at
    most ``in_flight`` batches per worker submitted, and yields each batch's results as it
    completes (not in input order).
    """

    budget: Budget
    workers: int = 2
    scheduler: str | None = None
    batch_size: int = DEFAULT_BATCH
    in_flight: int = 2
    task: BatchTask = extract_batch
    client: Any = field(default=None, init=False)
    _cluster: Any = field(default=None, init=False)

    def __enter__(self) -> Self:
        import dask
        from distributed import Client, LocalCluster

        if self.scheduler:
            self.client = Client(self.scheduler)
        else:
            # worker-saturation 1.0: a worker holds only the task it runs (the rest wait on the
            # scheduler), so a worker's death makes only that task suspect, not its queued neighbours
            settings = {"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                        "distributed.scheduler.worker-saturation": 1.0}
            with dask.config.set(settings):
                self._cluster = LocalCluster(
                    n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                    memory_limit=0,  # the per-document Budget bounds memory; no nanny restarts on top of it
                )
                self.client = Client(self._cluster)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()
        self.client = self._cluster = None

    def warm_up(self) -> None:
        """Load the pipeline in every worker now (otherwise each loads it on its first batch)."""
        self.client.run(process_pipeline_loaded)

    def worker_pids(self) -> dict[str, int]:
        """Worker address -> process id (to measure or kill a worker)."""
        import os

        return dict(self.client.run(os.getpid))

    def results(self, documents: Iterable[Document]) -> Iterator[list[DocumentResult]]:
        from distributed import as_completed

        n_workers = max(1, len(self.client.scheduler_info().get("workers", {})) or self.workers)
        limit = max(1, self.in_flight * n_workers)
        todo = batches(documents, self.batch_size)
        pending = as_completed()
        submitted: dict[str, list[Document]] = {}

        def submit(batch: list[Document]) -> None:
            future = self.client.submit(self.task, batch, self.budget, pure=False)
            submitted[future.key] = batch
            pending.add(future)

        for batch in todo:
            submit(batch)
            if len(submitted) >= limit:
                break
        for future in pending:
            batch = submitted.pop(future.key)
            try:
                yield future.result()
            except Exception as e:  # noqa: BLE001 - a dead worker (KilledWorker) or a task that could not run
                if len(batch) > 1:
                    log.warning("batch of %d failed on its workers (%s: %s); retrying its documents one by one",
                                len(batch), type(e).__name__, e)
                    for document in batch:
                        submit([document])
                else:
                    yield [quarantined(batch[0], e)]
            finally:
                future.release()
            for batch in todo:
                submit(batch)
                if len(submitted) >= limit:
                    break


def process_pipeline_loaded() -> bool:
    process_pipeline()
    return True
