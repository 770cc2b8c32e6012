"""Language identification (deterministic): Arabic script by Unicode ranges, else langdetect."""

from __future__ import annotations

import re

from langdetect import DetectorFactory, LangDetectException, detect

DetectorFactory.seed = 0  # langdetect is randomised; fix it so results are reproducible

__all__ = ["detect_language"]

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LETTER = re.compile(r"[^\W\d_]")
SAMPLE_CHARS = 2000


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` (its first ~2000 characters), or None when undecidable."""
    sample = text[:SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    if letters < 3:
        return None
    if len(_ARABIC.findall(sample)) >= 0.5 * letters:
        return "ar"
    DetectorFactory.seed = 0
    try:
        return str(detect(sample))
    except LangDetectException:
        return None
