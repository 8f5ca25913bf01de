"""How strict a plan's board is (DOMAIN.md, "Governance"), and the rules each
setting adds. Every setting starts off, so a plan behaves as before until its
chair turns one on.

The domain is told, never asks: the plan's settings and whether the person
acting is a chair come in as ``Rules`` (the application reads the settings
from the plan's events and the chair fact from the users' roles).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.errors import ChairRequired, FourEyesRequired, ReasonRequired
from domain.items import Item
from domain.status import Status
from domain.text_limits import visible

Setting = Literal["approvals", "four_eyes", "reasons_for_risk"]
SETTINGS: tuple[Setting, ...] = ("approvals", "four_eyes", "reasons_for_risk")
SETTING_WORDS: dict[str, str] = {
    "approvals": "Approvals (deadline revisions, deferrals and withdrawals need a chair)",
    "four_eyes": "Four eyes (whoever completed an item or gave its only evidence cannot sign it off)",
    "reasons_for_risk": "Reasons for risk (at risk or off track needs a reason)",
}
RequestKind = Literal["revision", "deferral", "withdrawal"]
REQUESTED_STATUSES: dict[Status, RequestKind] = {
    Status.DEFERRED: "deferral",
    Status.WITHDRAWN: "withdrawal",
}
RISKY = frozenset({Status.AT_RISK, Status.OFF_TRACK})


class Governance(BaseModel):
    """A plan's settings; all off by default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    approvals: bool = False
    four_eyes: bool = False
    reasons_for_risk: bool = False

    def setting(self, name: Setting) -> bool:
        return bool(getattr(self, name))


@dataclass(frozen=True)
class Rules:
    """What a change is judged by beyond its item: the plan's settings, whether
    the person acting is a chair, and whether a change needing approval may be
    recorded as a request (an import may not: it refuses the row instead)."""

    governance: Governance = field(default_factory=Governance)
    chair: bool = False
    may_request: bool = True

    @property
    def needs_approval(self) -> bool:
        return self.governance.approvals and not self.chair

    def requests_status(self, new: Status) -> bool:
        """Whether moving to ``new`` is recorded as a request, not done."""
        return self.needs_approval and new in REQUESTED_STATUSES


NO_RULES = Rules()


def check_chair(chair: bool, by: str, what: str) -> None:
    if not chair:
        raise ChairRequired(
            f"only a chair can {what}; {by} is not a chair "
            "(an administrator gives the role: tracker user role NAME chair)"
        )


def check_risk_reason(rules: Rules, ref: str, new: Status, reason: str | None) -> None:
    """With reasons for risk on, at risk and off track need a reason (the mitigation)."""
    if rules.governance.reasons_for_risk and new in RISKY and not (reason and visible(reason)):
        words = new.value.replace("_", " ")
        raise ReasonRequired(
            f"a reason is required for moving {ref} to {words}: this plan's board asks "
            "what is being done about it (the mitigation)"
        )


def check_four_eyes(rules: Rules, item: Item, new: Status, by: str) -> None:
    """With four eyes on, whoever marked the item complete, or gave all of its
    evidence, cannot sign it off: someone else's eyes must have been on it."""
    if not rules.governance.four_eyes or new is not Status.VERIFIED:
        return
    if item.completed_by == by:
        raise FourEyesRequired(
            f"four eyes: {by} marked {item.ref} complete, so someone else must sign it off"
        )
    givers: Iterable[str] = {e.by for e in item.evidence}
    if givers == {by}:
        raise FourEyesRequired(
            f"four eyes: {by} added the only evidence for {item.ref}, so someone else "
            "must sign it off, or someone else add evidence too"
        )
