"""The ``tracker`` commands for administrators and inspectors: verify the log's
chain (with ``--views``, the read views against a replay of it), sign checkpoints
of it, and (in ``cli_backup``) back it up and restore it.

These open the event store alone (``cli_refs.RunOnStore``): a log too damaged to load
into the views can still be verified; ``--views`` opens the views once the chain
has passed.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rich.console import Console

from application import checkpoint as checkpoints
from application.integrity import open_log, verify_log
from application.integrity_status import IntegrityStatus
from application.settings import Settings
from domain.errors import TrackerError
from entrypoints.bootstrap import bootstrap
from entrypoints.output import print_json
from projections.view_check import Difference, ViewCheck, check_views
from store.chain import Verdict
from store.database import Database
from store.dialect import Dialect


class LogBroken(TrackerError):
    """Verification found a break: reported, and the exit status says so."""


def cmd_verify(settings: Settings, args: argparse.Namespace, console: Console) -> None:
    against = checkpoints.read(Path(args.checkpoint)) if args.checkpoint else None
    with open_log(settings.eventsourcing_env()) as recorder:
        verdict = verify_log(
            recorder, checkpoint=(against.position, against.link) if against else None
        )
        db = Database.of_recorder(recorder, Dialect.of_env(settings.eventsourcing_env()))
        IntegrityStatus(db).record(verdict, at=settings.clock().now())  # web, CLI, alarm
    # The views are compared only with a sound log: a broken one may not replay.
    views = check_store_views(settings) if args.views and verdict.ok else None
    if args.json:
        print_json(
            verdict_json(verdict, against) | ({"views": views_json(views)} if args.views else {})
        )
    else:
        _print_verdict(console, verdict, against)
        if args.views:
            print_views(console, views)
    if not verdict.ok:
        assert verdict.first_break is not None
        raise LogBroken(
            f"the log is broken at position {verdict.first_break.position}: "
            f"{verdict.first_break.kind}"
        )
    if views is not None and views.first_difference is not None:
        raise ViewsDiffer(f"the views differ from the log: {describe(views.first_difference)}")


class ViewsDiffer(TrackerError):
    """The live views do not say what the log says: reported, exit status 1."""


def check_store_views(settings: Settings) -> ViewCheck:
    app = bootstrap(settings)  # the views, caught up to the log's end as it opens
    try:
        return check_views(app.views, app.recorder)
    finally:
        app.close()


def views_json(views: ViewCheck | None) -> dict[str, Any] | None:
    if views is None:
        return None  # not compared: the log is broken
    d = views.first_difference
    return {
        "ok": views.ok,
        "position": views.position,
        "rows_compared": views.rows_compared,
        "first_difference": None if d is None else asdict(d),
    }


def print_views(console: Console, views: ViewCheck | None) -> None:
    if views is None:
        console.print("Views not compared: the log is broken.")
    elif views.first_difference is not None:
        console.print(f"[bold red]VIEWS DIFFER[/]: {describe(views.first_difference)}.")
    else:
        counts = ", ".join(f"{table}: {n}" for table, n in views.rows_compared.items())
        console.print(
            f"[bold green]Views OK[/]: rebuilt from the log to position {views.position} "
            f"and compared row for row, rows by table: {counts}."
        )


def describe(d: Difference) -> str:
    row = ", ".join(f"{k}={v}" for k, v in d.key.items())
    where = f"{d.table} row {row}" if row else d.table
    if d.column is None:
        return f"{where}: " + (
            "missing from the live views" if d.live is None else "in the live views, not in the log"
        )
    column = f"column {d.column}" + (f" (field {d.field})" if d.field else "")
    return f"{where}: {column}: live {_short(d.live)}, rebuilt {_short(d.rebuilt)}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def verdict_json(verdict: Verdict, against: checkpoints.Checkpoint | None) -> dict[str, Any]:
    broken = verdict.first_break
    return {
        "ok": verdict.ok,
        "events_verified": verdict.events,
        "head": {"position": verdict.head_position, "link": verdict.head_link},
        "first_break": None
        if broken is None
        else {"position": broken.position, "kind": broken.kind, "detail": broken.detail},
        "checkpoint": None
        if against is None
        else {
            "position": against.position,
            "link": against.link,
            "made_at": against.made_at,
            "key_fingerprint": against.fingerprint,
        },
    }


def _print_verdict(
    console: Console, verdict: Verdict, against: checkpoints.Checkpoint | None
) -> None:
    if verdict.first_break is not None:
        b = verdict.first_break
        console.print(f"[bold red]BROKEN[/] at position {b.position}: {b.kind}.")
        console.print(f"  {b.detail}.")
        console.print(f"  The {verdict.events} events before it verified.")
        return
    console.print(
        f"[bold green]OK[/]: {verdict.events} events verified; the chain's head is "
        f"position {verdict.head_position}, link {verdict.head_link}."
    )
    if against is not None:
        console.print(
            f"The log extends the checkpoint of {against.made_at} (position "
            f"{against.position}), signed by the key with fingerprint {against.fingerprint}."
        )


def cmd_checkpoint(settings: Settings, args: argparse.Namespace, console: Console) -> None:
    with open_log(settings.eventsourcing_env()) as recorder:
        verdict = verify_log(recorder)
    if verdict.first_break is not None:
        raise LogBroken(
            f"no checkpoint made: the log is broken at position {verdict.first_break.position} "
            f"({verdict.first_break.kind}); run tracker verify"
        )
    key = checkpoints.load_or_create_key(settings.signing_key)
    made = checkpoints.make(
        key,
        position=verdict.head_position,
        link=verdict.head_link,
        events=verdict.events,
        at=settings.clock().now(),
    )
    text = checkpoints.dumps(made)
    if args.out:
        out = Path(args.out)
        if out.exists():
            raise TrackerError(f"{out} exists: checkpoints are never overwritten")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        console.print(
            f"Checkpoint of {made.events} events (head position {made.position}) written to "
            f"{out}; key fingerprint {made.fingerprint}."
        )
    else:
        print(text, end="")
