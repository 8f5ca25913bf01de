"""The grammar of the ``tracker`` commands that run the service rather than a
plan: the scheduler and its outbox, contacts and reminders, people, the web
server and its users, verification, checkpoints and backups.

Like ``cli_parser`` it imports nothing of the application: the choices below
that mirror the domain's (delivery states, weekdays) are checked against it by
tests/unit/test_cli_parser.py.
"""

from __future__ import annotations

from entrypoints.cli_refs import Command, Run, RunOnStore, plan_argument

DELIVERY_STATES = ("pending", "sending", "sent", "failed")  # domain.message.Delivery
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")  # domain.reminders
USER_ACTIONS = ("add", "remove", "list", "show", "passwd", "role", "sessions", "unlock", "lockouts")
_MAIL = "entrypoints.cli_mail:"


def add_commands(command: Command) -> None:
    _mail(command)
    _web(command)
    _integrity(command)


def _mail(command: Command) -> None:
    tick = Run(_MAIL + "cmd_tick")
    p = command(
        "scheduler",
        tick,
        "run the daily scan: 'tick' once and exit, or 'run' as a service",
        "tracker scheduler tick --now 2010-01-04T07:30",
    )
    inner = p.add_subparsers(required=True, metavar="run|tick", dest="mode")
    q = inner.add_parser("tick", help="scan once (flags, reminders), send what is due, and exit")
    q.set_defaults(handler=tick)
    q.add_argument("--now", help="run as at this instant (simulated clock)")
    q.add_argument("--json", action="store_true")
    q = inner.add_parser("run", help="run the daily scan and the mail relay until stopped")
    q.set_defaults(handler=Run(_MAIL + "cmd_run"))

    p = command(
        "notifications",
        Run(_MAIL + "cmd_notifications"),
        "the outbox: messages queued, sent and failed; 'retry ID' requeues a failed one",
        "tracker notifications --status failed",
    )
    p.add_argument("action", nargs="?", help="retry")
    p.add_argument("id", nargs="?", help="a message id (its first 8 characters are enough)")
    p.add_argument("--status", choices=DELIVERY_STATES)
    p.add_argument("--by", default="admin", help="your staff key, for a retry")
    p.add_argument("--json", action="store_true")

    p = command(
        "contacts",
        Run(_MAIL + "cmd_contacts"),
        "show or set a plan's board contacts (who receives escalations and reports)",
        "tracker contacts laming-2009 lead-member board-secretary --by pmo",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("keys", nargs="*", help="staff keys; none: just show them")
    p.add_argument("--by", default="admin")

    p = command(
        "reminders",
        Run(_MAIL + "cmd_reminders"),
        "show or change a plan's reminder settings",
        "tracker reminders laming-2009 --before 10,3 --escalate-after 10 --report-day thursday --by pmo",
    )
    p.add_argument("plan", type=plan_argument)
    p.add_argument("--before", help="working days before the due date, e.g. 10,3")
    p.add_argument("--escalate-after", help="working days overdue before the board hears, or never")
    p.add_argument("--report-day", choices=WEEKDAYS, type=str.lower)
    p.add_argument(
        "--figures-within",
        help="working days after a period ends for an indicator's figure, before its owner is reminded",
    )
    p.add_argument("--by", default="admin")
    p.add_argument("--json", action="store_true")

    p = command(
        "person",
        Run("entrypoints.cli_person:cmd_person"),
        "show, set or erase (person erase KEY) a person's email, name and job title",
        "tracker person hos-cf --name 'Jane Smith' "
        "--job-title 'Head of Service, Children and Families' --email jane.smith@council.gov.uk",
    )
    p.add_argument("key", help="a staff key, or 'erase' followed by the key to erase")
    p.add_argument("erase_key", nargs="?", metavar="KEY", help="with erase: whose details to erase")
    p.add_argument("--email")
    p.add_argument("--name", help="the display name ('' clears it)")
    p.add_argument("--job-title", help="the job title ('' clears it)")
    p.add_argument("--json", action="store_true")


def _web(command: Command) -> None:
    p = command(
        "serve",
        Run("entrypoints.cli_web:cmd_serve"),
        "serve the web interface for boards, officers and inspectors",
        "tracker serve --host 127.0.0.1 --port 8000",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument(
        "--workers", type=int, default=1, help="processes (use PostgreSQL for more than 1)"
    )
    p.add_argument("--now", help="serve as at this instant (simulated clock, for demos)")

    p = command(
        "user",
        Run("entrypoints.cli_users:cmd_user"),
        "web sign-ins: 'add NAME --role ROLE' (the name is the staff key), 'remove NAME', "
        "'list', 'show NAME', 'passwd NAME', 'role NAME ROLE', 'sessions NAME [--end]', "
        "'unlock NAME' (or 'unlock --client ADDRESS'), 'lockouts'",
        "echo 'a long password' | tracker user add hos-cf --role owner --password-stdin",
    )
    p.add_argument("action", choices=USER_ACTIONS)
    p.add_argument("name", nargs="?", help="the user's staff key")
    p.add_argument("new_role", nargs="?", metavar="ROLE", help="for 'role': the new role")
    p.add_argument("--role", help="viewer, owner, chair or admin")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.add_argument("--end", action="store_true", help="with 'sessions': end them all")
    p.add_argument("--client", help="with 'unlock': lift a client address's lockout instead")
    p.add_argument("--by", help="with 'unlock': who lifts it (default: your login name)")
    p.add_argument("--json", action="store_true")

    p = command(
        "calendar",
        Run("entrypoints.cli_calendar:cmd_calendar"),
        "a user's private calendar address (their deadlines, for Outlook): 'new NAME' "
        "(shown once; replaces any earlier one), 'revoke NAME', 'show NAME'",
        "tracker calendar new hos-cf",
    )
    p.add_argument("action", choices=("new", "revoke", "show"))
    p.add_argument("name", help="the user's staff key")
    p.add_argument("--json", action="store_true")


def _integrity(command: Command) -> None:
    """Commands that open the event store alone (see ``RunOnStore``)."""
    p = command(
        "verify",
        RunOnStore("entrypoints.cli_integrity:cmd_verify"),
        "recompute the event log's hash chain; name the first broken position",
        "tracker verify --checkpoint board-2010-01.checkpoint",
    )
    p.add_argument("--checkpoint", help="also prove the log still extends this signed checkpoint")
    p.add_argument(
        "--views",
        action="store_true",
        help="also rebuild the read views aside and compare them row for row with the live ones",
    )
    p.add_argument("--json", action="store_true")

    p = command(
        "checkpoint",
        RunOnStore("entrypoints.cli_integrity:cmd_checkpoint"),
        "sign the chain's head (TRACKER_SIGNING_KEY, made on first use)",
        "tracker checkpoint --out board-2010-01.checkpoint",
    )
    p.add_argument("--out", help="write to this new file (default: print it)")

    p = command(
        "backup",
        RunOnStore("entrypoints.cli_backup:cmd_backup"),
        "write the whole log with its chain links as JSON lines (a backup)",
        "tracker backup var/backup-2010-01-04.jsonl",
    )
    p.add_argument("file", help="a new file")

    p = command(
        "restore",
        RunOnStore("entrypoints.cli_backup:cmd_restore"),
        "rebuild an empty store from a backup (refuses a file that does not verify)",
        "tracker restore var/backup-2010-01-04.jsonl --db postgresql://tracker@db:5432/tracker",
    )
    p.add_argument("file")
    p.add_argument("--db", required=True, help="the new, empty store to restore into")
