"""The governance commands: a plan's settings (a chair changes them), approving
and rejecting the request waiting on an item (a chair's act), and an owner's
latest position. Who is a chair comes from the users' roles (``tracker user
role``): the command line judges the ``--by`` key it is given by that role."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.markup import escape

from application.service import Tracker
from domain.approvals import request_words
from domain.errors import InvalidNumber, TrackerError, UnknownItem
from domain.governance import SETTING_WORDS, SETTINGS, Setting
from entrypoints.output import print_json
from projections.board import Pending


def cmd_governance(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    app.plan(args.plan)  # an unknown plan is refused, not shown with every setting off
    changes: dict[Setting, bool] = {
        name: getattr(args, name) == "on" for name in SETTINGS if getattr(args, name)
    }
    if changes:
        if not args.by:
            raise TrackerError("--by is required to change a setting (a chair's staff key)")
        changed = app.set_governance(args.plan, changes, by=args.by)
        if not args.json:
            for name in changed:
                state = "on" if changes[name] else "off"
                console.print(f"{_title(name)} turned {state} for {args.plan}.")
            if not changed:
                console.print("nothing to record: the settings were already so.")
    settings = app.governance(args.plan)
    if args.json:
        print_json({"plan": args.plan, **settings.model_dump()})
        return
    for name in SETTINGS:
        state = "on" if settings.setting(name) else "off"
        console.print(f"{state:>3}  {escape(SETTING_WORDS[name])}")


def cmd_approve(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    waiting = _pending(app, args.plan, args.ref)
    app.approve(args.plan, args.ref, by=args.by)
    console.print(f"{args.ref}: approved the {_words(waiting)}; it has taken effect.")


def cmd_reject(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    waiting = _pending(app, args.plan, args.ref)
    app.reject(args.plan, args.ref, by=args.by, reason=args.reason)
    console.print(f"{args.ref}: rejected the {_words(waiting)}; nothing else changed.")


def cmd_position(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    app.update_position(
        args.plan,
        args.ref,
        args.position,
        by=args.by,
        mitigation=args.mitigation,
        next_steps=args.next_steps,
        percent=_percent(args.percent),
    )
    console.print(f"latest position recorded for {args.ref}.")


def _title(name: str) -> str:
    return SETTING_WORDS[name].split(" (")[0]


def _pending(app: Tracker, plan: str, ref: str) -> Pending | None:
    for item in app.board(plan).items:
        if item.ref == ref:
            return item.pending
    raise UnknownItem(f"there is no item {ref} in plan {plan}")


def _words(pending: Pending | None) -> str:
    if pending is None:
        return "request"  # the domain refuses: nothing is waiting
    return f"{request_words(pending.kind, pending.due)} by {pending.by}"


def _percent(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip().rstrip("%"))
    except ValueError:
        raise InvalidNumber(
            f"--percent: '{text[:20]}' is not a whole number; give one from 0 to 100"
        ) from None
