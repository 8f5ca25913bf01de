"""What a text cell may hold, field by field.

A title is a line on a board, a reason a paragraph, a description a page: each
field has a length that fits what it is for (``FIELD_LENGTHS``), far below the
32,767 characters Excel allows in any cell. Control characters other than tab
and newline are refused (they are invisible, break CSV and XML exports and
terminal output); a field that is filled in must show something, so a cell of
spaces or zero-width characters counts as empty where a value is required.
Every refusal names the problem so that ``RowError`` can add row and column.
"""

from __future__ import annotations

import unicodedata

from application.cell_markers import ExcelError, Formula, TooLong
from application.csv_text import CONTROL

FIELD_LENGTHS = {
    "ref": 32,
    "parent": 32,
    "title": 300,
    "theme": 200,
    "owner": 64,
    "owner_email": 254,
    "status": 40,
    "reason": 2_000,
    "source": 10_000,
    "description": 10_000,
}
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})


class CellProblem(ValueError):
    """Why a cell cannot be used; the message is for the person fixing the file."""


def marker_problem(value: object, what: str = "the value") -> str | None:
    """The problem with a cell the reader set aside (formula, error, too long)."""
    if isinstance(value, Formula):
        return f"formulas are not accepted ({shown(value)}): type {what}"
    if isinstance(value, ExcelError):
        return f"the cell shows an Excel error ({shown(value)}): type {what}"
    if isinstance(value, TooLong):
        return f"the cell has {value.length:,} characters; the limit is {value.limit:,}"
    return None


def cell_text(name: str, value: object) -> str:
    """The text of a cell in column ``name``: line endings made ``\\n``, outer
    spaces dropped, checked; "" for an empty cell. Raises ``CellProblem``."""
    if value is None:
        return ""
    if type(value) is not str:  # markers are str subclasses or objects
        problem = marker_problem(value)
        if problem:
            raise CellProblem(problem)
    text = str(value).strip()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if found := CONTROL.search(text):
        raise CellProblem(
            f"it holds a control character (U+{ord(found.group()):04X}) at character "
            f"{found.start() + 1:,}: only tab and new line are allowed; remove it"
        )
    limit = FIELD_LENGTHS.get(name)
    if limit is not None and len(text) > limit:
        raise CellProblem(f"it has {len(text):,} characters; the limit for {name} is {limit:,}")
    if text and not visible(text):
        raise CellProblem("it has no visible characters: fill it in or leave it empty")
    return text


def visible(text: str) -> bool:
    """Whether any character would show: not a space, control or format character."""
    first = text[:1]
    if first.isprintable() and first != " ":  # the usual case, decided at once
        return True
    return any(unicodedata.category(c) not in _INVISIBLE for c in text)


def shown(value: object, width: int = 40) -> str:
    """A cell's text as a message may quote it: short, with no control characters."""
    text = CONTROL.sub("?", " ".join(str(value).split()))
    return text if len(text) <= width else text[: width - 3] + "..."
