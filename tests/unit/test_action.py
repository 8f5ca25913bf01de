"""The Action aggregate: its rules, and that it records one event per change."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.action import Action
from domain.errors import (
    DuplicateRef,
    EvidenceRequired,
    MilestonesStillOpen,
    ReasonRequired,
    TextRequired,
    TransitionNotAllowed,
)
from domain.events import When
from domain.status import Status

AT = datetime(2009, 7, 1, 9, tzinfo=UTC)
WHEN = When(by="hos-cf", at=AT, effective_on=AT.date())


def action_with_milestone() -> Action:
    action = Action.add(
        plan="p", ref="11", title="Working Together", due=date(2009, 12, 31), **WHEN
    )
    action.add_milestone(ref="11.a", title="Procedures", due=date(2009, 11, 30), **WHEN)
    action.collect_events()
    return action


def test_a_change_to_the_same_status_records_nothing() -> None:
    action = action_with_milestone()
    assert action.change_status("11", Status.NOT_STARTED, **WHEN) is False
    assert action.collect_events() == []


def test_a_status_change_records_from_and_to_who_and_when() -> None:
    action = action_with_milestone()
    later = AT + timedelta(days=30)
    assert action.change_status(
        "11", Status.AT_RISK, by="dcs", at=later, effective_on=date(2009, 7, 28), reason="slipping"
    )
    (event,) = action.collect_events()
    assert isinstance(event, Action.StatusChanged)
    assert (event.old, event.new, event.by, event.timestamp, event.effective_on, event.reason) == (
        Status.NOT_STARTED,
        Status.AT_RISK,
        "dcs",
        later,
        date(2009, 7, 28),
        "slipping",
    )


def test_an_action_cannot_complete_while_a_milestone_is_open() -> None:
    action = action_with_milestone()
    with pytest.raises(MilestonesStillOpen, match=r"milestones 11\.a are still open"):
        action.change_status("11", Status.COMPLETE, **WHEN)
    assert action.collect_events() == []
    action.change_status("11.a", Status.COMPLETE, **WHEN)
    action.change_status("11", Status.COMPLETE, **WHEN)
    assert action.action.status is Status.COMPLETE


def test_a_deferred_or_withdrawn_milestone_does_not_hold_the_action_open() -> None:
    action = action_with_milestone()
    action.change_status("11.a", Status.WITHDRAWN, reason="superseded", **WHEN)
    action.change_status("11", Status.COMPLETE, **WHEN)


def test_verification_needs_evidence_first() -> None:
    action = action_with_milestone()
    action.change_status("11.a", Status.COMPLETE, **WHEN)
    with pytest.raises(EvidenceRequired):
        action.change_status("11.a", Status.VERIFIED, **WHEN)
    action.add_evidence(
        "11.a", "Procedures published on the LSCB site", link="https://example.gov.uk/p", **WHEN
    )
    action.change_status("11.a", Status.VERIFIED, by="board-chair", at=AT, effective_on=AT.date())
    assert action.item("11.a").status is Status.VERIFIED
    assert action.item("11.a").completed_on == AT.date()


def test_an_item_cannot_start_life_verified() -> None:
    with pytest.raises(EvidenceRequired):
        Action.add(
            plan="p", ref="9", title="x", due=date(2009, 12, 31), status=Status.VERIFIED, **WHEN
        )


def test_due_date_revisions_need_a_reason_and_keep_the_original() -> None:
    action = action_with_milestone()
    with pytest.raises(ReasonRequired, match="from 2009-12-31 to 2010-03-31"):
        action.revise_due_date("11", date(2010, 3, 31), reason=None, **WHEN)
    action.revise_due_date("11", date(2010, 3, 31), reason="DCSF publication delayed", **WHEN)
    assert action.revise_due_date("11", date(2010, 3, 31), reason="again", **WHEN) is False
    item = action.item("11")
    assert (item.due, item.original_due) == (date(2010, 3, 31), date(2009, 12, 31))
    (event,) = action.collect_events()
    assert (event.old, event.new) == (date(2009, 12, 31), date(2010, 3, 31))  # type: ignore[attr-defined]


def test_reopening_needs_a_reason_and_clears_completion() -> None:
    action = action_with_milestone()
    action.change_status("11.a", Status.COMPLETE, **WHEN)
    with pytest.raises(ReasonRequired, match="reopening"):
        action.change_status("11.a", Status.ON_TRACK, **WHEN)
    action.change_status("11.a", Status.ON_TRACK, reason="audit found gaps", **WHEN)
    assert action.item("11.a").completed_on is None


def test_a_milestone_cannot_reopen_under_a_closed_action() -> None:
    action = action_with_milestone()
    action.change_status("11.a", Status.COMPLETE, **WHEN)
    action.change_status("11", Status.COMPLETE, **WHEN)
    with pytest.raises(TransitionNotAllowed, match="reopen the action first"):
        action.change_status("11.a", Status.AT_RISK, reason="gaps", **WHEN)
    with pytest.raises(TransitionNotAllowed, match="reopen the action first"):
        action.add_milestone(ref="11.c", title="late addition", due=date(2009, 12, 1), **WHEN)


def test_refs_are_unique_within_the_action() -> None:
    action = action_with_milestone()
    with pytest.raises(DuplicateRef):
        action.add_milestone(ref="11.a", title="again", due=date(2009, 11, 30), **WHEN)


def test_events_rebuild_the_same_state() -> None:
    action = Action.add(plan="p", ref="11", title="WT", due=date(2009, 12, 31), **WHEN)
    action.add_milestone(ref="11.a", title="Procedures", due=date(2009, 11, 30), **WHEN)
    action.change_status("11.a", Status.AT_RISK, **WHEN)
    action.assign("11.a", "sd-social-care", **WHEN)
    action.change_detail("11", "title", "Working Together 2010", **WHEN)
    events = action.collect_events()
    replayed = None
    for event in events:
        replayed = event.mutate(replayed)
    assert replayed is not None
    assert replayed.items == action.items


def test_a_deferred_action_keeps_its_milestones_workable() -> None:
    action = action_with_milestone()
    action.change_status("11.a", Status.DEFERRED, reason="paused with the action", **WHEN)
    action.change_status("11", Status.DEFERRED, reason="awaiting national guidance", **WHEN)
    action.change_status("11.a", Status.ON_TRACK, reason="preparatory work resumed", **WHEN)
    action.add_milestone(ref="11.c", title="Scoping", due=date(2009, 12, 1), **WHEN)
    assert action.item("11.a").status is Status.ON_TRACK


def test_a_comment_is_kept_in_the_trail_and_changes_no_item() -> None:
    action = action_with_milestone()
    before = {ref: vars(item).copy() for ref, item in action.items.items()}
    assert action.add_comment("11.a", "  Draft shared with partners ", **WHEN)
    (event,) = action.collect_events()
    assert isinstance(event, Action.CommentAdded)
    assert (event.ref, event.text, event.by) == ("11.a", "Draft shared with partners", "hos-cf")
    assert {ref: vars(item) for ref, item in action.items.items()} == before


@pytest.mark.parametrize("text", ["", "   "])
def test_evidence_and_comments_need_text(text: str) -> None:
    action = action_with_milestone()
    with pytest.raises(TextRequired, match="11: evidence needs some text"):
        action.add_evidence("11", text, **WHEN)
    with pytest.raises(TextRequired, match=r"11\.a: a comment needs some text"):
        action.add_comment("11.a", text, **WHEN)
    assert action.collect_events() == []
