"""``tracker plan archive|unarchive``: hide a plan from the lists and the
reminders, keeping everything, or bring it back; and the note the reading
commands print under an archived plan.

(A malformed plan id is refused while parsing: ``cli_refs.plan_argument``.)
"""

from __future__ import annotations

import argparse

from rich.console import Console

from application.service import Tracker

ARCHIVED_NOTE = (
    "This plan is archived: the plans list, overdue across plans and the reminders "
    "leave it out; its board and history stay (tracker plan unarchive brings it back)."
)


def cmd_archive(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    archive = args.action == "archive"
    changed = app.set_archived(args.plan, archive, by=args.by, reason=args.reason)
    if not changed:
        state = "archived" if archive else "not archived"
        console.print(f"Plan {args.plan} is already {state}; nothing recorded.")
    elif archive:
        console.print(
            f"Plan {args.plan} archived: the plans list, overdue and reminders leave it out; "
            "its board, history and as-at stay."
        )
    else:
        console.print(
            f"Plan {args.plan} unarchived: it is back in the plans list, overdue and reminders."
        )
