"""The board as a spreadsheet (CSV or XLSX) for officers who live in Excel.

Every text cell that a spreadsheet would read as a formula (starting with
= + - @, or a tab or carriage return) is prefixed with an apostrophe, so an
exported title can never run as a formula on someone's desktop.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.worksheet.table import Table, TableStyleInfo

from projections.board import Board
from web.present import RAG_LABELS, STATUS_LABELS

HEADINGS = (
    "Ref",
    "Parent",
    "Kind",
    "Theme",
    "Title",
    "Owner",
    "Status",
    "RAG",
    "Due",
    "Original due",
    "Overdue",
    "Days overdue",
    "Completed on",
    "Evidence items",
)
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def rows(board: Board) -> list[list[object]]:
    return [
        [
            neutralise(value)
            for value in (
                item.ref,
                item.parent or "",
                item.kind,
                item.theme,
                item.title,
                item.owner,
                STATUS_LABELS[item.status],
                RAG_LABELS[item.rag],
                item.due,
                item.original_due,
                "yes" if item.overdue else "no",
                item.days_overdue,
                item.completed_on,
                item.evidence,
            )
        ]
        for item in board.items
    ]


def to_csv(board: Board) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    for row in rows(board):
        writer.writerow("" if cell is None else cell for cell in row)
    return ("\ufeff" + out.getvalue()).encode()  # the BOM tells Excel it is UTF-8


def to_xlsx(board: Board) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Board"
    sheet.append(list(HEADINGS))
    for row in rows(board):
        sheet.append(row)
    for cell in sheet["I"][1:] + sheet["J"][1:] + sheet["M"][1:]:
        cell.number_format = "dd/mm/yyyy"
    if board.items:
        table = Table(displayName="Board", ref=f"A1:N{len(board.items) + 1}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        sheet.add_table(table)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filename(board: Board, suffix: str) -> str:
    return f"{board.plan}-board-{board.on.isoformat()}.{suffix}"
