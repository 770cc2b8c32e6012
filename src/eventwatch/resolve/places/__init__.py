"""Toponym recognition and resolution: spaCy ``Doc`` -> ``list[PlaceMention]``.

Recognition
    1. entity-ruler ents with ``ent_id_ == "place:<id>"`` (gazetteer names);
    2. spaCy GPE/LOC/FAC ents (looked up; unresolved ones are kept with reason
       "not in gazetteer");
    3. a key scan over capitalised token runs that neither (1) nor (2) covered (spelling
       variants: "Khan Shaykhoun", "Maaret al-Artik"), restricted to preloaded places.

Relative descriptions
    "X province/governorate/region" -> the governorate (precision 3); "southern Idlib",
    "the southern countryside of Idlib", "Idlib's southern countryside", "west of Aleppo
    city", "2 km west of Saraqib" -> a point offset in that direction (precision 2);
    "the countryside of Afrin", "near X", "outskirts of X" -> X at precision 2.

Disambiguation
    prior (feature weight + log population) + document country focus (majority country of
    unambiguous places, country names and demonyms) + proximity to the document's other
    places + modifier/feature agreement; the ``reason`` field records why.

The package: ``recognise`` (finding toponyms), ``describe`` (relative descriptions),
``resolve`` (candidates, admin context, scoring; :func:`resolve_places`), and
``event_location`` (which places are an event's; :func:`event_location`).
"""

from eventwatch.resolve.places.event_location import (
    context_places,
    document_focus,
    event_location,
    event_places,
)
from eventwatch.resolve.places.resolve import disambiguate, resolve_places

__all__ = ["context_places", "disambiguate", "document_focus", "event_location", "event_places",
           "resolve_places"]
