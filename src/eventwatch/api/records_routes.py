"""The event record over HTTP: fused events with analysts' decisions, review actions, exports.

Every route goes through :class:`eventwatch.store.records.EventRecords` and the store's
review actions, the same code as ``eventwatch events / export / review``, so the dashboard
and the command line act on the same objects and see each other's decisions.  Writes are
recorded under the analyst the bearer token belongs to (:mod:`eventwatch.api.analysts`).
"""


import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi import Path as PathParam
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from eventwatch import export as exporting
from eventwatch.api.analysts import Analysts
from eventwatch.store import EventFilter, ReviewError, Store
from eventwatch.store.corrections import FIELDS, CorrectionError
from eventwatch.store.records import EventRecord, EventRecords, FilterError

bearer = HTTPBearer(auto_error=False)
Creds = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
Ref = Annotated[str, PathParam(max_length=340)]
Flag = Literal["disputed_attribution", "conflicting_toll", "conflicting_status", "mixed_types"]
MEDIA = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8", "acled": "text/csv; charset=utf-8",
         "plover": "application/x-ndjson", "geojson": "application/geo+json",
         "parquet": "application/vnd.apache.parquet"}


class EventReview(BaseModel):
    action: Literal["confirm", "reject", "correct"]
    changes: dict[str, Any] | None = Field(None, description=f"For 'correct': new values of {', '.join(FIELDS)}.")
    note: str | None = Field(None, max_length=5000, description="Why (kept in the audit log).")
    allow_unknown: bool = Field(False, description="Keep actor names the knowledge base does not know.")


class EventMerge(BaseModel):
    keep: str = Field(max_length=340, description="Fused event id that stays.")
    other: str = Field(max_length=340, description="Fused event id merged into `keep` (it then redirects).")
    note: str | None = Field(None, max_length=5000)


class EventSplit(BaseModel):
    reports: list[str] = Field(min_length=1, max_length=500, description="Report keys (r-...) to move out.")
    note: str | None = Field(None, max_length=5000)


def week_of(day: str | None) -> str | None:
    """The Monday of the ISO week of a YYYY-MM-DD (or YYYY-MM: its first day) date."""
    if not day or len(day) < 7:
        return None
    try:
        d = date.fromisoformat(day[:10] if len(day) >= 10 else day[:7] + "-01")
    except ValueError:
        return None
    return (d - timedelta(days=d.weekday())).isoformat()


def _bad(exc: Exception) -> HTTPException:
    msg = str(exc)
    return HTTPException(404 if msg.startswith("no ") else 400, msg)


def records_router(store: Store, analysts: Analysts, filters: Any, read: list[Any]) -> APIRouter:
    """The routes, bound to ``store``; ``filters`` is the app's query-filter dependency."""
    router = APIRouter(tags=["event record"])
    service = EventRecords(store)
    Filters = Annotated[EventFilter, Depends(filters)]

    def analyst(creds: Creds = None) -> str:
        name = analysts.who(creds.credentials if creds is not None and creds.scheme.lower() == "bearer" else None)
        if name is None:
            raise HTTPException(401, "a valid bearer token is required for review actions",
                                headers={"WWW-Authenticate": "Bearer"})
        return name

    Analyst = Annotated[str, Depends(analyst)]

    def checked(f: EventFilter, include_rejected: bool, flag: str | None) -> EventFilter:
        f.include_rejected, f.flag = include_rejected, flag
        try:
            return service.check_filter(f)
        except FilterError as exc:
            raise HTTPException(400, str(exc)) from exc

    def detail(ev: EventRecord) -> dict[str, Any]:
        out = ev.to_dict()
        targets = [ev.id, *(r.get("key") for r in ev.reports if r.get("key"))]
        out["history"] = sorted((h for t in targets for h in store.audit_log(target=t)), key=lambda h: h["at"])
        return out

    def act(fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except (ReviewError, CorrectionError) as exc:
            raise _bad(exc) from exc

    @router.get("/api/event-records", dependencies=read)
    def list_records(
        f: Filters,
        include_rejected: Annotated[bool, Query(description="Also events an analyst rejected.")] = False,
        flag: Annotated[Flag | None, Query(description="Fusion flag.")] = None,
        members: Annotated[bool, Query(description="Include each event's report records.")] = False,
        limit: Annotated[int, Query(ge=1, le=100_000)] = 100,
        offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    ) -> dict[str, Any]:
        """Fused events with analysts' decisions (rejected ones left out unless asked), oldest
        first, undated last; `undated` counts the undated events among the matches and
        `undated_excluded` those a date filter left out."""
        found = service.events(checked(f, include_rejected, flag))
        page = found.events[offset:offset + limit]
        return {"total": len(found.events), "limit": limit, "offset": offset, "undated": found.undated,
                "undated_excluded": found.undated_excluded,
                "items": jsonable_encoder([e.to_dict(members=members) for e in page])}

    @router.get("/api/event-records/timeline", dependencies=read)
    def timeline(
        f: Filters,
        include_rejected: bool = False,
        flag: Annotated[Flag | None, Query()] = None,
    ) -> dict[str, Any]:
        """Fused events (not reports) per ISO week (Monday start), with counts by type; undated
        events are counted in `undated`."""
        found = service.events(checked(f, include_rejected, flag))
        weeks: dict[str, Counter[str]] = defaultdict(Counter)
        for e in found.events:
            start = week_of(e.date)
            if start is not None:
                weeks[start][e.plover or "?"] += 1
        return {"bucket": "week", "undated": found.undated, "undated_excluded": found.undated_excluded,
                "items": [{"week": w, "count": sum(c.values()), "by_type": dict(c.most_common())}
                          for w, c in sorted(weeks.items())]}

    @router.get("/api/event-records/{ref}", dependencies=read)
    def get_record(ref: Ref) -> dict[str, Any]:
        """One fused event (merge redirects followed) with its reports and its review history."""
        ev = service.event(ref)
        if ev is None:
            raise HTTPException(404, f"no fused event {ref!r}")
        return jsonable_encoder(detail(ev))

    @router.post("/api/event-records/{ref}/review")
    def review(ref: Ref, body: EventReview, who: Analyst) -> dict[str, Any]:
        """Confirm, reject or correct a fused event (plover, mode, acled, actor1, actor2, where,
        when, status, fatalities, injured, ...).  Every change is checked first; none is applied
        unless all are valid.  Recorded under the token's analyst."""
        if body.action == "confirm":
            act(lambda: store.confirm(ref, who, body.note))
        elif body.action == "reject":
            act(lambda: store.reject(ref, who, body.note))
        else:
            if not body.changes:
                raise HTTPException(400, "'correct' needs a non-empty 'changes' object")
            changes = body.changes
            validator = store.correction_validator()

            def check_all() -> None:
                for name, value in changes.items():
                    validator.value(name, value, body.allow_unknown)

            def apply_all() -> None:
                for name, value in changes.items():
                    store.correct(ref, name, value, who, body.note, body.allow_unknown)

            act(check_all)
            act(apply_all)
        ev = service.event(ref)
        if ev is None:
            raise HTTPException(404, f"no fused event {ref!r}")
        return jsonable_encoder(detail(ev))

    @router.post("/api/event-records/merge")
    def merge(body: EventMerge, who: Analyst) -> dict[str, Any]:
        """Merge event `other` into `keep` (`other` then redirects to `keep`)."""
        kept = act(lambda: store.merge(body.keep, body.other, who, body.note))
        ev = service.event(kept)
        assert ev is not None
        return jsonable_encoder(detail(ev))

    @router.post("/api/event-records/{ref}/split")
    def split(ref: Ref, body: EventSplit, who: Analyst) -> dict[str, Any]:
        """Move reports out of an event into a new one; returns both."""
        new = act(lambda: store.split(ref, body.reports, who, body.note))
        old, created = service.event(ref), service.event(new)
        assert old is not None and created is not None
        return {"event": jsonable_encoder(detail(old)), "new_event": jsonable_encoder(detail(created))}

    @router.get("/api/export", dependencies=read,
                responses={200: {"content": {m: {} for m in sorted(set(MEDIA.values()))}}})
    def export(
        f: Filters,
        format: Literal["jsonl", "csv", "acled", "plover", "geojson", "parquet"] = "csv",
        per: Literal["event", "report"] = "event",
        include_rejected: bool = False,
        flag: Annotated[Flag | None, Query()] = None,
    ) -> Response:
        """A download of the matching event record, as `eventwatch export` writes it (what was
        left out, e.g. events ACLED does not code, is in the `X-Eventwatch-Left-Out` header)."""
        f = checked(f, include_rejected, flag)
        ext = {"acled": "acled.csv", "plover": "plover.jsonl"}.get(format, format)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"events.{ext}"
            try:
                if per == "report":
                    result = exporting.write_reports(service.reports(f), format, path)
                else:
                    result = exporting.write_events(service.events(f).events, format, path, kb=store.kb)
            except exporting.ExportError as exc:
                raise HTTPException(400, str(exc)) from exc
            data = path.read_bytes()
        left = "; ".join(f"{n} {why}" for why, n in sorted(result.left_out.items()) if n)
        headers = {"Content-Disposition": f'attachment; filename="events.{ext}"', "X-Eventwatch-Rows": str(result.rows)}
        if left:
            headers["X-Eventwatch-Left-Out"] = left
        return Response(data, media_type=MEDIA[format], headers=headers)

    return router
