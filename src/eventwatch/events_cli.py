"""``eventwatch events``, ``eventwatch export`` and ``eventwatch reprocess``.

All three read and write the event record through :class:`eventwatch.store.records.EventRecords`
(the same service the REST API calls), so analysts' decisions apply: rejected events are left
out unless ``--include-rejected``, corrected values show and are marked.  Coordinates are
always given latitude first (``LAT,LON``).  Mounted by ``eventwatch.cli``.
"""

from __future__ import annotations

import json
import math
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from eventwatch import export as exporting
from eventwatch import terminal
from eventwatch.store import EventFilter, Store
from eventwatch.store.records import EventRecords, FilterError

console = Console()
err = Console(stderr=True)

DbOpt = Annotated[str | None, typer.Option("--db", envvar="EVENTWATCH_DB", help="Database URL or SQLite file path.",
                                           show_default=False)]
SinceOpt = Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD (undated events are counted).")]
UntilOpt = Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD.")]
TypeOpt = Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. ASSAULT (an unknown type is an error).")]
StatusOpt = Annotated[str | None, typer.Option(help="occurred, claimed, planned, threatened, failed, denied...")]
ActorOpt = Annotated[str | None, typer.Option(help=(
    "Actor1 or actor2: the knowledge base's actor, its aliases and sub-groups; a person finds the actors "
    "the knowledge base links them to (--actor Erdogan: Turkey); else a substring of a name."))]
DocOpt = Annotated[str | None, typer.Option(help="Only this document id.")]
PublisherOpt = Annotated[str | None, typer.Option(help=(
    "Publisher: exact, or the one publisher it starts or is part of ('North Press' -> North Press Agency)."))]
TextOpt = Annotated[str | None, typer.Option("--text", help="Full-text search of the evidence quotes.")]
BboxOpt = Annotated[str | None, typer.Option(help="SOUTH_LAT,WEST_LON,NORTH_LAT,EAST_LON (latitude first).")]
NearOpt = Annotated[str | None, typer.Option(help="LAT,LON,KM: within KM kilometres of a point (latitude first).")]
MinPubOpt = Annotated[int | None, typer.Option("--min-publishers", help="Corroboration: reported by at least N outlets.")]
EventOpt = Annotated[str | None, typer.Option("--event", help="This fused event id (merge redirects followed).")]
ReviewOpt = Annotated[str | None, typer.Option("--review", help="confirmed, rejected or unreviewed.")]
FlagOpt = Annotated[str | None, typer.Option("--flag", help="disputed_attribution, conflicting_toll, conflicting_status, "
                                                            "mixed_types.")]
RejectedOpt = Annotated[bool, typer.Option("--include-rejected", help="Also what an analyst rejected.")]
PerOpt = Annotated[str, typer.Option("--per", help="event (one row per fused event) or report.")]


def _numbers(value: str, n: int, name: str, form: str) -> tuple[float, ...]:
    try:
        parts = tuple(float(x) for x in value.split(","))
    except ValueError:
        raise typer.BadParameter(f"{name} takes {form}", param_hint=name) from None
    if len(parts) != n or not all(math.isfinite(p) for p in parts):
        raise typer.BadParameter(f"{name} takes {form}", param_hint=name)
    return parts


def _lat_lon(lat: float, lon: float, name: str) -> None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        hint = " (latitude comes first)" if -90 <= lon <= 90 and not -90 <= lat <= 90 else ""
        raise typer.BadParameter(f"latitude must be in -90..90 and longitude in -180..180{hint}", param_hint=name)


def build_filter(
    since: str | None = None, until: str | None = None, plover: str | None = None, status: str | None = None,
    actor: str | None = None, doc: str | None = None, publisher: str | None = None, text: str | None = None,
    bbox: str | None = None, near: str | None = None, min_publishers: int | None = None, event: str | None = None,
    review: str | None = None, flag: str | None = None, include_rejected: bool = False, limit: int | None = None,
) -> EventFilter:
    """The command line's filters as an ``EventFilter`` (coordinates latitude first)."""
    box = radius = None
    if bbox:
        s, w, n, e = _numbers(bbox, 4, "--bbox", "SOUTH_LAT,WEST_LON,NORTH_LAT,EAST_LON")
        _lat_lon(s, w, "--bbox")
        _lat_lon(n, e, "--bbox")
        box = (w, s, e, n)
    if near:
        lat, lon, km = _numbers(near, 3, "--near", "LAT,LON,KM")
        _lat_lon(lat, lon, "--near")
        radius = (lat, lon, km)
    for value, name in ((since, "--since"), (until, "--until")):
        if value:
            try:
                date.fromisoformat(value[:10])
            except ValueError:
                raise typer.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form", param_hint=name) from None
    return EventFilter(since=since, until=until, plover=plover, status=status, actor=actor, doc=doc,
                       publisher=publisher, text=text, bbox=box, radius=radius, min_publishers=min_publishers,
                       event=event, review=review, flag=flag, include_rejected=include_rejected, limit=limit)


def _fail(exc: Exception, code: int = 2) -> None:
    err.print(f"error: {exc}", highlight=False, markup=False)
    raise typer.Exit(code)


def _per(per: str) -> str:
    if per not in ("event", "report"):
        raise typer.BadParameter("--per takes event or report", param_hint="--per")
    return per


def events(
    db: DbOpt = None, since: SinceOpt = None, until: UntilOpt = None, plover: TypeOpt = None,
    status: StatusOpt = None, actor: ActorOpt = None, doc: DocOpt = None, publisher: PublisherOpt = None,
    text: TextOpt = None, bbox: BboxOpt = None, near: NearOpt = None, min_publishers: MinPubOpt = None,
    event: EventOpt = None, review: ReviewOpt = None, flag: FlagOpt = None, include_rejected: RejectedOpt = False,
    per: PerOpt = "event",
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines instead of a table.")] = False,
    wide: Annotated[bool, typer.Option("--wide", help="More columns (needs a wide terminal).")] = False,
) -> None:
    """List fused events (or, with --per report, event reports) with analysts' decisions applied."""
    f = build_filter(since, until, plover, status, actor, doc, publisher, text, bbox, near, min_publishers, event,
                     review, flag, include_rejected, limit)
    records = EventRecords(Store(db))
    try:
        if _per(per) == "report":
            reports = records.reports(f)
            if as_json:
                exporting.jsonl.write_reports(reports, sys.stdout)
            else:
                console.print(terminal.report_table(reports, wide))
                console.print(f"{len(reports)} report(s)")
            return
        found = records.events(f)
    except FilterError as exc:
        _fail(exc)
        return
    if as_json:
        for e in found.events:
            typer.echo(json.dumps(e.to_dict(), ensure_ascii=False, default=str))
        return
    terminal.print_events(console, found, wide)


def export(
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write; its extension gives the format.")],
    fmt: Annotated[str | None, typer.Option("--format", help=(
        "jsonl, csv, acled (ACLED's 31 columns), plover (PLOVER JSON Lines), parquet or geojson. "
        "Default: from the extension (.jsonl .csv .parquet .geojson); a mismatch is refused."))] = None,
    per: PerOpt = "event",
    db: DbOpt = None, since: SinceOpt = None, until: UntilOpt = None, plover: TypeOpt = None,
    status: StatusOpt = None, actor: ActorOpt = None, doc: DocOpt = None, publisher: PublisherOpt = None,
    text: TextOpt = None, bbox: BboxOpt = None, near: NearOpt = None, min_publishers: MinPubOpt = None,
    event: EventOpt = None, review: ReviewOpt = None, flag: FlagOpt = None, include_rejected: RejectedOpt = False,
) -> None:
    """Export the event record: one row per fused event (default) or per report (--per report)."""
    try:
        chosen = exporting.format_for(output, fmt)
    except exporting.ExportError as exc:
        _fail(exc)
        return
    f = build_filter(since, until, plover, status, actor, doc, publisher, text, bbox, near, min_publishers, event,
                     review, flag, include_rejected)
    store = Store(db)
    records = EventRecords(store)
    try:
        if _per(per) == "report":
            result = exporting.write_reports(records.reports(f), chosen, output)
        else:
            found = records.events(f)
            result = exporting.write_events(found.events, chosen, output, kb=store.kb)
            if found.undated_excluded:
                result.left_out["undated events outside the date filter"] = found.undated_excluded
    except (FilterError, exporting.ExportError) as exc:
        _fail(exc)
        return
    console.print(result.message(output), highlight=False)


def reprocess(
    db: DbOpt = None,
    since: Annotated[str | None, typer.Option(help="Only documents published (or ingested) on or after YYYY-MM-DD.")]
    = None,
) -> None:
    """Re-extract stored documents after a knowledge-base or gazetteer edit, keeping event ids and
    analysts' decisions."""
    from eventwatch.pipeline import Pipeline
    from eventwatch.reprocess import reprocess as run_again

    start = None
    if since:
        try:
            start = date.fromisoformat(since)
        except ValueError:
            raise typer.BadParameter(f"{since!r} is not a date in YYYY-MM-DD form", param_hint="--since") from None
    store = Store(db)
    with err.status("loading knowledge base, gazetteer and spaCy model"):
        pipeline = Pipeline()
    out = run_again(store, pipeline, start)
    console.print(f"re-extracted {out.reports} report(s) from {out.documents} document(s); events: {out.events_kept} "
                  f"kept, {out.events_new} new, {len(out.events_gone)} gone (merged or retracted)")
    for eid in out.events_gone[:20]:
        console.print(f"  gone: {eid}  (see eventwatch review show {eid})")
