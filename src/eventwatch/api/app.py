"""The eventwatch REST API and the offline dashboard, one FastAPI application.

``create_app(db_url=None, token=None, read_token_required=None)``; unset arguments come from
``EVENTWATCH_DB``, ``EVENTWATCH_TOKEN`` and ``EVENTWATCH_READ_TOKEN_REQUIRED``.

* reads (``GET /api/...``) are open, or need ``Authorization: Bearer <token>`` when
  ``read_token_required``;
* writes (ingest, review actions) always need the bearer token; with no token configured
  the server is read-only;
* every error is JSON ``{"error": "...", "detail": ...}``; bad parameters are 4xx.

The dashboard (``/``) and the API docs (``/docs``) use only assets packaged in
``eventwatch/web/static`` (no CDN, no tile server).
"""

from __future__ import annotations

import io
import json
import math
import re
import sqlite3
import threading
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwatch import export as exporting
from eventwatch.api import queries
from eventwatch.api.analysts import Analysts
from eventwatch.api.config import Settings
from eventwatch.api.dashboard import install as install_dashboard
from eventwatch.api.extraction import ExtractionQueue
from eventwatch.api.guard import GuardSettings, RequestGuard
from eventwatch.api.records_routes import records_router
from eventwatch.api.reviews import CORRECTABLE, ReviewError, overlay
from eventwatch.models import EXTRACTOR_VERSION, STATUSES
from eventwatch.store import EventFilter, Store

WEB_DIR = Path(__file__).resolve().parent.parent / "web" / "static"
VENDOR = "/static/vendor"
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

FALLBACK_QUADS = {
    "AGREE": "verbal-cooperation", "CONSULT": "verbal-cooperation", "SUPPORT": "verbal-cooperation",
    "CONCEDE": "material-cooperation", "COOPERATE": "material-cooperation", "AID": "material-cooperation",
    "RETREAT": "material-cooperation", "INVESTIGATE": "verbal-conflict", "DEMAND": "verbal-conflict",
    "DISAPPROVE": "verbal-conflict", "REJECT": "verbal-conflict", "THREATEN": "verbal-conflict",
    "SANCTION": "material-conflict", "PROTEST": "material-conflict", "CRIME": "material-conflict",
    "MOBILIZE": "material-conflict", "COERCE": "material-conflict", "ASSAULT": "material-conflict",
}
DISPUTED_STATUSES = ("claimed", "denied")
_STATE_COL = getattr(queries.EventReportRow, "state", None)
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MAX_STR = 500
bearer = HTTPBearer(auto_error=False, description="The server's EVENTWATCH_TOKEN (Authorization: Bearer <token>).")
Creds = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


class ApiError(Exception):
    def __init__(self, status: int, error: str, detail: Any = None) -> None:
        super().__init__(error)
        self.status, self.error, self.detail = status, error, detail


def _error(status: int, error: str, detail: Any = None, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": error, "detail": jsonable_encoder(detail)}, status_code=status, headers=headers)


@lru_cache(maxsize=1)
def plover_quads() -> dict[str, str]:
    try:
        import yaml

        data = yaml.safe_load((DATA_DIR / "lexicons" / "ontology.yaml").read_text(encoding="utf-8"))
        quads = {k: v.get("quad", "") for k, v in (data.get("plover") or {}).items()}
        return quads or dict(FALLBACK_QUADS)
    except Exception:  # noqa: BLE001 - the ontology file is optional here
        return dict(FALLBACK_QUADS)


# --------------------------------------------------------------------------- parameters
def _check_str(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    if "\x00" in value:
        raise ApiError(400, f"{name} contains a NUL character")
    value = value.strip()
    return value or None


def _check_date(value: str | None, name: str) -> str | None:
    value = _check_str(value, name)
    if value is None:
        return None
    if not DATE_RE.match(value):
        raise ApiError(400, f"{name} must be a date YYYY-MM-DD (or YYYY-MM, YYYY)", {"value": value})
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise ApiError(400, f"{name} is not a valid date", {"value": value}) from None
    return value


def _parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``S,W,N,E`` (latitude first, as everywhere in eventwatch) -> the store's
    (min_lon, min_lat, max_lon, max_lat)."""
    value = _check_str(value, "bbox")
    if value is None:
        return None
    msg = "bbox takes four numbers, latitude first: south,west,north,east (min_lat,min_lon,max_lat,max_lon)"
    try:
        parts = tuple(float(x) for x in value.split(","))
    except ValueError:
        raise ApiError(400, msg, {"value": value}) from None
    if len(parts) != 4 or not all(math.isfinite(p) for p in parts):
        raise ApiError(400, msg, {"value": value})
    min_lat, min_lon, max_lat, max_lon = parts
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise ApiError(400, "bbox out of range: need -90<=south<=north<=90 and -180<=west<=east<=180",
                       {"value": value})
    return (min_lon, min_lat, max_lon, max_lat)


def _parse_near(value: str | None) -> tuple[float, float, float] | None:
    value = _check_str(value, "near")
    if value is None:
        return None
    msg = "near takes three numbers: lat,lon,km"
    try:
        parts = tuple(float(x) for x in value.split(","))
    except ValueError:
        raise ApiError(400, msg, {"value": value}) from None
    if len(parts) != 3 or not all(math.isfinite(p) for p in parts):
        raise ApiError(400, msg, {"value": value})
    lat, lon, km = parts
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < km <= 20_000):
        raise ApiError(400, "near out of range: need -90<=lat<=90, -180<=lon<=180, 0<km<=20000", {"value": value})
    return parts


Str = Annotated[str | None, Query(max_length=MAX_STR)]


def event_filters(
    since: Annotated[str | None, Query(max_length=10, description="Events on or after YYYY-MM-DD (inclusive).")] = None,
    until: Annotated[str | None, Query(max_length=10, description="Events on or before YYYY-MM-DD (inclusive).")] = None,
    type: Annotated[str | None, Query(max_length=32, description="PLOVER type, e.g. ASSAULT.")] = None,
    status: Annotated[str | None, Query(max_length=32, description="occurred, claimed, planned, ...")] = None,
    actor: Annotated[str | None, Query(max_length=MAX_STR, description=(
        "Actor1 or actor2: the actor, its knowledge-base aliases and sub-groups, or a case-insensitive "
        "substring of a name (as `eventwatch events --actor`)."))] = None,
    doc: Annotated[str | None, Query(max_length=MAX_STR, description="Only reports of this document id.")] = None,
    publisher: Annotated[str | None, Query(max_length=MAX_STR, description="Only this publisher.")] = None,
    text: Annotated[str | None, Query(max_length=MAX_STR, description=(
        "Full-text search of the evidence quote (SQLite FTS5 / PostgreSQL to_tsvector: every word), "
        "or a case-insensitive substring of it."))] = None,
    bbox: Annotated[str | None, Query(max_length=200, description="south,west,north,east (latitude first)")] = None,
    near: Annotated[str | None, Query(max_length=200, description=(
        "lat,lon,km: a place of the report within km kilometres of the point."))] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1, allow_inf_nan=False)] = None,
    min_publishers: Annotated[int | None, Query(ge=1, le=1000, description=(
        "Corroboration: reports (events) whose fused event has at least this many independent publishers."
    ))] = None,
    event: Annotated[str | None, Query(max_length=340, description=(
        "Only reports of this fused event id (merge redirects followed)."))] = None,
    review: Annotated[Literal["confirmed", "rejected", "unreviewed"] | None, Query(description=(
        "Analyst review state; `rejected` lists rejected reports."))] = None,
) -> EventFilter:
    plover = _check_str(type, "type")
    if plover and plover.upper() not in plover_quads():
        raise ApiError(400, f"unknown PLOVER type {plover!r}", {"known": sorted(plover_quads())})
    st = _check_str(status, "status")
    if st and st.lower() not in STATUSES:
        raise ApiError(400, f"unknown status {st!r}", {"known": list(STATUSES)})
    since_v, until_v = _check_date(since, "since"), _check_date(until, "until")
    if since_v and until_v and since_v > until_v:
        raise ApiError(400, "since is after until", {"since": since_v, "until": until_v})
    return EventFilter(
        since=since_v, until=until_v, plover=plover.upper() if plover else None, status=st.lower() if st else None,
        actor=_check_str(actor, "actor"), doc=_check_str(doc, "doc"), publisher=_check_str(publisher, "publisher"),
        text=_check_str(text, "text"), bbox=_parse_bbox(bbox), radius=_parse_near(near),
        min_confidence=min_confidence, min_publishers=min_publishers, event=_check_str(event, "event"),
        review=review,
    )


#: the filters of ``eventwatch events`` as query parameters, applied by the store (``Store.events_page``)
Filters = Annotated[EventFilter, Depends(event_filters)]
Limit = Annotated[int | None, Query(ge=1, le=100_000, description="Page size (JSON default 100).")]
Offset = Annotated[int, Query(ge=0, le=10**9)]


# --------------------------------------------------------------------------- bodies
class IngestRequest(BaseModel):
    text: str = Field(min_length=1, max_length=2_000_000, description="Article text (plain text or HTML).")
    doc: str | None = Field(None, max_length=300, description="External document id (default: content hash).")
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=4000)
    publisher: str | None = Field(None, max_length=300)
    published: date | None = Field(None, description="Publication date YYYY-MM-DD.")
    language: str | None = Field(None, max_length=16, description="Override language detection.")


class ReviewRequest(BaseModel):
    action: Literal["confirm", "correct", "reject"]
    changes: dict[str, Any] | None = Field(None, description=f"For 'correct': new values of {sorted(CORRECTABLE)}.")
    allow_unknown: bool = Field(False, description="Keep actor names the knowledge base does not know.")
    note: str | None = Field(None, max_length=5000)
    reviewer: str | None = Field(None, max_length=200)


class MergeRequest(BaseModel):
    keep: str = Field(max_length=340, description="Fused event id that stays.")
    other: str = Field(max_length=340, description="Fused event id merged into `keep` (it then redirects).")
    note: str | None = Field(None, max_length=5000)
    reviewer: str | None = Field(None, max_length=200)


class SplitRequest(BaseModel):
    event: str = Field(max_length=340, description="Fused event id.")
    reports: list[str] = Field(min_length=1, max_length=500, description="Report keys (r-...) or row ids to split off.")
    note: str | None = Field(None, max_length=5000)
    reviewer: str | None = Field(None, max_length=200)


def _validate_changes(changes: dict[str, Any] | None) -> dict[str, Any]:
    if not changes:
        raise ApiError(400, "'correct' needs a non-empty 'changes' object", {"allowed": sorted(CORRECTABLE)})
    bad = sorted(set(changes) - CORRECTABLE)
    if bad:
        raise ApiError(400, f"fields not correctable: {', '.join(bad)}", {"allowed": sorted(CORRECTABLE)})
    out = dict(changes)
    if "plover" in out:
        if not isinstance(out["plover"], str) or out["plover"].upper() not in plover_quads():
            raise ApiError(400, "plover must be a PLOVER type", {"known": sorted(plover_quads())})
        out["plover"] = out["plover"].upper()
    if "status" in out and out["status"] not in STATUSES:
        raise ApiError(400, "status must be one of the statuses", {"known": list(STATUSES)})
    for k in ("actor1", "actor2"):
        if k in out:
            v = out[k]
            if isinstance(v, str):
                v = [x.strip() for x in v.split(";") if x.strip()]
            if not isinstance(v, list) or not all(isinstance(x, str) and len(x) <= MAX_STR for x in v):
                raise ApiError(400, f"{k} must be a list of names")
            out[k] = v
    for k in ("fatalities", "injured"):
        if k in out and out[k] is not None and (
            not isinstance(out[k], int) or isinstance(out[k], bool) or not 0 <= out[k] < 10**7
        ):
            raise ApiError(400, f"{k} must be a non-negative integer or null")
    if "confidence" in out and (
        not isinstance(out["confidence"], (int, float)) or isinstance(out["confidence"], bool)
        or not 0 <= out["confidence"] <= 1
    ):
        raise ApiError(400, "confidence must be a number in [0, 1]")
    for k in ("mode", "source"):
        if k in out and out[k] is not None and not isinstance(out[k], str):
            raise ApiError(400, f"{k} must be a string or null")
    if "when" in out and out["when"] is not None:
        w = out["when"]
        if not isinstance(w, dict) or not isinstance(w.get("date"), str) or not DATE_RE.match(w["date"]):
            raise ApiError(400, "when must be {\"date\": \"YYYY-MM-DD\", \"precision\": ...}")
    if "where" in out and not isinstance(out["where"], list):
        raise ApiError(400, "where must be a list of places")
    return out


# --------------------------------------------------------------------------- the app
def create_app(db_url: str | None = None, token: str | None = None, read_token_required: bool | None = None,
               *, pipeline_factory: Callable[[], Any] | None = None, users_file: str | Path | None = None,
               allowed_hosts: str | None = None, max_body_bytes: int | None = None) -> FastAPI:
    """Build the API + dashboard application over the store at ``db_url``.

    ``users_file``: a file mapping analysts' tokens to their names (default ``EVENTWATCH_USERS``;
    see analysts.py); ``allowed_hosts``: comma-separated host names besides the loopback ones
    (``*``: any; default ``EVENTWATCH_ALLOWED_HOSTS``); ``max_body_bytes``: request body cap
    (``EVENTWATCH_MAX_BODY_BYTES``, 10 MB).  Hosts, caps and auth are enforced by
    :mod:`eventwatch.api.guard` before a body is read."""
    settings = Settings.resolve(db_url, token, read_token_required, allowed_hosts, max_body_bytes)
    store = Store(settings.db_url)
    team = Analysts.load(users_file, settings.token)

    app = FastAPI(
        title="eventwatch API",
        version=EXTRACTOR_VERSION,
        description="Conflict event reports extracted from news: who did what to whom, where, when, according "
        "to whom. Reads are open unless the server requires a read token; writes need "
        "`Authorization: Bearer <token>`. Errors are `{\"error\": ..., \"detail\": ...}`.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.pipeline = None
    app.state.pipeline_factory = pipeline_factory
    pipeline_lock = threading.Lock()
    app.add_middleware(RequestGuard, settings=GuardSettings(
        settings.token, settings.read_token_required, settings.allowed_hosts, settings.max_body_bytes,
        accepts=(lambda presented: team.who(presented) is not None) if team.users else None))

    # ------------------------------------------------------------------ errors
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return _error(exc.status, exc.error, exc.detail, headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        messages = {404: "not found", 405: "method not allowed"}
        error = messages.get(exc.status_code) or (exc.detail if isinstance(exc.detail, str) else "request failed")
        return _error(exc.status_code, error, exc.detail if exc.detail != error else None,
                      getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()
        ]
        first = details[0] if details else {}
        where = ".".join(str(x) for x in first.get("loc", []) if x not in ("query", "body", "path"))
        return _error(422, f"invalid parameter {where}: {first.get('msg')}" if where else "invalid request",
                      details)

    @app.exception_handler(Exception)
    async def _internal_error(_request: Request, exc: Exception) -> JSONResponse:  # pragma: no cover
        return _error(500, "internal server error", exc.__class__.__name__)

    # ------------------------------------------------------------------ auth
    def _token_ok(creds: HTTPAuthorizationCredentials | None) -> bool:
        return bool(
            settings.token and creds is not None and creds.scheme.lower() == "bearer"
            and team.who(creds.credentials) is not None
        )

    def _analyst(creds: HTTPAuthorizationCredentials | None) -> str:
        """The analyst the (already checked) token belongs to: every write is recorded under it."""
        return (team.who(creds.credentials) if creds is not None else None) or "unknown"

    def require_read(creds: Creds = None) -> None:
        if settings.read_token_required and not _token_ok(creds):
            raise ApiError(401, "this server requires a bearer token for reads",
                           "send Authorization: Bearer <token>")

    def require_write(creds: Creds = None) -> None:
        if not settings.token:
            raise ApiError(403, "writes are disabled: the server has no token configured",
                           "start it with --token or EVENTWATCH_TOKEN")
        if not _token_ok(creds):
            raise ApiError(401, "a valid bearer token is required for writes",
                           "send Authorization: Bearer <token>")

    read = [Depends(require_read)]
    write = [Depends(require_write)]

    def session():
        return store.session()

    def with_reviews(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Overlay the analysts' corrections (the store keeps machine output apart)."""
        with session() as s:
            return overlay(s, records)

    def review_call(fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except ReviewError as exc:
            msg = str(exc)
            raise ApiError(404 if msg.startswith("no ") else 400, msg) from exc

    # ------------------------------------------------------------------ meta
    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, Any]:
        """Liveness: the database answers."""
        with session() as s:
            s.execute(queries.select(queries.func.count()).select_from(queries.DocumentRow)).scalar()
        return {"ok": True, "version": EXTRACTOR_VERSION}

    @app.get("/api/meta", tags=["meta"], dependencies=read)
    def meta() -> dict[str, Any]:
        """PLOVER types with their quad class, statuses, and what this server allows."""
        quads = plover_quads()
        return {
            "version": EXTRACTOR_VERSION,
            "plover": [{"type": k, "quad": v, "class": "conflict" if "conflict" in v else "cooperation"}
                       for k, v in quads.items()],
            "statuses": list(STATUSES),
            "writes_enabled": settings.token is not None,
            "read_token_required": settings.read_token_required,
            "fused_events": _fused_api() is not None,
            "store_reviews": _store_review_api() is not None,
        }

    @app.get("/api/stats", tags=["meta"], dependencies=read)
    def stats() -> dict[str, Any]:
        """Counts of documents, reports, actors, errors and reviews; date range of reports."""
        out = store.stats()
        with session() as s:
            lo, hi = s.execute(
                queries.select(queries.func.min(queries.EventReportRow.date_start),
                               queries.func.max(queries.EventReportRow.date_start))
            ).one()
            out["publishers"] = int(s.scalar(
                queries.select(queries.func.count(queries.DocumentRow.publisher.distinct()))
            ) or 0)
        out["date_range"] = [lo, hi]
        if hasattr(store, "audit_log"):
            from eventwatch.store.schema import AuditRow

            with session() as s:
                out["review_actions"] = int(s.scalar(queries.select(queries.func.count()).select_from(AuditRow)) or 0)
        return out

    # ------------------------------------------------------------------ documents
    @app.get("/api/documents", tags=["documents"], dependencies=read)
    def list_documents(limit: Annotated[int, Query(ge=1, le=1000)] = 50, offset: Offset = 0,
                       publisher: Str = None, state: Annotated[str | None, Query(max_length=16)] = None,
                       text: Str = None) -> dict[str, Any]:
        """Documents (metadata only, oldest first) with their number of event reports."""
        with session() as s:
            items, total = queries.documents_page(
                s, limit, offset, _check_str(publisher, "publisher"), _check_str(state, "state"),
                _check_str(text, "text"),
            )
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/documents/{ref}", tags=["documents"], dependencies=read)
    def get_document(ref: Annotated[str, PathParam(max_length=340)]) -> dict[str, Any]:
        """One document by content hash or external id: text, removed parts, metadata, its reports."""
        ref = _check_str(ref, "document id") or ""
        with session() as s:
            row = queries.document(s, ref)
            if row is None:
                raise ApiError(404, f"no document {ref!r}")
            out = queries.document_dict(row)
            out["events"] = with_reviews(
                [queries.record_of(r, row) for r in sorted(row.reports, key=lambda r: r.id)]
            )
        return out

    @app.post("/api/documents", tags=["documents"], dependencies=write, status_code=202)
    def ingest_document(body: IngestRequest) -> JSONResponse:
        """Ingest one article and queue it for extraction (needs the write token).

        Answers 202 with the document id at once; the events appear on ``GET /api/documents/{id}``
        when its ``state`` is ``processed`` (``failed``: see ``failure``).  200 when the same
        content was already stored and extracted; 503 when the extraction queue is full."""
        from eventwatch.ingest import ingest_bytes
        from eventwatch.models import IngestError

        if "\x00" in body.text:
            raise ApiError(400, "text contains a NUL character")
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", body.doc or "api-upload")[:100] or "api-upload"
        items = list(ingest_bytes(body.text.encode("utf-8", "surrogatepass"), f"{name}.txt",
                                  published=body.published))
        errors = [i for i in items if isinstance(i, IngestError)]
        documents = [i for i in items if not isinstance(i, IngestError)]
        if errors or not documents:
            raise ApiError(400, "the text could not be ingested", [e.reason for e in errors] or None)
        document = documents[0]
        if body.doc:
            document.doc = body.doc
        for key in ("title", "url", "publisher", "language"):
            if getattr(body, key):
                setattr(document, key, getattr(body, key))
        if body.published:
            document.published, document.published_source = body.published, "metadata"
        created = store.add_document(document)
        queued = created or store.document_state(document.id) == "ingested"
        if queued and not extraction.submit(document):
            raise ApiError(503, "the extraction queue is full", "try again later")
        with session() as s:
            row = queries.document(s, document.id)
            assert row is not None
            out = queries.document_dict(row)
            out["events"] = with_reviews([queries.record_of(r, row) for r in sorted(row.reports, key=lambda r: r.id)])
        out["created"] = created
        out["queued"] = queued
        return JSONResponse(jsonable_encoder(out), status_code=202 if queued else 200,
                            headers={"Location": f"/api/documents/{document.id}"})

    def _pipeline() -> Any:
        with pipeline_lock:
            if app.state.pipeline is None:
                try:
                    if app.state.pipeline_factory is not None:
                        app.state.pipeline = app.state.pipeline_factory()
                    else:
                        from eventwatch.pipeline import Pipeline

                        app.state.pipeline = Pipeline()
                except Exception as exc:
                    raise ApiError(503, "the extraction pipeline could not be loaded", str(exc)) from exc
            return app.state.pipeline

    extraction = app.state.extraction = ExtractionQueue(store, _pipeline)

    # ------------------------------------------------------------------ events
    @app.get("/api/events", tags=["events"], dependencies=read,
             responses={200: {"content": {"application/json": {}, "application/geo+json": {}, "text/csv": {}}}})
    def list_events(f: Filters, limit: Limit = None, offset: Offset = 0,
                    format: Literal["json", "geojson", "csv", "jsonl"] = "json",
                    total: Annotated[bool, Query(description="Count all matches (JSON only).")] = True,
                    include_rejected: Annotated[bool, Query(description="Also reports an analyst rejected.")] = False,
                    ) -> Response:
        """Event reports matching the filters of `eventwatch events`, oldest first.

        `format=json` (default) returns a page `{total, limit, offset, items}`; `geojson`, `csv`
        and `jsonl` return a download of every match (or `limit` of them)."""
        f.include_rejected = include_rejected
        if format == "json":
            items, n = store.events_page(f, offset, limit or 100, with_total=total, handles=True)
            return JSONResponse(jsonable_encoder(
                {"total": n, "limit": limit or 100, "offset": offset, "items": items}
            ))
        items, _ = store.events_page(f, offset, limit, with_total=False, handles=True)
        buf = io.StringIO()
        exporting.write(items, format, buf)
        media = {"geojson": "application/geo+json", "csv": "text/csv; charset=utf-8",
                 "jsonl": "application/x-ndjson"}[format]
        return Response(buf.getvalue(), media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="events.{format}"'})

    @app.get("/api/events/{ref}", tags=["events"], dependencies=read)
    def get_event(ref: Annotated[str, PathParam(max_length=340)],
                  context: Annotated[int, Query(ge=0, le=5000, description="Characters of context.")] = 300,
                  ) -> dict[str, Any]:
        """One report (by database id or interchange id) with its document text, review history,
        and the other reports of the same event (fused event when available, else reports of the
        same type within a day and ~25 km) each with its quote in context."""
        ref = _check_str(ref, "event id") or ""
        with session() as s:
            found = queries.report(s, ref)
            if found is None:
                raise ApiError(404, f"no event report {ref!r}")
            row, doc_row = found
            rec = with_reviews([queries.record_of(row, doc_row)])[0]
            rec["document"] = queries.document_dict(doc_row)
            related = with_reviews(queries.related_reports(s, row))
            texts = {}
            for r in related:
                if r["document_id"] not in texts:
                    d = s.get(queries.DocumentRow, r["document_id"])
                    texts[r["document_id"]] = d.text if d else ""
        for r in related:
            r["context"] = _context(texts.get(r["document_id"], ""), r, context)
        rec["context"] = _context(doc_row.text, rec, context)
        rec["reports"] = related
        target = getattr(row, "key", None) or str(row.id)
        rec["review_history"] = store.audit_log(target=target) if hasattr(store, "audit_log") else []
        return rec

    # ------------------------------------------------------------------ fused events (store-dependent)
    def _fused_api() -> Any:
        return getattr(store, "fused_events", None)

    def _store_review_api() -> Any:
        return getattr(store, "confirm", None)

    @app.get("/api/fused", tags=["events"], dependencies=read)
    def list_fused(f: Filters, limit: Limit = None, offset: Offset = 0,
                   flag: Annotated[Literal["disputed_attribution", "conflicting_toll", "conflicting_status"] | None,
                                   Query()] = None) -> Any:
        """Fused events (one event, all its reports) when the store provides them; 501 otherwise."""
        api = _fused_api()
        if api is None:
            raise ApiError(501, "fused events are not available in this store version",
                           "use /api/events (reports); /api/events/{id} lists related reports")
        f.limit, f.flag = (limit or 100) + offset, flag
        items = list(api(f))[offset:]
        return {"limit": limit or 100, "offset": offset, "items": jsonable_encoder(items)}

    @app.get("/api/fused/{ref}", tags=["events"], dependencies=read)
    def get_fused(ref: Annotated[str, PathParam(max_length=340)]) -> Any:
        """One fused event with every report."""
        api = getattr(store, "fused_event", None)
        if api is None:
            raise ApiError(501, "fused events are not available in this store version")
        ref = _check_str(ref, "event id") or ""
        out = api(ref)
        if out is None:
            raise ApiError(404, f"no fused event {ref!r}")
        return jsonable_encoder(out)

    # ------------------------------------------------------------------ aggregates
    @app.get("/api/actors", tags=["actors"], dependencies=read)
    def actors(f: Filters, limit: Annotated[int, Query(ge=1, le=10_000)] = 100, offset: Offset = 0,
               q: Str = None) -> dict[str, Any]:
        """Actors in the matching reports with report counts (as actor1 / actor2)."""
        rows = queries.actor_counts(store, f)
        needle = (_check_str(q, "q") or "").lower()
        if needle:
            rows = [r for r in rows if needle in r["name"].lower()]
        return {"total": len(rows), "limit": limit, "offset": offset, "items": rows[offset:offset + limit]}

    @app.get("/api/actors/unknown", tags=["actors"], dependencies=read)
    def unknown_actors(limit: Annotated[int, Query(ge=1, le=10_000)] = 50) -> dict[str, Any]:
        """Organisation-like mentions the knowledge base could not resolve, most frequent first."""
        return {"items": [{"text": t, "mentions": n, "example_docs": d} for t, n, d in store.unknown_actors(limit)]}

    @app.get("/api/network", tags=["actors"], dependencies=read)
    def network(f: Filters, min_weight: Annotated[int, Query(ge=1, le=10**6)] = 1,
                max_edges: Annotated[int, Query(ge=1, le=5000)] = 300) -> dict[str, Any]:
        """Who acts on whom: edges actor1 -> actor2 weighted by reports, split conflict / cooperation."""
        net = queries.network(store, f, plover_quads())
        edges = [e for e in net["edges"] if e["weight"] >= min_weight][:max_edges]
        keep = {e["source"] for e in edges} | {e["target"] for e in edges}
        return {"nodes": [n for n in net["nodes"] if n["id"] in keep], "edges": edges}

    @app.get("/api/places", tags=["places"], dependencies=read)
    def places(f: Filters, limit: Annotated[int, Query(ge=1, le=10_000)] = 200) -> dict[str, Any]:
        """Located places of the matching reports with report counts."""
        return {"items": queries.places(store, f, limit)}

    @app.get("/api/timeline", tags=["events"], dependencies=read)
    def timeline(f: Filters) -> dict[str, Any]:
        """Reports per week (Monday start) with counts by type."""
        return {"bucket": "week", "items": queries.timeline(store, f)}

    @app.get("/api/publishers", tags=["sources"], dependencies=read)
    def publishers(f: Filters, top: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, Any]:
        """What each outlet reports (types, tolls) and whom it blames (actor1 counts)."""
        return {"items": queries.publishers(store, f, top)}

    @app.get("/api/publishers/{name}", tags=["sources"], dependencies=read)
    def publisher(name: Annotated[str, PathParam(max_length=MAX_STR)], f: Filters,
                  top: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
        """One outlet: what it reports and whom it blames, with its latest reports."""
        name = _check_str(name, "publisher") or ""
        f.publisher = name
        rows = queries.publishers(store, f, top)
        if not rows:
            raise ApiError(404, f"no publisher {name!r}")
        out = rows[0]
        out["recent"] = store.events_page(f, 0, 50, with_total=False, handles=True)[0]
        return out

    # ------------------------------------------------------------------ review
    @app.get("/api/review/queue", tags=["review"], dependencies=read)
    def review_queue(threshold: Annotated[float, Query(ge=0, le=1, allow_inf_nan=False)] = 0.6,
                     limit: Annotated[int, Query(ge=1, le=1000)] = 50, offset: Offset = 0,
                     include_reviewed: bool = False) -> dict[str, Any]:
        """Reports needing an analyst: confidence below `threshold` or a disputed status
        (claimed / denied), lowest confidence first; reviewed ones left out unless asked."""
        from sqlalchemy import or_, select

        E, D = queries.EventReportRow, queries.DocumentRow
        q = (select(E, D.publisher, D.doc, D.published, D.title).join(D, D.id == E.document_id)
             .where(or_(E.confidence < threshold, E.status.in_(DISPUTED_STATUSES)))
             .order_by(E.confidence, E.id))
        from eventwatch.store.schema import CorrectionRow

        if _STATE_COL is not None:
            q = q.where(_STATE_COL == "active")
        if not include_reviewed and hasattr(E, "review"):
            q = q.where(E.review.is_(None))
        with session() as s:
            done = set() if include_reviewed else {
                t.split(":", 1)[1] for t in s.scalars(queries.select(CorrectionRow.target).distinct())
            }
        items: list[dict[str, Any]] = []
        n = 0
        with session() as s:
            for r, p, d, pub, t in s.execute(q.execution_options(yield_per=500)):
                if (getattr(r, "key", None) or str(r.id)) in done:
                    continue
                if n >= offset and len(items) < limit:
                    rec = queries.record_of(r, None, p, d, pub, t)
                    rec["reasons"] = [x for x in (
                        f"confidence {r.confidence:.2f} < {threshold}" if r.confidence < threshold else None,
                        f"disputed: status {r.status}" if r.status in DISPUTED_STATUSES else None,
                    ) if x]
                    items.append(rec)
                n += 1
        return {"total": n, "limit": limit, "offset": offset, "threshold": threshold, "items": with_reviews(items)}

    @app.post("/api/events/{ref}/review", tags=["review"], dependencies=write)
    def review_event(ref: Annotated[str, PathParam(max_length=340)], body: ReviewRequest, creds: Creds = None
                     ) -> dict[str, Any]:
        """Confirm, correct (with `changes`) or reject one report (needs the write token).
        The machine record is kept; the review is logged and shown on every read."""
        ref = _check_str(ref, "event id") or ""
        changes = _validate_changes(body.changes) if body.action == "correct" else None
        with session() as s:
            found = queries.report(s, ref)
            if found is None:
                raise ApiError(404, f"no event report {ref!r}")
            row, _doc = found
        if _store_review_api() is None:
            raise ApiError(501, "this store version has no review API")
        target = getattr(row, "key", None) or str(row.id)
        by = _analyst(creds)
        if body.action == "confirm":
            review_call(lambda: store.confirm(target, by=by, why=body.note))
        elif body.action == "reject":
            review_call(lambda: store.reject(target, by=by, why=body.note))
        else:
            def correct_all() -> None:
                for name, value in (changes or {}).items():
                    store.correct(target, name, value, by=by, why=body.note, allow_unknown=body.allow_unknown)

            review_call(correct_all)
        with session() as s:
            found = queries.report(s, str(row.id))
            rec = with_reviews([queries.record_of(*found)])[0] if found else None
        history = store.audit_log(target=target)
        entry = history[-1] if history else {"action": body.action}
        return {"review": entry, "event": rec}

    @app.post("/api/review/merge", tags=["review"], dependencies=write)
    def merge(body: MergeRequest, creds: Creds = None) -> Any:
        """Merge reports / fused events into one event (needs the store's fusion review API)."""
        api = getattr(store, "merge", None)
        if api is None:
            raise ApiError(501, "merge needs fused events, which this store version does not have yet")
        for v in (body.keep, body.other):
            _check_str(v, "event id")
        kept = review_call(lambda: api(body.keep, body.other, by=_analyst(creds), why=body.note))
        return {"event": kept, "merged": body.other}

    @app.post("/api/review/split", tags=["review"], dependencies=write)
    def split(body: SplitRequest, creds: Creds = None) -> Any:
        """Split reports off a fused event (needs the store's fusion review API)."""
        api = getattr(store, "split", None)
        if api is None:
            raise ApiError(501, "split needs fused events, which this store version does not have yet")
        for v in (body.event, *body.reports):
            _check_str(v, "id")
        new = review_call(lambda: api(body.event, body.reports, by=_analyst(creds), why=body.note))
        return {"event": body.event, "new_event": new}

    # the dashboard's own routes (/api/dashboard/...): fused events, downloads, review by analyst
    install_dashboard(app, store, settings.token, settings.read_token_required, plover_quads, event_filters, team)
    app.include_router(records_router(store, team, event_filters, read))

    # ------------------------------------------------------------------ basemap
    @app.get("/api/basemap/features", tags=["places"], dependencies=read)
    def basemap_features() -> JSONResponse:
        """Curated gazetteer features with geometry (roads as lines, zones as polygons), GeoJSON."""
        return JSONResponse(_basemap_features(), media_type="application/geo+json")

    # ------------------------------------------------------------------ web
    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="eventwatch API",
            swagger_js_url=f"{VENDOR}/swagger-ui-dist/swagger-ui-bundle.js",
            swagger_css_url=f"{VENDOR}/swagger-ui-dist/swagger-ui.css",
            swagger_favicon_url=f"{VENDOR}/swagger-ui-dist/favicon-32x32.png",
        )

    if WEB_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        page = WEB_DIR / "index.html"
        if not page.exists():
            raise ApiError(404, "dashboard assets are not installed")
        return FileResponse(page, media_type="text/html", headers={"Cache-Control": "no-cache"})

    return app


def _context(text: str, rec: dict[str, Any], width: int) -> dict[str, Any]:
    """The quote's neighbourhood in the document text, with offsets relative to it."""
    q = (rec.get("evidence") or {}).get("quote") or {}
    start, end = q.get("start"), q.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end <= len(text):
        return {"text": rec.get("quote") or "", "offset": 0, "start": 0, "end": len(rec.get("quote") or "")}
    lo, hi = max(0, start - width), min(len(text), end + width)
    return {"text": text[lo:hi], "offset": lo, "start": start - lo, "end": end - lo}


@lru_cache(maxsize=4)
def _basemap_features(path: str | None = None) -> dict[str, Any]:
    """Read geometries from the built gazetteer, else from curated.yaml; empty when neither works."""
    features: list[dict[str, Any]] = []
    gaz = Path(path) if path else DATA_DIR / "gazetteer" / "gazetteer.sqlite"
    try:
        conn = sqlite3.connect(f"file:{gaz}?mode=ro", uri=True)
        try:
            cols = {r[1] for r in conn.execute("PRAGMA table_info(places)")}
            if "geometry_json" in cols:
                wanted = [c for c in ("id", "name", "feature", "country", "admin1") if c in cols]
                for row in conn.execute(
                    f"SELECT {', '.join(wanted)}, geometry_json FROM places WHERE geometry_json IS NOT NULL"
                ):
                    geom = json.loads(row[-1])
                    if isinstance(geom, dict) and geom.get("type") in ("LineString", "MultiLineString", "Polygon",
                                                                         "MultiPolygon"):
                        features.append({"type": "Feature", "geometry": geom,
                                         "properties": dict(zip(wanted, row[:-1], strict=False))})
        finally:
            conn.close()
    except Exception:  # noqa: BLE001 - gazetteer not built / other schema
        features = []
    if not features:
        try:
            import yaml

            data = yaml.safe_load((DATA_DIR / "gazetteer" / "curated.yaml").read_text(encoding="utf-8"))
            for f in (data or {}).get("features") or []:
                geom = f.get("geometry")
                if isinstance(geom, dict) and geom.get("type") in ("LineString", "MultiLineString", "Polygon",
                                                                     "MultiPolygon"):
                    features.append({"type": "Feature", "geometry": geom,
                                     "properties": {k: f.get(k) for k in ("id", "name", "feature", "country",
                                                                           "admin1")}})
        except Exception:  # noqa: BLE001 - no curated file: no overlay
            features = []
    return {"type": "FeatureCollection", "features": features}
