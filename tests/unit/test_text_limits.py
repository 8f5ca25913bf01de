"""Text a change may carry: limits per field, and text that shows nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.action import Action
from domain.errors import ReasonRequired, TextRequired
from domain.events import When
from domain.status import Status
from domain.text_limits import TextTooLong, visible

WHEN = When(by="hos-cf", at=datetime(2009, 7, 1, tzinfo=UTC), effective_on=date(2009, 7, 1))


def action() -> Action:
    return Action.add(plan="pl", ref="11", title="Working Together", due=date(2009, 12, 31), **WHEN)


def test_a_comment_or_evidence_up_to_ten_thousand_characters_and_no_more() -> None:
    a = action()
    a.add_comment("11", "x" * 10_000, **WHEN)
    with pytest.raises(TextTooLong, match="10,001 characters long; the most is 10,000"):
        a.add_comment("11", "x" * 10_001, **WHEN)
    with pytest.raises(TextTooLong):
        a.add_evidence("11", "y" * 3_000_000, **WHEN)


def test_titles_and_reasons_have_their_limits() -> None:
    with pytest.raises(TextTooLong, match="the title is 301"):
        Action.add(plan="pl", ref="12", title="t" * 301, due=date(2009, 12, 31), **WHEN)
    a = action()
    with pytest.raises(TextTooLong, match="the title is 301"):
        a.change_detail("11", "title", "t" * 301, **WHEN)
    with pytest.raises(TextTooLong, match="the reason is 2,001"):
        a.change_status("11", Status.DEFERRED, reason="r" * 2_001, **WHEN)
    assert a.change_status("11", Status.DEFERRED, reason="r" * 2_000, **WHEN)


def test_text_of_invisible_characters_is_no_text() -> None:
    a = action()
    for blank in ("\u200b\u200b", " \u200e ", "\u2060", "\t\n"):
        assert not visible(blank)
        with pytest.raises(TextRequired):
            a.add_evidence("11", blank, **WHEN)
    with pytest.raises(ReasonRequired):
        a.change_status("11", Status.WITHDRAWN, reason="\u200b", **WHEN)
    assert visible("Procedures approved \u200b")
