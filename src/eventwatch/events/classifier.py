"""The learned event typer: ACLED (event type, sub-event type) from the words around an event.

A linear model (TF-IDF word uni- and bigrams, multinomial logistic regression) trained by
``scripts/train_event_model.py`` on ACLED-coded event notes.  The artifact is plain data
(vocabulary, idf weights, coefficients) read with NumPy, so inference needs no scikit-learn
and no pickle; ``docs/model-card-event-typer.md`` says what it was trained on and how well it does.

The rules find events and their roles; this model says which ACLED sub-type the words
describe, which hand-written trigger lists cannot do across a hundred countries' reporting.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

MODEL_DIR = "acled_subtype"


@dataclass(frozen=True, slots=True)
class TypePrediction:
    """The model's best ACLED pair for a text and its probability."""

    event_type: str
    sub_event_type: str
    probability: float

    @property
    def acled(self) -> tuple[str, str]:
        return (self.event_type, self.sub_event_type)


class EventTypeModel:
    """A TF-IDF + logistic-regression classifier over ACLED sub-types, NumPy inference."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, coef: np.ndarray, intercept: np.ndarray,
                 classes: list[tuple[str, str]], ngram_max: int = 2, token_pattern: str = r"(?u)\b\w\w+\b") -> None:
        self.vocabulary = vocabulary
        self.idf = idf.astype(np.float32)
        self.coef = coef.astype(np.float32)
        self.intercept = intercept.astype(np.float32)
        self.classes = classes
        self.ngram_max = ngram_max
        self._token = re.compile(token_pattern)

    @classmethod
    def load(cls, directory: Path | None = None) -> EventTypeModel:
        base = Path(str(directory)) if directory is not None else Path(
            str(resources.files("eventwatch.data") / "models" / MODEL_DIR)
        )
        meta = json.loads((base / "meta.json").read_text(encoding="utf-8"))
        vocab = json.loads((base / "vocabulary.json").read_text(encoding="utf-8"))
        with np.load(base / "weights.npz") as w:
            return cls(
                vocabulary={t: i for i, t in enumerate(vocab)},
                idf=w["idf"], coef=w["coef"], intercept=w["intercept"],
                classes=[(c[0], c[1]) for c in meta["classes"]],
                ngram_max=int(meta.get("ngram_max", 2)),
                token_pattern=meta.get("token_pattern", r"(?u)\b\w\w+\b"),
            )

    def _features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        tokens = self._token.findall(text.lower())
        counts: dict[int, int] = {}
        for n in range(1, self.ngram_max + 1):
            for i in range(len(tokens) - n + 1):
                j = self.vocabulary.get(" ".join(tokens[i : i + n]))
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=np.float32, count=len(counts))
        val = tf * self.idf[idx]
        norm = float(np.linalg.norm(val))
        return idx, (val / norm if norm else val)

    def probabilities(self, text: str) -> np.ndarray:
        """Class probabilities for ``text`` (order of :attr:`classes`)."""
        idx, val = self._features(text)
        scores = self.intercept + (self.coef[:, idx] @ val if len(idx) else 0.0)
        scores = scores - scores.max()
        p = np.exp(scores)
        return p / p.sum()

    def predict(self, text: str) -> TypePrediction:
        p = self.probabilities(text)
        k = int(p.argmax())
        return TypePrediction(self.classes[k][0], self.classes[k][1], float(p[k]))


@lru_cache(maxsize=1)
def default_model() -> EventTypeModel | None:
    """The packaged model, or None when the artifact is absent (the rules then type alone)."""
    try:
        return EventTypeModel.load()
    except (FileNotFoundError, OSError, KeyError, ValueError):
        return None


# a model pair replaces the rules' pair only above this probability; an event the rules
# leave uncoded gets one above the second (stricter: the rules found no ACLED reading)
REPLACE_AT = 0.5
FILL_AT = 0.6
UNCODED_STATUSES = frozenset({"hypothetical", "denied", "planned", "threatened"})


@lru_cache(maxsize=1)
def _admitted() -> dict[str, frozenset[str]]:
    from eventwatch.events.ontology import load_ontology

    return {k: frozenset(v) for k, v in (load_ontology().get("acled_plover") or {}).items()}


def admits(plover: str, acled: tuple[str, str]) -> bool:
    """Whether an event of PLOVER type ``plover`` can be coded as the ACLED pair ``acled``."""
    table = _admitted()
    allowed = table.get(f"{acled[0]}/{acled[1]}", table.get(acled[0]))
    return allowed is not None and plover in allowed


# statements of grievance that the model reads as a protest are the protest's demands:
# PLOVER codes a demonstration that demands something as PROTEST
PROTEST_READINGS = frozenset({"Protests", "Riots"})
GRIEVANCE_TYPES = frozenset({"DEMAND", "DISAPPROVE", "REJECT"})
RETYPE_AT = 0.7


def refine_type(plover: str, status: str, rules: tuple[str, str] | None, context: str,
                model: EventTypeModel | None = None, learned: bool = False) -> tuple[str, tuple[str, str] | None]:
    """(PLOVER type, ACLED pair) for an event: the model's reading of ``context`` where the
    PLOVER type admits it and the model is confident, else the rules' pair.  ``learned``: the
    event's trigger came from the model (its reading then stands at the gate's threshold)."""
    model = model or default_model()
    if model is None or status in UNCODED_STATUSES or not context.strip():
        return plover, rules
    if rules is not None and rules not in model.classes:
        return plover, rules  # a sub-type the model never saw (Chemical weapon): it cannot overrule it
    guess = model.predict(context)
    if plover in GRIEVANCE_TYPES and guess.event_type in PROTEST_READINGS and guess.probability >= RETYPE_AT:
        return "PROTEST", guess.acled
    if not admits(plover, guess.acled):
        return plover, rules
    if learned or guess.probability >= (REPLACE_AT if rules is not None else FILL_AT):
        return plover, guess.acled
    return plover, rules


GATE_AT = 0.5
REPORTING_LEMMAS = frozenset({"say", "tell", "report", "add", "state", "announce", "claim", "note", "be", "have"})


def default_plover(acled: tuple[str, str]) -> str | None:
    """The PLOVER type an ACLED pair codes by default (the first its table entry admits)."""
    from eventwatch.events.ontology import load_ontology

    raw = load_ontology().get("acled_plover") or {}
    allowed = raw.get(f"{acled[0]}/{acled[1]}", raw.get(acled[0]))
    return allowed[0] if allowed else None


def model_reading(sentence_root_lemma: str, context: str,
                  model: EventTypeModel | None = None) -> TypePrediction | None:
    """The model's event reading of a sentence whose (finite) main verb the trigger lexicon does
    not know: the verb must not be a reporting verb and the model confident of one sub-type."""
    model = model or default_model()
    if model is None or sentence_root_lemma in REPORTING_LEMMAS:
        return None
    guess = model.predict(context)
    if guess.probability < GATE_AT or default_plover(guess.acled) is None:
        return None
    return guess
