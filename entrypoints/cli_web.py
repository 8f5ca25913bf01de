"""``tracker serve``: the web interface, in uvicorn workers that read their
settings from the environment (``user``, its sign-ins, is in ``cli_users``)."""

from __future__ import annotations

import argparse
import os

from rich.console import Console

from application.service import Tracker
from application.settings import Settings


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
        "entrypoints.asgi:create",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="warning",
        # The app itself believes X-Forwarded-* only when told to (web/proxy.py).
        proxy_headers=False,
    )
