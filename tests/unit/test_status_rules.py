"""Every status transition, allowed or refused, as DOMAIN.md states the rules."""

from __future__ import annotations

import itertools

import pytest

from domain.errors import EvidenceRequired, ReasonRequired, TransitionNotAllowed
from domain.status import OPEN, Status, check_transition, parse_status

S = Status
ALL = list(Status)


def allowed(old: Status, new: Status) -> bool:
    """The rules, restated independently of the implementation."""
    if old is S.WITHDRAWN:
        return False
    if old in OPEN:
        return new in OPEN or new in (S.COMPLETE, S.DEFERRED, S.WITHDRAWN)
    if old is S.COMPLETE:
        return new in OPEN or new is S.VERIFIED
    return new in OPEN  # verified, deferred: only reopened


def needs_reason(old: Status, new: Status) -> bool:
    return new in (S.DEFERRED, S.WITHDRAWN) or (old not in OPEN and new in OPEN)


PAIRS = [(a, b) for a, b in itertools.product(ALL, ALL) if a is not b]


@pytest.mark.parametrize(("old", "new"), PAIRS, ids=[f"{a.value}->{b.value}" for a, b in PAIRS])
def test_each_transition_is_allowed_or_refused_as_the_rules_say(old: Status, new: Status) -> None:
    if allowed(old, new):
        check_transition(old, new, "board decision", has_evidence=True)
        if needs_reason(old, new):
            with pytest.raises(ReasonRequired, match=f"from {old.value} to {new.value}"):
                check_transition(old, new, None, has_evidence=True)
            with pytest.raises(ReasonRequired):
                check_transition(old, new, "   ", has_evidence=True)
        else:
            check_transition(old, new, None, has_evidence=True)
    else:
        with pytest.raises(TransitionNotAllowed, match=f"from {old.value} to {new.value}"):
            check_transition(old, new, "board decision", has_evidence=True)


def test_withdrawn_is_final_and_says_so() -> None:
    with pytest.raises(TransitionNotAllowed, match="withdrawn is final"):
        check_transition(S.WITHDRAWN, S.ON_TRACK, "changed our minds", has_evidence=True)


def test_verification_needs_evidence() -> None:
    with pytest.raises(EvidenceRequired, match="attach evidence first"):
        check_transition(S.COMPLETE, S.VERIFIED, None, has_evidence=False)


@pytest.mark.parametrize("text", ["on_track", "On Track", "on-track", " ON_TRACK "])
def test_status_names_are_forgiving(text: str) -> None:
    assert parse_status(text) is S.ON_TRACK


def test_unknown_status_lists_the_allowed_ones() -> None:
    with pytest.raises(TransitionNotAllowed, match="not a status; expected one of: not_started"):
        parse_status("amber")
