"""The ``tracker`` commands for reminders: the scheduler, the outbox, board
contacts and the staff directory's email addresses."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from rich.console import Console
from rich.table import Table

from application.service import Tracker
from application.settings import Settings
from domain.errors import TrackerError
from domain.message import Delivery
from domain.reminders import ReminderPolicy
from entrypoints import bootstrap
from entrypoints.output import print_json
from scheduler import service
from scheduler.integrity import IntegrityCheck


def cmd_tick(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    settings: Settings = args.settings
    mail = bootstrap.mail(settings)
    scanned, relayed, checked = service.tick(
        app, bootstrap.calendar(settings), mail, app.clock.now()
    )
    if args.json:
        print_json(
            {
                "day": scanned.day.isoformat(),
                "integrity": _integrity_json(checked),
                "skipped": scanned.skipped,
                "flagged": scanned.flagged,
                "queued": scanned.queued,
                "already_recorded": scanned.already,
                "sent": relayed.sent,
                "deferred": relayed.deferred,
                "failed": relayed.failed,
            },
        )
        return
    console.print(_integrity_line(checked))
    if scanned.skipped:
        console.print(scanned.skipped + ".")
    else:
        console.print(
            f"Scan of {scanned.day:%a %d %b %Y}: {len(scanned.flagged)} items flagged overdue, "
            f"{len(scanned.queued)} messages queued"
            + (f" ({scanned.already} already recorded)" if scanned.already else "")
            + "."
        )
    console.print(
        f"Relay: {len(relayed.sent)} sent, {len(relayed.deferred)} to retry, "
        f"{len(relayed.failed)} failed."
    )
    for line in relayed.deferred + relayed.failed:
        console.print(f"  {line}")
    if settings.mail_folder is not None and relayed.sent:
        console.print(f"Messages written to {settings.mail_folder}/ (development mail folder).")


def _integrity_json(checked: IntegrityCheck) -> dict[str, Any]:
    latest, found = checked.latest, checked.latest and checked.latest.first_break
    return {
        "verified_now": checked.verified,
        "ok": latest is None or latest.ok,
        "checked_at": latest.checked_at.isoformat() if latest else None,
        "first_break": {"position": found.position, "kind": found.kind} if found else None,
        "alarm_queued": checked.queued,
    }


def _integrity_line(checked: IntegrityCheck) -> str:
    latest = checked.latest
    when = "Integrity check" if checked.verified else "Integrity (already checked today)"
    if latest is None or latest.first_break is None:
        return f"{when}: OK, {latest.events if latest else 0} events verified."
    b = latest.first_break
    alarm = f"; alarm queued to {len(checked.queued)}" if checked.queued else ""
    return f"{when}: BROKEN at position {b.position} ({b.kind}){alarm}."


def cmd_run(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    settings: Settings = args.settings
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    service.run(
        app,
        bootstrap.calendar(settings),
        bootstrap.mail(settings),
        settings.scan_time,
        app.clock.now,
    )


def cmd_notifications(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    if args.action == "retry":
        if not args.id:
            raise TrackerError("say which message to retry: tracker notifications retry ID")
        message = app.retry_message(args.id, by=args.by)
        console.print(f"message {message.id} ({message.subject}) is queued to be sent again.")
        return
    if args.action is not None:
        raise TrackerError(f"unknown action '{args.action}': expected retry")
    rows = app.messages(Delivery(args.status) if args.status else None)
    if args.json:
        print_json({"messages": [row.model_dump(mode="json") for row in rows]})
        return
    table = Table("id", "day", "to", "kind", "subject", "status", "tries", "last reply")
    for row in rows:
        table.add_row(
            row.id[:8],
            f"{row.day:%d %b %Y}",
            row.recipient,
            row.kind,
            row.subject,
            row.delivery.value,
            str(row.attempts),
            row.reply or "",
        )
    console.print(table)


def cmd_contacts(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    if args.keys:
        app.set_contacts(args.plan, args.keys, by=args.by)
    _, contacts = app.reminder_settings(args.plan)
    console.print(f"Board contacts of {args.plan}: {', '.join(contacts) or '(none)'}.")


def cmd_reminders(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    policy, _ = app.reminder_settings(args.plan)
    changes: dict[str, Any] = {}
    if args.before is not None:
        changes["before"] = _days(args.before)
    if args.escalate_after is not None:
        changes["escalate_after"] = (
            None if args.escalate_after == "never" else _days(args.escalate_after)[0]
        )
    if args.report_day is not None:
        changes["report_day"] = args.report_day.lower()
    if args.figures_within is not None:
        changes["figures_within"] = _days(args.figures_within)[0]
    if changes:
        policy = ReminderPolicy.model_validate({**policy.model_dump(), **changes})
        app.configure_reminders(args.plan, policy, by=args.by)
    if args.json:
        print_json(policy.model_dump(mode="json"))
        return
    console.print(
        f"Reminders for {args.plan}: owners hear {', '.join(map(str, policy.before))} working "
        f"days before the due date, on it, on the first working day overdue and weekly after; "
        f"the board hears after {policy.escalate_after or 'no'} working days overdue and when "
        f"an item is declared off track; exception report every {policy.report_day}; "
        f"indicator figures are due {policy.figures_within} working days after their period."
    )


def _days(text: str) -> tuple[int, ...]:
    try:
        days = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise TrackerError(f"'{text}' is not a list of working days, e.g. 10,3") from None
    if any(day < 1 or day > 60 for day in days):
        raise TrackerError(f"'{text}': each number of working days must be from 1 to 60")
    return days
