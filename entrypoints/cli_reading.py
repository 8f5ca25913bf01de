"""The ``tracker`` commands that read: board, history, overdue,
workload and plans, and rebuild (which remakes what they read).

Each prints a table on a terminal, or one JSON document with ``--json``.
"""

from __future__ import annotations

import argparse
from datetime import datetime

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from application.people import staff_label
from application.service import Tracker
from domain.dates import parse_date, parse_instant
from entrypoints.cli_directions import compared_json, directions_column
from entrypoints.cli_plans import ARCHIVED_NOTE
from entrypoints.cli_tables import item_table, local, theme_rows
from entrypoints.output import print_json
from projections.history import describe, shown
from projections.themes import by_theme


def cmd_board(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    as_at = parse_instant(args.as_at) if args.as_at else None
    compared = app.compared_board(args.plan, as_at=as_at)
    board = compared.board
    archived = app.is_archived(args.plan)
    if args.json:
        print_json({**compared_json(compared), "archived": archived})
        return
    when = local(board.as_at)
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
    rows, headings = theme_rows(by_theme(board))
    item_table(
        console,
        rows,
        headings=headings,
        people=app.directory.people(),
        moved=directions_column(compared),
    )


def cmd_overdue(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    on = parse_date(args.on) if args.on else None
    day, found = app.overdue(args.plan, on)
    if args.json:
        items = [dict(item.as_json(), plan=plan) for plan, item in found]
        print_json({"on": day.isoformat(), "items": items})
        return
    console.print(f"Open items due before {day:%d %B %Y}: {len(found)}")
    item_table(
        console,
        [item for _, item in found],
        plans=[plan for plan, _ in found],
        people=app.directory.people(),
    )


def cmd_history(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    rows = app.history(args.plan, args.ref)
    if args.json:
        print_json(rows)
        return
    table = Table(title=f"Audit trail of {args.plan}" + (f" item {args.ref}" if args.ref else ""))
    for name in ("recorded", "effective", "ref", "by", "change", "reason"):
        table.add_column(name)
    people = app.directory.people()
    for row in rows:
        erased = row["by"] in row.get("erased", ())
        table.add_row(
            local(datetime.fromisoformat(row["recorded_at"])),
            row["effective_on"] + (" (backdated)" if row["backdated"] else ""),
            row["ref"] or "",
            shown(row, "by") if erased else escape(staff_label(row["by"], people)),
            describe(row),
            row["reason"] or "",
        )
    console.print(table)


def cmd_rebuild(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    total = app.recorder.max_notification_id() or 0
    if console.is_terminal:
        from rich.progress import MofNCompleteColumn, Progress  # here: only a rebuild shows one

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
    people = app.directory.people()
    for row in rows:
        table.add_row(
            escape(staff_label(row.owner, people)) or "(no owner)",
            str(row.open),
            str(row.overdue),
            str(row.due_soon),
            ", ".join(row.refs),
        )
    console.print(table)
