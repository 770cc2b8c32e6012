"""The events stage: who did what to whom, where, when, according to whom."""

from eventwatch.events.extract import extract_events

__all__ = ["extract_events"]
