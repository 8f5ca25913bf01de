"""The ``tracker`` commands that change one item: status, due, assign,
evidence and comment.

Each records one change (by whom, why, and, when earlier than today, the date
it took effect) and says what it recorded, or that there was nothing to record.
"""

from __future__ import annotations

import argparse
from datetime import date

from rich.console import Console

from application.service import Tracker
from domain.dates import parse_date
from domain.status import parse_status


def cmd_status(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    effective = _effective(args)  # checked first, as before the split
    status = parse_status(args.status)
    changed = app.change_status(
        args.plan, args.ref, status, by=args.by, reason=args.reason, effective=effective
    )
    _say(console, changed, f"{args.ref} is now {status.value}")


def cmd_due(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    effective = _effective(args)
    due = parse_date(args.date)
    changed = app.revise_due_date(
        args.plan, args.ref, due, by=args.by, reason=args.reason, effective=effective
    )
    _say(console, changed, f"{args.ref} is now due {due:%d %B %Y}")


def cmd_assign(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    effective = _effective(args)
    changed = app.assign(
        args.plan, args.ref, args.owner, by=args.by, reason=args.reason, effective=effective
    )
    _say(console, changed, f"{args.ref} is now owned by {args.owner}")


def cmd_comment(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    effective = _effective(args)
    changed = app.add_comment(
        args.plan, args.ref, args.text, by=args.by, effective=effective, reason=args.reason
    )
    _say(console, changed, f"comment added to {args.ref}")


def cmd_evidence(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    effective = _effective(args)
    changed = app.add_evidence(
        args.plan,
        args.ref,
        args.text,
        by=args.by,
        link=args.link,
        effective=effective,
        reason=args.reason,
    )
    _say(console, changed, f"evidence added to {args.ref}")


def _effective(args: argparse.Namespace) -> date | None:
    return parse_date(args.effective) if args.effective else None


def _say(console: Console, changed: bool, what: str) -> None:
    console.print(what + "." if changed else f"nothing to record: {what} already.")
