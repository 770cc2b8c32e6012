"""A small event record we wrote for the review / export / filter tests (Mali, invented reports).

Five documents from three outlets; fused, they give:
  GAO      drone strike at Gao market, 2023-05-10, reported by North Press Agency and Sahel Wire
  BAMAKO   a protest in Bamako, 2023-05-12 (River Wire)
  THREAT   a threat by JNIM (no ACLED code), 2023-05-13 (River Wire)
  ANSONGO  an undated attack in Ansongo (Sahel Wire)
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eventwatch.models import Document
from eventwatch.store import Store

GAO_WHERE = [{"name": "Gao market", "admin1": "Gao", "country": "ML", "lat": 16.272, "lon": -0.045, "precision": 1}]


def _report(rid: str, quote: str, start: int, **kw: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "id": rid, "plover": "ASSAULT", "mode": None, "acled": None, "actor1": [], "actor2": [], "where": [],
        "when": None, "status": "occurred", "source": None, "fatalities": None, "injured": None, "quote": quote,
        "confidence": 0.8, "extractor_version": "test",
        "evidence": {"quote": {"start": start, "end": start + len(quote), "text": quote}},
    }
    return rec | kw


DOCS: list[dict[str, Any]] = [
    {"doc": "m01", "publisher": "North Press Agency", "published": "2023-05-11",
     "text": "A drone strike by the Malian army hit the Gao market on Wednesday, killing 12 civilians.",
     "reports": [_report("m01-1", "A drone strike by the Malian army hit the Gao market on Wednesday, killing 12 "
                         "civilians.", 0, mode="aerial", acled=["Explosions/Remote violence", "Air/drone strike"],
                         actor1=["Malian Armed Forces"], actor2=["Civilians (Mali)"], where=GAO_WHERE,
                         when={"date": "2023-05-10", "precision": "day"}, fatalities=12)]},
    {"doc": "m02", "publisher": "Sahel Wire", "published": "2023-05-11",
     "text": "Fourteen civilians died when an army drone struck the market in Gao on Wednesday.",
     "reports": [_report("m02-1", "Fourteen civilians died when an army drone struck the market in Gao on "
                         "Wednesday.", 0, mode="aerial", acled=["Explosions/Remote violence", "Air/drone strike"],
                         actor1=["Malian Armed Forces"], actor2=["Civilians (Mali)"], where=GAO_WHERE,
                         when={"date": "2023-05-10", "precision": "day"}, fatalities=14)]},
    {"doc": "m03", "publisher": "River Wire", "published": "2023-05-12",
     "text": "Hundreds of traders marched through Bamako on Friday against fuel prices.",
     "reports": [_report("m03-1", "Hundreds of traders marched through Bamako on Friday against fuel prices.", 0,
                         plover="PROTEST", mode="demo", acled=["Protests", "Peaceful protest"],
                         actor1=["Protesters (Mali)"],
                         where=[{"name": "Bamako", "admin1": "Bamako", "country": "ML", "lat": 12.65, "lon": -8.0,
                                 "precision": 1}],
                         when={"date": "2023-05-12", "precision": "day"})]},
    {"doc": "m04", "publisher": "River Wire", "published": "2023-05-13",
     "text": "JNIM warned on Saturday that it would besiege the town of Menaka.",
     "reports": [_report("m04-1", "JNIM warned on Saturday that it would besiege the town of Menaka.", 0,
                         plover="THREATEN", actor1=["Jama'at Nusrat al-Islam wal-Muslimin"],
                         where=[{"name": "Menaka", "admin1": "Menaka", "country": "ML", "lat": 15.92, "lon": 2.4,
                                 "precision": 1}],
                         when={"date": "2023-05-13", "precision": "day"}, status="threatened")]},
    {"doc": "m05", "publisher": "Sahel Wire", "published": None,
     "text": "Gunmen from JNIM once attacked an army post in Ansongo, residents recall.",
     "reports": [_report("m05-1", "Gunmen from JNIM once attacked an army post in Ansongo, residents recall.", 0,
                         mode="firearms", acled=["Battles", "Armed clash"],
                         actor1=["Jama'at Nusrat al-Islam wal-Muslimin"], actor2=["Malian Armed Forces"],
                         where=[{"name": "Ansongo", "admin1": "Gao", "country": "ML", "lat": 15.66, "lon": 0.5,
                                 "precision": 1}])]},
]


def document(d: dict[str, Any]) -> Document:
    return Document(id="doc-" + d["doc"], doc=d["doc"], text=d["text"], publisher=d["publisher"],
                    published=date.fromisoformat(d["published"]) if d["published"] else None, language="en")


def fill(store: Store) -> Store:
    for d in DOCS:
        store.add_document(document(d))
        store.save_records(document(d), [dict(r) for r in d["reports"]])
        store.fuse_document(d["doc"])
    return store


def event_of(store: Store, doc: str) -> str:
    """The fused event id of a document's (only) report."""
    (r,) = [r for r in store.events() if r["doc"] == doc]
    return str(r["event"])
