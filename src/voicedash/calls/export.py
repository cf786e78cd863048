"""Exporting calls to CSV. A spreadsheet runs a cell starting with = + - @ (or tab, CR) as a formula:
every cell written goes through `neutralise_cell` first."""

from __future__ import annotations

from typing import Any

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> str:
    """The text of a CSV cell, with a leading `'` where a spreadsheet would read a formula.

    `+905321234567` becomes `'+905321234567`: shown as text, as the OWASP CSV-injection advice has it.
    """
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def neutralise_row(values: list[Any]) -> list[str]:
    return [neutralise_cell(value) for value in values]
