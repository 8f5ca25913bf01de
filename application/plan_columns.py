"""The columns of a plan spreadsheet as ``tracker export`` writes them, and the CSV.

One list says, for each column, its heading (which ``spreadsheet.column_key``
turns into the import's name for it), what it holds, whether an import reads
it, and how a board item fills it. The workbook (``plan_workbook``) and the
CSV both follow it, so the two formats cannot drift apart, and the template's
instructions are written from the same words.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from domain.status import Status
from projections.board import Board, BoardItem

STATUS_WORDS = {status: status.value.replace("_", " ").capitalize() for status in Status}
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Blue", "grey": "Grey"}
# What a spreadsheet would run as a formula when it opens the file.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

CellValue = str | date | None


@dataclass(frozen=True)
class Column:
    heading: str
    width: int
    meaning: str
    fill: Callable[[BoardItem, str], CellValue]
    read_only: bool = False


COLUMNS = (
    Column(
        "Ref", 8, "The item's reference, unique in the plan (11, 7.2, 11.a).", lambda i, e: i.ref
    ),
    Column(
        "Parent",
        8,
        "For a milestone, the ref of its action; blank for an action.",
        lambda i, e: i.parent or "",
    ),
    Column("Theme", 28, "The heading the action sits under.", lambda i, e: i.theme),
    Column("Title", 50, "What will be done.", lambda i, e: i.title),
    Column(
        "Owner",
        16,
        "The lead officer's staff key (lower-case, e.g. hos-cf).",
        lambda i, e: i.owner,
    ),
    Column(
        "Owner email",
        30,
        "The owner's email address, for reminders (blank if not known).",
        lambda i, e: e,
    ),
    Column(
        "Due", 13, "The due date in force (31/12/2009, or a month: 2009-12).", lambda i, e: i.due
    ),
    Column(
        "Status",
        13,
        "One of: " + ", ".join(STATUS_WORDS.values()) + ".",
        lambda i, e: STATUS_WORDS[i.status],
    ),
    Column(
        "Source",
        14,
        "Which recommendations the action answers (e.g. 11, 13, 14).",
        lambda i, e: i.source,
    ),
    Column("Description", 50, "More about the item.", lambda i, e: i.description),
    Column(
        "Reason",
        30,
        "Why, when you change a due date or reopen, defer or withdraw an item. "
        "Left blank by the export: type it yourself.",
        lambda i, e: "",
    ),
    Column(
        "RAG",
        9,
        "Red, Amber, Green, Blue (verified) or Grey; red whenever the item is overdue.",
        lambda i, e: RAG_WORDS[i.rag],
        read_only=True,
    ),
    Column(
        "Original due",
        13,
        "The due date first set; revisions never overwrite it.",
        lambda i, e: i.original_due,
        read_only=True,
    ),
    Column(
        "Overdue",
        9,
        "Yes when the item is open and its due date has passed.",
        lambda i, e: "Yes" if i.overdue else "No",
        read_only=True,
    ),
)
HEADINGS = tuple(column.heading for column in COLUMNS)
# The rules an Instructions sheet states (DOMAIN.md, the round trip).
RULES = (
    "One row per item: an action, or a milestone with its action's ref in Parent. "
    "Ref, Title and Due are required.",
    "Columns with grey italic headings (RAG, Original due, Overdue) are read only: they "
    "show the plan when this file was made. The import ignores them; keep or delete them.",
    "Dates: 31/12/2009, 2009-12-31 or a month (2009-12 means its last day). "
    "Type values: formulas are not accepted.",
    "A changed due date needs a reason in the Reason column; so does deferring, "
    "withdrawing or reopening an item. The original date stays in the history.",
    "Sign-off is the board chair's: an import never sets Verified. Verified items "
    "can stay Verified in the file.",
    "Items left out of the file are left as they are: deleting a row deletes nothing.",
    "A cell you did not change leaves the tracker's value as it is, even if someone changed "
    "it there since this file was made. If you both changed the same cell, the upload is "
    "refused and the conflict named.",
    "Upload the file back on the tracker's Import page, or with "
    "tracker import FILE.xlsx --plan PLAN. Keep it as .xlsx and keep Plan as the first "
    "sheet: the workbook remembers which plan, and which moment, it shows.",
)


def item_cells(item: BoardItem, emails: Mapping[str, str]) -> list[CellValue]:
    """One row: the item's values in column order (dates as dates)."""
    email = emails.get(item.owner, "") if item.owner else ""
    return [column.fill(item, email) for column in COLUMNS]


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula, made inert with an apostrophe.

    Only for CSV, which has no way to say "this is text"; the workbook marks
    such cells as text instead, so its values come back unchanged.
    """
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def plan_csv(board: Board, emails: Mapping[str, str]) -> bytes:
    """The plan as CSV in the import format: UTF-8 with a BOM (so Excel reads
    it as UTF-8), ISO dates (read the same in every locale)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    for item in board.items:
        writer.writerow(
            "" if cell is None else cell.isoformat() if isinstance(cell, date) else neutralise(cell)
            for cell in item_cells(item, emails)
        )
    return ("\ufeff" + out.getvalue()).encode()
