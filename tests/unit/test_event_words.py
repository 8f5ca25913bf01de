"""One table of event descriptions: the CLI's history line and the web's
timeline say the same words for every kind of event."""

from __future__ import annotations

from typing import Any

import pytest

from projections.history import describe, mark_erased
from web.present import timeline

COMMON = {
    "position": 1,
    "ref": "11",
    "recorded_at": "2009-11-17T18:00:00+00:00",
    "effective_on": "2009-11-17",
    "by": "hos-cf",
    "reason": None,
}
CASES: list[tuple[dict[str, Any], str]] = [
    (
        {"type": "StatusChanged", "from": "on_track", "to": "at_risk"},
        "Status changed: On track → At risk",
    ),
    (
        {"type": "DueDateRevised", "old": "2009-12-31", "new": "2010-03-31"},
        "Deadline revised: 31 Dec 2009 → 31 Mar 2010",
    ),
    (
        {"type": "OwnerAssigned", "old": None, "new": "j.smith"},
        "Owner changed: (none) → j.smith (erased)",
    ),
    (
        {"type": "EvidenceAdded", "text": "minutes", "link": "http://x"},
        "Evidence added: minutes (http://x)",
    ),
    ({"type": "CommentAdded", "text": "on track"}, "Comment: on track"),
    ({"type": "DetailChanged", "field": "title", "old": "A", "new": "B"}, "Title changed: A → B"),
    (
        {"type": "ActionAdded", "title": "Do it", "due": "2009-12-31", "status": "not_started"},
        "Added to the plan: “Do it”, due 31 Dec 2009, Not started",
    ),
    ({"type": "ItemFlaggedOverdue", "due": "2009-12-31"}, "Flagged overdue: was due 31 Dec 2009"),
    ({"type": "PlanCreated", "title": "Laming"}, "Plan created: Laming"),
    ({"type": "PlanRetitled", "old": "A", "new": "B"}, "Plan retitled: A → B"),
    ({"type": "PlanArchived"}, "Plan archived"),
    (
        {"type": "MeetingRecorded", "title": "Improvement Board", "held_on": "2010-02-05"},
        "Board meeting recorded: Improvement Board, 5 Feb 2010",
    ),
    (
        {"type": "ChangeRequested", "kind": "revision", "due": "2010-03-31"},
        "Revision requested: to 31 Mar 2010",
    ),
    ({"type": "ChangeRequested", "kind": "deferral", "due": None}, "Deferral requested"),
    (
        {"type": "RequestApproved", "kind": "deferral", "requested_by": "j.smith"},
        "Request approved: deferral asked for by j.smith (erased)",
    ),
    (
        {"type": "RequestRejected", "kind": "revision", "requested_by": "hos-cf"},
        "Request rejected: revision asked for by hos-cf",
    ),
    (
        {
            "type": "PositionUpdated",
            "position": "Draft agreed",
            "mitigation": "agency staff",
            "next_steps": "publish",
            "percent": 40,
        },
        "Latest position: Draft agreed; mitigation: agency staff; next steps: publish; "
        "40% complete",
    ),
    (
        {"type": "GovernanceChanged", "setting": "four_eyes", "on": True},
        "Governance changed: Four eyes turned on",
    ),
]


@pytest.mark.parametrize(("fields", "said"), CASES, ids=[c[0]["type"] for c in CASES])
def test_the_cli_and_the_web_describe_an_event_in_the_same_words(
    fields: dict[str, Any], said: str
) -> None:
    row = mark_erased({**COMMON, **fields}, {"j.smith"})
    assert describe(row) == said
    (entry,) = timeline([row])
    assert (f"{entry.what}: {entry.detail}" if entry.detail else entry.what) == said
