"""eventwatch: offline-first conflict event monitoring."""
from eventwatch.models import EXTRACTOR_VERSION as __version__

__all__ = ["__version__"]
