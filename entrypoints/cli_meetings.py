"""The ``tracker`` commands of the board's meetings: record one, list them,
the RAG trend across them, and what moved since the last one (explained).

Each reading command prints lines for a person, or one JSON document with
``--json``.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from application.service import Tracker
from domain.dates import parse_date, parse_instant
from domain.status import Status
from entrypoints.cli_tables import local
from entrypoints.output import print_json
from projections.changes import Move
from projections.history import STATUS_WORDS

_COUNTS = ("items", "red", "amber", "green", "blue", "grey", "overdue")


def _uk(day: date) -> str:
    return day.strftime("%-d %b %Y")


def cmd_meeting(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    held_on = parse_date(args.date)
    changed = app.record_meeting(args.plan, held_on, args.title, by=args.by)
    what = f"a board meeting on {_uk(held_on)}"
    console.print(f"Recorded {what}." if changed else f"nothing to record: {what} is recorded.")


def cmd_meetings(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    held = app.meetings(args.plan)
    if args.json:
        print_json(
            {
                "plan": args.plan,
                "meetings": [
                    {"date": m.held_on.isoformat(), "title": m.title, "by": m.by} for m in held
                ],
            }
        )
        return
    if not held:
        console.print(f"No board meetings recorded for {args.plan}.")
        return
    table = Table(title=f"Board meetings of {args.plan}")
    for name in ("date", "title", "recorded by"):
        table.add_column(name)
    for meeting in held:
        table.add_row(_uk(meeting.held_on), escape(meeting.title), meeting.by)
    console.print(table)


def cmd_trend(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    trend = app.trend(args.plan)
    if args.json:
        print_json(trend.model_dump(mode="json"))
        return
    if not trend.meetings:
        console.print(f"No board meetings recorded for {args.plan}: no trend yet.")
        return
    table = Table(title=f"RAG totals at each board meeting of {args.plan} (end of the day)")
    for name in ("meeting", *_COUNTS):
        table.add_column(name, justify="left" if name == "meeting" else "right")
    for point in trend.meetings:
        totals = point.totals.model_dump()
        label = f"{_uk(point.date)} {escape(point.title)}"
        table.add_row(label, *(str(totals[name]) for name in _COUNTS))
    console.print(table)


def cmd_changes(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    changes = app.what_moved(
        args.plan,
        since=parse_instant(args.since) if args.since else None,
        until=parse_instant(args.until) if args.until else None,
    )
    data: dict[str, Any] = changes.model_dump(mode="json")
    data["since"], data["until"] = changes.since.isoformat(), changes.until.isoformat()
    if args.json:
        print_json(data)
        return
    since = (
        f"the board meeting of {_uk(changes.meeting.held_on)} ({escape(changes.meeting.title)})"
        if changes.meeting
        else local(changes.since)
    )
    console.print(
        f"[bold]What moved in {changes.plan}[/] since {since}, up to {local(changes.until)}"
    )
    for group in changes.groups:
        console.print(f"[bold]{group.title}[/]: {len(group.moves)}")
        for move in group.moves:
            console.print("  " + escape(line(move)))


def _readable(value: str | None) -> str:
    """A value of a move in words: a status, a date (31 Dec 2009), a RAG or a key."""
    if value is None:
        return "(none)"
    if value in Status.__members__.values():
        return STATUS_WORDS[Status(value)]
    try:
        return _uk(date.fromisoformat(value))
    except ValueError:
        return value.capitalize() if value in ("red", "amber", "green", "blue", "grey") else value


def line(move: Move) -> str:
    """One move for a person: what, then who, when and why."""
    text = f"{move.ref} {move.title}"
    if (move.old or move.new) and move.old != move.new:
        text += f": {_readable(move.old)} → {_readable(move.new)}"
    why = []
    if move.note:
        why.append(move.note)
    if move.who and move.recorded_at:
        why.append(f"by {move.who}, {local(move.recorded_at)}")
    if move.reason:
        why.append(f"“{move.reason}”")
    return text + (" (" + "; ".join(why) + ")" if why else "")
