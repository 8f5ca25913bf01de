"""Effective dates: never after today, never before 1900, and before the item's
own first event (backfilling history) only with a reason."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from domain.action import Action
from domain.effective_dates import check_effective_on
from domain.errors import (
    BackdatingNeedsReason,
    ClockWentBackwards,
    EffectiveDateOutOfBounds,
    ReasonRequired,
)
from domain.status import Status

ADDED = datetime(2009, 7, 1, 9, tzinfo=UTC)  # the item's first event
NOW = datetime(2009, 11, 2, 10, tzinfo=UTC)  # when the changes are recorded
BEFORE = date(2008, 1, 1)  # before the item was added: backfilling


def added() -> Action:
    action = Action.add(
        plan="p",
        ref="11",
        title="Working Together",
        due=date(2009, 12, 31),
        by="pmo",
        at=ADDED,
        effective_on=ADDED.date(),
    )
    action.collect_events()
    return action


Change = Callable[[Action, date, str | None], bool]
CHANGES: dict[str, Change] = {
    "status": lambda a, on, why: a.change_status(
        "11", Status.AT_RISK, by="dcs", at=NOW, effective_on=on, reason=why
    ),
    "due": lambda a, on, why: a.revise_due_date(
        "11", date(2010, 3, 31), by="dcs", at=NOW, effective_on=on, reason=why
    ),
    "assign": lambda a, on, why: a.assign(
        "11", "head-safeguarding", by="dcs", at=NOW, effective_on=on, reason=why
    ),
    "evidence": lambda a, on, why: a.add_evidence(
        "11", "LSCB minutes", by="dcs", at=NOW, effective_on=on, reason=why
    ),
    "comment": lambda a, on, why: a.add_comment(
        "11", "Draft shared", by="dcs", at=NOW, effective_on=on, reason=why
    ),
}


@pytest.mark.parametrize("name", CHANGES)
@pytest.mark.parametrize("reason", [None, "", "  \u200b "])
def test_a_change_before_the_items_first_event_needs_a_reason(
    name: str, reason: str | None
) -> None:
    action = added()
    with pytest.raises(BackdatingNeedsReason) as refused:
        CHANGES[name](action, BEFORE, reason)
    assert str(refused.value) == (
        "a reason is required for a change to 11 effective 1 Jan 2008: that is before "
        "11 was added (1 Jul 2009), so it backfills history; give a reason or a later "
        "effective date"
    )
    assert isinstance(refused.value, ReasonRequired)  # forms and the CLI treat it as one
    assert action.collect_events() == []


@pytest.mark.parametrize("name", CHANGES)
def test_with_a_reason_a_backdated_change_is_recorded_with_it(name: str) -> None:
    action = added()
    assert CHANGES[name](action, BEFORE, "backfilled from the 2008 LSCB minutes")
    (event,) = action.collect_events()
    assert isinstance(event, Action.Event)
    assert (event.effective_on, event.reason) == (BEFORE, "backfilled from the 2008 LSCB minutes")


@pytest.mark.parametrize("name", ["status", "assign", "evidence", "comment"])
def test_from_the_items_first_day_on_no_reason_is_needed(name: str) -> None:
    action = added()
    assert CHANGES[name](action, ADDED.date(), None)
    (event,) = action.collect_events()
    assert isinstance(event, Action.Event) and event.effective_on == ADDED.date()


@pytest.mark.parametrize("name", CHANGES)
@pytest.mark.parametrize(
    ("on", "says"),
    [
        (date(2009, 11, 3), "effective date 3 Nov 2009 is after today (2 Nov 2009)"),
        (date(1899, 12, 31), "effective date 31 Dec 1899 is before 1900: check the year"),
    ],
)
def test_a_date_after_today_or_before_1900_is_refused_even_with_a_reason(
    name: str, on: date, says: str
) -> None:
    action = added()
    with pytest.raises(EffectiveDateOutOfBounds, match=re.escape(says)):
        CHANGES[name](action, on, "a reason")
    assert action.collect_events() == []


def test_today_is_the_london_day_of_the_recording_instant() -> None:
    late_evening = datetime(2009, 7, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 Aug in London
    action = added()
    assert action.change_status(
        "11", Status.AT_RISK, by="dcs", at=late_evening, effective_on=date(2009, 8, 1)
    )
    with pytest.raises(EffectiveDateOutOfBounds, match="after today"):
        action.add_comment(
            "11", "x", by="dcs", at=late_evening, effective_on=date(2009, 8, 2), reason="r"
        )


def test_a_recording_instant_before_the_item_was_added_is_a_clock_fault_not_backdating() -> None:
    wrong_clock = datetime(2009, 1, 1, 9, tzinfo=UTC)  # before the item's first event
    action = added()
    with pytest.raises(ClockWentBackwards, match="the log never goes back in time"):
        action.change_status(
            "11", Status.AT_RISK, by="dcs", at=wrong_clock, effective_on=wrong_clock.date()
        )
    with pytest.raises(ClockWentBackwards):  # a reason does not make it right
        action.add_comment(
            "11", "x", by="dcs", at=wrong_clock, effective_on=BEFORE, reason="backfilling"
        )
    assert action.collect_events() == []


def test_an_item_cannot_be_added_effective_after_today_or_before_1900() -> None:
    for on in (ADDED.date() + timedelta(days=1), date(1899, 1, 1)):
        with pytest.raises(EffectiveDateOutOfBounds):
            Action.add(
                plan="p", ref="12", title="t", due=ADDED.date(), by="pmo", at=ADDED, effective_on=on
            )
    action = added()
    with pytest.raises(EffectiveDateOutOfBounds):
        action.add_milestone(
            ref="11.a",
            title="t",
            due=ADDED.date(),
            by="pmo",
            at=ADDED,
            effective_on=date(1850, 1, 1),
        )
    assert action.collect_events() == []


def test_a_milestone_is_dated_from_its_own_first_event_not_its_actions() -> None:
    action = added()
    later = ADDED + timedelta(days=60)
    action.add_milestone(
        ref="11.a",
        title="Procedures",
        due=date(2009, 11, 30),
        by="pmo",
        at=later,
        effective_on=later.date(),
    )
    between = ADDED.date() + timedelta(days=10)  # after the action, before the milestone
    assert action.change_status("11", Status.ON_TRACK, by="dcs", at=NOW, effective_on=between)
    with pytest.raises(BackdatingNeedsReason, match=r"before 11\.a was added \(30 Aug 2009\)"):
        action.change_status("11.a", Status.ON_TRACK, by="dcs", at=NOW, effective_on=between)


def test_the_first_day_is_rebuilt_from_the_events() -> None:
    fresh = Action.add(
        plan="p",
        ref="11",
        title="WT",
        due=date(2009, 12, 31),
        by="pmo",
        at=ADDED,
        effective_on=ADDED.date(),
    )
    rebuilt = None
    for event in fresh.collect_events():
        rebuilt = event.mutate(rebuilt)
    assert rebuilt is not None and rebuilt.item("11").added_on == ADDED.date()
    with pytest.raises(BackdatingNeedsReason):
        rebuilt.add_comment("11", "x", by="dcs", at=NOW, effective_on=BEFORE)


def test_the_rule_alone_takes_today_and_the_first_day_as_given() -> None:
    first = date(2009, 7, 1)
    check_effective_on("11", first, today=first, first_on=first, reason=None)  # same day: fine
    check_effective_on("11", BEFORE, today=first, first_on=None, reason=None)  # a first event
    with pytest.raises(BackdatingNeedsReason):
        check_effective_on(
            "11", first - timedelta(days=1), today=first, first_on=first, reason=None
        )
