"""Language identification (deterministic): Arabic script by Unicode ranges, else langdetect.

langdetect reads character n-grams, so a short or repetitive sample misleads it (100,000
copies of "Strikes on Hama and Homs." read as Swedish).  The sample is therefore made of
the document's *distinct* sentences, and a non-English verdict is overruled when English
function words (data file ``data/lexicons/english_function_words.txt``) make up a large
share of the sample's words.  A long document whose distinct text is too short to judge is
undecided (``None``, processed as English like any undecided document).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from langdetect import DetectorFactory, LangDetectException, detect

DetectorFactory.seed = 0  # langdetect is randomised; fix it so results are reproducible

__all__ = ["detect_language"]

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n|$)")
SAMPLE_CHARS = 2000
#: share of the sample's words that are English function words above which the text is English
ENGLISH_SHARE = 0.2
#: a repetitive document whose distinct sentences hold fewer letters than this is undecided
MIN_DISTINCT_LETTERS = 100


@cache
def english_function_words() -> frozenset[str]:
    text = (resources.files("eventwatch.data") / "lexicons" / "english_function_words.txt").read_text("utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def distinct_sample(text: str, limit: int = SAMPLE_CHARS) -> str:
    """The text's distinct sentences, in order, up to ``limit`` characters (repeats skipped)."""
    seen: set[str] = set()
    parts: list[str] = []
    size = 0
    for m in _SENTENCE.finditer(text):
        s = " ".join(m.group().split())
        if not s or s in seen:
            continue
        seen.add(s)
        parts.append(s)
        size += len(s) + 1
        if size >= limit:
            break
    return " ".join(parts)[:limit]


def english_share(sample: str) -> float:
    words = [w.lower() for w in _WORD.findall(sample)]
    if not words:
        return 0.0
    fw = english_function_words()
    return sum(1 for w in words if w in fw) / len(words)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` (judged on its first ~2000 characters of distinct sentences),
    or None when undecidable."""
    sample = distinct_sample(text)
    letters = len(_LETTER.findall(sample))
    if letters < 3:
        return None
    if len(_ARABIC.findall(sample)) >= 0.5 * letters:
        return "ar"
    DetectorFactory.seed = 0
    try:
        lang = str(detect(sample))
    except LangDetectException:
        return None
    if lang != "en" and english_share(sample) >= ENGLISH_SHARE:
        return "en"
    if lang != "en" and letters < MIN_DISTINCT_LETTERS and len(text) > 10 * len(sample):
        return None  # a few short sentences repeated: too little distinct text to judge
    return lang
