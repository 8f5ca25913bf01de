"""The ``tracker`` command: parse, one application call, render.

Reading commands print a table on a terminal, or one JSON document with
``--json``. A refusal prints ``tracker: error: ...`` on stderr, exits 1 and
records nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from eventsourcing.persistence import PersistenceError
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress
from rich.table import Table

from application.service import Tracker
from application.settings import Settings
from application.spreadsheet import ImportRejected
from domain.dates import LONDON, parse_date, parse_instant
from domain.errors import TrackerError
from domain.status import parse_status
from entrypoints import (
    cli_backup,
    cli_export,
    cli_import,
    cli_integrity,
    cli_mail,
    cli_plans,
    cli_web,
)
from entrypoints.bootstrap import bootstrap
from entrypoints.cli_plans import ARCHIVED_NOTE, plan_argument
from entrypoints.output import print_json
from projections.board import Board, BoardItem
from projections.history import describe, shown
from projections.overdue_rows import OverdueItem

RAG_STYLE = {"red": "bold red", "amber": "yellow", "green": "green", "blue": "blue", "grey": "dim"}

Handler = Callable[[Tracker, argparse.Namespace, Console], None]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # Piped or redirected output (a file for Outlook or Excel) gets a width that
    # keeps one item per line; a terminal uses its own width.
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    try:
        settings = Settings.from_env(os.environ, db=args.db, now=getattr(args, "now", None))
        args.settings = settings
        if hasattr(args, "store_handler"):  # commands that open the event store alone
            args.store_handler(settings, args, console)
        else:
            app = bootstrap(settings)
            _warn_if_broken(app)
            handler: Handler = args.handler
            handler(app, args, console)
    except ImportRejected as error:
        print(f"tracker: error: {error}", file=sys.stderr)
        for problem in error.errors:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except TrackerError as error:
        print(f"tracker: error: {error}", file=sys.stderr)
        return 1
    except PersistenceError as error:
        detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(f"tracker: error: the database refused the request: {detail}", file=sys.stderr)
        return 2
    except OSError as error:  # a file named on the command line: missing, unreadable ...
        name = str(error.filename or "")[:80] + (
            "..." if len(str(error.filename or "")) > 80 else ""
        )
        print(f"tracker: error: cannot use the file '{name}': {error.strerror}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("tracker: interrupted; a change is recorded whole or not at all", file=sys.stderr)
        return 130
    except Exception as error:  # never a traceback: one line, and the kind for a report
        first = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
        print(
            f"tracker: error: unexpected {type(error).__name__}: {first} "
            "(nothing half-done was recorded; please report this)",
            file=sys.stderr,
        )
        return 3
    return 0


def _warn_if_broken(app: Tracker) -> None:
    """While the latest verification found the chain broken, say so first; the
    command still runs (and its changes are chained on after the break)."""
    latest = app.integrity.latest()
    warning = latest.warning() if latest else None
    if warning:
        print(f"tracker: warning: {warning}", file=sys.stderr)


# -- commands ----------------------------------------------------------------


def _command(action: str) -> Handler:
    def run(app: Tracker, args: argparse.Namespace, console: Console) -> None:
        effective = parse_date(args.effective) if getattr(args, "effective", None) else None
        if action == "status":
            changed = app.change_status(
                args.plan,
                args.ref,
                parse_status(args.status),
                by=args.by,
                reason=args.reason,
                effective=effective,
            )
            what = f"{args.ref} is now {parse_status(args.status).value}"
        elif action == "due":
            due = parse_date(args.date)
            changed = app.revise_due_date(
                args.plan, args.ref, due, by=args.by, reason=args.reason, effective=effective
            )
            what = f"{args.ref} is now due {due:%d %B %Y}"
        elif action == "assign":
            changed = app.assign(
                args.plan,
                args.ref,
                args.owner,
                by=args.by,
                reason=args.reason,
                effective=effective,
            )
            what = f"{args.ref} is now owned by {args.owner}"
        elif action == "comment":
            changed = app.add_comment(
                args.plan, args.ref, args.text, by=args.by, effective=effective, reason=args.reason
            )
            what = f"comment added to {args.ref}"
        else:
            changed = app.add_evidence(
                args.plan,
                args.ref,
                args.text,
                by=args.by,
                link=args.link,
                effective=effective,
                reason=args.reason,
            )
            what = f"evidence added to {args.ref}"
        console.print(what + "." if changed else f"nothing to record: {what} already.")

    return run


def cmd_board(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    as_at = parse_instant(args.as_at) if args.as_at else None
    board = app.board(args.plan, as_at=as_at)
    archived = app.is_archived(args.plan)
    if args.json:
        print_json({**board_json(board), "archived": archived})
        return
    when = _local(board.as_at)
    heading = f"[bold]{board.title}[/] ({board.plan})"
    if board.historical:
        heading += f" [reverse] AS AT {when} [/] (a historical view: what was recorded by then)"
    else:
        heading += f" at {when}"
    console.print(heading)
    t = board.totals
    console.print(
        f"{t.items} items: [bold red]{t.red} red[/] ({t.overdue} overdue), [yellow]{t.amber} amber[/], "
        f"[green]{t.green} green[/], [blue]{t.blue} blue[/], [dim]{t.grey} grey[/]"
    )
    if archived:
        console.print(ARCHIVED_NOTE)
    _item_table(console, by_theme(board.items), show_theme=True)


def cmd_overdue(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    on = parse_date(args.on) if args.on else None
    day, found = app.overdue(args.plan, on)
    if args.json:
        items = [dict(item.as_json(), plan=plan) for plan, item in found]
        print_json({"on": day.isoformat(), "items": items})
        return
    console.print(f"Open items due before {day:%d %B %Y}: {len(found)}")
    _item_table(
        console, [item for _, item in found], show_theme=False, plans=[plan for plan, _ in found]
    )


def cmd_history(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    rows = app.history(args.plan, args.ref)
    if args.json:
        print_json(rows)
        return
    table = Table(title=f"Audit trail of {args.plan}" + (f" item {args.ref}" if args.ref else ""))
    for name in ("recorded", "effective", "ref", "by", "change", "reason"):
        table.add_column(name)
    for row in rows:
        table.add_row(
            _local(datetime.fromisoformat(row["recorded_at"])),
            row["effective_on"] + (" (backdated)" if row["backdated"] else ""),
            row["ref"] or "",
            shown(row, "by"),
            describe(row),
            row["reason"] or "",
        )
    console.print(table)


def cmd_changes(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    changes = app.changes(
        args.plan,
        since=parse_instant(args.since),
        until=parse_instant(args.until) if args.until else None,
    )
    data = changes.model_dump(mode="json")
    data["since"], data["until"] = changes.since.isoformat(), changes.until.isoformat()
    if args.json:
        print_json(data)
        return
    console.print(
        f"What moved in {changes.plan} between {_local(changes.since)} and {_local(changes.until)}"
    )
    for key, moves in data.items():
        if not isinstance(moves, list):
            continue
        console.print(f"[bold]{key.replace('_', ' ')}[/]: {len(moves)}")
        for move in moves:
            arrow = f" ({move['old']} -> {move['new']})" if move["old"] or move["new"] else ""
            console.print(f"  {move['ref']} {move['title']}{arrow}")


def cmd_rebuild(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    total = app.recorder.max_notification_id() or 0
    if console.is_terminal:
        with Progress(
            *Progress.get_default_columns(), MofNCompleteColumn(), console=console
        ) as bar:
            task = bar.add_task("Rebuilding views", total=total)
            count = app.rebuild(lambda n: bar.advance(task, n))
    else:
        count = app.rebuild()
    console.print(f"Views rebuilt from {count} events and swapped in.")


def cmd_plans(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    boards = app.plan_summaries(archived=args.archived)
    if args.json:
        rows = [
            {
                "plan": b.plan,
                "title": b.title,
                "totals": b.totals.model_dump(),
                "archived": args.archived,
            }
            for b in boards
        ]
        print_json(rows)
        return
    counts = ("items", "red", "amber", "green", "blue", "grey", "overdue")
    table = Table(title="Archived plans" if args.archived else None)
    for name in ("plan", "title", *counts):
        table.add_column(name)
    for board in boards:
        totals = board.totals.model_dump()
        table.add_row(board.plan, board.title, *(str(totals[k]) for k in counts))
    console.print(table)


def cmd_workload(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    rows = app.workload(args.plan)
    if args.json:
        print_json([row.model_dump() for row in rows])
        return
    table = Table(title=f"Open items per owner in {args.plan}")
    for name in ("owner", "open", "overdue", "due in 14 days", "refs"):
        table.add_column(name)
    for row in rows:
        table.add_row(
            row.owner or "(no owner)",
            str(row.open),
            str(row.overdue),
            str(row.due_soon),
            ", ".join(row.refs),
        )
    console.print(table)


# -- rendering -----------------------------------------------------------------


def by_theme(items: Sequence[BoardItem]) -> list[BoardItem]:
    """Actions grouped by theme (themes in order of first appearance), each
    followed by its milestones."""
    themes: dict[str, list[BoardItem]] = {}
    for item in items:
        if item.kind == "action":
            themes.setdefault(item.theme, []).append(item)
    children: dict[str, list[BoardItem]] = {}
    for item in items:
        if item.parent is not None:
            children.setdefault(item.parent, []).append(item)
    return [
        row
        for actions in themes.values()
        for action in actions
        for row in [action, *children.get(action.ref, [])]
    ]


def board_json(board: Board) -> dict[str, Any]:
    data = board.model_dump(mode="json")
    data["as_at"] = board.as_at.isoformat()
    return data


def _local(instant: datetime) -> str:
    return instant.astimezone(LONDON).strftime("%d %b %Y %H:%M")


def _uk(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _item_table(
    console: Console,
    items: Sequence[BoardItem | OverdueItem],
    *,
    show_theme: bool,
    plans: Sequence[str] | None = None,
) -> None:
    table = Table(show_lines=False)
    columns = (["plan"] if plans else []) + [
        "ref",
        "title",
        "owner",
        "status",
        "RAG",
        "due",
        "late by",
    ]
    for name in columns:
        table.add_column(
            name,
            overflow="fold",
            ratio=4 if name == "title" else None,
            no_wrap=name in ("ref", "due", "RAG", "late by"),
        )
    theme = None
    for index, item in enumerate(items):
        if show_theme and item.theme != theme and item.kind == "action":
            theme = item.theme
            table.add_row(
                *([""] if plans else []), "", f"[bold]{theme or '(no theme)'}[/]", *[""] * 5
            )
        due = _uk(item.due) + (
            f" (was {_uk(item.original_due)})" if item.due != item.original_due else ""
        )
        indent = "  " if item.kind == "milestone" else ""
        table.add_row(
            *([plans[index]] if plans else []),
            indent + item.ref,
            indent + item.title,
            item.owner,
            item.status.value.replace("_", " "),
            f"[{RAG_STYLE[item.rag]}]{item.rag}[/]",
            due,
            f"{item.days_overdue} days" if item.overdue else "",
        )
    console.print(table)


# -- arguments -----------------------------------------------------------------


_EFFECTIVE_HELP = (
    "the date it took effect, if earlier than today; before the item was added "
    "it backfills history and needs --reason"
)
_REASON_HELP = (
    "why; required for some changes, and for an --effective date before the item was added"
)
_BACKDATE_HELP = "why; required only for an --effective date before the item was added"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tracker",
        description="An event-sourced improvement-plan tracker: every change is kept.",
        epilog="Database: --db URL or TRACKER_DB (default sqlite:///var/tracker.db). "
        "Simulated clock for demos and tests: TRACKER_NOW.",
    )
    parser.add_argument("--db", help="sqlite:///path/file.db or postgresql://user@host:port/dbname")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    def command(name: str, handler: Handler, help: str, example: str) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help,
            description=help,
            epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(handler=handler)
        return p

    cli_import.add_commands(sub, command)

    p = command(
        "status",
        _command("status"),
        "change an item's status",
        "tracker status laming-2009 11 at_risk --by hos-cf --reason 'DCSF guidance delayed'",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("ref")
    p.add_argument(
        "status",
        help="not_started, on_track, at_risk, off_track, complete, verified, deferred, withdrawn",
    )
    p.add_argument("--by", required=True)
    p.add_argument("--reason", help=_REASON_HELP)
    p.add_argument("--effective", help=_EFFECTIVE_HELP)

    p = command(
        "due",
        _command("due"),
        "revise an item's due date (a reason is required)",
        "tracker due laming-2009 11 'March 2010' --by hos-cf --reason 'publication delayed'",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("ref")
    p.add_argument("date", help="31/03/2010, 2010-03-31, March 2010 or 2010-03")
    p.add_argument("--by", required=True)
    p.add_argument("--reason", required=True)
    p.add_argument("--effective", help=_EFFECTIVE_HELP)

    p = command(
        "assign",
        _command("assign"),
        "change an item's owner",
        "tracker assign laming-2009 11 sd-social-care --by dcs",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("ref")
    p.add_argument("owner", help="the new owner's staff key")
    p.add_argument("--by", required=True)
    p.add_argument("--reason", help=_REASON_HELP)
    p.add_argument("--effective", help=_EFFECTIVE_HELP)

    p = command(
        "evidence",
        _command("evidence"),
        "attach evidence to an item",
        "tracker evidence laming-2009 11 'Procedures published' --by hos-cf --link https://intranet/p",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("ref")
    p.add_argument("text")
    p.add_argument("--by", required=True)
    p.add_argument("--link")
    p.add_argument("--effective", help=_EFFECTIVE_HELP)
    p.add_argument("--reason", help=_BACKDATE_HELP)

    p = command(
        "comment",
        _command("comment"),
        "add a comment on an item's progress (it shows in its history and board pack)",
        "tracker comment laming-2009 11 'Draft shared with partners' --by hos-cf",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("ref")
    p.add_argument("text")
    p.add_argument("--by", required=True)
    p.add_argument("--effective", help=_EFFECTIVE_HELP)
    p.add_argument("--reason", help=_BACKDATE_HELP)

    p = command(
        "board",
        cmd_board,
        "the board, now or as at a past instant",
        "tracker board laming-2009 --as-at 2009-11-30",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("--as-at", help="a date (end of that day, London) or a date and time")
    p.add_argument("--json", action="store_true")

    p = command(
        "history", cmd_history, "the audit trail, oldest first", "tracker history laming-2009 11"
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("ref", nargs="?")
    p.add_argument("--json", action="store_true")

    p = command(
        "overdue",
        cmd_overdue,
        "open items whose due date is before a day (default today)",
        "tracker overdue laming-2009 --on 2010-01-05",
    )
    p.add_argument("plan", nargs="?", type=plan_argument)
    p.add_argument("--on", help="judge against this date instead of today")
    p.add_argument("--json", action="store_true")

    p = command(
        "changes",
        cmd_changes,
        "what moved between two instants",
        "tracker changes laming-2009 --since 2009-10-20 --until 2009-11-17",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("--since", required=True)
    p.add_argument("--until")
    p.add_argument("--json", action="store_true")

    command(
        "rebuild",
        cmd_rebuild,
        "rebuild every view from the event log (boards keep answering)",
        "tracker rebuild",
    )

    p = command(
        "workload",
        cmd_workload,
        "open, overdue and due-soon items per owner",
        "tracker workload laming-2009",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("--json", action="store_true")

    p = command("plans", cmd_plans, "the plans, with their RAG totals", "tracker plans --json")
    p.add_argument("--archived", action="store_true", help="list the archived plans instead")
    p.add_argument("--json", action="store_true")
    cli_mail.add_commands(sub, command)
    cli_web.add_commands(sub, command)
    cli_integrity.add_commands(sub, command)
    cli_backup.add_commands(sub, command)
    cli_export.add_commands(sub, command)
    cli_plans.add_commands(sub, command)
    return parser


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
