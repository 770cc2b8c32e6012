from eventwatch.store.review import ReviewError
from eventwatch.store.store import DEFAULT_DB, EventFilter, FailedDocument, Store, default_url

__all__ = ["DEFAULT_DB", "EventFilter", "FailedDocument", "ReviewError", "Store", "default_url"]
