"""Shaping boards and audit trails for pages, packs and exports (no I/O here)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.dates import LONDON
from domain.status import Status
from projections.board import Board, BoardItem
from projections.history import STATUS_WORDS, words

STATUS_LABELS = STATUS_WORDS  # one wording of statuses, shared with the history
RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Verified", "grey": "Grey"}


FIELD_NAMES = {
    "due": "Due date",
    "owner": "Owner",
    "status": "Status",
    "title": "Title",
    "theme": "Theme",
    "source": "Source",
    "description": "Description",
}


def cell_text(value: object) -> str:
    """A spreadsheet cell's value for a person: statuses in words, dates day first."""
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, Status):
        return STATUS_LABELS[value]
    if isinstance(value, date):
        return uk_date(value)
    return str(value)


def uk_date(value: date | str | None) -> str:
    """A date as people read it: 31 Dec 2009 (history rows carry ISO text)."""
    if isinstance(value, str):
        value = date.fromisoformat(value) if value else None
    return value.strftime("%-d %b %Y") if value else ""


def uk_instant(value: datetime) -> str:
    """An instant as London people read it: 17 Nov 2009, 18:00."""
    return value.astimezone(LONDON).strftime("%-d %b %Y, %H:%M")


def readable(value: str | None) -> str:
    """A value from a list of changes, in words: a date, a status or a name."""
    if value is None:
        return "(none)"
    if value in Status.__members__.values():
        return STATUS_LABELS[Status(value)]
    try:
        return uk_date(date.fromisoformat(value))
    except ValueError:
        return RAG_LABELS.get(value, value)


@dataclass(frozen=True)
class Filters:
    """The board's filters, as they arrive in a query string."""

    status: str = ""
    owner: str = ""
    theme: str = ""
    overdue: bool = False

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Filters:
        return cls(
            status=query.get("status", "").strip(),
            owner=query.get("owner", "").strip(),
            theme=query.get("theme", "").strip(),
            overdue=query.get("overdue", "") in ("1", "on", "yes", "true"),
        )

    def keep(self, item: BoardItem, theme: str) -> bool:
        """``theme`` is the one the board groups the item under (its action's)."""
        return (
            (not self.status or item.status.value == self.status)
            and (not self.owner or item.owner == self.owner)
            and (not self.theme or theme == self.theme)
            and (not self.overdue or item.overdue)
        )

    @property
    def active(self) -> bool:
        return bool(self.status or self.owner or self.theme or self.overdue)


def exceptions(board: Board) -> list[BoardItem]:
    """What a board discusses: overdue first (longest first), then red, then amber."""
    found = [item for item in board.items if item.rag in ("red", "amber")]
    return sorted(found, key=lambda i: (not i.overdue, -i.days_overdue, i.rag != "red"))


@dataclass(frozen=True)
class Entry:
    """One line of an item's timeline."""

    position: int
    ref: str
    recorded_at: datetime
    effective_on: date
    by: str
    what: str
    detail: str
    reason: str | None
    backdated: bool  # effective before the item's first event: backfilled history


def timeline(rows: Iterable[dict[str, Any]], *, until: datetime | None = None) -> list[Entry]:
    """The audit trail as people read it, newest first; cut at ``until`` if given."""
    entries = []
    for row in rows:
        recorded = datetime.fromisoformat(row["recorded_at"])
        if until is not None and recorded > until:
            continue
        what, detail = words(row)
        entries.append(
            Entry(
                position=row["position"],
                ref=row["ref"] or "",
                recorded_at=recorded,
                effective_on=date.fromisoformat(row["effective_on"]),
                by=row["by"],
                what=what,
                detail=detail,
                reason=row.get("reason"),
                backdated=bool(row.get("backdated")),
            )
        )
    return entries[::-1]
