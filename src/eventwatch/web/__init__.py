"""The offline dashboard's static assets (``static/``), served by :mod:`eventwatch.api`."""

from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"
