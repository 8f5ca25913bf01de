"""Governance in the domain (DOMAIN.md): each setting's rule, off and on."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.action import Action
from domain.errors import (
    ApprovalRequired,
    ChairRequired,
    FourEyesRequired,
    InvalidNumber,
    NoPendingRequest,
    ReasonRequired,
    RequestPending,
    TextRequired,
    TransitionNotAllowed,
)
from domain.events import When
from domain.governance import Governance, Rules
from domain.plan import Plan
from domain.plan_governance import GovernanceChanged
from domain.status import Status
from domain.text_limits import TextTooLong

AT = datetime(2009, 7, 1, 9, tzinfo=UTC)
WHEN = When(by="hos-cf", at=AT, effective_on=AT.date())
CHAIR_WHEN = When(by="chair", at=AT, effective_on=AT.date())
APPROVALS = Governance(approvals=True)
OWNER = Rules(APPROVALS)
CHAIR = Rules(APPROVALS, chair=True)


def action() -> Action:
    made = Action.add(plan="p", ref="11", title="Working Together", due=date(2009, 12, 31), **WHEN)
    made.collect_events()
    return made


# -- the plan's settings --------------------------------------------------------


def test_every_setting_starts_off_and_a_chair_turns_one_on_with_one_event_each() -> None:
    plan = Plan.create("p", title="P", organisation="", **WHEN)
    assert plan.governance == Governance()
    plan.collect_events()
    changed = plan.set_governance({"approvals": True, "four_eyes": False}, chair=True, **WHEN)
    assert changed == ["approvals"]
    (event,) = plan.collect_events()
    assert isinstance(event, GovernanceChanged) and (event.setting, event.on) == (
        "approvals",
        True,
    )
    assert plan.governance == Governance(approvals=True)
    assert plan.set_governance({"approvals": True}, chair=True, **WHEN) == []


def test_only_a_chair_changes_the_settings() -> None:
    plan = Plan.create("p", title="P", organisation="", **WHEN)
    with pytest.raises(ChairRequired, match="hos-cf is not a chair"):
        plan.set_governance({"four_eyes": True}, chair=False, **WHEN)
    assert plan.governance.four_eyes is False


# -- approvals ------------------------------------------------------------------


def test_without_approvals_an_owner_revises_the_deadline_at_once() -> None:
    made = action()
    assert made.revise_due_date("11", date(2010, 3, 31), reason="late", rules=Rules(), **WHEN)
    assert made.item("11").due == date(2010, 3, 31) and made.item("11").pending is None


def test_with_approvals_an_owners_revision_is_a_request_that_changes_nothing_yet() -> None:
    made = action()
    assert made.revise_due_date("11", date(2010, 3, 31), reason="late", rules=OWNER, **WHEN)
    (event,) = made.collect_events()
    assert isinstance(event, Action.ChangeRequested)
    assert (event.kind, event.due, event.by, event.reason) == (
        "revision",
        date(2010, 3, 31),
        "hos-cf",
        "late",
    )
    item = made.item("11")
    assert item.due == date(2009, 12, 31)
    assert item.pending is not None and item.pending.due == date(2010, 3, 31)


def test_with_approvals_a_chairs_own_revision_takes_effect() -> None:
    made = action()
    made.revise_due_date("11", date(2010, 3, 31), reason="late", rules=CHAIR, **CHAIR_WHEN)
    assert made.item("11").due == date(2010, 3, 31) and made.item("11").pending is None


@pytest.mark.parametrize(
    ("status", "kind"), [("deferred", "deferral"), ("withdrawn", "withdrawal")]
)
def test_with_approvals_a_deferral_or_withdrawal_is_a_request(status: str, kind: str) -> None:
    made = action()
    made.change_status("11", Status(status), reason="superseded", rules=OWNER, **WHEN)
    item = made.item("11")
    assert item.status is Status.NOT_STARTED
    assert item.pending is not None and item.pending.kind == kind


def test_with_approvals_other_status_changes_take_effect() -> None:
    made = action()
    made.change_status("11", Status.ON_TRACK, rules=OWNER, **WHEN)
    assert made.item("11").status is Status.ON_TRACK and made.item("11").pending is None


def test_a_request_still_needs_its_reason() -> None:
    with pytest.raises(ReasonRequired):
        action().revise_due_date("11", date(2010, 3, 31), reason=" ", rules=OWNER, **WHEN)


def test_one_request_waits_per_item() -> None:
    made = action()
    made.revise_due_date("11", date(2010, 3, 31), reason="late", rules=OWNER, **WHEN)
    with pytest.raises(RequestPending, match="revision requested to 31 Mar 2010 by hos-cf"):
        made.change_status("11", Status.DEFERRED, reason="pause", rules=OWNER, **WHEN)


def test_a_chair_approves_and_the_change_follows_by_whoever_asked() -> None:
    made = action()
    made.revise_due_date("11", date(2010, 3, 31), reason="late", rules=OWNER, **WHEN)
    made.collect_events()
    assert made.approve("11", rules=CHAIR, **CHAIR_WHEN)
    approved, revised = made.collect_events()
    assert isinstance(approved, Action.RequestApproved) and approved.by == "chair"
    assert approved.requested_by == "hos-cf"
    assert isinstance(revised, Action.DueDateRevised)
    assert (revised.by, revised.new, revised.reason) == ("hos-cf", date(2010, 3, 31), "late")
    assert made.item("11").pending is None and made.item("11").due == date(2010, 3, 31)


def test_an_approved_deferral_defers() -> None:
    made = action()
    made.change_status("11", Status.DEFERRED, reason="pause", rules=OWNER, **WHEN)
    made.approve("11", rules=CHAIR, **CHAIR_WHEN)
    assert made.item("11").status is Status.DEFERRED


def test_only_a_chair_approves_or_rejects() -> None:
    made = action()
    made.revise_due_date("11", date(2010, 3, 31), reason="late", rules=OWNER, **WHEN)
    with pytest.raises(ChairRequired):
        made.approve("11", rules=OWNER, **WHEN)
    with pytest.raises(ChairRequired):
        made.reject("11", rules=OWNER, reason="no", **WHEN)
    assert made.item("11").pending is not None


def test_a_rejection_needs_a_reason_and_changes_nothing_else() -> None:
    made = action()
    made.revise_due_date("11", date(2010, 3, 31), reason="late", rules=OWNER, **WHEN)
    with pytest.raises(ReasonRequired):
        made.reject("11", rules=CHAIR, reason="", **CHAIR_WHEN)
    made.collect_events()
    assert made.reject("11", rules=CHAIR, reason="hold the date", **CHAIR_WHEN)
    (event,) = made.collect_events()
    assert isinstance(event, Action.RequestRejected) and event.reason == "hold the date"
    assert made.item("11").pending is None and made.item("11").due == date(2009, 12, 31)


def test_nothing_to_approve_is_refused() -> None:
    with pytest.raises(NoPendingRequest):
        action().approve("11", rules=CHAIR, **CHAIR_WHEN)


def test_an_approval_the_rules_no_longer_allow_is_refused() -> None:
    made = action()
    made.change_status("11", Status.DEFERRED, reason="pause", rules=OWNER, **WHEN)
    made.change_status("11", Status.COMPLETE, rules=OWNER, **WHEN)
    with pytest.raises(TransitionNotAllowed, match="cannot be approved now"):
        made.approve("11", rules=CHAIR, **CHAIR_WHEN)


def test_an_import_cannot_ask_so_it_is_refused() -> None:
    rules = Rules(APPROVALS, may_request=False)
    with pytest.raises(ApprovalRequired, match="an import cannot ask"):
        action().revise_due_date("11", date(2010, 3, 31), reason="late", rules=rules, **WHEN)


# -- reasons for risk -----------------------------------------------------------


@pytest.mark.parametrize("status", [Status.AT_RISK, Status.OFF_TRACK])
def test_reasons_for_risk_asks_why_at_risk_or_off_track(status: Status) -> None:
    rules = Rules(Governance(reasons_for_risk=True))
    with pytest.raises(ReasonRequired, match="the mitigation"):
        action().change_status("11", status, rules=rules, **WHEN)
    made = action()
    assert made.change_status("11", status, rules=rules, reason="agency staff hired", **WHEN)


def test_without_reasons_for_risk_at_risk_needs_no_reason() -> None:
    assert action().change_status("11", Status.AT_RISK, rules=Rules(), **WHEN)


# -- four eyes ------------------------------------------------------------------

FOUR_EYES = Rules(Governance(four_eyes=True), chair=True)


def completed(*, evidence_by: str) -> Action:
    made = action()
    made.add_evidence("11", "Procedures published", by=evidence_by, at=AT, effective_on=AT.date())
    made.change_status("11", Status.COMPLETE, **WHEN)
    return made


def test_four_eyes_refuses_sign_off_by_whoever_marked_it_complete() -> None:
    made = completed(evidence_by="colleague")
    with pytest.raises(FourEyesRequired, match="hos-cf marked 11 complete"):
        made.change_status("11", Status.VERIFIED, rules=FOUR_EYES, **WHEN)


def test_four_eyes_refuses_sign_off_by_whoever_gave_the_only_evidence() -> None:
    made = completed(evidence_by="chair")
    with pytest.raises(FourEyesRequired, match="added the only evidence"):
        made.change_status("11", Status.VERIFIED, rules=FOUR_EYES, **CHAIR_WHEN)


def test_four_eyes_allows_someone_else() -> None:
    made = completed(evidence_by="hos-cf")
    assert made.change_status("11", Status.VERIFIED, rules=FOUR_EYES, **CHAIR_WHEN)


def test_without_four_eyes_the_completer_may_sign_off() -> None:
    made = completed(evidence_by="hos-cf")
    assert made.change_status("11", Status.VERIFIED, rules=Rules(chair=True), **WHEN)


# -- the latest position ----------------------------------------------------------


def test_the_latest_position_is_recorded_whole_with_its_date() -> None:
    made = action()
    assert made.update_position(
        "11", " Draft agreed ", mitigation="cover", next_steps=" ", percent=0, **WHEN
    )
    (event,) = made.collect_events()
    assert isinstance(event, Action.PositionUpdated)
    position = made.item("11").latest_position
    assert position is not None
    assert (position.position, position.mitigation, position.next_steps, position.percent) == (
        "Draft agreed",
        "cover",
        None,
        0,
    )
    assert (position.by, position.on) == ("hos-cf", AT.date())


@pytest.mark.parametrize("percent", [-1, 101])
def test_a_percentage_outside_0_to_100_is_refused(percent: int) -> None:
    with pytest.raises(InvalidNumber, match="0 to 100"):
        action().update_position("11", "Draft", percent=percent, **WHEN)


def test_a_position_needs_text_within_the_limit() -> None:
    with pytest.raises(TextRequired):
        action().update_position("11", "\u200b ", **WHEN)
    with pytest.raises(TextTooLong, match="the mitigation is 10,001 characters"):
        action().update_position("11", "Draft", mitigation="x" * 10_001, **WHEN)
