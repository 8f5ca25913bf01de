"""The grammar of the ``tracker`` commands for performance indicators:
reading them (``indicators``), defining one and recording a period's figure
(``indicator define|value|history``), and loading many from a file
(``import-indicators``).

Like ``cli_parser`` it imports nothing of the application; the choices that
mirror the domain's (units, polarities, frequencies) are checked against it by
tests/unit/test_cli_parser.py.
"""

from __future__ import annotations

from entrypoints.cli_refs import Command, Run, plan_argument

UNITS = ("percent", "number", "rate", "days")  # domain.indicator_rules.UNITS
POLARITIES = ("higher", "lower")  # domain.indicator_rules.POLARITIES
FREQUENCIES = ("monthly", "quarterly", "annual")  # domain.indicator.FREQUENCIES
_RUN = "entrypoints.cli_indicators:"
_PERIOD = "2009-06 (a month), 2009-Q2 (a quarter) or 2008/09 (a financial year)"


def add_commands(command: Command) -> None:
    p = command(
        "indicators",
        Run(_RUN + "cmd_indicators"),
        "the plan's performance indicators: latest figure, RAG, direction, series",
        "tracker indicators laming-2009 --as-at 2010-02-05",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument(
        "--as-at", help="as reported by then: a date (end of that day, London) or a date and time"
    )
    p.add_argument("--json", action="store_true")

    p = command(
        "indicator",
        Run(_RUN + "cmd_value"),
        "define an indicator, record a period's figure, or show an indicator's history",
        "tracker indicator value laming-2009 NI59 2009-06 71.9 --target 80 --by pi-lead",
    )
    inner = p.add_subparsers(required=True, metavar="define|value|history", dest="action")
    q = inner.add_parser(
        "value",
        help="record a period's figure (again with --reason: a revision; the first is kept)",
        description="record a period's figure (again with --reason: a revision; the first is kept)",
    )
    q.set_defaults(handler=Run(_RUN + "cmd_value"))
    q.add_argument("plan", type=plan_argument)
    q.add_argument("code", help="the indicator's code, e.g. NI59")
    q.add_argument("period", help=_PERIOD)
    q.add_argument("value", help="the figure, in the indicator's unit")
    q.add_argument("--target", help="the target for the period")
    q.add_argument("--neighbours", help="the statistical neighbours' figure")
    q.add_argument("--england", help="England's figure")
    q.add_argument("--by", required=True, help="your staff key")
    q.add_argument("--reason", help="why; required to revise a period's figure")

    q = inner.add_parser(
        "define",
        help="define an indicator, or change its definition (every version is kept)",
        description="define an indicator, or change its definition (every version is kept)",
    )
    q.set_defaults(handler=Run(_RUN + "cmd_define"))
    q.add_argument("plan", type=plan_argument)
    q.add_argument("code", help="the indicator's code, e.g. NI59")
    q.add_argument("--title", required=True)
    q.add_argument("--unit", required=True, choices=UNITS)
    q.add_argument("--better", required=True, choices=POLARITIES, help="which way is better")
    q.add_argument("--frequency", required=True, choices=FREQUENCIES)
    q.add_argument("--owner", default="", help="the staff key of who reports it")
    q.add_argument("--tolerance", help="the amber band, in the unit (default: 5%% of the target)")
    q.add_argument(
        "--actions", default="", help="refs of the items meant to move it, e.g. '14, 15'"
    )
    q.add_argument("--by", required=True, help="your staff key")
    q.add_argument("--reason", help="why the definition changed")

    q = inner.add_parser("history", help="every definition and figure, with revisions")
    q.set_defaults(handler=Run(_RUN + "cmd_history"))
    q.add_argument("plan", type=plan_argument)
    q.add_argument("code")
    q.add_argument("--json", action="store_true")

    p = command(
        "import-indicators",
        Run("entrypoints.cli_indicator_import:cmd_import_indicators"),
        "indicator definitions and figures from a CSV or XLSX file, all or nothing",
        "tracker import-indicators indicators.xlsx --plan laming-2009 --by pi-lead --dry-run",
    )
    p.add_argument("file")
    p.add_argument("--plan", required=True, type=plan_argument)
    p.add_argument("--by", required=True, help="your staff key")
    p.add_argument("--dry-run", action="store_true", help="check and list, record nothing")
    p.add_argument("--json", action="store_true")
