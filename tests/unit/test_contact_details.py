"""No address reaches an event: a person's text holding one is refused, a mail
server's reply keeps only its codes, and the outbox's events cut out any left."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.action import Action
from domain.contact_details import redact
from domain.errors import ContactDetailsRefused
from domain.message import Delivery, Message
from domain.status import Status
from notifications.replies import summary

AT = datetime(2009, 11, 30, 7, 30, tzinfo=UTC)
DAY = AT.date()
ADDRESS = "jo.bloggs@example.gov.uk"


@pytest.mark.parametrize(
    ("code", "text", "kept"),
    [
        (
            550,
            f"5.1.1 <{ADDRESS}>: Recipient address rejected",
            "550 5.1.1 bad destination mailbox address",
        ),
        (
            450,
            f"4.2.0 <{ADDRESS}>: Recipient address rejected: Greylisted",
            "450 4.2.0 mailbox status",
        ),
        (550, f"<{ADDRESS}> no such user here", "550 mailbox unavailable"),
        (550, "4.1.1 mismatched class, so not an enhanced code", "550 mailbox unavailable"),
        (552, b"5.2.2 Mailbox full: " + ADDRESS.encode(), "552 5.2.2 mailbox full"),
        (
            554,
            "5.7.1 Service unavailable; client host [10.0.0.1] blocked",
            "554 5.7.1 delivery not authorised, message refused",
        ),
        (599, "odd reply from odd@server.example", "599"),
        (0, "nonsense", "unknown reply code"),
    ],
)
def test_a_reply_keeps_its_codes_and_a_generic_meaning_only(
    code: int, text: str | bytes, kept: str
) -> None:
    assert summary(code, text) == kept


def test_redact_cuts_out_anything_shaped_like_an_address() -> None:
    assert redact(f"gave up; last reply: 550 <{ADDRESS}>, cc a@b") == (
        "gave up; last reply: 550 <[address removed]>, cc [address removed]"
    )
    assert redact("meet @ 3pm; @hos-cf") == "meet @ 3pm; @hos-cf"


def message() -> Message:
    return Message.queue(
        recipient="hos-cf", day=DAY, kind="digest", subject="s", content={}, by="scheduler", at=AT
    )


def test_the_outbox_never_records_an_address_whatever_the_relay_passes() -> None:
    failed, sent = message(), message()
    failed.claim(at=AT, today=DAY)
    failed.failed(f"550 5.1.1 <{ADDRESS}>: unknown", permanent=True, at=AT, today=DAY)
    sent.claim(at=AT, today=DAY)
    sent.sent(f"250 ok, queued for {ADDRESS}", at=AT, today=DAY)
    assert failed.delivery is Delivery.FAILED
    for event in [*failed.collect_events(), *sent.collect_events()]:
        assert isinstance(event, Message.Event)
        assert ADDRESS not in event.model_dump_json()


def action() -> Action:
    made = Action.add(
        plan="pl", ref="1", title="One", due=date(2009, 12, 31), by="pmo", at=AT, effective_on=DAY
    )
    made.collect_events()
    return made


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda a: a.add_comment("1", f"ask {ADDRESS}", by="x", at=AT, effective_on=DAY), "text"),
        (lambda a: a.add_evidence("1", f"from {ADDRESS}", by="x", at=AT, effective_on=DAY), "text"),
        (
            lambda a: a.add_evidence(
                "1", "ok", link=f"mailto:{ADDRESS}", by="x", at=AT, effective_on=DAY
            ),
            "link",
        ),
        (
            lambda a: a.change_status(
                "1", Status.DEFERRED, reason=f"per {ADDRESS}", by="x", at=AT, effective_on=DAY
            ),
            "reason",
        ),
        (lambda a: a.assign("1", ADDRESS, by="x", at=AT, effective_on=DAY), "new"),
        (lambda a: a.add_comment("1", "fine", by=ADDRESS, at=AT, effective_on=DAY), "by"),
        (
            lambda a: a.change_detail(
                "1", "title", f"Write to {ADDRESS}", by="x", at=AT, effective_on=DAY
            ),
            "new",
        ),
    ],
)
def test_a_change_that_would_record_an_address_is_refused_and_records_nothing(
    change: object, field: str
) -> None:
    item = action()
    assert callable(change)
    with pytest.raises(ContactDetailsRefused, match="holds an email address") as refused:
        change(item)
    assert refused.value.field == field
    assert item.collect_events() == []
    assert item.item("1").status is Status.NOT_STARTED and item.item("1").owner == ""


def test_a_new_item_with_an_address_in_its_description_is_refused() -> None:
    with pytest.raises(ContactDetailsRefused, match="the description holds an email address"):
        Action.add(
            plan="pl",
            ref="1",
            title="One",
            description=f"Contact {ADDRESS}",
            due=date(2009, 12, 31),
            by="pmo",
            at=AT,
            effective_on=DAY,
        )
