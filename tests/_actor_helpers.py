"""Shared helpers for the mention-level actor tests (resolve a sentence, list what resolved)."""

from __future__ import annotations

from datetime import date

from eventwatch.models import Document


def run(env, text, published=date(2024, 3, 1)):
    """Actor mentions of ``text``; every mention's evidence span must point into the text."""
    from eventwatch.resolve.actors import resolve_actors

    kb, nlp = env
    ms = resolve_actors(nlp(text), Document(id="t", doc="t", text=text, published=published), kb)
    for m in ms:
        assert text[m.span.start : m.span.end] == m.span.text
    return ms


def names(ms):
    return {(m.span.text, m.name) for m in ms if m.actor_id}
