"""Messages as emails: a text part, an HTML alternative, an .ics of the
deadlines, and headers that say what they are.

HTML is autoescaped whatever the template's name (``select_autoescape`` looks
only at the last extension, so ``digest.html.j2`` would not be); the text
environment never escapes. ``StrictUndefined`` turns a missing value into an
error rather than a blank in an email to a director.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any
from uuid import UUID

import icalendar
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from application.people import Person, staff_label
from domain.dates import LONDON
from notifications.content import Digest, ExceptionReport, IntegrityAlarm, Mention

TEMPLATES = Path(__file__).parent / "templates"
Body = Digest | ExceptionReport | IntegrityAlarm
KINDS: dict[str, type[Body]] = {
    "digest": Digest,
    "escalation": Digest,
    "exceptions": ExceptionReport,
    "integrity": IntegrityAlarm,
}


def uk_date(day: date) -> str:
    return f"{day:%a} {day.day} {day:%B %Y}"


def uk_instant(instant: datetime) -> str:
    local = instant.astimezone(LONDON)
    return f"{uk_date(local.date())} at {local:%H:%M} (London time)"


def _environment(autoescape: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["uk_date"] = uk_date
    env.filters["uk_instant"] = uk_instant
    env.filters["person"] = staff_label  # {{ key | person(people) }}: by name, then key
    return env


class Renderer:
    def __init__(self, *, sender: str, web_url: str | None = None) -> None:
        self.sender = sender
        self.web_url = web_url.rstrip("/") if web_url else None
        self._text = _environment(autoescape=False)
        self._html = _environment(autoescape=True)
        self._domain = parseaddr(sender)[1].rpartition("@")[2] or "improvement-tracker.invalid"

    def link(self, plan: str, ref: str) -> str | None:
        return f"{self.web_url}/plans/{plan}/items/{ref}" if self.web_url else None

    def email(
        self,
        *,
        message_id: UUID,
        kind: str,
        subject: str,
        content: dict[str, Any],
        address: str,
        queued_at: datetime,
        people: dict[str, Person] | None = None,
    ) -> EmailMessage:
        """``people``: the staff directory's names, to name lead officers."""
        body = KINDS[kind].model_validate(content)
        context = {"m": body, "link": self.link, "subject": subject, "people": people or {}}
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = address
        email["Subject"] = subject
        email["Date"] = format_datetime(queued_at.astimezone(UTC))
        # Derived from the outbox key: a re-sent message is recognisably the same one.
        email["Message-ID"] = f"<{message_id}@{self._domain}>"
        email["Auto-Submitted"] = "auto-generated"
        email["X-Auto-Response-Suppress"] = "All"  # no out-of-office replies from Outlook
        email.set_content(self._text.get_template(f"{kind}.txt").render(context))
        email.add_alternative(
            self._html.get_template(f"{kind}.html").render(context), subtype="html"
        )
        mentions = _mentions(body)
        if mentions:
            email.add_attachment(
                deadlines_ics(mentions, stamp=queued_at, link=self.link),
                maintype="text",
                subtype="calendar",
                filename="deadlines.ics",
            )
        return email


def _mentions(body: Body) -> list[Mention]:
    if isinstance(body, Digest):
        return body.mentions
    if isinstance(body, IntegrityAlarm):
        return []
    return [mention for plan in body.plans for mention in plan.red]


def deadlines_ics(mentions: list[Mention], *, stamp: datetime, link: Any) -> bytes:
    """One all-day entry per item's deadline. The UID names the item, not the
    date, and SEQUENCE grows with each message, so a revised deadline moves the
    calendar entry instead of adding a second one."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Improvement Tracker//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    for mention in {(m.plan, m.ref): m for m in mentions}.values():
        event = icalendar.Event()
        event.add("uid", f"{mention.plan}.{mention.ref}@improvement-tracker")
        event.add("sequence", int(stamp.timestamp()) // 60)
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", mention.due)
        event.add("summary", f"Due: {mention.ref} {mention.title}")
        event.add("description", f"{mention.plan_title}. Owner: {mention.owner}. {mention.why}.")
        url = link(mention.plan, mention.ref)
        if url:
            event.add("url", url)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
