"""The rules between an action and its milestones (DOMAIN.md): an action cannot
become complete while any of its milestones is open, and nothing open is added
to, or reopened inside, an action that is done. The action decides them, as it
holds its milestones in one stream; the rules are kept apart to read as one."""

from __future__ import annotations

from collections.abc import Iterable

from domain.errors import MilestonesStillOpen, TransitionNotAllowed
from domain.items import Item
from domain.status import DONE, OPEN, Status


def check_new_milestone(action: Item, ref: str, status: Status) -> None:
    """Refuse an open milestone added to a done action."""
    if status in OPEN and action.status in DONE:
        raise TransitionNotAllowed(
            f"cannot add open milestone {ref} to action {action.ref}, which is "
            f"{action.status.value}: reopen the action first"
        )


def check_gate(action: Item, milestones: Iterable[Item], item: Item, new: Status) -> None:
    """Refuse completing an action with open milestones, and reopening a
    milestone of a done action."""
    if item.parent is None and new is Status.COMPLETE:
        still_open = [m.ref for m in milestones if m.status in OPEN]
        if still_open:
            raise MilestonesStillOpen(
                f"cannot change {item.ref} from {item.status.value} to complete: "
                f"milestones {', '.join(still_open)} are still open"
            )
    if item.parent is not None and new in OPEN and action.status in DONE:
        raise TransitionNotAllowed(
            f"cannot reopen milestone {item.ref}: its action {action.ref} is "
            f"{action.status.value}; reopen the action first"
        )
