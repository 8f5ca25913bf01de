"""The ``tracker`` commands that change one item: status, due, assign,
evidence and comment. Under approvals, a deadline revision, deferral or
withdrawal by anyone but a chair is recorded as a request, and said so.

Each records one change (by whom, why, and, when earlier than today, the date
it took effect) and says what it recorded, or that there was nothing to record.
"""

from __future__ import annotations

import argparse
from datetime import date

from rich.console import Console

from application.service import Tracker
from domain.approvals import request_words
from domain.dates import parse_date
from domain.governance import REQUESTED_STATUSES
from domain.status import parse_status


def cmd_status(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    effective = _effective(args)  # checked first, as before the split
    status = parse_status(args.status)
    asks = app.rules(args.plan, args.by).requests_status(status)  # approvals on, not a chair
    changed = app.change_status(
        args.plan, args.ref, status, by=args.by, reason=args.reason, effective=effective
    )
    if asks and changed:
        _asked(console, args, request_words(REQUESTED_STATUSES[status], None))
        return
    _say(console, changed, f"{args.ref} is now {status.value}")


def cmd_due(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    effective = _effective(args)
    due = parse_date(args.date)
    asks = app.rules(args.plan, args.by).needs_approval
    changed = app.revise_due_date(
        args.plan, args.ref, due, by=args.by, reason=args.reason, effective=effective
    )
    if asks and changed:
        _asked(console, args, request_words("revision", due))
        return
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


def _asked(console: Console, args: argparse.Namespace, words: str) -> None:
    """Under approvals, what a non-chair asked for waits for a chair."""
    console.print(
        f"{args.ref}: {words}; it waits for a chair's approval "
        f"(tracker approve {args.plan} {args.ref} --by CHAIR)."
    )


def _say(console: Console, changed: bool, what: str) -> None:
    console.print(what + "." if changed else f"nothing to record: {what} already.")
