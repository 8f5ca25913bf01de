"""The ``tracker`` commands for the web interface: ``serve``, and ``user``
(in ``cli_users``)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import Any

from rich.console import Console

from application.service import Tracker
from application.settings import Settings
from entrypoints import cli_users

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
        # The app itself believes X-Forwarded-* only when told to (web/proxy.py).
        proxy_headers=False,
    )


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

    cli_users.add_commands(command)
