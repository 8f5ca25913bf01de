"""What a board pack says, once, for its three forms (HTML, PDF, Word).

A cover (the plan, the meeting, the purpose, what the board is asked to note
and agree), a summary with the RAG totals, the exceptions first, then every
theme with its items: lead officer by name, position in words, when each was
last updated; and the log position and signed checkpoint the pack was built
from, so an inspector can prove the printed pack against the log.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from application.log_head import Anchor, LogHead, anchor
from application.people import Person, staff_label
from application.service import Tracker
from projections.board import Board, BoardItem, Totals
from projections.themes import by_theme
from web.indicator_chart import indicators_in_pack
from web.present import exceptions, uk_date

DEFAULT_MEETING = "Improvement Board"


@dataclass(frozen=True)
class PackRow:
    item: BoardItem
    owner: str  # the lead officer by name: staff_label
    position: str  # the latest written word on it, "" if none
    updated: datetime | None  # when anything about it was last recorded
    moved: str = ""  # its direction since the last meeting, in words ("Worse since 5 Feb 2010")


@dataclass(frozen=True)
class PackTheme:
    name: str
    totals: Totals
    rows: list[PackRow]


@dataclass(frozen=True)
class Pack:
    board: Board
    meeting: str
    purpose: str
    recommendations: list[str]
    exceptions: list[PackRow]
    themes: list[PackTheme]
    printed_at: datetime
    anchor: Anchor
    extras: dict[str, Any] = field(default_factory=dict)  # room for later sections


def latest_words(
    rows: Iterable[dict[str, Any]], *, until: datetime
) -> tuple[dict[str, str], dict[str, datetime]]:
    """Each item's latest written word and the instant of its latest event, both
    recorded by ``until``: the owner's latest structured position (with its date)
    where there is one, else a comment, evidence or a status change's reason."""
    words: dict[str, str] = {}
    structured: dict[str, str] = {}
    updated: dict[str, datetime] = {}
    for row in rows:
        recorded = datetime.fromisoformat(row["recorded_at"])
        if recorded > until or not row["ref"]:
            continue
        updated[row["ref"]] = recorded
        if row["type"] == "PositionUpdated":
            done = f", {row['percent']}% complete" if row.get("percent") is not None else ""
            structured[row["ref"]] = f"{row['position']} ({uk_date(row['effective_on'])}{done})"
        elif row["type"] in ("CommentAdded", "EvidenceAdded"):
            words[row["ref"]] = row["text"]
        elif row.get("reason"):
            words[row["ref"]] = row["reason"]
    return words | structured, updated


def build_pack(
    board: Board,
    history: Iterable[dict[str, Any]],
    people: dict[str, Person],
    *,
    anchor: Anchor,
    printed_at: datetime,
    meeting: str = "",
    moved: Mapping[str, str] | None = None,
) -> Pack:
    """``moved``: each item's direction since the last meeting, in words."""
    words, updated = latest_words(history, until=board.as_at)
    directions = moved or {}

    def row(item: BoardItem) -> PackRow:
        return PackRow(
            item,
            staff_label(item.owner, people),
            words.get(item.ref, ""),
            updated.get(item.ref),
            directions.get(item.ref, ""),
        )

    found = [row(item) for item in exceptions(board)]
    return Pack(
        board=board,
        meeting=" ".join(meeting.split()) or DEFAULT_MEETING,
        purpose=(
            f"To report progress on the {board.title} as at {uk_date(board.on)}, and the "
            "actions that are off track or overdue, so that the board can hold lead "
            "officers to account for them."
        ),
        recommendations=recommendations(board, len(found)),
        exceptions=found,
        themes=[
            PackTheme(group.name, group.totals, [row(item) for item in group.items])
            for group in by_theme(board)
        ],
        printed_at=printed_at,
        anchor=anchor,
    )


def recommendations(board: Board, exceptions: int) -> list[str]:
    t = board.totals
    asks = [
        f"note the position on the plan's {t.items} actions and milestones: {t.red} red "
        f"({t.overdue} overdue), {t.amber} amber, {t.green} green and {t.blue} verified "
        "complete",
    ]
    if exceptions:
        asks.append(
            f"agree what is to be done about the {exceptions} "
            f"{'exception' if exceptions == 1 else 'exceptions'} in section 2, and by whom"
        )
    revised = sum(1 for item in board.items if item.due != item.original_due)
    if revised:
        asks.append(
            f"note the {revised} revised due {'date' if revised == 1 else 'dates'} "
            "shown beside the original ones"
        )
    return asks


def assemble(
    app: Tracker,
    plan: str,
    *,
    as_at: datetime | None,
    key: Ed25519PrivateKey | None,
    meeting: str = "",
    head: LogHead | None = None,
) -> Pack:
    """The pack of ``plan`` as at ``as_at`` (now if None), built from the log up
    to ``head`` (read first, so the pack never claims less than it shows)."""
    head = head or app.log_head()
    now = app.clock.now()
    board = app.board(plan, as_at=as_at)
    compared = app.compared_board(plan, as_at=as_at, board=board)
    moved = {ref: compared.words(ref) for ref in compared.directions} if compared.meeting else {}
    built = build_pack(
        board,
        app.history(plan),
        app.directory.people(),
        anchor=anchor(head, key, at=now),
        printed_at=now,
        meeting=meeting,
        moved=moved,
    )
    built.extras.update(indicators_in_pack(app, plan, board))
    built.extras["trend"] = app.trend(plan, as_at=board.as_at if board.historical else None)
    return built
