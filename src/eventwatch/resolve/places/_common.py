"""Shared vocabulary of the places stage: feature classes, description words, demonyms
and the internal toponym record ``_Mention``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eventwatch.resolve.admin_context import Qualifier
from eventwatch.resolve.gazetteer import Candidate

PLACE_LABELS = {"GPE", "LOC", "FAC"}
LOCAL_FEATURES = {"city", "capital", "town", "village", "neighbourhood", "camp", "hill", "base",
                  "crossing", "airport", "port", "dam", "industrial", "oilfield", "mountain",
                  "area", "road", "admin3"}
SETTLEMENTS = {"city", "capital", "town", "village", "neighbourhood", "camp"}

DIRECTIONS: dict[str, tuple[float, float]] = {  # (dlat, dlon) unit vectors
    "north": (1, 0), "south": (-1, 0), "east": (0, 1), "west": (0, -1),
    "northeast": (0.707, 0.707), "northwest": (0.707, -0.707),
    "southeast": (-0.707, 0.707), "southwest": (-0.707, -0.707),
}
_DIR_RE = re.compile(r"^(north|south|east|west|northeast|northwest|southeast|southwest|"
                     r"north-east|north-west|south-east|south-west)(ern|ward|wards)?$", re.IGNORECASE)
ADMIN_WORDS = {"province", "governorate", "region", "provinces", "governorates", "wilayah",
               "oblast", "muhafaza", "state"}
CITY_WORDS = {"city", "town"}
AREA_WORDS = {"countryside", "outskirts", "suburbs", "environs", "surroundings", "vicinity",
              "periphery", "hinterland", "area", "areas"}
DISTRICT_WORDS = {"district", "subdistrict", "sub-district", "nahiya", "canton"}
NEAR_WORDS = {"near", "outside", "around", "nearby", "close"}

DEMONYMS = {
    "syrian": "SY", "turkish": "TR", "russian": "RU", "iraqi": "IQ", "iranian": "IR",
    "lebanese": "LB", "jordanian": "JO", "israeli": "IL", "palestinian": "PS", "libyan": "LY",
    "egyptian": "EG", "saudi": "SA", "yemeni": "YE", "american": "US", "british": "GB",
    "french": "FR", "german": "DE", "afghan": "AF", "pakistani": "PK", "ukrainian": "UA",
    "sudanese": "SD", "somali": "SO", "malian": "ML", "nigerian": "NG", "kurdish": None,
    "tunisian": "TN", "algerian": "DZ", "moroccan": "MA", "ethiopian": "ET", "qatari": "QA",
    "emirati": "AE", "kuwaiti": "KW", "greek": "GR", "cypriot": "CY", "italian": "IT",
    "chinese": "CN", "indian": "IN", "armenian": "AM", "azerbaijani": "AZ", "georgian": "GE",
    "congolese": "CD", "burkinabe": "BF", "burkinabé": "BF", "nigerien": "NE", "mozambican": "MZ",
    "colombian": "CO", "burmese": "MM", "myanmar": "MM", "rwandan": "RW", "tigrayan": "ET",
    "haitian": "HT", "venezuelan": "VE", "mexican": "MX", "kenyan": "KE", "ugandan": "UG",
    "chadian": "TD", "cameroonian": "CM", "ivorian": "CI", "beninese": "BJ",
    "togolese": "TG", "mauritanian": "MR", "eritrean": "ER", "djiboutian": "DJ",
    "philippine": "PH", "filipino": "PH", "bangladeshi": "BD",
}


@dataclass
class _Mention:
    start: int  # token indices of the toponym itself
    end: int
    text: str
    hint: str | None = None  # ruler place id
    label: str = "GPE"
    source: str = "ruler"  # ruler | ner | scan
    # description around it
    d_start: int = -1
    d_end: int = -1
    modifier: str | None = None  # admin | city | area | district | near
    direction: str | None = None
    offset_km: float | None = None
    candidates: list[Candidate] = field(default_factory=list)
    chosen: Candidate | None = None
    reason: str = ""
    scores: dict = field(default_factory=dict)
    quals: list[Qualifier] = field(default_factory=list)  # "X (A, B)", "X, A": A and B
    via: str | None = None  # the qualifier that located an unknown toponym
    stripped: bool = False  # candidates of the name without its type word ("Khost" of "Khost city")

# prepositions that locate an event or a description ("in", "near"...)
LOC_PREPS = {"in", "at", "near", "on", "along", "over", "within", "inside", "across", "around",
             "outside", "throughout", "into", "between", "off"}
BROAD_FEATURES = {"country", "capital", "continent", "world_region"}
