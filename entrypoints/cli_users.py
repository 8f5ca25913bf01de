"""``tracker user``: web sign-ins, their sessions and their lockouts.

An administrator adds and removes accounts, changes a password or a role (both
end the user's sessions at once), lists and ends sessions, and reads and lifts
the lockouts that repeated failed sign-ins cause.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from application.access import parse_role
from application.service import Tracker
from application.sign_in_throttle import Kind, Lockout, client_key
from application.users import sign_in_name
from domain.dates import LONDON
from domain.errors import TrackerError
from entrypoints.output import print_json


def cmd_user(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    if args.action in ("list", "lockouts"):
        (_list if args.action == "list" else _lockouts)(app, args, console)
        return
    if args.action == "unlock" and args.client:
        _unlock(app, Kind.CLIENT, client_key(args.client.strip()), args, console)
        return
    if not args.name:
        raise TrackerError(f"user {args.action} needs a NAME (the staff key)")
    name: str = args.name
    if args.action == "add":
        if not args.role:
            raise TrackerError("user add needs a NAME and --role viewer|owner|chair|admin")
        user = app.users.add(name, parse_role(args.role), _password(args.password_stdin))
        console.print(f"User {escape(user.name)} added as {user.role.value}.")
    elif args.action == "remove":
        ended = app.users.remove(name)
        app.calendar_tokens.revoke(name)  # a later account of that name never inherits it
        console.print(f"User {escape(name)} removed: they can no longer sign in{_ended(ended)}.")
    elif args.action == "passwd":
        ended = app.users.set_password(name, _password(args.password_stdin))
        console.print(f"Password of {escape(name)} changed{_ended(ended)}.")
    elif args.action == "role":
        _role(app, name, args, console)
    elif args.action == "sessions":
        _sessions(app, name, args, console)
    elif args.action == "unlock":
        _unlock(app, Kind.ACCOUNT, sign_in_name(name), args, console)
    else:
        _show(app, name, args, console)


def _role(app: Tracker, name: str, args: argparse.Namespace, console: Console) -> None:
    if not (args.new_role or args.role):
        raise TrackerError("user role needs a NAME and a ROLE: viewer, owner, chair or admin")
    role = parse_role(args.new_role or args.role)
    ended = app.users.set_role(name, role)
    if ended is None:
        console.print(f"{escape(name)} is already {role.value}: nothing changed.")
    else:
        console.print(f"{escape(name)} is now {role.value}{_ended(ended)}.")


def _sessions(app: Tracker, name: str, args: argparse.Namespace, console: Console) -> None:
    if app.users.get(name) is None:
        raise TrackerError(f"there is no user '{name}'")
    if args.end:
        ended = app.users.end_sessions(name)
        console.print(f"{_count(ended, 'session')} of {escape(name)} ended.")
        return
    policy = args.settings.session_policy()
    live = app.users.sessions.of_user(name, now=app.clock.now(), policy=policy)
    if args.json:
        print_json(
            [
                {
                    "session": s.key,
                    "started": s.created_at.isoformat(),
                    "last_used": s.last_seen.isoformat(),
                    "from": s.client,
                }
                for s in live
            ]
        )
        return
    table = Table(title=f"Sessions of {escape(name)}: {len(live)}")
    for column in ("session", "started", "last used", "from"):
        table.add_column(column)
    for s in live:
        table.add_row(s.key, _when(s.created_at), _when(s.last_seen), escape(s.client))
    console.print(table)


def _unlock(app: Tracker, kind: Kind, key: str, args: argparse.Namespace, console: Console) -> None:
    by = args.by or f"{getpass.getuser()} at the command line"
    lifted = app.users.throttle.unlock(kind, key, now=app.clock.now(), by=by)
    who = escape(key) if kind is Kind.ACCOUNT else f"Client {escape(key)}"
    if lifted:
        console.print(f"{who} unlocked: sign-ins are accepted again.")
    else:
        console.print(f"{who} was not locked out; its failed attempts are forgotten.")


def _list(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    now, policy = app.clock.now(), args.settings.session_policy()
    rows = []
    for user in app.users.all():
        sessions = len(app.users.sessions.of_user(user.name, now=now, policy=policy))
        records = app.users.throttle.lockouts(Kind.ACCOUNT, user.name)
        until = max((r.locked_until for r in records if r.active(now)), default=None)
        rows.append((user, sessions, until))
    if args.json:
        print_json(
            [
                {"name": u.name, "role": u.role.value, "sessions": n, "locked_until": _iso(until)}
                for u, n, until in rows
            ]
        )
        return
    table = Table(title="Users")
    for column in ("name", "role", "sessions", "locked until"):
        table.add_column(column)
    for user, sessions, until in rows:
        table.add_row(escape(user.name), user.role.value, str(sessions), _when(until))
    console.print(table)


def _show(app: Tracker, name: str, args: argparse.Namespace, console: Console) -> None:
    user = app.users.get(name)
    now = app.clock.now()
    records = app.users.throttle.lockouts(Kind.ACCOUNT, sign_in_name(name))
    if user is None and not records:
        raise TrackerError(f"there is no user '{name}'")
    live = (
        []
        if user is None
        else app.users.sessions.of_user(name, now=now, policy=args.settings.session_policy())
    )
    until = max((r.locked_until for r in records if r.active(now)), default=None)
    if args.json:
        print_json(
            {
                "name": name,
                "role": user.role.value if user else None,
                "sessions": len(live),
                "locked_until": _iso(until),
                "lockouts": [_lockout_json(r) for r in records],
            }
        )
        return
    role = f"role {user.role.value}" if user else "no such user (only failed sign-ins)"
    console.print(f"{escape(name)}: {role}; {_count(len(live), 'live session')}")
    console.print(f"Locked out until {_when(until)}." if until else "Not locked out.")
    _lockout_table(console, records, f"Lockouts of {escape(name)} (kept 90 days)")


def _lockouts(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    records = app.users.throttle.lockouts()
    if args.json:
        print_json([_lockout_json(r) for r in records])
        return
    _lockout_table(console, records, "Lockouts, newest first (kept 90 days)")


def _lockout_table(console: Console, records: list[Lockout], title: str) -> None:
    if not records:
        console.print("No lockouts in the last 90 days.")
        return
    table = Table(title=title)
    for column in ("locked", "who", "at", "until", "failures", "last from", "lifted"):
        table.add_column(column)
    for r in records:
        lifted = f"{_when(r.lifted_at)} by {escape(r.lifted_by or '')}" if r.lifted_at else ""
        who = "account" if r.kind is Kind.ACCOUNT else "client"
        table.add_row(
            who,
            escape(r.key),
            _when(r.locked_at),
            _when(r.locked_until),
            str(r.failures),
            escape(r.client),
            lifted,
        )
    console.print(table)


def _lockout_json(r: Lockout) -> dict[str, Any]:
    return {
        "kind": r.kind.value,
        "key": r.key,
        "locked_at": r.locked_at.isoformat(),
        "locked_until": r.locked_until.isoformat(),
        "failures": r.failures,
        "client": r.client,
        "lifted_at": _iso(r.lifted_at),
        "lifted_by": r.lifted_by,
    }


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise TrackerError("no terminal to ask for a password: use --password-stdin")
    first = getpass.getpass("Password (at least 12 characters; three random words are good): ")
    if first != getpass.getpass("Again: "):
        raise TrackerError("the two passwords differ; nothing was recorded")
    return first


def _ended(count: int) -> str:
    return f"; {_count(count, 'session')} ended" if count else ""


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _iso(instant: datetime | None) -> str | None:
    return instant.isoformat() if instant else None


def _when(instant: datetime | None) -> str:
    return instant.astimezone(LONDON).strftime("%-d %b %Y, %H:%M") if instant else ""
