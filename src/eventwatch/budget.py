"""A per-document time and memory budget: a runaway document fails, not the machine.

The pipeline checks the budget between sections and between stages (cooperatively: a single
section is bounded by :data:`eventwatch.sections.SECTION_CHARS`).  When the budget is spent,
:class:`BudgetExceeded` is raised and the document is recorded as failed with stage
``budget`` and the reason.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

#: defaults of ``eventwatch run --doc-timeout / --doc-memory-mb``
DEFAULT_SECONDS = 60.0
DEFAULT_MEMORY_MB = 384  # growth over the process at the document's start; a loaded pipeline is ~600 MB, so peak stays under 1 GB


class BudgetExceeded(Exception):
    """The document used up its time or memory budget; ``str(e)`` is the one-line reason."""


def resident_mb() -> float | None:
    """This process's resident memory in MB (Linux ``/proc``); None where it cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            pages = int(f.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


@dataclass(slots=True)
class Budget:
    """Seconds and megabytes one document may use; ``check`` raises when either is spent.

    Memory is the growth of this process's resident memory since the document started, so a
    long-lived process (the API server, a test session, a Dask worker) that already holds
    models and caches is not mistaken for a runaway document.  ``fixed_baseline_mb`` pins the
    baseline instead (0: count the whole process)."""

    seconds: float | None = DEFAULT_SECONDS
    memory_mb: float | None = DEFAULT_MEMORY_MB
    fixed_baseline_mb: float | None = None
    started: float = field(default_factory=time.monotonic)
    baseline_mb: float | None = None

    def __post_init__(self) -> None:
        if self.baseline_mb is None:
            self.baseline_mb = self.fixed_baseline_mb if self.fixed_baseline_mb is not None else resident_mb()

    def restart(self) -> Budget:
        return Budget(self.seconds, self.memory_mb, self.fixed_baseline_mb)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def check(self, where: str) -> None:
        if self.seconds is not None and self.elapsed() > self.seconds:
            raise BudgetExceeded(f"time budget of {self.seconds:g}s exceeded ({where})")
        if self.memory_mb is not None:
            rss = resident_mb()
            if rss is not None and rss - (self.baseline_mb or 0.0) > self.memory_mb:
                raise BudgetExceeded(f"memory budget of {self.memory_mb:g} MB exceeded "
                                     f"({rss - (self.baseline_mb or 0.0):.0f} MB more than at the start, {where})")
