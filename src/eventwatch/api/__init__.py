"""REST API and offline dashboard: ``create_app()``; ``eventwatch serve`` runs it."""

from eventwatch.api.app import create_app

__all__ = ["create_app"]
