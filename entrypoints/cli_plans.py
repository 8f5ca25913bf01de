"""The ``tracker plan`` commands (archive, unarchive) and the check every
command applies to an argument that names a plan.

A plan id names URLs, files and streams, so a command refuses a malformed one
while parsing its arguments, with the domain's message, before it opens the
store.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from rich.console import Console

from application.service import Tracker
from domain.errors import InvalidPlanId
from domain.plan import check_plan_id

Handler = Callable[[Tracker, argparse.Namespace, Console], None]
Command = Callable[[str, Handler, str, str], argparse.ArgumentParser]

ARCHIVED_NOTE = (
    "This plan is archived: the plans list, overdue across plans and the reminders "
    "leave it out; its board and history stay (tracker plan unarchive brings it back)."
)


def plan_argument(text: str) -> str:
    """argparse ``type=`` for a plan id: the domain's rule and message."""
    try:
        return check_plan_id(text)
    except InvalidPlanId as error:
        raise argparse.ArgumentTypeError(str(error)) from None


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


def add_commands(sub: Any, command: Command) -> None:
    p = command(
        "plan",
        cmd_archive,
        "archive a plan (hide it from lists and reminders, keeping everything) or unarchive it",
        "tracker plan archive laming-2009 --by pmo --reason 'Superseded by the 2010 plan'",
    )
    inner = p.add_subparsers(required=True, metavar="archive|unarchive", dest="action")
    for action, help in [
        ("archive", "hide the plan from the plans list, overdue and reminders; nothing is lost"),
        ("unarchive", "bring an archived plan back into the lists and reminders"),
    ]:
        q = inner.add_parser(action, help=help, description=help)
        q.set_defaults(handler=cmd_archive)
        q.add_argument("plan", type=plan_argument, help="the plan's short id, e.g. laming-2009")
        q.add_argument("--by", required=True, help="your staff key")
        q.add_argument("--reason", required=True, help="why (kept in the plan's history)")
