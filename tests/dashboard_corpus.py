"""A small corpus we wrote for the dashboard tests: central Mali, early 2024, with actors the
knowledge base knows (the Malian Armed Forces fold into Mali), every status the map styles, two
outlets reporting the same attack (one event, two reports), one undated event and one far-away
point (talks in Paris) that must not drag the initial map view out of the Sahel.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from eventwatch.api.sample import Ev, build
from eventwatch.models import DocumentResult
from eventwatch.store import Store

FAMA = ("Malian Armed Forces", "Malian Armed Forces")
JNIM = ("JNIM", "JNIM")
MOPTI = ("Mopti", "Mopti", 14.4843, -4.1827, "ML")
SEVARE = ("Sevare", "Sevare", 14.5345, -4.0963, "ML")
DJENNE = ("Djenne", "Djenne", 13.9061, -4.5533, "ML")
BANDIAGARA = ("Bandiagara", "Bandiagara", 14.3500, -3.6104, "ML")
TENENKOU = ("Tenenkou", "Tenenkou", 14.4572, -4.9169, "ML")
PARIS = ("Paris", "Paris", 48.8534, 2.3488, "FR")


def results() -> list[DocumentResult]:
    t1 = ("Malian Armed Forces soldiers attacked JNIM fighters outside Mopti on 5 February, killing five, "
          "the army said.")
    t2 = ("Residents said the Malian Armed Forces raided a JNIM camp near Mopti on 5 February and seven "
          "people died.")
    t3 = "JNIM claimed an attack on Malian Armed Forces positions near Sevare on 12 February."
    t4 = "JNIM threatened to attack Malian Armed Forces convoys around Bandiagara on 20 February."
    t5 = "An ambush by JNIM on a Malian Armed Forces supply convoy near Djenne on 1 March failed, officials said."
    t6 = "Mali and France held talks in Paris on 29 February about the security situation in Mopti."
    t7 = "JNIM fighters burned a market in Tenenkou, witnesses told the radio."
    mali, france = ("Mali", "Mali"), ("France", "France")
    return [
        build("ml-001", "Sahel Monitor", date(2024, 2, 6), t1, [
            Ev("ASSAULT", t1[: t1.index(", the army")], "attacked", [FAMA], [JNIM], MOPTI, ("5 February", "2024-02-05"),
               fatalities=5, confidence=0.9, mode="firearms"),
        ], title="Army attacks militants outside Mopti"),
        build("ml-002", "Niger River Radio", date(2024, 2, 6), t2, [
            Ev("ASSAULT", t2, "raided", [FAMA], [JNIM], MOPTI, ("5 February", "2024-02-05"), fatalities=7,
               confidence=0.7, mode="firearms"),
        ], title="Raid near Mopti"),
        build("ml-003", "Sahel Monitor", date(2024, 2, 13), t3, [
            Ev("ASSAULT", t3, "attack", [JNIM], [FAMA], SEVARE, ("12 February", "2024-02-12"), status="claimed",
               confidence=0.6, mode="firearms"),
        ], title="Attack claimed near Sevare"),
        build("ml-004", "Niger River Radio", date(2024, 2, 21), t4, [
            Ev("THREATEN", t4, "threatened", [JNIM], [FAMA], BANDIAGARA, ("20 February", "2024-02-20"),
               status="threatened", confidence=0.6, mode="force"),
        ], title="Threat against convoys"),
        build("ml-005", "Sahel Monitor", date(2024, 3, 2), t5, [
            Ev("ASSAULT", t5[: t5.index(", officials")], "ambush", [JNIM], [FAMA], DJENNE, ("1 March", "2024-03-01"),
               status="failed", confidence=0.7, mode="ambush"),
        ], title="Failed ambush near Djenne"),
        build("ml-006", "Bamako Daily", date(2024, 3, 5), t6, [
            Ev("CONSULT", t6, "talks", [mali], [france], PARIS, ("29 February", "2024-02-29"), confidence=0.8,
               mode="talks"),
        ], title="Talks in Paris"),
        build("ml-007", "Niger River Radio", date(2024, 3, 9), t7, [
            Ev("ASSAULT", t7[: t7.index(", witnesses")], "burned", [JNIM], [], TENENKOU, None, confidence=0.6,
               mode="arson"),
        ], title="Market burned"),
    ]


def make_db(path: Path) -> Store:
    """The corpus stored and fused (7 documents, 7 reports, 6 fused events, one undated)."""
    store = Store(str(path))
    for r in results():
        store.add_document(r.document)
        store.save_result(r)
    store.fuse_pending()
    return store
