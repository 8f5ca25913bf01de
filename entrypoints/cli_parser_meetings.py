"""The command line's grammar for the board's meetings: what moved since one,
recording one, listing them, and the RAG trend across them (``cli_meetings``
runs them)."""

from __future__ import annotations

from entrypoints.cli_refs import Command, Run, plan_argument

_MEETINGS = "entrypoints.cli_meetings:"


def add_commands(command: Command) -> None:
    p = command(
        "changes",
        Run(_MEETINGS + "cmd_changes"),
        "what moved between two instants (since the last board meeting by default), "
        "with who, when and why",
        "tracker changes laming-2009 --since 2009-10-20 --until 2009-11-17",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument(
        "--since",
        help="a date (end of that day, London) or a date and time (default: the last meeting)",
    )
    p.add_argument("--until", help="a date or a date and time (default: now)")
    p.add_argument("--json", action="store_true")

    p = command(
        "meeting",
        Run(_MEETINGS + "cmd_meeting"),
        "record a board meeting (what moved and the board's directions are judged from it)",
        "tracker meeting laming-2009 2010-02-05 --by board-chair --title 'Improvement Board'",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("date", help="the day it was held: 05/02/2010 or 2010-02-05")
    p.add_argument("--by", required=True, help="your staff key")
    p.add_argument("--title", default="", help="default: Improvement Board")

    p = command(
        "meetings",
        Run(_MEETINGS + "cmd_meetings"),
        "the plan's board meetings, oldest first",
        "tracker meetings laming-2009 --json",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("--json", action="store_true")

    p = command(
        "trend",
        Run(_MEETINGS + "cmd_trend"),
        "RAG totals as at the end of each meeting day, oldest first",
        "tracker trend laming-2009",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("--json", action="store_true")
