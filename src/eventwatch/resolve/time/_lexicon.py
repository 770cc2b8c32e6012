"""The time lexicon (``data/lexicons/time.yaml``): anchors, recency cues."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

LEXICON = Path(__file__).resolve().parents[2] / "data" / "lexicons" / "time.yaml"


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    import yaml

    return yaml.safe_load(LEXICON.read_text(encoding="utf-8")) or {}



@lru_cache(maxsize=1)
def recency_rx() -> re.Pattern[str]:
    cues = [re.escape(str(c)) for c in lexicon().get("recency_cues", []) or []]
    if not cues:
        return re.compile(r"(?!)")
    return re.compile(r"\b(?:" + "|".join(sorted(cues, key=len, reverse=True)) + r")\b", re.IGNORECASE)

