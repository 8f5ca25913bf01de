"""The ``tracker`` command line's grammar: every subcommand with its help, its
example and its arguments, and a lazy reference to the function that runs it.

The grammar lives apart from the commands so that ``tracker --help`` and a
usage error import argparse and nothing else; the commands for the scheduler,
the web, integrity and backups are in ``cli_parser_admin``; the board's
meetings, indicators and governance have modules of their own.
"""

from __future__ import annotations

import argparse

from entrypoints import (
    cli_parser_admin,
    cli_parser_governance,
    cli_parser_indicators,
    cli_parser_meetings,
)
from entrypoints.cli_refs import Command, Run, RunOnStore, plan_argument

_EFFECTIVE_HELP = (
    "the date it took effect, if earlier than today; before the item was added "
    "it backfills history and needs --reason"
)
_REASON_HELP = (
    "why; required for some changes, and for an --effective date before the item was added"
)
_BACKDATE_HELP = "why; required only for an --effective date before the item was added"
_CHANGES = "entrypoints.cli_changes:"
_READING = "entrypoints.cli_reading:"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tracker",
        description="An event-sourced improvement-plan tracker: every change is kept.",
        epilog="Database: --db URL or TRACKER_DB (default sqlite:///var/tracker.db). "
        "Simulated clock for demos and tests: TRACKER_NOW.",
    )
    parser.add_argument("--db", help="sqlite:///path/file.db or postgresql://user@host:port/dbname")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    def command(
        name: str, handler: Run | RunOnStore, help: str, example: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help,
            description=help,
            epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(handler=handler)
        return p

    _import(command)
    _item_changes(command)
    _reading(command)
    cli_parser_meetings.add_commands(command)
    cli_parser_admin.add_commands(command)
    cli_parser_indicators.add_commands(command)
    cli_parser_governance.add_commands(command)
    _export_and_archive(command)
    return parser


def _import(command: Command) -> None:
    p = command(
        "import",
        Run("entrypoints.cli_import:cmd_import"),
        "create or update a plan from a CSV or XLSX file (three-way: a stale file "
        "never reverts the tracker)",
        "tracker import plan.xlsx --plan laming-2009 --title 'Response to Lord Laming (2009)' "
        "--by pmo --dry-run",
    )
    p.add_argument("file")
    p.add_argument(
        "--plan", required=True, type=plan_argument, help="the plan's short id, e.g. laming-2009"
    )
    p.add_argument("--title", help="the plan's title (default: its id)")
    p.add_argument("--by", default="import", help="your staff key (default: import)")
    p.add_argument("--reason", help="why, for revised due dates and status changes that need one")
    p.add_argument(
        "--base",
        help="the instant the file's author last saw the plan as (default: stored in a "
        "workbook made by tracker export, else the import of an identical file, else the "
        "plan's last import)",
    )
    p.add_argument(
        "--prefer",
        choices=("file", "tracker"),
        help="settle every conflict (a cell both the file and the tracker changed) this way",
    )
    p.add_argument("--dry-run", action="store_true", help="show what it would do; record nothing")
    p.add_argument("--json", action="store_true")


def _item_changes(command: Command) -> None:
    """One change to one item: who, why and (when earlier than today) when."""
    for name, help, example, value, value_help in [
        (
            "status",
            "change an item's status",
            "tracker status laming-2009 11 at_risk --by hos-cf --reason 'DCSF guidance delayed'",
            "status",
            "not_started, on_track, at_risk, off_track, complete, verified, deferred, withdrawn",
        ),
        (
            "due",
            "revise an item's due date (a reason is required)",
            "tracker due laming-2009 11 'March 2010' --by hos-cf --reason 'publication delayed'",
            "date",
            "31/03/2010, 2010-03-31, March 2010 or 2010-03",
        ),
        (
            "assign",
            "change an item's owner",
            "tracker assign laming-2009 11 sd-social-care --by dcs",
            "owner",
            "the new owner's staff key",
        ),
        (
            "evidence",
            "attach evidence to an item",
            "tracker evidence laming-2009 11 'Procedures published' --by hos-cf "
            "--link https://intranet/p",
            "text",
            None,
        ),
        (
            "comment",
            "add a comment on an item's progress (it shows in its history and board pack)",
            "tracker comment laming-2009 11 'Draft shared with partners' --by hos-cf",
            "text",
            None,
        ),
    ]:
        p = command(name, Run(_CHANGES + f"cmd_{name}"), help, example)
        p.add_argument("plan", type=plan_argument)
        p.add_argument("ref")
        p.add_argument(value, help=value_help)
        p.add_argument("--by", required=True)
        if name == "evidence":
            p.add_argument("--link")
        if name == "due":
            p.add_argument("--reason", required=True)
        elif name in ("status", "assign"):
            p.add_argument("--reason", help=_REASON_HELP)
        p.add_argument("--effective", help=_EFFECTIVE_HELP)
        if name in ("evidence", "comment"):
            p.add_argument("--reason", help=_BACKDATE_HELP)


def _reading(command: Command) -> None:
    p = command(
        "board",
        Run(_READING + "cmd_board"),
        "the board, now or as at a past instant",
        "tracker board laming-2009 --as-at 2009-11-30",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("--as-at", help="a date (end of that day, London) or a date and time")
    p.add_argument("--json", action="store_true")

    p = command(
        "history",
        Run(_READING + "cmd_history"),
        "the audit trail, oldest first",
        "tracker history laming-2009 11",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("ref", nargs="?")
    p.add_argument("--json", action="store_true")

    p = command(
        "overdue",
        Run(_READING + "cmd_overdue"),
        "open items whose due date is before a day (default today)",
        "tracker overdue laming-2009 --on 2010-01-05",
    )
    p.add_argument("plan", nargs="?", type=plan_argument)
    p.add_argument("--on", help="judge against this date instead of today")
    p.add_argument("--json", action="store_true")

    command(
        "rebuild",
        Run(_READING + "cmd_rebuild"),
        "rebuild every view from the event log (boards keep answering)",
        "tracker rebuild",
    )

    p = command(
        "workload",
        Run(_READING + "cmd_workload"),
        "open, overdue and due-soon items per owner",
        "tracker workload laming-2009",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("--json", action="store_true")

    p = command(
        "plans",
        Run(_READING + "cmd_plans"),
        "the plans, with their RAG totals",
        "tracker plans --json",
    )
    p.add_argument("--archived", action="store_true", help="list the archived plans instead")
    p.add_argument("--json", action="store_true")


def _export_and_archive(command: Command) -> None:
    p = command(
        "export",
        Run("entrypoints.cli_export:cmd_export"),
        "write a plan as a spreadsheet in the import format (edit it, import it again)",
        "tracker export laming-2009 laming-2009.xlsx --as-at 2010-01-04",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("file", help="a .xlsx or .csv file (replaced if it exists)")
    p.add_argument("--as-at", help="a date (end of that day, London) or a date and time")

    p = command(
        "pack",
        Run("entrypoints.cli_pack:cmd_pack"),
        "write the board pack (cover, summary, exceptions, every action, signed checkpoint)",
        "tracker pack laming-2009 board-pack.pdf --meeting 'Improvement Board, 14 Jan 2010'",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("file", help="a .pdf, .docx or .html file (replaced if it exists)")
    p.add_argument("--as-at", help="a date (end of that day, London) or a date and time")
    p.add_argument("--meeting", help="the meeting named on the cover (default Improvement Board)")

    archive = Run("entrypoints.cli_plans:cmd_archive")
    p = command(
        "plan",
        archive,
        "archive a plan (hide it from lists and reminders, keeping everything) or unarchive it",
        "tracker plan archive laming-2009 --by pmo --reason 'Superseded by the 2010 plan'",
    )
    inner = p.add_subparsers(required=True, metavar="archive|unarchive", dest="action")
    for action, help in [
        ("archive", "hide the plan from the plans list, overdue and reminders; nothing is lost"),
        ("unarchive", "bring an archived plan back into the lists and reminders"),
    ]:
        q = inner.add_parser(action, help=help, description=help)
        q.set_defaults(handler=archive)
        q.add_argument("plan", type=plan_argument, help="the plan's short id, e.g. laming-2009")
        q.add_argument("--by", required=True, help="your staff key")
        q.add_argument("--reason", required=True, help="why (kept in the plan's history)")
