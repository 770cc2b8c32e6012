"""``eventwatch review ...``: fuse stored reports into events and review them.

Mounted by ``eventwatch.cli`` as ``app.add_typer(review_app, name="review")``.
Every action records who (``--by``, default $EVENTWATCH_ANALYST or $USER), when and why
(``--why``) in the audit log (``eventwatch review log``).
"""

from __future__ import annotations

import json
import os
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from eventwatch import terminal
from eventwatch.store import EventFilter, ReviewError, Store
from eventwatch.store.records import EventRecords, FilterError

app = typer.Typer(help="Fuse event reports into events; confirm, correct, reject, merge, split.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
console = Console()
err = Console(stderr=True)

DbOpt = Annotated[str | None, typer.Option("--db", envvar="EVENTWATCH_DB", help="Database URL or SQLite file path.",
                                           show_default=False)]
ByOpt = Annotated[str | None, typer.Option("--by", help="Analyst name (default $EVENTWATCH_ANALYST or $USER).")]
WhyOpt = Annotated[str | None, typer.Option("--why", help="Reason, kept in the audit log.")]


def _by(by: str | None) -> str:
    return by or os.environ.get("EVENTWATCH_ANALYST") or os.environ.get("USER") or "analyst"


def _fail(exc: Exception) -> None:
    err.print(f"error: {exc}")
    raise typer.Exit(1)


@app.command()
def fuse(db: DbOpt = None, all_: Annotated[bool, typer.Option("--all", help="Re-cluster everything (ids kept).")] = False,
         doc: Annotated[str | None, typer.Option("--doc", help="Only this document.")] = None) -> None:
    """Fuse stored reports not yet in an event (``run`` does this after extraction)."""
    store = Store(db)
    out = store.refuse_all() if all_ else store.fuse_document(doc) if doc else store.fuse_pending()
    console.print(json.dumps(out))


@app.command("list")
def list_fused(
    db: DbOpt = None,
    since: Annotated[str | None, typer.Option("--since")] = None,
    until: Annotated[str | None, typer.Option("--until")] = None,
    plover: Annotated[str | None, typer.Option("--type")] = None,
    status: Annotated[str | None, typer.Option("--status")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Actor, its KB aliases and sub-groups.")] = None,
    publisher: Annotated[str | None, typer.Option("--publisher")] = None,
    text: Annotated[str | None, typer.Option("--text", help="Full-text search in the member quotes.")] = None,
    near: Annotated[str | None, typer.Option("--near", help="LAT,LON,KM (latitude first).")] = None,
    min_publishers: Annotated[int | None, typer.Option("--min-publishers", help="Corroboration.")] = None,
    flag: Annotated[str | None, typer.Option("--flag", help="disputed_attribution|conflicting_toll|...")] = None,
    review: Annotated[str | None, typer.Option("--review", help="confirmed|rejected|unreviewed")] = None,
    limit: Annotated[int | None, typer.Option("--limit")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    wide: Annotated[bool, typer.Option("--wide", help="More columns (needs a wide terminal).")] = False,
) -> None:
    """List fused events (one line each, 80 columns; or JSON lines)."""
    radius = None
    if near:
        try:
            lat, lon, km = (float(x) for x in near.split(","))
        except ValueError:
            err.print("error: --near must be LAT,LON,KM")
            raise typer.Exit(2) from None
        radius = (lat, lon, km)
    f = EventFilter(since=since, until=until, plover=plover, status=status, actor=actor, publisher=publisher,
                    text=text, radius=radius, min_publishers=min_publishers, flag=flag, review=review, limit=limit)
    store = Store(db)
    try:
        f = EventRecords(store).check_filter(f)
    except FilterError as exc:
        _fail(exc)
    if as_json:
        for e in store.fused_events(f):
            typer.echo(json.dumps(e, ensure_ascii=False, default=str))
        return
    terminal.print_events(console, EventRecords(store).events(f), wide)


@app.command()
def show(event_id: str, db: DbOpt = None) -> None:
    """One fused event with its reports (JSON)."""
    ev = Store(db).fused_event(event_id)
    if ev is None:
        _fail(ReviewError(f"no fused event {event_id!r}"))
    typer.echo(json.dumps(ev, ensure_ascii=False, indent=2, default=str))


@app.command()
def confirm(target: str, db: DbOpt = None, by: ByOpt = None, why: WhyOpt = None) -> None:
    """Confirm an event (ev-...) or a report (r-...)."""
    try:
        console.print(f"confirmed {Store(db).confirm(target, _by(by), why)}")
    except ReviewError as exc:
        _fail(exc)


@app.command()
def reject(target: str, db: DbOpt = None, by: ByOpt = None, why: WhyOpt = None) -> None:
    """Reject an event (hidden) or a report (taken out of its event)."""
    try:
        console.print(f"rejected {Store(db).reject(target, _by(by), why)}")
    except ReviewError as exc:
        _fail(exc)


@app.command()
def correct(target: str, field: str, value: str, db: DbOpt = None, by: ByOpt = None, why: WhyOpt = None,
            allow_unknown: Annotated[bool, typer.Option("--allow-unknown", help=(
                "Keep actor names the knowledge base does not know."))] = False) -> None:
    """Correct FIELD of an event or report, checked: plover and status (known values), acled
    ("Battles/Armed clash"), actor1/actor2 (comma-separated, known to the knowledge base), where (a
    gazetteer place, "NAME" or "NAME, CC"), when (YYYY[-MM[-DD]][..END] or "3 March 2021"),
    fatalities, injured, source... (JSON accepted)."""
    try:
        out: dict[str, Any] = Store(db).correct(target, field, value, _by(by), why, allow_unknown)
    except ReviewError as exc:
        _fail(exc)
        return
    console.print(f"{out['target']} {field}: {json.dumps(out['value'], ensure_ascii=False)} "
                  f"(machine: {json.dumps(out['machine'], ensure_ascii=False)})")


@app.command()
def merge(keep: str, other: str, db: DbOpt = None, by: ByOpt = None, why: WhyOpt = None) -> None:
    """Merge event OTHER into KEEP (OTHER redirects to KEEP)."""
    try:
        console.print(f"merged {other} into {Store(db).merge(keep, other, _by(by), why)}")
    except ReviewError as exc:
        _fail(exc)


@app.command()
def split(event_id: str, reports: list[str], db: DbOpt = None, by: ByOpt = None, why: WhyOpt = None) -> None:
    """Move REPORTS (keys r-... or row ids) out of EVENT_ID into a new event."""
    try:
        console.print(f"split into {Store(db).split(event_id, reports, _by(by), why)}")
    except ReviewError as exc:
        _fail(exc)


@app.command()
def log(target: Annotated[str | None, typer.Argument(help="Event id or report key.")] = None, db: DbOpt = None,
        limit: Annotated[int | None, typer.Option("--limit")] = None,
        as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The audit log: who did what, when and why."""
    rows = Store(db).audit_log(target, limit)
    if as_json:
        for r in rows:
            typer.echo(json.dumps(r, ensure_ascii=False, default=str))
        return
    table = Table("at", "who", "action", "target", "detail", "why")
    for r in rows:
        detail = {k: v for k, v in r.items() if k not in ("at", "who", "action", "target", "why")}
        table.add_row(r["at"], r["who"], r["action"], r["target"], json.dumps(detail, ensure_ascii=False)[:60],
                      r["why"] or "")
    console.print(table)


@app.command()
def search(query: str, db: DbOpt = None, limit: Annotated[int, typer.Option("--limit")] = 20) -> None:
    """Full-text search over the stored documents."""
    for hit in Store(db).search(query, limit):
        typer.echo(f"{hit['doc']}\t{hit['publisher'] or ''}\t{hit['published'] or ''}\t{hit['snippet']}")
