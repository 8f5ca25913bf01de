"""``tracker calendar``: a user's private calendar address, from the command line.

An administrator can make one for an officer who does not use the web (and
read it out once), say whether one exists, or stop one that has leaked. The
address is shown only when made: the store keeps only its hash.
"""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.markup import escape

from application.service import Tracker
from domain.errors import TrackerError
from entrypoints.output import print_json


def cmd_calendar(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    name: str = args.name.strip()
    if app.users.get(name) is None:
        raise TrackerError(f"there is no user '{name}' (calendar addresses belong to users)")
    tokens = app.calendar_tokens
    if args.action == "new":
        secret = tokens.create(name, now=app.clock.now())
        path = f"/calendar/{secret}.ics"
        web_url: str | None = args.settings.web_url
        url = f"{web_url.rstrip('/')}{path}" if web_url else None
        if args.json:
            print_json({"user": name, "url": url, "path": path})
            return
        console.print(
            f"Calendar address of {escape(name)} (shown only now; any earlier one stops):"
        )
        console.print(escape(url or path), soft_wrap=True, highlight=False)
        if url is None:
            console.print("Put the web address before it (set TRACKER_WEB_URL to print it whole).")
    elif args.action == "revoke":
        if tokens.revoke(name):
            console.print(f"The calendar address of {escape(name)} no longer works.")
        else:
            console.print(f"{escape(name)} had no calendar address: nothing changed.")
    else:
        address = tokens.of(name)
        if args.json:
            print_json(
                None
                if address is None
                else {
                    "user": name,
                    "created_at": address.created_at.isoformat(),
                    "last_used": address.last_used.isoformat() if address.last_used else None,
                }
            )
        elif address is None:
            console.print(f"{escape(name)} has no calendar address.")
        else:
            used = address.last_used.isoformat() if address.last_used else "never"
            console.print(
                f"{escape(name)} has a calendar address, made {address.created_at.isoformat()}, "
                f"last fetched {used}."
            )
