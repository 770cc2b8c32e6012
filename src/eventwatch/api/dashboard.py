"""The dashboard's API (``/api/dashboard/...``): fused events for the map and timeline, the
download of the current view, the actor network with forces folded into states, and review
actions on fused events recorded under the analyst who holds the token.

Mounted by :func:`install` from :func:`eventwatch.api.app.create_app`.  It reads and writes
through the same ``Store`` methods as the CLI (``fused_events``, ``confirm``, ``correct``,
``reject``, ``merge``, ``split``), so the dashboard and ``eventwatch review`` see each other's
decisions.
"""


import io
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from eventwatch import export as exporting
from eventwatch.api import queries
from eventwatch.api.analysts import Analysts
from eventwatch.api.corrections import CorrectionError, CorrectionInput, validate
from eventwatch.api.fold import StateFolder, fold_network
from eventwatch.store import EventFilter, Store
from eventwatch.store.records import EventRecords
from eventwatch.store.review import ReviewError


class DashboardError(Exception):
    def __init__(self, status: int, error: str, detail: Any = None) -> None:
        super().__init__(error)
        self.status, self.error, self.detail = status, error, detail


# --------------------------------------------------------------------------- records
class MapEvent(BaseModel):
    """One fused event as the map, timeline and list show it."""

    id: str
    plover: str | None
    status: str | None
    date: str | None
    end: str | None = None
    place: str | None = None
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    actor1: list[str] = []
    actor2: list[str] = []
    fatalities: int | None = None
    n_reports: int = 0
    n_publishers: int = 0
    publishers: list[str] = []
    review: str | None = None
    corrected: list[str] = []
    flags: list[str] = []


class MapView(BaseModel):
    total: int
    truncated: bool = False
    reports: int
    undated: int
    unlocated: int
    items: list[MapEvent]


class Whoami(BaseModel):
    analyst: str | None
    writes_enabled: bool


class EventReview(BaseModel):
    action: Literal["confirm", "correct", "reject"]
    changes: CorrectionInput | None = None
    note: str | None = Field(None, max_length=5000)


class ReportReview(BaseModel):
    action: Literal["confirm", "reject"]
    note: str | None = Field(None, max_length=5000)


class MergeBody(BaseModel):
    keep: str = Field(max_length=340)
    other: str = Field(max_length=340)
    note: str | None = Field(None, max_length=5000)


class SplitBody(BaseModel):
    event: str = Field(max_length=340)
    reports: list[str] = Field(min_length=1, max_length=500)
    note: str | None = Field(None, max_length=5000)


def _toll(value: Any) -> int | None:
    """A fused toll (``{min, max, median, ...}`` or an analyst's integer) as one number."""
    if isinstance(value, dict):
        v = value.get("median", value.get("max"))
        return int(v) if isinstance(v, (int, float)) else None
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def map_event(rec: dict[str, Any]) -> MapEvent:
    where = rec.get("where")
    if isinstance(where, list):
        where = where[0] if where else None
    where = where if isinstance(where, dict) else {}
    raw_when = rec.get("when")
    when: dict[str, Any] = raw_when if isinstance(raw_when, dict) else {}
    return MapEvent(
        id=rec["id"], plover=rec.get("plover"), status=rec.get("status"), date=when.get("date"),
        end=when.get("end"), place=where.get("name"), admin1=where.get("admin1"), country=where.get("country"),
        lat=where.get("lat"), lon=where.get("lon"), actor1=list(rec.get("actor1") or []),
        actor2=list(rec.get("actor2") or []), fatalities=_toll(rec.get("fatalities")),
        n_reports=int(rec.get("n_reports") or 0), n_publishers=int(rec.get("n_publishers") or 0),
        publishers=list(rec.get("publishers") or []), review=rec.get("review"),
        corrected=sorted((rec.get("corrected") or {}).keys()), flags=list(rec.get("flags") or []),
    )


# the view's reports in these formats; the others are written per fused event
PER_REPORT_DOWNLOADS = frozenset({"jsonl", "csv", "geojson"})


# --------------------------------------------------------------------------- the router
def install(app: FastAPI, store: Store, token: str | None, read_token_required: bool,
            types: Callable[[], dict[str, str]], filters: Callable[..., EventFilter],
            analysts: Analysts) -> None:
    """Mount ``/api/dashboard`` on ``app``.  ``types`` gives the PLOVER types with their quad
    class; ``filters`` is the app's dependency that parses the report filters; ``analysts``
    the app's one token -> analyst map."""
    app.state.analysts = analysts
    app.state.gazetteer = None

    @app.exception_handler(DashboardError)
    async def _dashboard_error(_request: Request, exc: DashboardError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse({"error": exc.error, "detail": exc.detail}, status_code=exc.status, headers=headers)

    def presented(request: Request) -> str | None:
        auth = request.headers.get("authorization") or ""
        scheme, _, value = auth.partition(" ")
        return value.strip() if scheme.lower() == "bearer" and value.strip() else None

    def reader(request: Request) -> None:
        if read_token_required and request.app.state.analysts.who(presented(request)) is None:
            raise DashboardError(401, "this server requires a bearer token for reads", "send Authorization: Bearer <token>")

    def analyst(request: Request) -> str:
        analysts: Analysts = request.app.state.analysts
        if not analysts.writes_possible:
            raise DashboardError(403, "writes are disabled: the server has no token and no users file",
                                 "start it with --token or --users FILE")
        who = analysts.who(presented(request))
        if who is None:
            raise DashboardError(401, "a valid bearer token is required for review actions",
                                 "send Authorization: Bearer <token>")
        return who

    Filters = Annotated[EventFilter, Depends(filters)]
    Analyst = Annotated[str, Depends(analyst)]
    EventId = Annotated[str, PathParam(max_length=340, pattern=r"^[A-Za-z0-9._:-]+$")]
    router = APIRouter(prefix="/api/dashboard", tags=["dashboard"], dependencies=[Depends(reader)])

    def gazetteer() -> Any:
        if app.state.gazetteer is None:
            from eventwatch.resolve.gazetteer import Gazetteer

            try:
                app.state.gazetteer = Gazetteer.load()
            except Exception as exc:
                raise DashboardError(503, "the gazetteer could not be loaded", str(exc)) from exc
        return app.state.gazetteer

    def acting(fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except ReviewError as exc:
            msg = str(exc)
            raise DashboardError(404 if msg.startswith("no ") else 400, msg) from exc

    @router.get("/events", response_model=MapView)
    def events(f: Filters, limit: Annotated[int, Query(ge=1, le=50_000)] = 5000) -> MapView:
        """Fused events matching the filters (one per event, however many outlets reported it),
        oldest first, with the number of reports behind them and how many are undated or
        unlocated; at most ``limit`` (``truncated`` says when there were more)."""
        f.limit = limit + 1
        items = [map_event(r) for r in store.fused_events(f)]
        truncated = len(items) > limit
        items = items[:limit]
        return MapView(total=len(items), truncated=truncated, reports=sum(e.n_reports for e in items),
                       undated=sum(1 for e in items if not e.date),
                       unlocated=sum(1 for e in items if e.lat is None or e.lon is None), items=items)

    @router.get("/export/formats")
    def export_formats() -> dict[str, list[str]]:
        """The formats the current view can be downloaded in (those of ``eventwatch export``)."""
        return {"formats": list(exporting.FORMATS)}

    @router.get("/export")
    def export(f: Filters, format: Annotated[str, Query(max_length=16)] = "csv") -> Response:
        """Download the reports of the current view in an ``eventwatch export`` format."""
        if format not in exporting.FORMATS:
            raise DashboardError(400, f"unknown export format {format!r}", {"known": list(exporting.FORMATS)})
        if format not in PER_REPORT_DOWNLOADS:
            # ACLED, PLOVER and Parquet are written per fused event, with analysts' decisions applied
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"eventwatch-{format}"
                exporting.write_events(EventRecords(store).events(f).events, format, path, kb=store.kb)
                data = path.read_bytes()
            ext = {"acled": "acled.csv", "plover": "plover.jsonl"}.get(format, format)
            media = {"parquet": "application/vnd.apache.parquet", "plover": "application/x-ndjson"}.get(format, "text/csv")
            return Response(data, media_type=media,
                            headers={"Content-Disposition": f'attachment; filename="eventwatch.{ext}"'})
        items, _ = store.events_page(f, 0, None, with_total=False, handles=True)
        buf = io.StringIO()
        exporting.write(items, format, buf)
        ext = {"geojson": "geojson", "jsonl": "jsonl"}.get(format, "csv")
        media = {"geojson": "application/geo+json", "jsonl": "application/x-ndjson"}.get(format, "text/csv")
        return Response(buf.getvalue(), media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="eventwatch-{format}.{ext}"'})

    @router.get("/network")
    def network(f: Filters, fold: bool = False,
                max_edges: Annotated[int, Query(ge=1, le=5000)] = 150) -> dict[str, Any]:
        """Who acts on whom; with ``fold=true`` forces and units are drawn as their state."""
        net = queries.network(store, f, types())
        if fold:
            net = fold_network(net, StateFolder(store.kb))
        edges = net["edges"][:max_edges]
        keep = {e["source"] for e in edges} | {e["target"] for e in edges}
        return {"nodes": [n for n in net["nodes"] if n["id"] in keep], "edges": edges, "folded": fold}

    @router.get("/whoami", response_model=Whoami)
    def whoami(request: Request) -> Whoami:
        """The analyst a token stands for (null when it is not valid)."""
        analysts: Analysts = request.app.state.analysts
        return Whoami(analyst=analysts.who(presented(request)), writes_enabled=analysts.writes_possible)

    @router.post("/events/{event_id}/review")
    def review(event_id: EventId, body: EventReview, who: Analyst) -> dict[str, Any]:
        """Confirm, reject or correct a fused event (type, status, tolls, actors, place, date)."""
        current = store.fused_event(event_id, reports=False)
        if current is None:
            raise DashboardError(404, f"no fused event {event_id!r}")
        real = current["id"]
        if body.action == "confirm":
            acting(lambda: store.confirm(real, by=who, why=body.note))
        elif body.action == "reject":
            acting(lambda: store.reject(real, by=who, why=body.note))
        else:
            if body.changes is None:
                raise DashboardError(400, "'correct' needs 'changes'")
            where = current.get("where")
            hint = (where[0] if isinstance(where, list) and where else where or {}).get("country")
            try:
                checked = validate(body.changes, kb=store.kb,
                                   gazetteer=gazetteer() if body.changes.place is not None else None,
                                   types=set(types()), hint_country=hint)
            except CorrectionError as exc:
                raise DashboardError(400, str(exc), exc.detail) from exc
            for name, value in checked.values.items():
                acting(partial(store.correct, real, name, value, by=who, why=body.note,
                               allow_unknown=body.changes.allow_unknown_actors))
        return {"event": store.fused_event(real), "by": who}

    @router.post("/reports/{report_key}/review")
    def review_report(report_key: EventId, body: ReportReview, who: Analyst) -> dict[str, Any]:
        """Confirm or reject one report (key ``r-...`` or row id); a rejected report leaves its event."""
        fn = store.confirm if body.action == "confirm" else store.reject
        target = acting(lambda: fn(report_key, by=who, why=body.note))
        return {"report": target, "action": body.action, "by": who}

    @router.post("/merge")
    def merge(body: MergeBody, who: Analyst) -> dict[str, Any]:
        """Merge fused event ``other`` into ``keep`` (``other`` then redirects to ``keep``)."""
        kept = acting(lambda: store.merge(body.keep, body.other, by=who, why=body.note))
        return {"event": kept, "merged": body.other, "by": who}

    @router.post("/split")
    def split(body: SplitBody, who: Analyst) -> dict[str, Any]:
        """Split reports (keys ``r-...``) off a fused event into a new event."""
        new = acting(lambda: store.split(body.event, body.reports, by=who, why=body.note))
        return {"event": body.event, "new_event": new, "by": who}

    @router.get("/events/{event_id}/history")
    def history(event_id: EventId) -> dict[str, Any]:
        """The audit trail of a fused event and of its reports."""
        ev = store.fused_event(event_id, reports=False)
        if ev is None:
            raise DashboardError(404, f"no fused event {event_id!r}")
        targets = {ev["id"], *(ev.get("reports") or [])}
        return {"items": [h for h in store.audit_log() if h.get("target") in targets]}

    app.include_router(router)
