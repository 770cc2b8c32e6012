"""The ``eventwatch`` command line: a thin surface over the pipeline, the store and exports.

Every command takes ``--db URL`` (or ``EVENTWATCH_DB``); the default is the embedded
SQLite file ``data/eventwatch.sqlite`` under the current directory.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from eventwatch import export as exporting
from eventwatch import terminal
from eventwatch.budget import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, Budget
from eventwatch.events_cli import events, export, reprocess
from eventwatch.models import DocumentResult, IngestError
from eventwatch.store import Store

app = typer.Typer(
    help="eventwatch: turn conflict news into a traceable event record (who did what to whom, where, when, "
    "according to whom).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True)
app.command("events")(events)
app.command("export")(export)
app.command("reprocess")(reprocess)

DbOpt = Annotated[
    str | None,
    typer.Option("--db", envvar="EVENTWATCH_DB", help="Database URL or SQLite file path.", show_default=False),
]
DocsOpt = Annotated[
    Path | None,
    typer.Option("--docs", help="docs.jsonl with per-document metadata (default: a docs.jsonl beside the inputs)."),
]
PublishedOpt = Annotated[
    str | None, typer.Option("--published", help="Publication date YYYY-MM-DD for every input (overrides metadata).")
]
MaxBytesOpt = Annotated[int, typer.Option("--max-bytes", help="Reject inputs larger than this many bytes.")]


def _mount_subcommands() -> None:
    from eventwatch.api.serve_cli import serve
    from eventwatch.resolve.gazetteer_cli import app as gazetteer_app
    from eventwatch.resolve.kb_cli import app as kb_app
    from eventwatch.review_cli import app as review_app

    app.add_typer(kb_app, name="kb", help="Inspect and extend the actor knowledge base.")
    app.command("serve", help="Start the REST API and the offline web dashboard.")(serve)
    app.add_typer(review_app, name="review", help="Fused events: list, show, confirm, correct, reject, merge, split.")
    app.add_typer(gazetteer_app, name="gazetteer", help="Inspect and extend the gazetteer.")


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


# ---------------------------------------------------------------------- ingest / run
def _ingest(store: Store, paths: list[str], docs: Path | None, published: date | None, max_bytes: int) -> tuple[int, int, int]:
    """Ingest inputs into the store; returns (new, already stored, failed)."""
    from eventwatch.ingest import ingest_paths

    index = store.near_duplicate_index()
    new = seen = failed = 0
    with _progress() as progress:
        task = progress.add_task("ingesting", total=None)
        for item in ingest_paths(paths, docs_meta=docs, published=published, max_bytes=max_bytes):
            progress.advance(task)
            if isinstance(item, IngestError):
                _error_line(str(item))
                store.record_error(item)
                failed += 1
                continue
            if store.document_state(item.id) is not None:
                seen += 1
                continue
            if item.ingest_note:
                err.print(f"warning: {item.source_path or item.doc}: {item.ingest_note}", highlight=False,
                          markup=False, soft_wrap=True)
            item.near_duplicate_of = index.add(item.id, item.text)
            if store.add_document(item, minhash=index.signature_of(item.id)):
                new += 1
            else:
                seen += 1
    return new, seen, failed


def _error_line(line: str) -> None:
    err.print(f"[red]error[/red]: {escape(line)}", highlight=False, markup=True, soft_wrap=True)


def _process_pending(
    store: Store, retry_failed: bool = False, budget: Budget | None = None, workers: int = 1,
    scheduler: str | None = None,
) -> tuple[int, int, int]:
    """Run the pipeline over every document not yet processed; returns (documents, reports, failed).

    Each document runs under its own guard: a failure (a stage raised, the budget ran out, a
    worker died twice on it, the write failed) is recorded on that document (state ``failed``,
    stage, reason), printed as one line, and the run goes on.  With ``workers`` > 1 or a
    ``scheduler`` address, extraction runs on Dask workers (:mod:`eventwatch.parallel`); this
    process stays the only writer, one transaction per batch.
    """
    from eventwatch.parallel import DaskExtractor, local_results
    from eventwatch.pipeline import Pipeline

    pending = store.pending(retry_failed=retry_failed)
    if not pending:
        return 0, 0, 0
    budget = budget or Budget()
    counts = [0, 0, 0]
    with contextlib.ExitStack() as stack:
        stream: Iterator[list[DocumentResult]]
        if workers > 1 or scheduler:
            with err.status(f"starting Dask ({scheduler or f'{workers} local worker processes'})"):
                extractor = stack.enter_context(DaskExtractor(budget, workers=workers, scheduler=scheduler))
            stream = extractor.results(pending)
        else:
            with err.status("loading knowledge base, gazetteer and spaCy model"):
                pipeline = Pipeline(budget=budget)
            stream = local_results(pending, budget, pipeline)
        with _progress() as progress:
            task = progress.add_task("extracting", total=len(pending))
            for results in stream:
                _save_batch(store, results, counts)
                progress.advance(task, len(results))
    return counts[0], counts[1], counts[2]


def _save_batch(store: Store, results: list[DocumentResult], counts: list[int]) -> None:
    """Write a batch in one transaction; if that fails, document by document so a bad one fails alone."""
    from eventwatch.models import DocumentAnalysis, DocumentFailure

    try:
        store.save_results(results)
        written = results
    except Exception:  # noqa: BLE001 - fall back to one transaction per document below
        written = []
        for result in results:
            try:
                store.save_result(result)
            except Exception as e:  # noqa: BLE001 - a write that fails marks its document, the run goes on
                reason = " ".join(f"{type(e).__name__}: {e}".split())[:500]
                failure = DocumentFailure(result.document, "store", reason)
                result = DocumentResult(result.document, DocumentAnalysis(result.document), failure=failure)
                store.record_failure(failure)
            written.append(result)
    for result in written:
        if result.failure is not None:
            _error_line(str(result.failure))
            counts[2] += 1
        else:
            counts[0] += 1
            counts[1] += len(result.events)


def _waiting(store: Store) -> Callable[[], None]:
    def say() -> None:
        err.print(f"another eventwatch process is writing to {store.url}; waiting for it to finish", highlight=False)

    return say


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, or - for standard input.")],
    db: DbOpt = None,
    docs: DocsOpt = None,
    published: PublishedOpt = None,
    max_bytes: MaxBytesOpt = 5_000_000,
) -> None:
    """Store documents (text, HTML, JSON/JSONL, RSS/Atom) without extracting events."""
    store = Store(db)
    with store.exclusive(_waiting(store)):
        new, seen, failed = _ingest(store, paths, docs, _parse_date(published), max_bytes)
    console.print(f"ingested {new} new document(s), {seen} already stored, {failed} failed  ->  {store.url}")
    raise typer.Exit(1 if failed else 0)


@app.command()
def run(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, or - for standard input.")],
    db: DbOpt = None,
    docs: DocsOpt = None,
    published: PublishedOpt = None,
    max_bytes: MaxBytesOpt = 5_000_000,
    show: Annotated[bool, typer.Option("--show/--no-show", help="Also print the table of events.")] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Also process again the documents that failed before.")
    ] = False,
    doc_timeout: Annotated[
        float, typer.Option("--doc-timeout", help="Seconds one document may take before it is failed (0: no limit).")
    ] = DEFAULT_SECONDS,
    doc_memory_mb: Annotated[
        int, typer.Option("--doc-memory-mb", help="Resident memory (MB) at which a document is failed (0: no limit).")
    ] = DEFAULT_MEMORY_MB,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Extract in N worker processes (Dask LocalCluster) when N > 1.")
    ] = 1,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Extract on the Dask cluster at this address (tcp://host:8786).")
    ] = None,
) -> None:
    """Ingest, extract and store: the whole pipeline.  Re-running resumes where a killed run stopped.

    A document that cannot be processed is marked failed (see ``eventwatch documents --failed``)
    and the run goes on; ``--retry-failed`` tries those again."""
    from eventwatch.store.records import EventRecords

    store = Store(db)
    started = time.perf_counter()
    budget = Budget(doc_timeout or None, doc_memory_mb or None)
    with store.exclusive(_waiting(store)):
        new, seen, failed = _ingest(store, paths, docs, _parse_date(published), max_bytes)
        n_docs, n_reports, n_failed = _process_pending(store, retry_failed, budget, workers, scheduler)
        fused = store.fuse_pending()
    failed += n_failed
    elapsed = time.perf_counter() - started
    found = EventRecords(store).events()
    if show:
        terminal.print_events(console, found)
    terminal.run_summary(console, new=new, seen=seen, failed=failed, n_docs=n_docs, n_reports=n_reports, fused=fused,
                         found=found, elapsed=elapsed, db=store.url)
    if n_failed:
        console.print(f"{n_failed} document(s) failed in extraction: eventwatch documents --failed", highlight=False)
    raise typer.Exit(1 if failed else 0)


# ---------------------------------------------------------------------- queries
@app.command()
def documents(
    db: DbOpt = None,
    failed: Annotated[bool, typer.Option("--failed", help="Only the documents that failed, with stage and reason.")]
    = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines instead of a table.")] = False,
) -> None:
    """List stored documents; ``--failed``: those the pipeline failed on, with the stage and the reason."""
    store = Store(db)
    if failed:
        rows = store.failed_documents()
        if as_json:
            for r in rows:
                print(json.dumps({"id": r.id, "doc": r.doc, "path": r.source_path, "stage": r.stage,
                                  "reason": r.reason, "at": r.at.isoformat() if r.at else None}))
            return
        table = Table("id", "doc", "path", "stage", "reason", title=f"{len(rows)} failed document(s)")
        for r in rows:
            table.add_row(r.id, r.doc, r.source_path or "", r.stage or "", r.reason or "")
        console.print(table)
        if rows:
            console.print("retry them with: eventwatch run --retry-failed")
        return
    table = Table("id", "doc", "language", "published", "path", "note", title="documents")
    n = 0
    for d in store.documents():
        n += 1
        if as_json:
            print(json.dumps({"id": d.id, "doc": d.doc, "language": d.language, "path": d.source_path,
                              "published": d.published.isoformat() if d.published else None, "note": d.ingest_note}))
        else:
            table.add_row(d.id, d.doc, d.language or "", str(d.published or ""), d.source_path or "", d.ingest_note or "")
    if not as_json:
        table.title = f"{n} document(s)"
        console.print(table)


@app.command()
def stats(db: DbOpt = None, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Counts of documents, reports, actors and errors in the database."""
    s = Store(db).stats()
    if as_json:
        console.print_json(json.dumps(s))
        return
    table = Table(title="eventwatch database", show_header=False)
    for key, value in s.items():
        table.add_row(key.replace("_", " "), ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else str(value))
    console.print(table)


@app.command()
def actors(
    db: DbOpt = None,
    unknown: Annotated[bool, typer.Option("--unknown", help="Organisation-like spans the KB did not resolve.")] = False,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 50,
) -> None:
    """Actors found in the stored documents (``--unknown`` for what the KB is missing)."""
    store = Store(db)
    if unknown:
        table = Table("mention", "count", "example documents", title="unresolved actor mentions")
        for text, n, docs in store.unknown_actors(limit):
            table.add_row(text, str(n), ", ".join(docs))
        console.print(table)
        console.print("add one with: eventwatch kb add-alias ACTOR_ID 'ALIAS'  or  eventwatch kb add-actor ...")
        return
    counts: dict[str, int] = {}
    for r in store.events():
        for name in [*r["actor1"], *r["actor2"]]:
            counts[name] = counts.get(name, 0) + 1
    table = Table("actor", "event reports", title="actors in stored event reports")
    for name, n in sorted(counts.items(), key=lambda kv: -kv[1])[:limit]:
        table.add_row(name, str(n))
    console.print(table)


# ---------------------------------------------------------------------- evaluation
def _parse_min(values: list[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for v in values:
        key, sep, num = v.partition("=")
        try:
            out[key.strip()] = float(num)
        except ValueError:
            raise typer.BadParameter(f"--min takes KEY=VALUE (e.g. detection_typed.f1=0.8), got {v!r}") from None
        if not sep:
            raise typer.BadParameter(f"--min takes KEY=VALUE, got {v!r}")
    return out


def metric(scores: dict[str, Any], key: str) -> float | None:
    """Look up ``detection_typed.f1``, ``actor1`` (its f1), ``date`` (its acc)..."""
    head, _, tail = key.partition(".")
    value = scores.get(head)
    if isinstance(value, dict):
        value = value.get(tail or ("f1" if "f1" in value else "acc"))
    return float(value) if isinstance(value, int | float) else None


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold event reports (JSONL, interchange format).")],
    docs: Annotated[Path, typer.Option("--docs", help="docs.jsonl of the gold's documents (<doc>.txt beside it).")],
    aliases: Annotated[Path | None, typer.Option(help="JSON {alias: canonical actor name}.")] = None,
    minimum: Annotated[list[str], typer.Option("--min", help="KEY=VALUE: exit 1 when a score is below.")] = [],  # noqa: B006
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Also write the system reports here.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object.")] = False,
) -> None:
    """Run the pipeline on the gold's documents and score it exactly like the reference scorer."""
    from eventwatch import scoring
    from eventwatch.ingest import ingest_paths
    from eventwatch.pipeline import Pipeline

    thresholds = _parse_min(minimum)
    gold_records = scoring.load(str(gold))
    wanted = sorted({g["doc"] for g in gold_records})
    paths = [docs.parent / f"{d}.txt" for d in wanted]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        err.print(f"error: gold documents not found: {', '.join(missing)}")
        raise typer.Exit(2)
    documents = []
    for item in ingest_paths([str(p) for p in paths], docs_meta=docs):
        if isinstance(item, IngestError):
            err.print(f"error: {item}")
            raise typer.Exit(2)
        documents.append(item)
    with err.status("loading pipeline"):
        pipeline = Pipeline()
    system: list[dict[str, Any]] = []
    failures = 0
    for result in pipeline.process(documents):
        if result.failure is not None:  # scored as no events, never silently
            failures += 1
            err.print(f"error: {result.failure}", highlight=False)
        system.extend(e.to_interchange() for e in result.events)
    if failures:
        err.print(f"{failures} of {len(documents)} document(s) failed and count as having no events", highlight=False)
    out_path = output or Path(tempfile.mkstemp(suffix=".jsonl")[1])
    exporting.write_file(system, "jsonl", out_path)
    alias_table = json.loads(aliases.read_text(encoding="utf-8")) if aliases else None
    scores = scoring.score(gold_records, scoring.load(str(out_path)), scoring.Names(alias_table))
    if as_json:
        print(json.dumps(scores))
    else:
        table = Table("metric", "value", title=f"eventwatch eval: {gold.name}")
        for key, value in scores.items():
            table.add_row(key, json.dumps(value))
        console.print(table)
    failed = [k for k, v in thresholds.items() if (metric(scores, k) or 0.0) < v]
    if failed:
        err.print("below threshold: " + ", ".join(f"{k}={metric(scores, k)} < {thresholds[k]}" for k in failed))
        raise typer.Exit(1)


def main() -> None:
    _mount_subcommands()
    app()


if __name__ == "__main__":
    main()
