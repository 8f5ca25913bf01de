"""The status vocabulary and the rules for moving between statuses (DOMAIN.md)."""

from __future__ import annotations

from enum import StrEnum

from domain.errors import EvidenceRequired, ReasonRequired, TransitionNotAllowed
from domain.text_limits import visible


class Status(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    COMPLETE = "complete"
    VERIFIED = "verified"
    DEFERRED = "deferred"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        return self in OPEN

    @property
    def declared_rag(self) -> str:
        """The RAG the status implies before overdue is considered."""
        return _RAG[self]


OPEN = frozenset({Status.NOT_STARTED, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK})
DONE = frozenset({Status.COMPLETE, Status.VERIFIED})
REOPENABLE = frozenset({Status.COMPLETE, Status.VERIFIED, Status.DEFERRED})

_RAG = {
    Status.NOT_STARTED: "grey",
    Status.ON_TRACK: "green",
    Status.AT_RISK: "amber",
    Status.OFF_TRACK: "red",
    Status.COMPLETE: "green",
    Status.VERIFIED: "blue",
    Status.DEFERRED: "grey",
    Status.WITHDRAWN: "grey",
}

RAG_COLOURS = ("red", "amber", "green", "blue", "grey")


def parse_status(text: str) -> Status:
    """A status from its name; spaces, dashes and case are forgiven."""
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return Status(key)
    except ValueError:
        allowed = ", ".join(s.value for s in Status)
        raise TransitionNotAllowed(
            f"'{text}' is not a status; expected one of: {allowed}"
        ) from None


def check_transition(old: Status, new: Status, reason: str | None, *, has_evidence: bool) -> None:
    """Refuse a status change the rules do not allow, saying why.

    The milestone gate needs the action's milestones, so the action checks it.
    """
    if old is Status.WITHDRAWN:
        raise TransitionNotAllowed(
            f"cannot change from withdrawn to {new.value}: withdrawn is final"
        )
    if new is Status.VERIFIED:
        if old is not Status.COMPLETE:
            raise TransitionNotAllowed(
                f"cannot change from {old.value} to verified: only a complete item "
                "can be signed off"
            )
        if not has_evidence:
            raise EvidenceRequired("cannot change from complete to verified: attach evidence first")
    if old in REOPENABLE and new not in OPEN and new is not Status.VERIFIED:
        raise TransitionNotAllowed(
            f"cannot change from {old.value} to {new.value}: a {old.value} item can "
            "only be reopened to an open status"
            + (" or verified" if old is Status.COMPLETE else "")
        )
    needs_reason = new in (Status.DEFERRED, Status.WITHDRAWN) or (old in REOPENABLE and new in OPEN)
    if needs_reason and not (reason and visible(reason)):
        what = "reopening" if new in OPEN else f"moving to {new.value}"
        raise ReasonRequired(f"a reason is required for {what} (from {old.value} to {new.value})")


def refuse_unsigned_verification(ref: str, status: Status) -> None:
    """A new item cannot start signed off: sign-off needs evidence first."""
    if status is Status.VERIFIED:
        raise EvidenceRequired(
            f"{ref} cannot start as verified: sign-off needs evidence; add it as "
            "complete, attach evidence, then verify"
        )
