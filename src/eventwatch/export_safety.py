"""Cells that are safe to open in a spreadsheet (CSV formula injection).

A CSV cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return before one)
is run as a formula by Excel, LibreOffice and Google Sheets: an evidence quote such as
``=cmd|' /C calc'!A0`` taken from a hostile article would execute on the analyst's machine.
Such text cells get a leading apostrophe, which spreadsheets show as plain text.  Numbers
are left alone (``-3.5`` stays a number).
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """``value`` as written to a CSV cell: a text that a spreadsheet would run is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(row: dict[str, Any]) -> dict[str, Any]:
    """Every cell of ``row`` through :func:`csv_cell`."""
    return {k: csv_cell(v) for k, v in row.items()}
