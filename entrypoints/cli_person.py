"""``tracker person``: a staff key's email address, display name and job title
(the staff directory), shown, corrected or erased.

Events hold the key only; what this sets is how pages, packs, emails and CLI
tables name the person ("Head of Service, Children and Families (hos-cf)"),
and where their mail goes. ``tracker person erase KEY`` removes all of it.
"""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.markup import escape

from application.people import Person, staff_label
from application.service import Tracker
from domain.email_address import check_email_address
from domain.errors import TrackerError
from entrypoints.output import print_json


def cmd_person(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    if args.key == "erase" and args.erase_key:
        if args.email or args.name is not None or args.job_title is not None:
            raise TrackerError("erase takes no --email, --name or --job-title: it removes them")
        if app.erase_person(args.erase_key):
            console.print(
                f"{escape(args.erase_key)}: contact details erased (email address, name and "
                f"job title); the history shows '{escape(args.erase_key)} (erased)'."
            )
        else:
            console.print(f"{escape(args.erase_key)} was already erased; nothing changed.")
        return
    if args.erase_key:
        raise TrackerError(f"unexpected '{args.erase_key}': did you mean tracker person erase KEY?")
    key: str = args.key.strip()
    if args.email:
        app.directory.set_emails({key: check_email_address(args.email)})
    if args.name is not None or args.job_title is not None:
        app.directory.names.set(key, name=args.name, job_title=args.job_title)
    people = app.directory.people()
    person = people.get(key, Person())
    email = app.directory.email(key)
    if args.json:
        print_json(
            {
                "key": key,
                "name": person.name or None,
                "job_title": person.job_title or None,
                "email": email,
                "erased": key in app.directory.erased(),
            }
        )
        return
    console.print(f"{escape(staff_label(key, people))}: {escape(email or '(no email address)')}")
