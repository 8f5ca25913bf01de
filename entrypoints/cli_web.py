"""The ``tracker`` commands for the web interface: ``serve`` and ``user``."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table

from application.access import parse_role
from application.service import Tracker
from application.settings import Settings
from domain.errors import TrackerError
from entrypoints.output import print_json

Handler = Callable[[Tracker, argparse.Namespace, Console], None]
Command = Callable[[str, Handler, str, str], argparse.ArgumentParser]


def cmd_serve(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    import uvicorn

    settings: Settings = args.settings
    os.environ["TRACKER_DB"] = settings.db  # the workers read their settings from here
    if settings.now is not None:
        os.environ["TRACKER_NOW"] = settings.now.isoformat()
    if not app.users.all():
        console.print("No users yet: add one with  tracker user add NAME --role admin")
    console.print(f"Serving the tracker at http://{args.host}:{args.port}/  (Ctrl-C stops it)")
    uvicorn.run(
        "web.asgi:create",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="warning",
        proxy_headers=True,
    )


def cmd_user(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    if args.action == "list":
        users = app.users.all()
        if args.json:
            print_json([{"name": u.name, "role": u.role.value} for u in users])
            return
        table = Table(title="Users")
        table.add_column("name")
        table.add_column("role")
        for u in users:
            table.add_row(u.name, u.role.value)
        console.print(table)
        return
    if args.action == "remove":
        if not args.name:
            raise TrackerError("user remove needs a NAME")
        app.users.remove(args.name)
        console.print(f"User {args.name} removed: they can no longer sign in.")
        return
    if not args.name or not args.role:
        raise TrackerError("user add needs a NAME and --role viewer|owner|chair|admin")
    role = parse_role(args.role)
    password = _password(args.password_stdin)
    user = app.users.add(args.name, role, password)
    console.print(f"User {user.name} added as {user.role.value}.")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise TrackerError("no terminal to ask for a password: use --password-stdin")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise TrackerError("the two passwords differ; nothing was recorded")
    return first


def add_commands(sub: Any, command: Command) -> None:
    p = command(
        "serve",
        cmd_serve,
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
        cmd_user,
        "web sign-ins: 'add NAME --role ROLE' (the name is the staff key), 'remove NAME', 'list'",
        "echo 'a long password' | tracker user add hos-cf --role owner --password-stdin",
    )
    p.add_argument("action", choices=["add", "remove", "list"])
    p.add_argument("name", nargs="?")
    p.add_argument("--role", help="viewer, owner, chair or admin")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.add_argument("--json", action="store_true")
