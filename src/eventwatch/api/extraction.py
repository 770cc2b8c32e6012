"""Background extraction of documents POSTed to the API.

Extraction takes seconds to minutes per document; doing it inside the request tied up a
server worker for as long (94 s for a 100k-character text).  ``POST /api/documents`` now
stores the document, hands its id to this queue and answers 202 at once; one worker thread
runs the pipeline over queued documents in order and writes each result (or its failure:
state ``failed`` with the stage and the reason) through the store, then fuses it.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from eventwatch.models import Document, DocumentAnalysis, DocumentFailure, DocumentResult

log = logging.getLogger(__name__)

#: documents waiting for extraction beyond which POSTs are refused with 503
MAX_QUEUED = 256


class ExtractionQueue:
    """A bounded FIFO of documents and the one thread that extracts them."""

    def __init__(self, store: Any, pipeline: Callable[[], Any], maxsize: int = MAX_QUEUED) -> None:
        self.store = store
        self.pipeline = pipeline
        self._queue: queue.Queue[Document | None] = queue.Queue(maxsize=maxsize)
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def submit(self, document: Document) -> bool:
        """Queue ``document`` for extraction; False when the queue is full."""
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="eventwatch-extraction", daemon=True)
                self._thread.start()
        try:
            self._queue.put_nowait(document)
        except queue.Full:
            return False
        return True

    def pending(self) -> int:
        return self._queue.unfinished_tasks

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every queued document is extracted (True) or ``timeout`` passes (False)."""
        done = threading.Event()

        def join() -> None:
            self._queue.join()
            done.set()

        threading.Thread(target=join, daemon=True).start()
        return done.wait(timeout)

    def close(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(None)

    def _work(self) -> None:
        while True:
            document = self._queue.get()
            try:
                if document is None:
                    return
                self._extract(document)
            except Exception:
                log.exception("background extraction failed")
            finally:
                self._queue.task_done()

    def _extract(self, document: Document) -> None:
        try:
            pipeline = self.pipeline()
        except Exception as e:  # noqa: BLE001 - missing model or gazetteer: say so on the document
            why = getattr(e, "detail", None) or e  # the API's ApiError keeps the cause in .detail
            self.store.record_failure(DocumentFailure(document, "nlp", f"pipeline could not be loaded: {why}"))
            return
        for result in pipeline.process([document]):
            try:
                self.store.save_result(result)
            except Exception as e:  # noqa: BLE001
                failure = DocumentFailure(document, "store", " ".join(f"{type(e).__name__}: {e}".split())[:500])
                self.store.record_failure(failure)
                result = DocumentResult(document, DocumentAnalysis(document), failure=failure)
            if result.failure is None and hasattr(self.store, "fuse_pending"):
                self.store.fuse_pending(document.id)
