"""Messages as emails: a text part, an HTML alternative, an .ics of the
deadlines, and headers that say what they are.

HTML is autoescaped whatever the template's name (``select_autoescape`` looks
only at the last extension, so ``digest.html.j2`` would not be); the text
environment never escapes. ``StrictUndefined`` turns a missing value into an
error rather than a blank in an email to a director.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any
from uuid import UUID

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from application.calendar_entries import (
    RAG_WORDS,
    Deadline,
    calendar_bytes,
    deadline_event,
    status_words,
)
from application.people import Person, staff_label
from domain.dates import LONDON
from notifications.content import Digest, ExceptionReport, IntegrityAlarm, LateFigures, Mention

Link = Callable[[str, str], str | None]  # an item's web address, when one is set
TEMPLATES = Path(__file__).parent / "templates"
Body = Digest | ExceptionReport | IntegrityAlarm | LateFigures
KINDS: dict[str, type[Body]] = {
    "digest": Digest,
    "escalation": Digest,
    "exceptions": ExceptionReport,
    "integrity": IntegrityAlarm,
    "late-figures": LateFigures,
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
    env.filters["status_words"] = status_words
    env.filters["rag_words"] = RAG_WORDS.__getitem__
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
    """The deadlines worth a calendar entry: none already past on the
    message's day (an overdue item's entry would land in the past)."""
    if isinstance(body, IntegrityAlarm | LateFigures):
        return []
    if isinstance(body, Digest):
        found = body.mentions
    else:
        found = [mention for plan in body.plans for mention in plan.exceptions]
    return [mention for mention in found if mention.due >= body.day]


def deadlines_ics(mentions: list[Mention], *, stamp: datetime, link: Link) -> bytes:
    """One all-day entry per item's deadline (``application.calendar_entries``):
    the UID names the item and SEQUENCE counts its due-date revisions, so a
    revised deadline moves the calendar entry instead of adding a second one."""
    unique = {(m.plan, m.ref): m for m in mentions}.values()
    return calendar_bytes(deadline_event(_deadline(m, link), stamp=stamp) for m in unique)


def _deadline(mention: Mention, link: Link) -> Deadline:
    return Deadline(
        plan=mention.plan,
        plan_title=mention.plan_title,
        ref=mention.ref,
        title=mention.title,
        due=mention.due,
        original_due=mention.original_due,
        status=mention.status,
        rag=mention.rag,
        revisions=mention.revisions,
        url=link(mention.plan, mention.ref),
    )
