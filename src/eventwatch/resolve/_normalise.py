"""Transliteration-insensitive name keys shared by the actor and place resolvers.

``name_key`` maps the many English renderings of an (often Arabic) name onto one key:

    >>> name_key("Maarrat al-Numan") == name_key("Ma'arat an-Nu'man") == name_key("Maaret Al Numan")
    True
    >>> name_key("Hay'at Tahrir al-Sham") == name_key("Hayat Tahrir Al Sham")
    True

Steps: anyascii, lower case, drop apostrophes/ayn/hamza marks and dots, hyphens and
underscores become spaces, drop Arabic articles (al-, el-, ash-, as-, ad-, an-, ar-,
at-, az-, ...) and English "the", then per word: ou/oo -> u, ee -> i, doubled letters
collapsed, e -> a (Arabic short-vowel variants), q -> k, trailing h after a vowel dropped
(Hamzah/Hamza).  The key is lossy on purpose; it is a lookup key, never shown to users.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

ARTICLES = frozenset(
    {"al", "el", "ul", "ash", "as", "ad", "an", "ar", "at", "az", "ath", "adh", "the", "l"}
)
_DROP = re.compile(r"[\u02bb\u02bc\u02be\u02bf'`\u2018\u2019\u00b4\".]")
_SEP = re.compile(r"[\s\-\u2010-\u2015_/]+")
_NONWORD = re.compile(r"[^a-z0-9 ]+")
_DOUBLE = re.compile(r"([a-z])\1+")


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """Key of one already lower-cased ASCII word without separators ('' for articles)."""
    w = _NONWORD.sub("", word)
    if not w or w in ARTICLES:
        return ""
    w = w.replace("ou", "u").replace("oo", "u").replace("ee", "i")
    w = _DOUBLE.sub(r"\1", w)
    w = w.replace("e", "a").replace("q", "k")
    if len(w) > 3 and w.endswith("h") and w[-2] in "aiu":
        w = w[:-1]
    return w


@lru_cache(maxsize=65536)
def name_key(s: str) -> str:
    """Transliteration-insensitive key of a name (words joined by single spaces)."""
    t = anyascii(s).lower()
    t = _DROP.sub("", t)
    t = _SEP.sub(" ", t)
    words = (word_key(w) for w in t.split(" "))
    return " ".join(w for w in words if w)


def key_words(s: str) -> tuple[str, ...]:
    """``name_key(s)`` as a tuple of words."""
    k = name_key(s)
    return tuple(k.split(" ")) if k else ()
