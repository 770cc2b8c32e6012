"""Terminal output that reads at 80 columns: event and report tables, the ``run`` summary.

Ids are printed in full (they are what ``review`` and ``--event`` take); long text is cut
with an ellipsis instead of wrapping into a column of fragments; ``wide`` adds columns.
A value an analyst corrected is marked with ``*``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from eventwatch.store.records import EventList, EventRecord


def _table(title: str | None = None) -> Table:
    return Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1),
                 collapse_padding=True, title_justify="left")


def _mark(text: str, corrected: bool) -> str:
    return f"{text}*" if corrected and text else text


def _deaths(e: EventRecord) -> str:
    r = e.fatalities_range or {}
    if e.fatalities is None:
        return ""
    return str(e.fatalities) if r.get("max") in (None, e.fatalities) else f"{e.fatalities}-{r['max']}"


def event_table(found: EventList, wide: bool = False) -> Table:
    """One line per fused event: full id, date, type, place, actor1 (+ more with ``wide``)."""
    table = _table()
    table.add_column("id", no_wrap=True, min_width=19)
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("type", no_wrap=True, min_width=11)
    table.add_column("place", no_wrap=True, overflow="ellipsis", max_width=None if wide else 15)
    table.add_column("actor1", no_wrap=True, overflow="ellipsis", max_width=None if wide else 16)
    if wide:
        for col in ("actor2", "status", "deaths", "reports", "outlets", "review"):
            table.add_column(col, no_wrap=col != "actor2", overflow="ellipsis")
    for e in found.events:
        c = e.corrections
        row = [
            e.id,
            _mark(e.date or "undated", "when" in c),
            _mark(e.plover or "", "plover" in c),
            _mark((e.where or {}).get("name") or "", "where" in c),
            _mark(", ".join(e.actor1), "actor1" in c),
        ]
        if wide:
            row += [_mark(", ".join(e.actor2), "actor2" in c), _mark(e.status, "status" in c),
                    _mark(_deaths(e), "fatalities" in c), str(e.n_reports), str(e.n_publishers), e.review or ""]
        table.add_row(*row)
    return table


def report_table(records: list[dict[str, Any]], wide: bool = False) -> Table:
    """One line per event report: full key, document, date, type, place (+ more with ``wide``)."""
    table = _table()
    table.add_column("key", no_wrap=True, min_width=22)
    table.add_column("doc", no_wrap=True, overflow="ellipsis", max_width=None if wide else 12)
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("type", no_wrap=True, min_width=11)
    table.add_column("place", no_wrap=True, overflow="ellipsis", max_width=None if wide else 14)
    if wide:
        for col in ("actor1", "actor2", "status", "event", "evidence"):
            table.add_column(col, no_wrap=col != "evidence", overflow="ellipsis")
    for r in records:
        c = r.get("corrected") or {}
        where = r.get("where") or []
        place = where[0].get("name") if isinstance(where, list) and where else ""
        row = [r.get("key") or str(r.get("id")), r.get("doc") or "",
               _mark((r.get("when") or {}).get("date") or "undated", "when" in c), _mark(r.get("plover") or "", "plover" in c),
               _mark(place or "", "where" in c)]
        if wide:
            row += [", ".join(r.get("actor1") or []), ", ".join(r.get("actor2") or []), r.get("status") or "",
                    r.get("event") or "", (r.get("quote") or "")[:200]]
        table.add_row(*row)
    return table


def print_events(console: Console, found: EventList, wide: bool = False) -> None:
    console.print(event_table(found, wide))
    console.print(events_footer(found))


def events_footer(found: EventList) -> str:
    parts = [f"{len(found.events)} event(s)"]
    if found.undated:
        parts.append(f"{found.undated} undated (listed as 'undated')")
    if found.undated_excluded:
        parts.append(f"{found.undated_excluded} undated event(s) not matched by the date filter")
    if any(e.corrections for e in found.events):
        parts.append("* = corrected by an analyst")
    return "; ".join(parts)


def run_summary(
    console: Console, *, new: int, seen: int, failed: int, n_docs: int, n_reports: int, fused: dict[str, int],
    found: EventList, elapsed: float, db: str,
) -> None:
    """What ``run`` did, in a few lines under 80 columns: documents, events by type, failures,
    where the database is and what to run next."""
    console.print(f"{new} new document(s), {seen} already stored, {failed} failed"
                  + (" (reasons above)" if failed else ""), highlight=False)
    console.print(f"extracted: {n_reports} report(s) from {n_docs} document(s) in {elapsed:.1f}s", highlight=False)
    console.print(f"fusion: {fused.get('created', 0)} new event(s), {fused.get('attached', 0)} report(s) joined "
                  "existing events", highlight=False)
    by_type = Counter(e.plover or "?" for e in found.events)
    if by_type:
        top = ", ".join(f"{t} {n}" for t, n in by_type.most_common(4))
        more = f" (+{len(by_type) - 4} types)" if len(by_type) > 4 else ""
        console.print(f"events: {len(found.events)}: {top}{more}", highlight=False)
    console.print(f"database: {db.removeprefix('sqlite:///')}", highlight=False, soft_wrap=True)
    console.print("next: eventwatch events | eventwatch export -o events.csv", highlight=False)
