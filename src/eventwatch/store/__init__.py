from eventwatch.store.review import ReviewError
from eventwatch.store.store import DEFAULT_DB, EventFilter, Store, default_url

__all__ = ["DEFAULT_DB", "EventFilter", "ReviewError", "Store", "default_url"]
