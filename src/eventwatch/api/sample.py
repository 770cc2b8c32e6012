"""A small hand-made database for API tests, browser tests and demos (no spaCy needed).

    python -m eventwatch.api.sample data/sample.sqlite

Texts are invented; every evidence span is computed from the text so offsets are exact.
One document deliberately contains HTML/script markup to prove the dashboard escapes text.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date

from eventwatch.models import (
    ActorMention,
    Document,
    DocumentAnalysis,
    DocumentResult,
    EventReport,
    PlaceMention,
    Span,
    TimeMention,
    content_hash,
)
from eventwatch.store import Store

XSS_MARKUP = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'


def span(text: str, needle: str, after: int = 0) -> Span:
    start = text.index(needle, after)
    return Span(start, start + len(needle), needle)


@dataclass
class Ev:
    plover: str
    quote: str
    trigger: str
    actor1: list[tuple[str, str | None]] = field(default_factory=list)  # (surface, canonical name)
    actor2: list[tuple[str, str | None]] = field(default_factory=list)
    place: tuple[str, str, float, float, str] | None = None  # surface, name, lat, lon, country
    when: tuple[str, str] | None = None  # surface, YYYY-MM-DD
    status: str = "occurred"
    fatalities: int | None = None
    injured: int | None = None
    confidence: float = 0.8
    mode: str | None = None
    source: tuple[str, str] | None = None  # surface, name


def build(doc: str, publisher: str, published: date, text: str, events: list[Ev], title: str | None = None,
          language: str = "en") -> DocumentResult:
    document = Document(id=content_hash(doc + text), doc=doc, text=text, title=title, publisher=publisher,
                        published=published, language=language, published_source="metadata")
    reports: list[EventReport] = []
    mentions: list[ActorMention] = []
    for n, e in enumerate(events, 1):
        q = span(text, e.quote)

        def actors(items: list[tuple[str, str | None]], q: Span = q) -> list[ActorMention]:
            out = []
            for surface, name in items:
                m = ActorMention(span(text, surface, q.start), name.lower().replace(" ", "-") if name else None,
                                 name or surface, "exact" if name else "unknown")
                out.append(m)
            return out

        a1, a2 = actors(e.actor1), actors(e.actor2)
        mentions += a1 + a2
        where = []
        if e.place:
            surface, name, lat, lon, cc = e.place
            where.append(PlaceMention(span(text, surface, q.start), name, f"p-{name.lower()}", lat, lon, None, cc,
                                      "city", 1))
        when = TimeMention(span(text, e.when[0], q.start), e.when[1], "day") if e.when else None
        reports.append(EventReport(
            doc=doc, plover=e.plover, quote=q, trigger=span(text, e.trigger, q.start), mode=e.mode,
            actor1=a1, actor2=a2, where=where, when=when, status=e.status,
            source=e.source[1] if e.source else None,
            source_span=span(text, e.source[0]) if e.source else None,
            fatalities=e.fatalities, injured=e.injured, confidence=e.confidence, id=f"{doc}-{n:03d}",
        ))
    return DocumentResult(document, DocumentAnalysis(document, actors=mentions), reports)


def sample_results() -> list[DocumentResult]:
    """Eight documents, four publishers, five weeks of 2023, conflict and cooperation."""
    t1 = ("Valdoria Army artillery shelled the village of Kessa on 3 March, killing four civilians, "
          "local officials said. The Northern Front denied any presence in the area.")
    t2 = ("Officials said on 4 March that Valdoria Army shells struck Kessa on Friday and killed six people. "
          "Residents fled toward Morrow.")
    t3 = ("Northern Front fighters attacked a Valdoria Army checkpoint near Morrow on 14 March, the ministry "
          "said. Two soldiers were injured.")
    t4 = ("The Northern Front and the Valdoria Army agreed on a local ceasefire around Kessa on 21 March after "
          "talks mediated by the Lake Council.")
    t5 = ("The Lake Council delivered food aid to displaced families in Morrow on 22 March. "
          "Police arrested three Northern Front members in Dunmere on 23 March.")
    t6 = ("Unknown gunmen reportedly abducted a teacher near Dunmere on 30 March, according to a rights group, "
          "but the claim could not be verified.")
    t7 = (f"Editor's note {XSS_MARKUP} was pasted by a reader. The Valdoria Army threatened to strike "
          "Northern Front positions in Kessa on 5 April.")
    t8 = ("Protesters marched in Dunmere on 6 April to demand the release of detainees held by the "
          "Valdoria Army. Police dispersed the crowd.")
    va, nf, lc = ("Valdoria Army", "Valdoria Army"), ("Northern Front", "Northern Front"), ("Lake Council", "Lake Council")
    kessa = ("Kessa", "Kessa", 12.10, 15.05, "VD")
    morrow = ("Morrow", "Morrow", 12.45, 15.60, "VD")
    dunmere = ("Dunmere", "Dunmere", 11.70, 14.40, "VD")
    return [
        build("vd-001", "Kessa Herald", date(2023, 3, 4), t1, [
            Ev("ASSAULT", t1[: t1.index(" local officials")], "shelled", [va], [], kessa, ("3 March", "2023-03-03"),
               fatalities=4, confidence=0.9, mode="shelling", source=("local officials", "local officials")),
        ], title="Shelling kills four in Kessa"),
        build("vd-002", "River Wire", date(2023, 3, 4), t2, [
            Ev("ASSAULT", t2.split(". ")[0] + ".", "struck", [va], [], kessa, ("Friday", "2023-03-03"),
               fatalities=6, confidence=0.55, mode="shelling"),
        ], title="Six dead in Kessa shelling"),
        build("vd-003", "River Wire", date(2023, 3, 15), t3, [
            Ev("ASSAULT", t3.split(", the ministry")[0], "attacked", [nf], [va], morrow, ("14 March", "2023-03-14"),
               injured=2, confidence=0.85, mode="firearms"),
        ], title="Checkpoint attack near Morrow"),
        build("vd-004", "Lake Times", date(2023, 3, 21), t4, [
            Ev("AGREE", t4, "agreed", [nf, va], [], kessa, ("21 March", "2023-03-21"), confidence=0.9,
               mode="ceasefire"),
            Ev("CONSULT", t4, "talks", [lc], [nf, va], kessa, ("21 March", "2023-03-21"), confidence=0.7,
               mode="mediation"),
        ], title="Ceasefire agreed around Kessa"),
        build("vd-005", "Lake Times", date(2023, 3, 23), t5, [
            Ev("AID", t5.split(". ")[0] + ".", "delivered", [lc], [], morrow, ("22 March", "2023-03-22"),
               confidence=0.8, mode="humanitarian"),
            Ev("COERCE", t5.split(". ")[1], "arrested", [("Police", "Valdoria Police")], [nf], dunmere,
               ("23 March", "2023-03-23"), confidence=0.75, mode="arrest"),
        ], title="Aid reaches Morrow"),
        build("vd-006", "Kessa Herald", date(2023, 3, 31), t6, [
            Ev("ASSAULT", t6.split(", according")[0], "abducted", [("Unknown gunmen", None)], [], dunmere,
               ("30 March", "2023-03-30"), status="claimed", confidence=0.35, mode="abduct",
               source=("a rights group", "rights group")),
        ], title="Teacher abducted near Dunmere"),
        build("vd-007", "Kessa Herald", date(2023, 4, 5), t7, [
            Ev("THREATEN", t7[t7.index("The Valdoria"):], "threatened", [va], [nf], kessa, ("5 April", "2023-04-05"),
               status="threatened", confidence=0.5, mode="force"),
        ], title="Army threatens strikes <b>(markup in title)</b>"),
        build("vd-008", "Dunmere Daily", date(2023, 4, 6), t8, [
            Ev("PROTEST", t8.split(". ")[0] + ".", "marched", [("Protesters", "Protesters (Valdoria)")], [va], dunmere,
               ("6 April", "2023-04-06"), confidence=0.8, mode="demo"),
        ], title="March in Dunmere"),
    ]


def fill(store: Store) -> Store:
    for result in sample_results():
        store.add_document(result.document)
        store.save_result(result)
    if hasattr(store, "fuse_pending"):  # fused events (stores with the fusion engine)
        store.fuse_pending()
    return store


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    path = argv[0] if argv else "data/sample.sqlite"
    store = fill(Store(path))
    print(f"sample database: {store.url} ({store.stats()['event_reports']} event reports)")


if __name__ == "__main__":
    main()
