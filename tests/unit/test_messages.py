"""Messages: how they are rendered as emails, and how delivery attempts move a
message through the outbox."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from uuid import UUID

import icalendar
import pytest
from jinja2 import UndefinedError

from application.people import Person
from domain.errors import TransitionNotAllowed
from domain.message import MAX_ATTEMPTS, Delivery, Message, message_id
from notifications.content import Digest, Mention
from notifications.render import Renderer

AT = datetime(2010, 1, 4, 7, 30, tzinfo=UTC)
HOSTILE = '<script>alert("x")</script> & Partners'


def mention(**changes: object) -> Mention:
    values: dict[str, object] = {
        "plan": "laming-2009",
        "plan_title": "Response to Lord Laming",
        "ref": "11",
        "title": "Implement the revised Working Together",
        "owner": "hos-cf",
        "status": "on_track",
        "rag": "red",
        "due": date(2009, 12, 31),
        "original_due": date(2009, 12, 31),
        "days_overdue": 4,
        "why": "overdue",
    }
    return Mention.model_validate({**values, **changes})


def render(*mentions: Mention, web_url: str | None = None) -> EmailMessage:
    renderer = Renderer(sender="Tracker <tracker@council.example>", web_url=web_url)
    digest = Digest(recipient="hos-cf", day=AT.date(), mentions=list(mentions))
    built = renderer.email(
        message_id=message_id("hos-cf", AT.date(), "digest"),
        kind="digest",
        subject="1 improvement plan item needs your attention",
        content=digest.model_dump(mode="json"),
        address="hos-cf@example.gov.uk",
        queued_at=AT,
    )
    parsed = email.message_from_bytes(bytes(built), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _bytes(content: str | bytes) -> bytes:
    return content.encode() if isinstance(content, str) else content


def parts(message: EmailMessage) -> tuple[str, str, bytes]:
    """The text, the HTML and the calendar attachment (empty if there is none)."""
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    attached = [_bytes(ics.get_content()) for ics in message.iter_attachments()]
    assert len(attached) <= 1
    return str(text.get_content()), str(html.get_content()), attached[0] if attached else b""


def test_a_digest_has_text_html_and_the_headers_of_an_automatic_message() -> None:
    message = render(mention(), web_url="https://tracker.council.example/")
    text, html, _ = parts(message)
    assert message["To"] == "hos-cf@example.gov.uk"
    assert message["Auto-Submitted"] == "auto-generated"
    key = message_id("hos-cf", AT.date(), "digest")
    assert message["Message-ID"] == f"<{key}@council.example>"
    assert "Due Thu 31 December 2009; status on track; RAG red." in text
    assert "Why now: overdue (4 days past the due date)." in text
    assert "https://tracker.council.example/plans/laming-2009/items/11" in text
    assert 'href="https://tracker.council.example/plans/laming-2009/items/11"' in html


def test_html_is_escaped_and_text_is_not() -> None:
    text, html, _ = parts(render(mention(title=HOSTILE)))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Partners" in html
    assert HOSTILE in text


def test_a_revised_deadline_shows_the_original_and_keeps_the_calendar_uid() -> None:
    first = parts(render(mention(due=date(2010, 1, 29), original_due=date(2010, 1, 29))))[2]
    later = mention(due=date(2010, 3, 31), original_due=date(2010, 1, 29), revisions=1)
    text, _, second = parts(render(later))
    assert "Due Wed 31 March 2010 (originally Fri 29 January 2010)" in text
    old, new = (icalendar.Calendar.from_ical(ics).walk("VEVENT")[0] for ics in (first, second))
    assert old["UID"] == new["UID"] == "laming-2009.11@improvement-tracker"
    assert new.decoded("DTSTART") == date(2010, 3, 31)
    assert (old["SEQUENCE"], new["SEQUENCE"]) == (0, 1)


def test_a_template_missing_a_value_is_an_error_not_a_blank() -> None:
    renderer = Renderer(sender="tracker@council.example")
    with pytest.raises(UndefinedError):
        renderer._text.from_string("Dear {{ nobody }}").render({})


def queued() -> Message:
    return Message.queue(
        recipient="hos-cf",
        day=AT.date(),
        kind="digest",
        subject="s",
        content={},
        by="scheduler",
        at=AT,
    )


def test_the_message_id_is_the_key_of_recipient_day_and_kind() -> None:
    assert queued().id == message_id("hos-cf", AT.date(), "digest")
    assert message_id("hos-cf", AT.date(), "digest") != message_id(
        "hos-cf", AT.date(), "escalation"
    )
    assert isinstance(queued().id, UUID)


def test_temporary_failures_wait_twice_as_long_each_time_then_give_up() -> None:
    message, now, waits = queued(), AT, []
    for _ in range(MAX_ATTEMPTS):
        assert message.ready(now)
        message.claim(at=now, today=now.date())
        message.failed("421 busy", permanent=False, at=now, today=now.date())
        if message.delivery is Delivery.FAILED:
            break
        waits.append(message.retry_at - now)
        assert not message.ready(now)
        now = message.retry_at
    assert waits[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert len(waits) == MAX_ATTEMPTS - 1
    assert message.delivery is Delivery.FAILED
    assert message.reply == f"gave up after {MAX_ATTEMPTS} attempts; last reply: 421 busy"


def test_a_permanent_failure_fails_at_once_and_can_be_requeued() -> None:
    message = queued()
    with pytest.raises(TransitionNotAllowed):
        message.requeue(by="admin", at=AT, today=AT.date())
    message.claim(at=AT, today=AT.date())
    message.failed("550 5.1.1 no such mailbox", permanent=True, at=AT, today=AT.date())
    assert (message.delivery, message.reply) == (Delivery.FAILED, "550 5.1.1 no such mailbox")
    assert not message.ready(AT + timedelta(days=1))
    message.requeue(by="admin", at=AT, today=AT.date())
    assert message.ready(AT) and message.attempts == 0


def test_a_claim_by_a_relay_that_died_goes_stale_and_is_retried() -> None:
    message = queued()
    message.claim(at=AT, today=AT.date())
    assert not message.ready(AT + timedelta(minutes=9))
    assert message.ready(AT + timedelta(minutes=10))


def test_an_escalation_names_the_lead_officer_from_the_directory() -> None:
    renderer = Renderer(sender="Tracker <tracker@council.example>")
    digest = Digest(recipient="lead-member", day=AT.date(), mentions=[mention()])
    built = renderer.email(
        message_id=message_id("lead-member", AT.date(), "escalation"),
        kind="escalation",
        subject="1 item needs the board's attention",
        content=digest.model_dump(mode="json"),
        address="lead.member@example.gov.uk",
        queued_at=AT,
        people={"hos-cf": Person(name="Jane Smith", job_title=HOSTILE)},
    )
    parsed = email.message_from_bytes(bytes(built), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    text, html, _ = parts(parsed)
    assert f"Lead officer: Jane Smith, {HOSTILE} (hos-cf)" in text
    assert "Jane Smith, &lt;script&gt;" in html and "<script>" not in html
